"""The demo's piecework: skills granted after training, production orders in every mode and
state, and the mothers' claims on them. Created if missing (keyed on skill slug and on the
order's instructions marker "演示工单 NN"), left alone if present."""

import datetime
from decimal import Decimal

from django.utils import timezone

from marketplace.models import Membership, Role
from orders.exceptions import ClaimError
from orders.models import MemberSkill, OrderMode, OrderStatus, ProductionOrder, Skill
from orders.services.claims import claim_set

SKILLS = [
    # slug, name, name_en, cooperative slug whose mothers hold it
    ("knot-basic", "中国结·基础", "Chinese knots · basic", "caihong"),
    ("knot-advanced", "中国结·高级", "Chinese knots · advanced", "caihong"),
    ("huabobo", "花饽饽", "Decorative buns", "xiwowo"),
    ("fabric", "布艺", "Fabric crafts", "qiaoshou"),
]
# Mothers of 彩虹手编 trained to the advanced level (by username).
ADVANCED = {"13800000001", "13800000003"}

ORDERS = [
    # marker, cooperative, sku, quantity, rate, due in days, skill, min, cap, mode, status
    ("01", "caihong", "CH-KNOT-8R", 500, "3.50", 20, "knot-basic", 10, 120, "first_come", "open"),
    ("02", "caihong", "CH-KNOT-BULK", 300, "4.20", 12, "knot-basic", 20, 100, "first_come", "open"),
    ("03", "caihong", "CH-KNOT-FU", 40, "12.00", 14, "knot-advanced", 5, 20, "first_come", "open"),
    (
        "04",
        "caihong",
        "CH-KNOT-WED",
        200,
        "6.00",
        25,
        "knot-basic",
        10,
        80,
        "request_window",
        "open",
    ),
    ("05", "xiwowo", "XW-BB-PEACH", 120, "2.80", 6, "huabobo", 10, 60, "first_come", "open"),
    ("06", "caihong", "CH-KNOT-CAR", 150, "2.50", 30, "knot-basic", 10, 50, "first_come", "draft"),
]
CLAIMS = [
    # marker, mother's username, pieces
    ("01", "13800000001", 40),
    ("01", "13800000002", 120),
    ("01", "13800000004", 60),
    ("02", "13800000003", 100),
    ("02", "13800000009", 100),
    ("02", "13800000004", 100),
    ("03", "13800000001", 15),
    ("05", "13800000005", 60),
    ("05", "13800000006", 30),
]
MATERIALS = {
    "CH-KNOT-8R": "红色 5 号线 2.4 米，金色流苏 1 个，挂绳 1 根",
    "CH-KNOT-BULK": "红色 5 号线 1.6 米，小流苏 1 个",
    "CH-KNOT-FU": "红色 4 号线 6 米，福字牌 1 块，大流苏 1 个",
    "CH-KNOT-WED": "红色 5 号线 3 米，喜字牌 1 块",
    "XW-BB-PEACH": "面粉 200 克，红曲粉少许（驿站统一发放）",
    "CH-KNOT-CAR": "红色 6 号线 1.2 米，平安扣 1 个",
}


def seed_orders(marketplace: dict, stdout=None) -> dict:
    """Skills for the demo mothers, six production orders, and nine claims."""
    skills = {slug: _skill(slug, name, name_en) for slug, name, name_en, _ in SKILLS}
    _grant_skills(skills)
    orders = {spec[0]: _order(spec, marketplace, skills) for spec in ORDERS}
    made = sum(_claim(orders[marker], username, pieces) for marker, username, pieces in CLAIMS)
    if stdout is not None:
        stdout.write(f"orders: {len(skills)} skills, {len(orders)} orders, {made} new claims")
    return {"skills": skills, "orders": orders}


def _skill(slug: str, name: str, name_en: str) -> Skill:
    return Skill.objects.get_or_create(slug=slug, defaults={"name": name, "name_en": name_en})[0]


def _grant_skills(skills: dict) -> None:
    for slug, _, _, cooperative_slug in SKILLS:
        mothers = Membership.objects.filter(cooperative__slug=cooperative_slug, role=Role.MOTHER)
        if slug == "knot-advanced":
            mothers = mothers.filter(user__username__in=ADVANCED)
        for membership in mothers:
            MemberSkill.objects.get_or_create(membership=membership, skill=skills[slug])


def _order(spec: tuple, marketplace: dict, skills: dict) -> ProductionOrder:
    marker, coop, sku, quantity, rate, due, skill, least, most, mode, status = spec
    existing = ProductionOrder.objects.filter(instructions__startswith=f"演示工单 {marker}").first()
    if existing:
        return existing
    today = timezone.localdate()
    return ProductionOrder.objects.create(
        cooperative=marketplace["cooperatives"][coop],
        product=marketplace["products"][sku],
        quantity=quantity,
        piece_rate=Decimal(rate),
        due_date=today + datetime.timedelta(days=due),
        required_skill=skills[skill],
        min_claim=least,
        max_per_mother=most,
        mode=mode,
        window_closes_at=timezone.now() + datetime.timedelta(days=2)
        if mode == OrderMode.REQUEST_WINDOW
        else None,
        status=OrderStatus(status),
        materials=MATERIALS[sku],
        instructions=f"演示工单 {marker}：按样品编织，线头藏好，流苏梳顺。交件时按 10 件一扎。",
    )


def _claim(order: ProductionOrder, username: str, pieces: int) -> int:
    mother = Membership.objects.get(
        cooperative_id=order.cooperative_id, user__username=username, role=Role.MOTHER
    )
    if order.claims.filter(mother=mother).exists():
        return 0
    try:
        claim_set(order=order, mother=mother, quantity=pieces)
    except ClaimError:
        return 0
    return 1
