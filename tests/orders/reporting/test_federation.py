"""The women's federation's overview at /federation/: every figure against a known history
(with China month edges), the export cells, who may read it, that it names no mother, and
that its queries do not grow with the data.

The history (Asia/Shanghai times; the range is 2026-03-01 .. 2026-04-30):

Cooperative A (¥3.50 a piece)
  order A1, 19 pieces, due 04-05: a1 claims 13, a2 6
    a1 hands 10 at 03-01 00:30 (UTC: 02-28), 8 accepted, corrected to 9 on 04-02 (+¥3.50)
    a1 hands 4 at 04-05 10:00, 4 accepted → A1 complete; last acceptance 04-05: on time
    a2 hands 6 at 02-28 23:30 (before the range), inspected 03-02: 6 accepted, ¥21.00 in March
  order A2, 5 pieces, due 04-10: a2 hands 5 at 04-10 20:00, inspected 04-11 00:30 (UTC: 04-10)
    → complete, but late in China
  w (also of B) gets a ¥50.00 bonus at 03-31 23:59
Cooperative B (¥2.00 a piece)
  order B1, 100 pieces, due 04-15, unfinished
    w hands 10 at 04-01 00:10 (UTC: 03-31), 10 accepted: ¥20.00 in April
    b1 hands 20 at 04-30 23:00 (awaiting inspection), and 3 at 05-01 00:30 (UTC: 04-30),
    accepted (after the range)
    b2 hands 5 at 04-20 09:00, 5 accepted: ¥10.00 in April
  a cancelled order due 04-20 (not counted); order A3 due 05-05 (after the range)

By hand:
  A: mothers a1, a2, w = 3; mother-months a1 Mar+Apr, a2 Mar+Apr, w Mar = 5;
     pieces 9 + 4 + 5 = 18; earnings 28 + 3.50 + 14 + 21 + 17.50 + 50 = ¥134.00;
     per mother-month 134 / 5 = ¥26.80; orders due 2, on time 1
  B: mothers w, b1, b2 = 3; mother-months 3; pieces 10 + 5 = 15; earnings 20 + 10 = ¥30.00;
     per ¥10.00; due 1, on time 0
  Total: women a1, a2, w, b1, b2 = 5; March 3 active (a1, a2, w), April 5 → 8 mother-months;
     pieces 33; earnings ¥164.00; per mother-month 164 / 8 = ¥20.50; 1 of 3 orders on time
  Months: March ¥99.00 / 3 = ¥33.00; April ¥65.00 / 5 = ¥13.00

Every cooperative has at least three active mothers, so every figure is shown
(test_federation_small_cells.py covers those that are not).
"""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from marketplace.models import Role
from orders.models import OrderStatus, ProductionOrder
from orders.reporting.tallies import tallies_rebuild
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.history import adjust_at, china, claim, correct_at, handover_at, work_at
from tests.pages import en

RANGE = {"start": "2026-03-01", "end": "2026-04-30"}
NAMES = ["甲妈妈", "乙妈妈", "丙妈妈", "丁妈妈", "戊妈妈"]


def _due(order, day: datetime.date) -> None:
    """The work was claimed while the order was open; its due date is set afterwards. The
    app never moves a due date (the tallies count pieces on time and accepted late by it):
    a test that does recounts them, as an operator would with ``rebuild_rollups``."""
    ProductionOrder.objects.filter(pk=order.pk).update(due_date=day)
    tallies_rebuild()


def _named(membership, name: str):
    membership.user.first_name = name
    membership.user.save(update_fields=["first_name"])
    return membership


