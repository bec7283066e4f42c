"""Factories for production and the mothers' money.

Skills, orders, reasons, skills held and payout details are plain rows (``DjangoModelFactory``).
Claims, handovers, inspections, ledger entries, payout runs and invitations are made by the
app's own services, as the app makes them — the order's counters move, each inspection
records its earnings, the ledger stays append-only — so a test never holds a row the app
could not have written. ``earn`` does the whole round (claim, hand over, inspect) at once.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

import factory

from marketplace.models import Membership, Role
from orders.members.services.invitations import invitation_send
from orders.models import (
    Claim,
    Handover,
    Inspection,
    LedgerEntry,
    MembershipInvitation,
    MemberSkill,
    OfflineMethod,
    OrderStatus,
    PayoutProfile,
    PayoutRun,
    PreparedFile,
    PreparedKind,
    ProductionOrder,
    Rail,
    Skill,
    TimingSample,
)
from orders.money.services.ledger import adjustment_record
from orders.money.services.payouts import run_start
from orders.money.services.prepared import prepared_key
from orders.production.services.claims import claim_set
from orders.production.services.handovers import handover_record, inspection_record
from orders.production.services.requests import request_set
from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory, UserFactory


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    name = "中国结·基础"
    name_en = "Chinese knots · basic"
    slug = "knot-basic"


class ProductionOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionOrder

    cooperative = factory.SubFactory(CooperativeFactory)
    product = factory.SubFactory(ProductFactory, cooperative=factory.SelfAttribute("..cooperative"))
    quantity = 100
    piece_rate = Decimal("3.50")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=21))
    required_skill = factory.SubFactory(SkillFactory)
    min_claim = 1
    max_per_mother = 100
    status = OrderStatus.OPEN


def knot_order(cooperative, **fields) -> ProductionOrder:
    """An open order of 红色八寸中国结 ("Red 8-inch knot", a new product of ``cooperative``):
    100 pieces at ¥3.50, due in three weeks, at most 60 a mother — unless ``fields`` say
    otherwise."""
    product = ProductFactory(
        cooperative=cooperative, name="红色八寸中国结", name_en="Red 8-inch knot"
    )
    fields = {"max_per_mother": 60} | fields
    return ProductionOrderFactory(cooperative=cooperative, product=product, **fields)


class MemberSkillFactory(factory.django.DjangoModelFactory):
    """A skill she holds in one cooperative (granted by nobody in particular)."""

    class Meta:
        model = MemberSkill

    membership = factory.SubFactory(MembershipFactory)
    skill = factory.SubFactory(SkillFactory)


def mother_for(order: ProductionOrder, *, skilled: bool = True) -> Membership:
    """A mother of the order's cooperative, holding its skill unless ``skilled`` is False."""
    membership = MembershipFactory(cooperative=order.cooperative, role=Role.MOTHER)
    if skilled and order.required_skill_id:
        MemberSkillFactory(membership=membership, skill=order.required_skill)
    return membership


class RejectionReasonFactory(factory.django.DjangoModelFactory):
    """松结 (loose knot) of a cooperative; every new cooperative already has it among its
    default reasons, so this gets that one rather than making a second."""

    class Meta:
        model = "orders.RejectionReason"
        django_get_or_create = ("cooperative", "code")

    cooperative = factory.SubFactory(CooperativeFactory)
    code = "loose-knot"
    name = "松结"
    name_en = "Loose knot"


# Made by the services -------------------------------------------------------------------


class ClaimFactory(factory.Factory):
    """Her claim of ``quantity`` pieces of ``order`` (``claim_set``: the order's count of
    claimed pieces moves with it). A new trained mother unless one is given."""

    class Meta:
        model = Claim

    order = factory.SubFactory(ProductionOrderFactory)
    mother = factory.LazyAttribute(lambda claim: mother_for(claim.order))
    quantity = 40

    @classmethod
    def _create(cls, model_class, **fields) -> Claim:
        return claim_set(**fields)


class ClaimRequestFactory(ClaimFactory):
    """Her request for ``quantity`` pieces of a request-window order (``request_set``)."""

    @classmethod
    def _create(cls, model_class, **fields) -> Claim:
        return request_set(**fields)


class HandoverFactory(factory.Factory):
    """She hands over ``count`` pieces of her claim (all of it unless told)."""

    class Meta:
        model = Handover

    claim = factory.SubFactory(ClaimFactory)
    count = factory.LazyAttribute(lambda handover: handover.claim.quantity)
    actor = None

    @classmethod
    def _create(cls, model_class, **fields) -> Handover:
        return handover_record(**fields)


class InspectionFactory(factory.Factory):
    """The inspection of a handover: every piece accepted unless told; ``rejections`` maps a
    reason's pk to its count. It records her earnings entry, as the app does."""

    class Meta:
        model = Inspection

    handover = factory.SubFactory(HandoverFactory)
    accepted = factory.LazyAttribute(lambda inspection: inspection.handover.count)
    rejections = factory.LazyFunction(dict)
    actor = None

    @classmethod
    def _create(cls, model_class, **fields) -> Inspection:
        return inspection_record(**fields)


