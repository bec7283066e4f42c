"""Payslips (工资条): every figure of a known history across a month boundary in Asia/Shanghai
time, the PDF read back, who may see which payslip, and query counts that do not grow with
the number of orders.

The history (rates: 红色中国结 ¥3.50, 福字花饽饽 ¥2.00), in China time:

    2025-12-15 10:00  bonus                      +10.00
    2026-01-10 10:00  knots inspected 8 ✓ 2 ✗    +28.00
    2026-01-20 09:00  … corrected to 9 ✓ 1 ✗      +3.50
    2026-01-25 12:00  bonus                      +15.00
    2026-01-31 23:59  buns inspected 10 ✓         +20.00   (15:59 UTC: still January)
    2026-02-01 00:00  … corrected to 9 ✓ 1 ✗      −2.00   (16:00 UTC on 31 January!)
    2026-02-03 10:00  payout run up to 01-31     −76.50   (cash, paid, reference WX-0203-001)
    2026-02-15 08:00  knots inspected 10 ✓        +35.00
    2026-02-20 08:00  deduction                   −5.00

December: 0 → 10.00. January: 10.00 + 51.50 earned + 15.00 adjusted = 76.50.
February: 76.50 + 33.00 earned − 5.00 adjusted − 76.50 paid = 28.00.
"""

import datetime
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

import pytest

from marketplace.models import Role
from orders.dates import day_end
from orders.models import Inspection, LedgerEntry, Payout, PayoutStatus, RejectionReason
from orders.money.selectors.payslips import month_parse, months_with_entries, payslip_build
from orders.money.services.ledger import adjustment_record
from orders.money.services.payouts import offline_paid, run_start
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from tests.factories import MembershipFactory, ProductFactory, UserFactory
from tests.orders.backdating import backdated
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.money.pdfs import pdf_text
from tests.pages import en, zh

CHINA = ZoneInfo("Asia/Shanghai")
JANUARY = datetime.date(2026, 1, 1)
FEBRUARY = datetime.date(2026, 2, 1)
DECEMBER = datetime.date(2025, 12, 1)


def at(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CHINA)


def backdate(entry: LedgerEntry, when: datetime.datetime) -> None:
    """Stand for an entry recorded at ``when``. LedgerEntry's own manager refuses update()
    (the ledger is append-only, by design), and auto_now_add stamps every new entry with
    the present; only a test may move an entry in time, through the plain base manager."""
    backdated(LedgerEntry._base_manager.filter(pk=entry.pk), created_at=when)


def inspected(inspection: Inspection, when: datetime.datetime) -> Inspection:
    backdated(Inspection.objects.filter(pk=inspection.pk), inspected_at=when)
    backdate(LedgerEntry.objects.get(inspection=inspection), when)
    return Inspection.objects.get(pk=inspection.pk)


def loose_knot(order) -> int:
    return RejectionReason.objects.get(cooperative=order.cooperative, code="loose-knot").pk


def inspect(order, claim, *, accepted, rejected=0, actor, when):
    handover = handover_record(claim=claim, count=accepted + rejected, actor=actor)
    rejections = {loose_knot(order): rejected} if rejected else {}
    inspection = inspection_record(
        handover=handover, accepted=accepted, rejections=rejections, actor=actor
    )
    return inspected(inspection, when)


def correct(order, inspection, *, accepted, rejected, actor, when):
    correction = inspection_correct(
        inspection=inspection,
        accepted=accepted,
        rejections={loose_knot(order): rejected} if rejected else {},
        actor=actor,
        note="复查",
    )
    return inspected(correction, when)


def adjust(mother, amount: str, reason: str, *, actor, when) -> None:
    entry = adjustment_record(mother=mother, amount=Decimal(amount), reason=reason, actor=actor)
    backdate(entry, when)


