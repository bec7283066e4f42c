"""seed_demo builds a believable world once; a second run duplicates nothing."""

import re
from collections import Counter
from decimal import Decimal
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page, Site

import pytest

from marketplace import stripe_gateway
from marketplace.demo import (
    BUYER_PASSWORD,
    COORDINATOR_PASSWORD,
    DEMO_PURCHASE_MARK,
    PRODUCTS,
    PURCHASES,
)
from marketplace.models import (
    Cooperative,
    Fulfilment,
    LineStatus,
    Membership,
    Product,
    Purchase,
    PurchaseEvent,
    PurchaseLine,
    PurchaseStatus,
    Refund,
    Role,
)
from marketplace.models.purchases import RefundStatus
from marketplace.selectors import demand_for_coordinator
from orders.models import (
    Claim,
    Inspection,
    LedgerEntry,
    MemberSkill,
    OrderMode,
    OrderStatus,
    ProductionOrder,
    Rejection,
)
from showcase.models import CooperativePage, HomePage, ProductPage, StoryPage

pytestmark = pytest.mark.django_db

COUNTED = [
    Page,
    Product,
    Cooperative,
    Membership,
    get_user_model(),
    get_image_model(),
    Purchase,
    PurchaseLine,
    PurchaseEvent,
    Refund,
    ProductionOrder,
    Claim,
    MemberSkill,
]


def sign_in(client, username: str, password: str) -> bool:
    """Through the sign-in page, as a person would (and as django-axes requires)."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


MOBILE = re.compile(r"^1[3-9]\d{9}$")


def counts() -> dict:
    return {
        **{model.__name__: model.objects.count() for model in COUNTED},
        "stock": Product.objects.aggregate(total=Sum("stock"))["total"],
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo world, seeded once for this module and rolled back after it.

    Stripe is out of reach while it seeds, and nothing may be left to send on commit."""
    unreachable = mock.patch.object(
        stripe_gateway, "client", side_effect=AssertionError("seed_demo called Stripe")
    )
    with django_db_blocker.unblock(), transaction.atomic(), unreachable:
        call_command("seed_demo", verbosity=0, allow_without_debug=True)
        assert not [
            func for _, func, _ in connection.run_on_commit if _is_marketplace_email(func)
        ], "seed_demo would email buyers and coordinators"
        yield
        transaction.set_rollback(True)


def _is_marketplace_email(func) -> bool:
    # purchase_mark_paid queues a lambda, the fulfilment steps a partial of marketplace.emails.
    func = getattr(func, "func", func)
    return func.__module__.startswith("marketplace")


def demo_purchases():
    return Purchase.objects.filter(note__startswith=DEMO_PURCHASE_MARK)


def test_seed_demo_builds_the_demo_world(seeded):
    assert (
        Cooperative.objects.filter(name__in=["彩虹手编", "喜我我花饽饽", "开心家庭农场"]).count()
        == 3
    )
    assert Product.objects.count() >= 15
    assert Product.objects.filter(fulfilment="made_to_order").exists()
    assert Product.objects.filter(fulfilment="in_stock", stock__gt=0).exists()
    assert StoryPage.objects.filter(locale__language_code="zh-hans").count() >= 5
    assert Membership.objects.filter(role=Role.MOTHER).values("user").distinct().count() >= 8
    assert Membership.objects.filter(role=Role.COORDINATOR).count() >= 3
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)


def test_the_demo_has_materials_kits(seeded):
    from orders.models import Material, MaterialMovement, MovementKind, ProductMaterial

    assert Material.objects.count() >= 5
    assert ProductMaterial.objects.count() >= 5
    assert MaterialMovement.objects.filter(kind=MovementKind.ISSUED).count() >= 3
    assert MaterialMovement.objects.filter(kind=MovementKind.RETURNED, handover__isnull=False)
    for material in Material.objects.all():
        moved = material.movements.aggregate(total=Sum("change"))["total"]
        assert material.on_hand == moved >= 0


def test_every_chinese_page_has_an_english_translation(seeded):
    for page in Page.objects.filter(locale__language_code="zh-hans", depth__gt=1):
        assert page.get_translations().filter(locale__language_code="en").exists(), page


def test_seed_demo_twice_duplicates_nothing(seeded):
    before = counts()
    call_command("seed_demo", verbosity=0, allow_without_debug=True)
    assert counts() == before


def test_demo_pages_answer_in_chinese_and_english(seeded, client):
    product = ProductPage.objects.filter(locale__language_code="zh-hans").first()
    cooperative = CooperativePage.objects.filter(locale__language_code="zh-hans").first()
    story = StoryPage.objects.filter(locale__language_code="zh-hans").first()
    paths = [
        "/",
        "/products/",
        product.url,
        "/cooperatives/",
        cooperative.url,
        "/stories/",
        story.url,
        "/search/?q=结",
    ]
    for path in paths:
        assert client.get(path).status_code == 200, path
        english = "/en/search/?q=knot" if path.startswith("/search") else "/en" + path
        assert client.get(english).status_code == 200, english


