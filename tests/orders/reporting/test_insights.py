"""The mother's "My month" at /work/insights/: her figures, weeks and months against a known
history with China week and month edges; only her own; queries that do not grow with her
history.

Today is Wednesday 2026-04-15 (China). Her history (Asia/Shanghai times):

Cooperative A (¥3.50): h1 10 pieces received 03-31 23:30 (week of 03-30, March), inspected
  04-01 10:00: 8 accepted, 2 rejected → ¥28.00 this month; h2 6 pieces received and inspected
  04-01 00:20 (UTC: 03-31; week of 03-30, April): 6 accepted → ¥21.00 this month; a ¥10.00
  bonus on 04-02; a payout of her whole balance (28 + 21 + 10 = ¥59.00) on 04-03; h3 5 pieces
  received 04-13 09:00, awaiting inspection (5 × ¥3.50 = ¥17.50).
Cooperative B (¥2.00): h5 4 pieces 01-20 (before the 12 weeks): 4 accepted → ¥8.00;
  h4 10 pieces 02-10 (week of 02-09): 9 accepted, 1 rejected → ¥18.00.

By hand: earned this month ¥49.00; awaiting 5 pieces, ¥17.50; paid this month ¥59.00;
owed ¥26.00 (A: 0, B: 8 + 18). Weeks 01-26 … 04-13: 02-09 → 9, 03-30 → 14, others 0.
Months 2025-11 … 2026-04: —, —, 4/0 100.0%, 9/1 90.0%, 8/2 80.0%, 6/0 100.0%.
Another mother of A (¥24.50 this month, 7 pieces) must change none of it.
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from marketplace.models import Role
from orders.models import Payout, ProductionOrder
from orders.money.services.payouts import run_start
from tests.factories import MembershipFactory
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.history import adjust_at, china, claim, entries_at, handover_at, work_at
from tests.pages import en

TODAY = datetime.date(2026, 4, 15)


@pytest.fixture
def world(db):
    a_order = ProductionOrderFactory(quantity=100, piece_rate=Decimal("3.50"))
    b_order = ProductionOrderFactory(quantity=100, piece_rate=Decimal("2.00"))
    her = mother_for(a_order)
    her.user.first_name = "她自己"
    her.user.save(update_fields=["first_name"])
    her_b = MembershipFactory(user=her.user, cooperative=b_order.cooperative, role=Role.MOTHER)
    her_b.skills.create(skill_id=b_order.required_skill_id)
    other = mother_for(a_order)
    other.user.first_name = "别的妈妈"
    other.user.save(update_fields=["first_name"])
    actor = MembershipFactory(cooperative=a_order.cooperative, role=Role.COORDINATOR).user

    mine_a, mine_b = claim(a_order, her, 30), claim(b_order, her_b, 20)
    work_at(mine_a, 10, accepted=8, received=china(2026, 3, 31, 23, 30),
            inspected=china(2026, 4, 1, 10), actor=actor)  # fmt: skip
    work_at(mine_a, 6, accepted=6, received=china(2026, 4, 1, 0, 20), actor=actor)
    adjust_at(her, "10.00", when=china(2026, 4, 2, 9), actor=actor)
    run = run_start(cooperative=a_order.cooperative, actor=actor)
    entries_at(china(2026, 4, 3, 9), payout__run=run)
    handover_at(mine_a, 5, received=china(2026, 4, 13, 9), actor=actor)
    work_at(mine_b, 4, accepted=4, received=china(2026, 1, 20, 9), actor=actor)
    work_at(mine_b, 10, accepted=9, received=china(2026, 2, 10, 9), actor=actor)
    work_at(claim(a_order, other, 7), 7, accepted=7, received=china(2026, 4, 8, 9), actor=actor)
    return {"her": her, "other": other, "a_order": a_order, "actor": actor, "run": run}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def mother(world, today):
    """She, on the day of the test (``TODAY``): ``mother_client`` is signed in as her."""
    return world["her"]


def insights(client):
    return client.get(en("work_insights"))


def test_her_month_at_a_glance(mother_client, world):
    response = insights(mother_client)

    assert response.status_code == 200
    glance = response.context["glance"]
    assert (glance.earned, glance.paid, glance.balance) == (
        Decimal("49.00"),
        Decimal("59.00"),
        Decimal("26.00"),
    )
    assert (glance.waiting_pieces, glance.waiting_value) == (5, Decimal("17.50"))
    assert Payout.objects.get(run=world["run"]).amount == Decimal("59.00")
    html = response.content.decode()
    assert "data-earned>¥49.00<" in html
    assert "5 pieces · ¥17.50" in html
    assert "data-paid>¥59.00<" in html and "data-balance>¥26.00<" in html
    assert 'href="/en/work/insights/" aria-current="page"' in html  # the "My month" chip


def test_pieces_accepted_per_china_week(mother_client, world):
    weeks = insights(mother_client).context["weeks"]

    assert [monday for monday, _ in weeks][0] == datetime.date(2026, 1, 26)
    assert [monday for monday, _ in weeks][-1] == datetime.date(2026, 4, 13)
    counted = {monday: pieces for monday, pieces in weeks if pieces}
    # h1 at 23:30 on Tuesday 31 March and h2 at 00:20 on 1 April are one China week
    assert counted == {datetime.date(2026, 2, 9): 9, datetime.date(2026, 3, 30): 14}


def test_acceptance_rate_per_china_month(mother_client, world):
    response = insights(mother_client)

    rates = [
        (f"{m.month:%Y-%m}", m.accepted, m.rejected, m.percent) for m in response.context["months"]
    ]
    assert rates == [
        ("2025-11", 0, 0, None),
        ("2025-12", 0, 0, None),
        ("2026-01", 4, 0, Decimal("100.0")),
        ("2026-02", 9, 1, Decimal("90.0")),
        ("2026-03", 8, 2, Decimal("80.0")),  # h1, received 23:30 on 31 March
        ("2026-04", 6, 0, Decimal("100.0")),  # h2, received 00:20 on 1 April (UTC: 31 March)
    ]
    html = response.content.decode()
    assert "2026-01: 100, 2026-02: 90, 2026-03: 80, 2026-04: 100" in html  # months with data
    assert "02-09: 9" in html and "03-30: 14" in html  # the weeks' chart


def test_nothing_about_another_mother(mother_client, world):
    html = insights(mother_client).content.decode()

    assert "别的妈妈" not in html and world["other"].user.username not in html


def test_each_mother_sees_only_herself(client, world, today):
    client.force_login(world["other"].user)

    response = insights(client)

    glance = response.context["glance"]
    assert (glance.earned, glance.balance, glance.waiting_pieces) == (
        Decimal("24.50"),
        Decimal("24.50"),
        0,
    )
    assert {p for _, p in response.context["weeks"] if p} == {7}
    assert "她自己" not in response.content.decode()


def test_a_coordinator_is_refused_and_a_visitor_sent_to_sign_in(client, world):
    assert insights(client).status_code == 302
    client.force_login(MembershipFactory(role=Role.COORDINATOR).user)
    assert insights(client).status_code == 403


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert insights(client).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_her_history(mother_client, world, django_assert_max_num_queries):
    small = _queries(mother_client)
    # given a second order with twenty more handovers of hers
    order = ProductionOrderFactory(cooperative=world["a_order"].cooperative, quantity=100)
    ProductionOrder.objects.filter(pk=order.pk).update(required_skill=None)
    order.refresh_from_db()
    held = claim(order, world["her"], 40)
    for day in range(1, 21):
        work_at(held, 2, accepted=1, received=china(2026, 3, day, 9), actor=world["actor"])

    with django_assert_max_num_queries(small):
        response = insights(mother_client)
    assert response.context["months"][4].accepted == 8 + 20
    assert small <= 10, small