class History:
    """The history of the module docstring, recorded through the services."""

    def __init__(self):
        self.knots = ProductionOrderFactory(
            quantity=100,
            piece_rate=Decimal("3.50"),
            product__name="红色中国结",
            product__name_en="Red knot",
        )
        self.cooperative = self.knots.cooperative
        self.buns = ProductionOrderFactory(
            cooperative=self.cooperative,
            product=ProductFactory(
                cooperative=self.cooperative, name="福字花饽饽", name_en="Lucky bun"
            ),
            quantity=100,
            piece_rate=Decimal("2.00"),
        )
        self.mother = mother_for(self.knots)  # 王秀兰
        self.coordinator = MembershipFactory(
            cooperative=self.cooperative, role=Role.COORDINATOR, user__first_name="李主任"
        )
        actor = self.coordinator.user
        knots = claim_set(order=self.knots, mother=self.mother, quantity=40)
        buns = claim_set(order=self.buns, mother=self.mother, quantity=20)

        adjust(self.mother, "10.00", "入职奖励", actor=actor, when=at(12, 15, 10, year=2025))
        first = inspect(self.knots, knots, accepted=8, rejected=2, actor=actor, when=at(1, 10, 10))
        correct(self.knots, first, accepted=9, rejected=1, actor=actor, when=at(1, 20, 9))
        adjust(self.mother, "15.00", "春节奖励", actor=actor, when=at(1, 25))
        self.late = inspect(self.buns, buns, accepted=10, actor=actor, when=at(1, 31, 23, 59))

        self.run = run_start(
            cooperative=self.cooperative, cutoff=day_end(datetime.date(2026, 1, 31)), actor=actor
        )
        self.payout = Payout.objects.get(run=self.run, mother=self.mother)
        backdate(LedgerEntry.objects.get(payout=self.payout), at(2, 3, 10))
        offline_paid(payout=self.payout, reference="WX-0203-001", actor=actor)

        correct(self.buns, self.late, accepted=9, rejected=1, actor=actor, when=at(2, 1, 0, 0))
        inspect(self.knots, knots, accepted=10, actor=actor, when=at(2, 15, 8))
        adjust(self.mother, "-5.00", "材料损耗", actor=actor, when=at(2, 20, 8))


@pytest.fixture
def history(db) -> History:
    return History()


def build(history: History, month: datetime.date):
    with translation.override("zh-hans"):  # names in Chinese, whatever ran before
        return payslip_build(mother=history.mother, month=month)


def by_order(payslip) -> dict:
    return {line.order_id: line for line in payslip.pieces}


# Figures --------------------------------------------------------------------------------------


def test_january_counts_the_entry_at_23_59_on_the_31st_and_sums_to_the_closing(history):
    january = build(history, JANUARY)

    assert (january.opening, january.earnings, january.adjusted) == (
        Decimal("10.00"),
        Decimal("51.50"),
        Decimal("15.00"),
    )
    assert (january.paid_out, january.closing) == (Decimal("0.00"), Decimal("76.50"))
    assert january.start == at(1, 1, 0) and january.end == at(2, 1, 0)
    assert january.last_day == datetime.date(2026, 1, 31)
    knots, buns = by_order(january)[history.knots.pk], by_order(january)[history.buns.pk]
    # An inspection and its correction in the same month: the current result.
    assert (knots.product, knots.rate, knots.accepted, knots.rejected, knots.amount) == (
        "红色中国结",
        Decimal("3.50"),
        9,
        1,
        Decimal("31.50"),
    )
    assert knots.corrections == 1
    # Recorded at 23:59 China time on 31 January (15:59 UTC).
    assert (buns.accepted, buns.rejected, buns.amount, buns.rate) == (
        10,
        0,
        Decimal("20.00"),
        Decimal("2.00"),
    )
    assert (january.accepted, january.rejected) == (19, 1)
    assert [(a.amount, a.reason) for a in january.adjustments] == [(Decimal("15.00"), "春节奖励")]
    assert january.payouts == []
    assert january.mother_name == "王秀兰"


def test_february_takes_the_correction_at_midnight_on_the_1st_and_the_payout(history):
    february = build(history, FEBRUARY)

    assert (february.opening, february.earnings, february.adjusted) == (
        Decimal("76.50"),
        Decimal("33.00"),
        Decimal("-5.00"),
    )
    assert (february.paid_out, february.closing) == (Decimal("76.50"), Decimal("28.00"))
    knots, buns = by_order(february)[history.knots.pk], by_order(february)[history.buns.pk]
    assert (knots.accepted, knots.rejected, knots.amount, knots.corrections) == (
        10,
        0,
        Decimal("35.00"),
        0,
    )
    # 00:00 on 1 February in China is still 31 January in UTC: the correction is February's,
    # as the difference from January's result (January's payslip stays as it was issued).
    assert (buns.accepted, buns.rejected, buns.amount, buns.corrections) == (
        -1,
        1,
        Decimal("-2.00"),
        1,
    )
    assert [(a.amount, a.reason) for a in february.adjustments] == [(Decimal("-5.00"), "材料损耗")]
    [payout] = february.payouts
    assert (payout.amount, payout.cutoff, payout.way) == (
        Decimal("76.50"),
        datetime.date(2026, 1, 31),
        "现金",  # built in Chinese (see build())
    )
    assert (payout.status, payout.reference, payout.given_back) == (
        PayoutStatus.PAID,
        "WX-0203-001",
        False,
    )