@pytest.fixture
def world(db):
    coop_a = CooperativeFactory(name="一号合作社", name_en="Coop A")
    coop_b = CooperativeFactory(name="二号合作社", name_en="Coop B")
    a1_order = ProductionOrderFactory(cooperative=coop_a, quantity=19, piece_rate=Decimal("3.50"))
    a2_order = ProductionOrderFactory(cooperative=coop_a, quantity=5, piece_rate=Decimal("3.50"))
    b_order = ProductionOrderFactory(cooperative=coop_b, quantity=100, piece_rate=Decimal("2.00"))
    a1 = _named(mother_for(a1_order), NAMES[0])
    a2 = _named(mother_for(a1_order), NAMES[1])
    w_a = _named(mother_for(a1_order), NAMES[2])
    w_b = MembershipFactory(user=w_a.user, cooperative=coop_b, role=Role.MOTHER)
    w_b.skills.create(skill_id=b_order.required_skill_id)
    b1 = _named(mother_for(b_order), NAMES[3])
    b2 = _named(mother_for(b_order), NAMES[4])
    actor = MembershipFactory(cooperative=coop_a, role=Role.COORDINATOR).user

    a1_claim, a2_claim = claim(a1_order, a1, 13), claim(a1_order, a2, 6)
    first = work_at(a1_claim, 10, accepted=8, received=china(2026, 3, 1, 0, 30), actor=actor)
    work_at(
        a2_claim,
        6,
        accepted=6,
        received=china(2026, 2, 28, 23, 30),
        inspected=china(2026, 3, 2, 10),
        actor=actor,
    )
    work_at(a1_claim, 4, accepted=4, received=china(2026, 4, 5, 10), actor=actor)
    correct_at(first, accepted=9, when=china(2026, 4, 2, 10), actor=actor)
    work_at(
        claim(a2_order, a2, 5),
        5,
        accepted=5,
        received=china(2026, 4, 10, 20),
        inspected=china(2026, 4, 11, 0, 30),
        actor=actor,
    )
    adjust_at(w_a, "50.00", when=china(2026, 3, 31, 23, 59), actor=actor)
    work_at(
        claim(b_order, w_b, 10), 10, accepted=10, received=china(2026, 4, 1, 0, 10), actor=actor
    )
    b1_claim = claim(b_order, b1, 23)
    handover_at(b1_claim, 20, received=china(2026, 4, 30, 23), actor=actor)
    work_at(b1_claim, 3, accepted=3, received=china(2026, 5, 1, 0, 30), actor=actor)
    work_at(claim(b_order, b2, 5), 5, accepted=5, received=china(2026, 4, 20, 9), actor=actor)

    _due(a1_order, datetime.date(2026, 4, 5))
    _due(a2_order, datetime.date(2026, 4, 10))
    _due(b_order, datetime.date(2026, 4, 15))
    ProductionOrderFactory(
        cooperative=coop_b, status=OrderStatus.CANCELLED, due_date=datetime.date(2026, 4, 20)
    )
    ProductionOrderFactory(cooperative=coop_a, due_date=datetime.date(2026, 5, 5))
    return {
        "a": coop_a,
        "b": coop_b,
        "mothers": [a1, a2, w_a, b1, b2],
        "actor": actor,
        "b_order": b_order,
    }


@pytest.fixture
def federation_user(db):
    user = UserFactory(username="fulian-test", first_name="妇联")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    return user


@pytest.fixture
def reader(client, federation_user):
    client.force_login(federation_user)
    return client


def page(client, **params):
    return client.get(en("federation"), params)


# The figures -------------------------------------------------------------------------------


def test_every_figure_per_cooperative_and_in_total(reader, world):
    response = page(reader, **RANGE)

    assert response.status_code == 200
    overview = response.context["overview"]
    a, b = overview.rows
    assert a.cooperative == world["a"] and b.cooperative == world["b"]
    assert (a.mothers, a.mother_months, a.pieces, a.earnings) == (3, 5, 18, Decimal("134.00"))
    assert (a.per_mother_month, a.orders_due, a.orders_on_time) == (Decimal("26.80"), 2, 1)
    assert (b.mothers, b.mother_months, b.pieces, b.earnings) == (3, 3, 15, Decimal("30.00"))
    assert (b.per_mother_month, b.orders_due, b.orders_on_time) == (Decimal("10.00"), 1, 0)
    assert overview.others is None
    total = overview.total
    assert (total.mothers, total.mother_months, total.pieces) == (5, 8, 33)
    assert (total.earnings, total.per_mother_month) == (Decimal("164.00"), Decimal("20.50"))
    assert (total.orders_due, total.orders_on_time, total.on_time_percent) == (3, 1, 33)


def test_months_and_their_chart(reader, world):
    response = page(reader, **RANGE)

    months = [
        (m.label, m.mothers, m.earnings, m.per_mother) for m in response.context["overview"].months
    ]
    assert months == [
        ("2026-03", 3, Decimal("99.00"), Decimal("33.00")),
        ("2026-04", 5, Decimal("65.00"), Decimal("13.00")),
    ]
    html = response.content.decode()
    assert "<svg" in html and "2026-03: 33; 2026-04: 13" in html
    assert "data-per-mother>¥20.50<" in html
    # the exports carry the range shown
    assert "/en/federation/export.xlsx?start=2026-03-01&amp;end=2026-04-30" in html