def test_seed_demo_makes_purchases_at_every_step(seeded):
    purchases = demo_purchases()
    assert purchases.count() == len(PURCHASES) >= 8
    statuses = Counter(purchases.values_list("status", flat=True))
    assert statuses[PurchaseStatus.AWAITING_PAYMENT] == 1
    assert statuses[PurchaseStatus.EXPIRED] == 1
    assert statuses[PurchaseStatus.PAID] >= 5
    assert purchases.filter(buyer__username="buyer").count() >= 2
    assert purchases.filter(buyer=None).count() >= 2
    assert len({line.cooperative_id for line in PurchaseLine.objects.all()}) == 4
    line_statuses = set(PurchaseLine.objects.values_list("status", flat=True))
    assert line_statuses >= {
        LineStatus.PAID,
        LineStatus.PACKED,
        LineStatus.SHIPPED,
        LineStatus.DELIVERED,
        LineStatus.CANCELLED,
    }
    for purchase in purchases:
        assert purchase.currency == "CNY"
        assert MOBILE.match(purchase.phone), purchase.phone
        assert purchase.total == sum(line.subtotal for line in purchase.lines.all())
        assert purchase.created_at <= timezone.now()
        events = list(purchase.events.all())
        assert events[0].status == PurchaseStatus.AWAITING_PAYMENT
        assert all(event.created_at >= purchase.created_at for event in events)


def test_demo_purchases_hold_stock_as_the_shop_would(seeded):
    awaiting = demo_purchases().get(status=PurchaseStatus.AWAITING_PAYMENT)
    assert awaiting.reserved_until > timezone.now()
    assert all(line.holds_stock for line in awaiting.lines.all())
    expired = demo_purchases().get(status=PurchaseStatus.EXPIRED)
    assert expired.reserved_until < timezone.now()
    assert not expired.lines.filter(holds_stock=True).exists()
    assert expired.events.filter(status=PurchaseStatus.EXPIRED).exists()
    # Every in-stock product has what it started with, less the pieces lines still hold,
    # plus what the mothers made for stock (accepted pieces of orders serving no purchase).
    for spec in PRODUCTS:
        if spec.fulfilment != Fulfilment.IN_STOCK:
            continue
        held = PurchaseLine.objects.filter(product__sku=spec.sku, holds_stock=True).aggregate(
            pieces=Sum("quantity")
        )["pieces"]
        made = ProductionOrder.objects.filter(product__sku=spec.sku, serves__isnull=True).aggregate(
            pieces=Sum("accepted")
        )["pieces"]
        stock = Product.objects.get(sku=spec.sku).stock
        assert stock == spec.stock - (held or 0) + (made or 0), spec.sku
        assert stock > 0 or spec.stock == 0, spec.sku


def test_paid_demo_lines_went_through_each_step(seeded):
    for purchase in demo_purchases().filter(status=PurchaseStatus.PAID):
        assert purchase.paid_at is not None
        assert purchase.payment_intent_id
        for line in purchase.lines.all():
            recorded = list(line.events.values_list("status", flat=True))
            assert recorded[0] == LineStatus.PAID
            assert recorded[-1] in (line.status, "refunded", "made")
    for line in PurchaseLine.objects.filter(status__in=[LineStatus.SHIPPED, LineStatus.DELIVERED]):
        assert line.carrier in {"顺丰速运", "中通快递"}
        assert line.tracking_number
        assert line.events.filter(status=LineStatus.PACKED).exists()
    cancelled = PurchaseLine.objects.get(status=LineStatus.CANCELLED)
    refund = Refund.objects.get()
    assert refund.line == cancelled
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.stripe_refund_id == ""
    assert refund.amount == cancelled.refunded_amount == cancelled.subtotal > Decimal(0)
    assert cancelled.events.filter(status="refunded").exists()
    assert not cancelled.holds_stock


def test_coordinator_and_buyer_see_the_demo_purchases(seeded, client):
    caihong = get_user_model().objects.get(username="coord-caihong")
    demand = demand_for_coordinator(user=caihong)
    assert demand.count() >= 3
    assert all(line.cooperative.slug == "caihong" for line in demand)

    assert sign_in(client, "coord-caihong", COORDINATOR_PASSWORD)
    page = client.get("/co/demand/")
    assert page.status_code == 200
    assert "企业年会定制中国结" in page.content.decode()
    page = client.get("/co/lines/", {"status": "all"})
    assert page.status_code == 200
    assert "红色8寸平安结挂饰" in page.content.decode()

    client.logout()
    assert sign_in(client, "buyer", BUYER_PASSWORD)
    page = client.get("/purchases/")
    assert page.status_code == 200
    for purchase in demo_purchases().filter(buyer__username="buyer"):
        assert purchase.reference in page.content.decode()


def test_demo_piecework_has_orders_in_both_modes_and_claims(seeded, client):
    assert ProductionOrder.objects.filter(mode=OrderMode.FIRST_COME).exists()
    assert ProductionOrder.objects.filter(mode=OrderMode.REQUEST_WINDOW).exists()
    assert ProductionOrder.objects.filter(status=OrderStatus.DRAFT).exists()
    for order in ProductionOrder.objects.all():
        claimed = sum(c.quantity for c in order.claims.all())
        assert claimed == order.claimed <= order.quantity
    assert Claim.objects.count() >= 8
    mother = get_user_model().objects.get(username="13800000001")
    client.force_login(mother)
    html = client.get("/work/").content.decode()
    assert "红色8寸平安结挂饰" in html or "平安结" in html


