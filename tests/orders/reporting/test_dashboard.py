"""The coordinator dashboard: every figure of a known history, in Asia/Shanghai time, on the
page and in every export cell; who may see it; bad dates; query counts that do not grow.

The history (orders: 红色中国结 K ¥3.50 × 20 due 2026-01-31; 福字花饽饽 B ¥2.00 × 10 due
2026-02-10; both created 2026-01-05), in China time:

    01-10 10:00  王 hands 10 of K, inspected 8 ✓ 2 ✗ (loose)   +28.00
    01-20 09:00  … corrected to 9 ✓ 1 ✗ (loose)                 +3.50
    01-25 12:00  李 bonus                                      +15.00
    01-31 23:59:59  李 hands 8 of K, 6 ✓ 2 ✗ (colour)          +21.00  (15:59 UTC)
    01-31 23:00  purchase of 2 × ¥38 paid                        76.00 revenue (January)
    02-01 00:00  王 hands 10 of B, 10 ✓                         +20.00  (16:00 UTC on 01-31!)
    02-01 00:30  purchase of 1 × ¥38 paid, ¥10 refunded         28.00 revenue (February)
    02-03 10:00  王 hands 2 of K (late), 2 ✓                    +7.00
    02-05 10:00  payout run up to 01-31: 王 −31.50, 李 −36.00

January: earned 67.50, 2 active, 33.75 each. February: earned 27.00, paid 67.50, 1 active.
"""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation

import pytest
from openpyxl import load_workbook