def earn(
    order: ProductionOrder, mother: Membership, *, accepted: int, rejected: int = 0, actor=None
) -> Claim:
    """She claims, hands over and gets inspected ``accepted`` + ``rejected`` pieces more of
    ``order`` (rejected as a loose knot): her earnings entry is ``accepted`` × the order's
    rate."""
    claim = Claim.objects.filter(order=order, mother=mother).first()
    held = claim.quantity if claim else 0
    claim = ClaimFactory(order=order, mother=mother, quantity=held + accepted + rejected)
    handover = HandoverFactory(claim=claim, count=accepted + rejected, actor=actor)
    rejections = {}
    if rejected:
        reason = RejectionReasonFactory(cooperative=order.cooperative)
        rejections = {reason.pk: rejected}
    InspectionFactory(handover=handover, accepted=accepted, rejections=rejections, actor=actor)
    return claim


class AdjustmentFactory(factory.Factory):
    """A bonus (or, negative, a deduction) in her ledger (``adjustment_record``); earnings and
    payouts get their entries from ``earn`` and ``PayoutRunFactory``."""

    class Meta:
        model = LedgerEntry

    mother = factory.SubFactory(MembershipFactory)
    amount = Decimal("20.00")
    reason = "奖励"
    actor = None

    @classmethod
    def _create(cls, model_class, **fields) -> LedgerEntry:
        return adjustment_record(**fields)


class PayoutProfileFactory(factory.django.DjangoModelFactory):
    """How she is paid: cash unless told; ``stripe=True`` or ``bank=True`` for the others."""

    class Meta:
        model = PayoutProfile

    membership = factory.SubFactory(MembershipFactory)
    rail = Rail.OFFLINE
    method = OfflineMethod.CASH

    class Params:
        stripe = factory.Trait(
            rail=Rail.STRIPE,
            stripe_account_id=factory.Sequence(lambda n: f"acct_mother_{n}"),
        )
        bank = factory.Trait(
            method=OfflineMethod.BANK,
            bank_name="农业银行莱西支行",
            account_name="王秀兰",
            account_number="6228480000000000001",
        )


class PayoutRunFactory(factory.Factory):
    """A payout run of the cooperative up to ``cutoff`` (now unless told), as a coordinator
    starts one (``run_start``): a payout, and its ledger entry, for every mother owed. It is
    not executed: nothing is paid until the test says so."""

    class Meta:
        model = PayoutRun

    cooperative = factory.SubFactory(CooperativeFactory)
    cutoff = factory.LazyFunction(timezone.now)
    actor = None

    @classmethod
    def _create(cls, model_class, **fields) -> PayoutRun:
        return run_start(**fields)


class InvitationFactory(factory.Factory):
    """A cooperative's invitation to a woman who has an account already (``invitation_send``),
    open until she answers."""

    class Meta:
        model = MembershipInvitation

    cooperative = factory.SubFactory(CooperativeFactory)
    user = factory.SubFactory(UserFactory)
    skills = ()
    actor = None

    @classmethod
    def _create(cls, model_class, **fields) -> MembershipInvitation:
        return invitation_send(**fields)


class PreparedFileFactory(factory.django.DjangoModelFactory):
    """A run's payslip zip waiting for a worker (queued, as no task made it), asked for by
    ``asked_by`` (nobody unless told): pass ``status``, ``done`` and ``total`` to stand for
    one further on."""

    class Meta:
        model = PreparedFile

    cooperative = factory.LazyAttribute(lambda prepared: prepared.run.cooperative)
    kind = PreparedKind.PAYSLIPS_ZIP
    params = factory.LazyAttribute(lambda prepared: {"run_id": prepared.run.pk, "language": "en"})
    key = factory.LazyAttribute(
        lambda prepared: prepared_key(kind=prepared.kind, params=prepared.params)
    )

    class Params:
        run = factory.SubFactory(PayoutRunFactory)


# Materials (issue 16 point 5) -----------------------------------------------------------


class MaterialFactory(factory.django.DjangoModelFactory):
    """红绳 (red cord), in metres, of a cooperative, with ``on_hand`` set straight (a test's
    starting stock; the app only moves it through orders.fairwork.services.materials)."""

    class Meta:
        model = "orders.Material"

    cooperative = factory.SubFactory(CooperativeFactory)
    name = factory.Sequence(lambda n: f"红绳{n}")
    name_en = factory.Sequence(lambda n: f"Red cord {n}")
    unit = "m"
    low_stock = Decimal("10.000")
    on_hand = Decimal("0.000")


def material_on_hand(material) -> Decimal:
    """What the database holds of ``material`` now."""
    return type(material).objects.get(pk=material.pk).on_hand


class ProductMaterialFactory(factory.django.DjangoModelFactory):
    """One piece of ``product`` takes ``per_piece`` (2 m) of ``material``."""

    class Meta:
        model = "orders.ProductMaterial"

    material = factory.SubFactory(MaterialFactory)
    product = factory.SubFactory(
        ProductFactory, cooperative=factory.SelfAttribute("..material.cooperative")
    )
    per_piece = Decimal("2.000")


class TimingSampleFactory(factory.django.DjangoModelFactory):
    """3 pieces in 21 minutes (7 a piece). Creating it does not update the product's standard
    time: that is the service's (orders/fairwork/services/timing.py)."""

    class Meta:
        model = TimingSample

    product = factory.SubFactory(ProductFactory)
    pieces = 3
    minutes = Decimal("21")