def test_demo_piecework_shows_work_in_every_state(seeded):
    statuses = set(ProductionOrder.objects.values_list("status", flat=True))
    assert {OrderStatus.DRAFT, OrderStatus.OPEN, OrderStatus.COMPLETED} <= statuses
    assert Claim.objects.filter(status="requested").exists()  # a window still taking requests
    assert ProductionOrder.objects.filter(allocated_at__isnull=False).exists()  # one shared out
    assert Claim.objects.filter(pending__gt=0).exists()  # pieces awaiting inspection
    assert Rejection.objects.exists()
    assert Inspection.objects.filter(corrects__isnull=False).count() == 1
    # Every inspection earned exactly once, and the claims' counters agree with them.
    assert LedgerEntry.objects.filter(kind="earning").count() == Inspection.objects.count()
    for claim in Claim.objects.all():
        current = Inspection.objects.filter(handover__claim=claim, correction__isnull=True)
        assert claim.accepted == sum(i.accepted for i in current), claim
        earned = sum(
            e.amount for e in LedgerEntry.objects.filter(inspection__handover__claim=claim)
        )
        assert earned == claim.accepted * claim.order.piece_rate, claim
    assert ProductionOrder.objects.exclude(serves=None).exists()  # makes paid purchases


def test_demo_money_has_a_completed_run_and_paid_and_unpaid_balances(seeded):
    from orders.models import Payout, PayoutRun, PayoutStatus, RunStatus
    from orders.money.services.ledger import balance_of

    run = PayoutRun.objects.get()
    assert run.status == RunStatus.DONE
    assert set(run.payouts.values_list("status", flat=True)) == {PayoutStatus.PAID}
    assert all(p.reference for p in run.payouts.all())
    assert Payout.objects.filter(receipt_confirmed_at__isnull=False).exists()
    assert Payout.objects.exclude(problem="").exists()
    assert run.total == sum(p.amount for p in run.payouts.all())
    owed = [m for m in Membership.objects.filter(role="mother") if balance_of(m) > 0]
    assert {m.cooperative.slug for m in owed} >= {"xiwowo", "caihong"}


def test_the_demo_federation_sees_the_overview_without_names(seeded, client):
    client.force_login(get_user_model().objects.get(username="fulian"))
    html = client.get("/federation/").content.decode()
    # each with three or more working mothers, so neither is merged into 其他合作社
    assert "彩虹手编" in html and "喜我我花饽饽" in html and "data-others" not in html
    assert "13800000001" not in html and "王秀英" not in html


def test_demo_mothers_said_how_long_their_handovers_took(seeded):
    from orders.dates import DateRange
    from orders.fairwork.selectors.reported import cooperative_spreads
    from orders.models import Handover

    assert Handover.objects.filter(minutes_reported__isnull=False).count() == 10
    order = ProductionOrder.objects.get(instructions__startswith="演示工单 01")
    today = timezone.localdate()
    by_order, _, _ = cooperative_spreads(cooperative=order.cooperative, rng=DateRange(today, today))
    spread = next(group for group in by_order if group.key == order.pk)
    assert spread.mothers == 3 and not spread.too_few


def test_the_demo_times_products_and_checks_its_open_orders_against_an_example_minimum(seeded):
    from marketplace.models import MinimumWage
    from orders.models import OrderStatus, ProductionOrder, TimingSample

    assert MinimumWage.objects.exists()
    assert all(wage.is_example for wage in MinimumWage.objects.all())
    assert not Cooperative.objects.filter(region__isnull=True).exists()
    assert TimingSample.objects.count() >= 10
    assert Product.objects.filter(standard_minutes__isnull=False).count() >= 5
    published = ProductionOrder.objects.exclude(status=OrderStatus.DRAFT)
    assert not published.filter(published_at__isnull=True).exists()
    assert published.filter(pays_minimum=True).exists()
    below = published.filter(pays_minimum=False)
    assert below.exists() and not below.filter(below_minimum_reason="").exists()


def test_the_demo_training_school(seeded, client):
    """Issue 17: a course over (its skill granted), one full with a waiting list, one open."""
    from station.models import Completion, CoursePage, Enrolment, EnrolmentStatus

    courses = CoursePage.objects.filter(locale__language_code="zh-hans")
    assert courses.count() == 3
    done = Completion.objects.select_related("user", "skill").get()
    assert (done.user.username, done.skill.slug) == ("13800000004", "knot-advanced")
    assert MemberSkill.objects.filter(membership__user=done.user, skill=done.skill).exists()
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITING).exists()
    for page in courses:
        assert client.get(page.url).status_code == 200, page.url
        assert client.get("/en" + page.url).status_code == 200
    assert client.get("/training/").status_code == 200
