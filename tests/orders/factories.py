import datetime
from decimal import Decimal

from django.utils import timezone

import factory

from marketplace.models import Role
from orders.models import MemberSkill, OrderStatus, ProductionOrder, Skill
from tests.factories import CooperativeFactory, MembershipFactory, ProductFactory


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


def mother_for(order: ProductionOrder, *, skilled: bool = True):
    """A mother of the order's cooperative, holding its skill unless ``skilled`` is False."""
    membership = MembershipFactory(cooperative=order.cooperative, role=Role.MOTHER)
    if skilled and order.required_skill_id:
        MemberSkill.objects.create(membership=membership, skill_id=order.required_skill_id)
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