def test_china_month_edges_decide_the_range(reader, world):
    # given March only: a1's handover at 00:30 on 1 March counts (28 Feb in UTC); w's bonus at
    # 23:59 on 31 March counts, her handover at 00:10 on 1 April does not
    response = page(reader, start="2026-03-01", end="2026-03-31")

    a, b = response.context["overview"].rows
    assert (a.mothers, a.mother_months, a.pieces, a.earnings) == (3, 3, 9, Decimal("99.00"))
    assert (b.mothers, b.pieces, b.earnings) == (0, 0, Decimal("0.00"))
    assert b.per_mother_month is None
    assert response.context["overview"].total.orders_due == 0


def test_the_default_range_is_this_month_and_the_eleven_before(reader, world):
    response = page(reader)

    span = response.context["overview"].span
    assert span.end == timezone.localdate()
    assert len(span.months()) == 12 and span.start.day == 1


def test_a_bad_range_says_why_and_shows_the_default(reader, world):
    response = page(reader, start="2026-05-01", end="2026-03-01")

    assert response.status_code == 200
    assert "The range must start on or before its end." in response.content.decode()
    assert len(response.context["overview"].span.months()) == 12


# The export --------------------------------------------------------------------------------

EXPECTED = [
    ["Coop A", 3, 5, 18, 134.0, 26.8, 2, 1, 50, None],
    ["Coop B", 3, 3, 15, 30.0, 10.0, 1, 0, 0, None],
    ["All cooperatives", 5, 8, 33, 164.0, 20.5, 3, 1, 33, None],
]


def test_xlsx_cells_are_the_figures(reader, world):
    response = reader.get(en("federation_export", "xlsx"), RANGE)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="federation-20260301-20260430.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Cooperative" and len(values[0]) == 10
    assert values[1:] == EXPECTED


def test_csv_rows_are_the_figures(reader, world):
    response = reader.get(en("federation_export", "csv"), RANGE)

    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines[1:] == [
        "Coop A,3,5,18,134.00,26.80,2,1,50,",
        "Coop B,3,3,15,30.00,10.00,1,0,0,",
        "All cooperatives,5,8,33,164.00,20.50,3,1,33,",
    ]


# No personal data, and who may read it -----------------------------------------------------


def _personal(world) -> list[str]:
    users = [m.user for m in world["mothers"]]
    return [u.username for u in users] + [u.first_name for u in users]


def test_no_mother_is_named_on_the_page_or_in_the_exports(reader, world):
    texts = [page(reader, **RANGE).content.decode()]
    texts.append(reader.get(en("federation_export", "csv"), RANGE).getvalue().decode("utf-8-sig"))
    book = load_workbook(io.BytesIO(reader.get(en("federation_export", "xlsx"), RANGE).getvalue()))
    texts.append(" ".join(str(v) for row in book.active.iter_rows(values_only=True) for v in row))

    for text in texts:
        for personal in _personal(world):
            assert personal not in text


@pytest.mark.parametrize("name", ["federation", "federation_export"])
def test_coordinators_and_mothers_are_refused(client, world, name):
    args = ("csv",) if name == "federation_export" else ()
    coordinator = MembershipFactory(cooperative=world["a"], role=Role.COORDINATOR)
    for user in (coordinator.user, world["mothers"][0].user):
        client.force_login(user)
        response = client.get(en(name, *args), RANGE)
        assert response.status_code == 403
        for personal in _personal(world):
            assert personal not in response.content.decode()


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get(en("federation"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_superuser_may_read_it(client, world):
    client.force_login(UserFactory(username="root-test", is_superuser=True, is_staff=True))

    assert page(client, **RANGE).status_code == 200


# Scale -------------------------------------------------------------------------------------


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert page(client, **RANGE).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_data(reader, world, django_assert_max_num_queries):
    small = _queries(reader)
    # given ten more mothers, each with work in March and April
    order, actor = world["b_order"], world["actor"]
    ProductionOrder.objects.filter(pk=order.pk).update(due_date=datetime.date(2099, 1, 1))
    for _ in range(10):
        mother = mother_for(order)
        held = claim(order, mother, 4)
        work_at(held, 2, accepted=2, received=china(2026, 3, 9, 9), actor=actor)
        work_at(held, 2, accepted=1, received=china(2026, 4, 9, 9), actor=actor)

    with django_assert_max_num_queries(small):
        response = page(reader, **RANGE)
    assert response.context["overview"].total.mothers == 15
    # 9 for the overview (12 when each count of active mothers was a query), one each for the
    # reported pay per hour and the fair-rate section (orders/fairwork) and the station's
    # training, and 3 for the station's coverage (station/matching/coverage.py).
    assert small <= 15, small