from marketplace.models import Role
from orders.production.services.claims import claim_set
from orders.reporting.charts import bar_chart, line_chart
from orders.reporting.exports.dashboard import state_label
from orders.reporting.selectors import dashboard
from orders.reporting.views.dashboard import range_parse
from tests.factories import MembershipFactory
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.reporting.dashboard_history import History, at, hand

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
JAN = dashboard.DateRange(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
FEB = dashboard.DateRange(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
BOTH = dashboard.DateRange(datetime.date(2026, 1, 1), datetime.date(2026, 2, 28))


@pytest.fixture
def history():
    return History()


def rows_by_order(rng, history):
    return {
        row.order.pk: row for row in dashboard.order_rows(cooperative=history.cooperative, rng=rng)
    }


# Figures -------------------------------------------------------------------------------


def test_orders_in_january(history):
    rows = rows_by_order(JAN, history)
    k, b = rows[history.knots.pk], rows[history.buns.pk]
    assert (k.handed, k.accepted, k.rejected, k.remaining) == (18, 15, 3, 3)
    assert (b.handed, b.accepted, b.rejected, b.remaining) == (0, 0, 0, 0)
    today = datetime.date(2026, 11, 29)
    assert (k.state(today), b.state(today)) == ("overdue", "completed")


def test_orders_in_february_count_the_midnight_handover(history):
    rows = rows_by_order(FEB, history)
    k, b = rows[history.knots.pk], rows[history.buns.pk]
    assert (k.handed, k.accepted, k.rejected) == (2, 2, 0)
    assert (b.handed, b.accepted, b.rejected) == (10, 10, 0)


def test_order_states_by_pace():
    order = ProductionOrderFactory(quantity=100, due_date=datetime.date(2026, 1, 20))
    order.created_at = datetime.datetime(2026, 1, 1, 9, tzinfo=CHINA)
    today = datetime.date(2026, 1, 11)
    # 10 days elapsed, 9 to go: 50 handed → 5 a day → 95 by the due date: at risk.
    assert dashboard.OrderRow(order, 0, 0, 0, 50).state(today) == "at_risk"
    # 60 handed → 6 a day → 114: on track.
    assert dashboard.OrderRow(order, 0, 0, 0, 60).state(today) == "on_track"
    assert dashboard.OrderRow(order, 0, 0, 0, 60).state(datetime.date(2026, 1, 21)) == "overdue"
    order.accepted = 100
    assert dashboard.OrderRow(order, 0, 0, 0, 100).state(today) == "completed"


def figures(row):
    return (
        row.accepted,
        row.inspected,
        row.handed,
        row.on_time,
        row.earned,
        row.paid,
        row.balance,
        row.active_days,
    )


def test_mothers_in_january_and_february(history):
    jan = {r.mother.pk: r for r in dashboard.mother_rows(cooperative=history.cooperative, rng=JAN)}
    assert figures(jan[history.wang.pk]) == (
        9,
        10,
        10,
        10,
        Decimal("31.50"),
        Decimal("0.00"),
        Decimal("31.50"),
        1,
    )
    assert figures(jan[history.li.pk]) == (
        6,
        8,
        8,
        8,
        Decimal("36.00"),
        Decimal("0.00"),
        Decimal("36.00"),
        1,
    )
    assert jan[history.wang.pk].acceptance_rate == 0.9
    feb = {r.mother.pk: r for r in dashboard.mother_rows(cooperative=history.cooperative, rng=FEB)}
    assert figures(feb[history.wang.pk]) == (
        12,
        12,
        12,
        10,
        Decimal("27.00"),
        Decimal("31.50"),
        Decimal("27.00"),
        2,
    )
    assert figures(feb[history.li.pk]) == (
        0,
        0,
        0,
        0,
        Decimal("0.00"),
        Decimal("36.00"),
        Decimal("0.00"),
        0,
    )
    assert feb[history.li.pk].acceptance_rate is None


def test_mothers_sort_whitelisted(history):
    def by(sort):
        return [
            r.mother.pk
            for r in dashboard.mother_rows(cooperative=history.cooperative, rng=BOTH, sort=sort)
        ]

    assert by("-earned") == [history.wang.pk, history.li.pk]  # 58.50 > 36.00
    assert by("earned") == [history.li.pk, history.wang.pk]
    assert by("-acceptance") == [history.wang.pk, history.li.pk]  # 21/22 > 6/8
    assert by("password; DROP") == by("name")


def test_quality(history):
    coop = history.cooperative
    reasons = dashboard.rejections_by_reason(cooperative=coop, rng=JAN)
    assert [(r.code, r.pieces) for r in reasons] == [("wrong-colour", 2), ("loose-knot", 1)]
    assert dashboard.rejections_by_reason(cooperative=coop, rng=FEB) == []
    products = dashboard.rejections_by_product(cooperative=coop, rng=BOTH)
    assert [(p.pk, p.inspected, p.rejected) for p in products] == [
        (history.knots.product_id, 20, 3),
        (history.buns.product_id, 10, 0),
    ]
    d = datetime.date
    assert dashboard.quality_weeks(cooperative=coop, rng=JAN) == [
        (d(2025, 12, 29), 0, 0, 0),
        (d(2026, 1, 5), 10, 1, 9),
        (d(2026, 1, 12), 0, 0, 0),
        (d(2026, 1, 19), 0, 0, 0),
        (d(2026, 1, 26), 8, 2, 6),
    ]
    # Sunday 1 February 00:00 falls in the week of Monday 26 January, China time.
    assert dashboard.quality_weeks(cooperative=coop, rng=FEB)[:2] == [
        (d(2026, 1, 26), 10, 0, 10),
        (d(2026, 2, 2), 2, 0, 2),
    ]


def test_money_per_month_and_headline(history):
    months = dashboard.money_months(cooperative=history.cooperative, rng=BOTH)
    got = [(m.month, m.earned, m.paid, m.active, m.per_mother, m.revenue) for m in months]
    assert got == [
        (
            datetime.date(2026, 1, 1),
            Decimal("67.50"),
            Decimal("0.00"),
            2,
            Decimal("33.75"),
            Decimal("76.00"),
        ),
        (
            datetime.date(2026, 2, 1),
            Decimal("27.00"),
            Decimal("67.50"),
            1,
            Decimal("27.00"),
            Decimal("28.00"),
        ),
    ]
    # (67.50 + 27.00) ÷ (2 + 1) active mother-months = 31.50
    assert dashboard.headline(months) == Decimal("31.50")
    assert dashboard.headline(
        dashboard.money_months(cooperative=history.cooperative, rng=JAN)
    ) == Decimal("33.75")


def test_mother_history(history):
    months = dashboard.mother_months(mother=history.wang, rng=BOTH)
    assert months == [
        (datetime.date(2026, 1, 1), Decimal("31.50"), Decimal("0.00")),
        (datetime.date(2026, 2, 1), Decimal("27.00"), Decimal("31.50")),
    ]
    weeks = {w: (a, r) for w, a, r in dashboard.mother_weeks(mother=history.wang, rng=BOTH)}
    assert weeks[datetime.date(2026, 1, 5)] == (9, 1)
    assert weeks[datetime.date(2026, 1, 26)] == (10, 0)
    assert weeks[datetime.date(2026, 2, 2)] == (2, 0)


# Pages and exports ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def chinese():
    """Start every test in Chinese: a request in English earlier in this thread leaves English
    active (the test client runs the view in the test's thread), and reverse() follows it."""
    with translation.override("zh-hans"):
        yield


def url(name="co_dashboard", *args, rng=JAN, **params):
    """The Chinese page (whatever language an earlier test left active in this thread)."""
    query = f"from={rng.start}&to={rng.end}" + "".join(f"&{k}={v}" for k, v in params.items())
    with translation.override("zh-hans"):
        return reverse(name, args=args) + "?" + query


def test_page_shows_the_figures(client, history):
    client.force_login(history.coordinator.user)
    response = client.get(url(rng=BOTH, sort="-earned"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-headline>¥31.50" in html
    assert 'role="img"' in html and "<svg" in html
    assert f'href="{reverse("co_dashboard_mother", args=[history.wang.pk])}' in html
    assert html.index(f'data-mother="{history.wang.pk}"') < html.index(
        f'data-mother="{history.li.pk}"'
    )


def test_mother_page(client, history):
    client.force_login(history.coordinator.user)
    response = client.get(url("co_dashboard_mother", history.wang.pk, rng=BOTH))
    assert response.status_code == 200
    assert 'data-month="2026-02"' in response.content.decode()


def read_csv(response):
    body = response.getvalue()  # a streamed file
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def export(client, history, table, fmt, rng):
    client.force_login(history.coordinator.user)
    response = client.get(
        url("co_dashboard_export", table, fmt, rng=rng, cooperative=history.cooperative.pk)
    )
    assert response.status_code == 200
    return read_csv(response) if fmt == "csv" else read_xlsx(response)


def test_orders_export(client, history):
    csv_rows = export(client, history, "orders", "csv", JAN)
    with translation.override("zh-hans"):
        overdue, completed = state_label("overdue"), state_label("completed")
    assert csv_rows[1:] == [
        [
            str(history.knots.pk),
            "红色中国结",
            "20",
            "20",
            "18",
            "15",
            "3",
            "3",
            "2026-01-31",
            overdue,
        ],
        [
            str(history.buns.pk),
            "福字花饽饽",
            "10",
            "10",
            "0",
            "0",
            "0",
            "0",
            "2026-02-10",
            completed,
        ],
    ]
    xlsx = export(client, history, "orders", "xlsx", JAN)
    assert xlsx[1][:8] == [history.knots.pk, "红色中国结", 20, 20, 18, 15, 3, 3]
    assert xlsx[1][8] == datetime.datetime(2026, 1, 31)


def test_mothers_export(client, history):
    rows = export(client, history, "mothers", "csv", FEB)
    by_name = {row[0]: row[2:] for row in rows[1:]}
    assert by_name[history.wang.user.get_full_name()] == [
        "12",
        "100.0",
        "83.3",
        "27.00",
        "31.50",
        "27.00",
        "2",
    ]
    assert by_name[history.li.user.get_full_name()] == ["0", "", "", "0.00", "36.00", "0.00", "0"]
    xlsx = {row[0]: row[2:] for row in export(client, history, "mothers", "xlsx", FEB)[1:]}
    assert xlsx[history.wang.user.get_full_name()] == [12, 100.0, 83.3, 27.0, 31.5, 27.0, 2]


def test_quality_and_money_exports(client, history):
    assert export(client, history, "rejections", "csv", JAN)[1:] == [
        ["颜色不对", "wrong-colour", "2"],
        ["松结", "loose-knot", "1"],
    ]
    assert export(client, history, "products", "xlsx", BOTH)[1:] == [
        ["红色中国结", 20, 3, 15.0],
        ["福字花饽饽", 10, 0, 0.0],
    ]
    assert export(client, history, "weeks", "csv", FEB)[1][:4] == ["2026-01-26", "10", "10", "0"]
    assert export(client, history, "money", "csv", BOTH)[1:] == [
        ["2026-01", "67.50", "0.00", "2", "33.75", "76.00"],
        ["2026-02", "27.00", "67.50", "1", "27.00", "28.00"],
    ]
    assert export(client, history, "money", "xlsx", BOTH)[2] == [
        "2026-02",
        27.0,
        67.5,
        1,
        27.0,
        28.0,
    ]


def test_export_keeps_formulas_as_text(client, history):
    history.wang.user.first_name, history.wang.user.last_name = '=HYPERLINK("x")', ""
    history.wang.user.save()
    rows = export(client, history, "mothers", "csv", JAN)
    assert '\'=HYPERLINK("x")' in [row[0] for row in rows]
    cells = [row[0] for row in export(client, history, "mothers", "xlsx", JAN)]
    assert '=HYPERLINK("x")' in cells


def test_unknown_table_is_404(client, history):
    client.force_login(history.coordinator.user)
    assert client.get(reverse("co_dashboard_export", args=["users", "csv"])).status_code == 404
    pdf = reverse("co_dashboard_export", args=["orders", "csv"]).replace(".csv", ".pdf")
    assert client.get(pdf).status_code == 404


# Who sees what -------------------------------------------------------------------------


def test_another_cooperative_sees_none_of_it(client, history):
    other = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(other.user)
    html = client.get(url(rng=BOTH, cooperative=history.cooperative.pk)).content.decode()
    assert "红色中国结" not in html and history.wang.user.get_full_name() not in html
    rows = export(
        client,
        type("H", (), {"coordinator": other, "cooperative": history.cooperative})(),
        "mothers",
        "csv",
        BOTH,
    )
    assert rows[1:] == []
    response = client.get(url("co_dashboard_mother", history.wang.pk))
    assert response.status_code == 404
    assert client.get(url("co_dashboard_mother", 999999)).status_code == 404


def test_mother_is_refused_and_anonymous_signs_in(client, history):
    client.force_login(history.wang.user)
    assert client.get(reverse("co_dashboard")).status_code == 403
    assert client.get(reverse("co_dashboard_export", args=["money", "csv"])).status_code == 403
    client.logout()
    response = client.get(reverse("co_dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_coordinator_of_several_picks_one(client, history):
    second = MembershipFactory(role=Role.COORDINATOR, user=history.coordinator.user)
    client.force_login(history.coordinator.user)
    html = client.get(url(rng=BOTH, cooperative=second.cooperative_id)).content.decode()
    assert "红色中国结" not in html and 'name="cooperative"' in html
    html = client.get(url(rng=BOTH, cooperative=history.cooperative.pk)).content.decode()
    assert "红色中国结" in html


# Dates ---------------------------------------------------------------------------------

TODAY = datetime.date(2026, 3, 15)
DEFAULT = dashboard.DateRange(datetime.date(2026, 2, 14), TODAY)


@pytest.mark.parametrize(
    "data, expected, problem",
    [
        ({}, DEFAULT, False),
        ({"from": "2026-01-01", "to": "2026-01-31"}, JAN, False),
        (
            {"from": "2026-03-01", "to": "2026-12-31"},
            dashboard.DateRange(datetime.date(2026, 3, 1), TODAY),
            False,
        ),
        ({"from": "2026-02-30"}, DEFAULT, True),
        ({"from": "yesterday", "to": "2026-01-31"}, DEFAULT, True),
        ({"from": "2026-02-01", "to": "2026-01-31"}, DEFAULT, True),
        ({"from": "2026-04-01", "to": "2026-05-01"}, DEFAULT, True),
        (
            {"from": "2023-03-15", "to": "2026-03-15"},
            dashboard.DateRange(datetime.date(2023, 3, 15), TODAY),
            False,
        ),
        ({"from": "2023-03-14", "to": "2026-03-15"}, DEFAULT, True),
    ],
)
def test_range_parse(data, expected, problem):
    rng, problems = range_parse(data, today=TODAY)
    assert rng == expected
    assert bool(problems) == problem


def test_bad_dates_say_so_on_the_page(client, history):
    client.force_login(history.coordinator.user)
    response = client.get(reverse("co_dashboard") + "?from=2026-13-01&to=x")
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


# Charts --------------------------------------------------------------------------------


def test_charts_are_accessible_svg():
    bar = bar_chart([("01-05", 9), ("<b>", Decimal("2.5"))], title="产量", unit="件")
    assert bar.startswith("<svg") and 'role="img"' in bar and "<title>产量 (件)</title>" in bar
    assert "<b>" not in bar and "&lt;b&gt;" in bar
    line = line_chart({"Earned": [("2026-01", 1)], "Paid": [("2026-01", 2)]}, title="¥", unit="")
    assert line.count("<polyline") == 2


# Query counts --------------------------------------------------------------------------


def grow(history, mothers: int):
    """More mothers with handovers, claims and earnings: the page must cost the same."""
    actor = history.coordinator.user
    order = ProductionOrderFactory(
        cooperative=history.cooperative, quantity=500, required_skill=history.knots.required_skill
    )
    type(order).objects.filter(pk=order.pk).update(created_at=at(1, 5, 9))
    for i in range(mothers):
        claim = claim_set(order=order, mother=mother_for(order), quantity=5)
        hand(claim, accepted=3, actor=actor, when=at(1, 10 + i % 15, 9))


@pytest.mark.parametrize("extra", [0, 6])
def test_query_counts_do_not_grow(client, history, django_assert_max_num_queries, extra):
    grow(history, extra)
    client.force_login(history.coordinator.user)
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(url(rng=BOTH)).status_code == 200
    with django_assert_max_num_queries(MOTHER_QUERIES):
        assert client.get(url("co_dashboard_mother", history.wang.pk, rng=BOTH)).status_code == 200
    for table in ["orders", "mothers", "rejections", "products", "weeks", "money"]:
        with django_assert_max_num_queries(EXPORT_QUERIES):
            client.get(url("co_dashboard_export", table, "xlsx", rng=BOTH))


PAGE_QUERIES = 16  # products are one GROUP BY plus one fetch; reported pay per hour one
MOTHER_QUERIES = 7
EXPORT_QUERIES = 8


def test_one_mothers_history_exports_with_the_same_range(client, history):
    client.force_login(history.coordinator.user)
    wang = history.wang.pk
    response = client.get(url("co_dashboard_mother_export", wang, "months", "csv", rng=BOTH))
    assert read_csv(response)[1:] == [["2026-01", "31.50", "0.00"], ["2026-02", "27.00", "31.50"]]
    response = client.get(url("co_dashboard_mother_export", wang, "weeks", "xlsx", rng=BOTH))
    weeks = {row[0]: row[1:] for row in read_xlsx(response)[1:]}
    assert [9, 1] in weeks.values() and [10, 0] in weeks.values() and [2, 0] in weeks.values()
    assert client.get(url("co_dashboard_mother_export", wang, "secrets", "csv")).status_code == 404
    other = MembershipFactory(role=Role.COORDINATOR)
    client.force_login(other.user)
    assert client.get(url("co_dashboard_mother_export", wang, "months", "csv")).status_code == 404