def test_every_month_reconciles_with_the_next_and_with_the_balance(history):
    december, january, february = (build(history, m) for m in (DECEMBER, JANUARY, FEBRUARY))

    assert (december.opening, december.adjusted, december.closing) == (
        Decimal("0.00"),
        Decimal("10.00"),
        Decimal("10.00"),
    )
    for before, after in ((december, january), (january, february)):
        assert after.opening == before.closing
    for slip in (december, january, february):
        assert slip.closing == slip.opening + slip.earnings + slip.adjusted - slip.paid_out
        assert slip.earnings == sum((line.amount for line in slip.pieces), Decimal("0.00"))
    assert february.closing == sum(e.amount for e in LedgerEntry.objects.all())


def test_the_months_she_has_a_payslip_for_newest_first(history):
    rows = months_with_entries([history.mother])

    assert [row["month"] for row in rows] == [FEBRUARY, JANUARY, DECEMBER]
    assert {row["cooperative_id"] for row in rows} == {history.cooperative.pk}


def test_a_month_must_be_well_formed_and_begun():
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + datetime.timedelta(days=32)).replace(day=1)

    assert month_parse("2026-01") == JANUARY
    assert month_parse(f"{this_month:%Y-%m}") == this_month
    for text in ("2026-13", "2026-00", "2026-1", "0001-01", f"{next_month:%Y-%m}", "abcd-ef"):
        assert month_parse(text) is None, text


# Pages and PDFs -------------------------------------------------------------------------------


def test_her_payslip_page_shows_the_figures(client, history):
    client.force_login(history.mother.user)

    response = client.get(en("work_payslip", history.cooperative.pk, "2026-02"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for figure in ("¥76.50", "+¥33.00", "−¥5.00", "¥28.00", "材料损耗", "WX-0203-001"):
        assert figure in page, figure
    assert response.context["payslip"].closing == Decimal("28.00")


def test_her_list_links_each_month(client, history):
    client.force_login(history.mother.user)

    response = client.get(en("work_payslips"))

    page = response.content.decode()
    for month in ("2026-02", "2026-01", "2025-12"):
        assert en("work_payslip", history.cooperative.pk, month) in page
    assert page.index("2026-02") < page.index("2026-01") < page.index("2025-12")


def test_the_pdf_is_small_and_its_text_is_chinese_with_the_figures(client, history):
    client.force_login(history.mother.user)

    response = client.get(zh("work_payslip_pdf", history.cooperative.pk, "2026-01"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content
    assert content.startswith(b"%PDF") and len(content) < 1_000_000
    text = pdf_text(content)
    for expected in (
        "王秀兰",
        "2026年1月",
        history.cooperative.name,
        "红色中国结",
        "福字花饽饽",
        "春节奖励",
        "¥10.00",  # opening
        "+¥51.50",  # earnings
        "+¥15.00",  # adjustments
        "¥76.50",  # closing
        "+¥31.50",
        "+¥20.00",
    ):
        assert expected in text, expected


def test_the_english_pdf_names_the_month_in_english(client, history):
    client.force_login(history.mother.user)

    response = client.get(en("work_payslip_pdf", history.cooperative.pk, "2026-02"))

    text = pdf_text(response.content)
    for expected in ("February2026", "Payslip", "WX-0203-001", "¥28.00", "−¥76.50", "Luckybun"):
        assert expected in text, expected


def test_a_missing_font_is_a_clear_page_not_an_error(client, history, settings):
    settings.PAYSLIP_FONT = "/nowhere/NotoSansCJK-Regular.ttc"
    client.force_login(history.mother.user)

    response = client.get(en("work_payslip_pdf", history.cooperative.pk, "2026-01"))

    assert response.status_code == 503
    assert b"fonts-noto-cjk" in response.content
    assert en("work_payslip", history.cooperative.pk, "2026-01").encode() in response.content


def test_the_coordinator_sees_the_month_and_the_run(client, history):
    client.force_login(history.coordinator.user)

    month = client.get(en("co_payslip", history.mother.pk, "2026-01"))
    run = client.get(en("co_run_payslip", history.run.pk, history.mother.pk))
    run_pdf = client.get(en("co_run_payslip_pdf", history.run.pk, history.mother.pk))
    index = client.get(en("co_payslips") + "?month=2026-01")

    assert month.status_code == run.status_code == index.status_code == 200
    assert month.context["payslip"].closing == Decimal("76.50")
    slip = run.context["payslip"]
    assert slip.month == JANUARY and slip.run_payout.amount == Decimal("76.50")
    assert slip.run_payout.reference == "WX-0203-001"
    text = pdf_text(run_pdf.content)
    assert "Payoutrunupto2026-01-31" in text and "WX-0203-001" in text
    assert en("co_payslip", history.mother.pk, "2026-01") in index.content.decode()
    assert en("co_run_payslip", history.run.pk, history.mother.pk) in index.content.decode()


def test_the_runs_zip_holds_one_pdf_per_mother_paid(
    client, history, django_capture_on_commit_callbacks
):
    client.force_login(history.coordinator.user)

    with django_capture_on_commit_callbacks(execute=True):  # made by a task, once committed
        started = client.post(en("co_run_payslips_zip", history.run.pk))
    response = client.get(started["Location"] + "download/")

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    [name] = archive.namelist()
    assert name.endswith(".pdf") and "2026-01" in name
    assert "王秀兰" in pdf_text(archive.read(name))


# Who sees what -------------------------------------------------------------------------------


def test_anyone_signed_out_is_sent_to_sign_in(client, history):
    response = client.get(en("work_payslip", history.cooperative.pk, "2026-01"))

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_mother_finds_nothing(client, history):
    other = mother_for(ProductionOrderFactory())
    client.force_login(other.user)

    for url in (
        en("work_payslip", history.cooperative.pk, "2026-01"),
        en("work_payslip_pdf", history.cooperative.pk, "2026-01"),
    ):
        assert client.get(url).status_code == 404, url
    assert history.cooperative.name not in client.get(en("work_payslips")).content.decode()


def test_malformed_or_future_months_are_not_found(client, history):
    client.force_login(history.mother.user)
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    coop = history.cooperative.pk

    for month in ("2026-13", "2026-00", "1999-12", f"{next_month:%Y-%m}"):
        assert client.get(en("work_payslip", coop, month)).status_code == 404, month
    assert client.get(f"/en/work/payslips/{coop}/2026-1/").status_code == 404
    assert client.get("/en/work/payslips/99999999999/2026-01/").status_code == 404


def test_a_coordinator_of_another_cooperative_finds_nothing(client, history):
    stranger = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(stranger.user)

    for url in (
        en("co_payslip", history.mother.pk, "2026-01"),
        en("co_payslip_pdf", history.mother.pk, "2026-01"),
        en("co_run_payslip", history.run.pk, history.mother.pk),
        en("co_run_payslip_pdf", history.run.pk, history.mother.pk),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(en("co_run_payslips_zip", history.run.pk)).status_code == 404
    assert history.mother not in list(client.get(en("co_payslips")).context["mothers"])


def test_a_mother_the_run_did_not_pay_has_no_run_payslip(client, history):
    unpaid = mother_for(history.knots)
    client.force_login(history.coordinator.user)

    response = client.get(en("co_run_payslip", history.run.pk, unpaid.pk))

    assert response.status_code == 404


def test_a_mother_cannot_open_coordinator_payslips(client, history):
    client.force_login(history.mother.user)

    response = client.get(en("co_payslip", history.mother.pk, "2026-01"))

    assert response.status_code == 403


# Queries --------------------------------------------------------------------------------------


def busy_mother(orders: int):
    """A mother with one inspected handover on each of ``orders`` orders this month."""
    first = ProductionOrderFactory(piece_rate=Decimal("1.50"))
    mother = mother_for(first)
    actor = UserFactory(username="coordinator-of-busy")
    for index in range(orders):
        order = first if index == 0 else ProductionOrderFactory(cooperative=first.cooperative)
        claim = claim_set(order=order, mother=mother, quantity=5)
        inspect(order, claim, accepted=4, rejected=1, actor=actor, when=timezone.now())
    adjust(mother, "3.00", "奖励", actor=actor, when=timezone.now())
    return mother


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.mark.django_db
def test_building_a_payslip_takes_the_same_queries_for_2_or_20_orders():
    month = timezone.localdate().replace(day=1)
    few, many = busy_mother(2), busy_mother(20)

    counts = [queries(lambda m=m: payslip_build(mother=m, month=month)) for m in (few, many)]

    assert counts[0] == counts[1] <= 4
    assert len(payslip_build(mother=many, month=month).pieces) == 20


@pytest.mark.django_db
def test_her_page_takes_the_same_queries_for_2_or_20_orders(client):
    month = f"{timezone.localdate():%Y-%m}"
    counts = []
    for mother in (busy_mother(2), busy_mother(20)):
        client.force_login(mother.user)
        url = en("work_payslip", mother.cooperative_id, month)
        counts.append(queries(lambda url=url: client.get(url)))

    assert counts[0] == counts[1]
