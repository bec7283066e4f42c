"""The demo's piecework: skills granted after training, production orders in every mode and
state, and the mothers' claims on them. Created if missing (keyed on skill slug and on the
order's instructions marker "演示工单 NN"), left alone if present."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.demo import user_ensure
from marketplace.models import Membership, Role
from orders.exceptions import ClaimError
from orders.models import (
    Claim,
    Inspection,
    MemberSkill,
    OrderMode,
    OrderStatus,
    PayoutProfile,
    PayoutRun,
    ProductionOrder,
    Rail,
    RejectionReason,
    Skill,
)
from orders.services.claims import claim_set
from orders.services.ledger import adjustment_record
from orders.services.orders import open_demand
from orders.services.payouts import (
    offline_paid,
    problem_report,
    receipt_confirm,
    run_execute,
    run_start,
)
from orders.services.production import handover_record, inspection_correct, inspection_record
from orders.services.requests import request_set, window_close

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
    # A request window already shared out, and a small order the mothers have finished.
    (
        "07",
        "caihong",
        "CH-KNOT-8R",
        90,
        "3.80",
        16,
        "knot-basic",
        10,
        60,
        "request_window",
        "open",
    ),
    ("08", "xiwowo", "XW-BB-PEACH", 30, "2.80", 3, "huabobo", 10, 30, "first_come", "open"),
]
# Orders that make the paid made-to-order purchases of their product.
SERVES_PAID_DEMAND = ("02", "03")
# Requests on the request-window orders: marker, mother, pieces asked for.
REQUESTS = [
    ("04", "13800000001", 60),
    ("04", "13800000003", 40),
    ("07", "13800000001", 60),
    ("07", "13800000002", 50),
    ("07", "13800000004", 20),
]
# Which windows have closed already (shared out when seeded).
SHARED_OUT = {"07"}
# At the 驿站 table: marker, mother, pieces handed over, accepted, {reason code: rejected}.
HANDOVERS = [
    ("01", "13800000001", 40, 38, {"loose-knot": 2}),
    ("01", "13800000002", 60, 57, {"loose-knot": 1, "wrong-colour": 2}),
    ("01", "13800000002", 30, None, None),  # awaiting inspection
    ("02", "13800000003", 50, 50, {}),
    ("02", "13800000009", 40, 36, {"size-off": 4}),
    ("03", "13800000001", 5, 5, {}),
    ("05", "13800000005", 30, 29, {"dirty": 1}),
    ("08", "13800000006", 30, 30, {}),
    # A third working mother at 喜我我, so that the federation's overview may show the
    # cooperative on its own (fewer than three are merged, to keep each one's pay hers).
    ("05", "13800000007", 20, 20, {}),
]
# One recorded correction of a mother's first inspection: marker, mother, accepted after,
# {reason: rejected after}, why.
CORRECTIONS = [
    ("02", "13800000009", 37, {"size-off": 3}, "复查：一件尺寸在允许误差内"),
]
CLAIMS = [
    # marker, mother's username, pieces
    ("08", "13800000006", 30),
    ("01", "13800000001", 40),
    ("01", "13800000002", 120),
    ("01", "13800000004", 60),
    ("02", "13800000003", 100),
    ("02", "13800000009", 100),
    ("02", "13800000004", 100),
    ("03", "13800000001", 15),
    ("05", "13800000005", 60),
    ("05", "13800000006", 30),
    ("05", "13800000007", 20),
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
    """Skills for the demo mothers, production orders in every mode and state, claims,
    requests, handovers, inspections (one corrected) and an order serving paid purchases."""
    skills = {slug: _skill(slug, name, name_en) for slug, name, name_en, _ in SKILLS}
    _grant_skills(skills)
    orders = {spec[0]: _order(spec, marketplace, skills) for spec in ORDERS}
    for marker in SERVES_PAID_DEMAND:
        _serve_paid_demand(orders[marker])
    made = sum(_claim(orders[marker], username, pieces) for marker, username, pieces in CLAIMS)
    for marker, username, pieces in REQUESTS:
        _request(orders[marker], username, pieces)
    for marker in SHARED_OUT:
        window_close(order=orders[marker], early=True)
    handed = _handovers(orders)
    _payouts(orders)
    _federation_user()
    if stdout is not None:
        stdout.write(
            f"orders: {len(skills)} skills, {len(orders)} orders, {made} new claims, "
            f"{handed} new handovers"
        )
    return {"skills": skills, "orders": orders}


def _member(order: ProductionOrder, username: str) -> Membership:
    return Membership.objects.get(
        cooperative_id=order.cooperative_id, user__username=username, role=Role.MOTHER
    )


def _serve_paid_demand(order: ProductionOrder) -> None:
    """The order makes the paid made-to-order purchases of its product waiting for one."""
    if order.serves.exists():
        return
    lines = open_demand(cooperatives=[order.cooperative_id]).filter(product_id=order.product_id)
    order.serves.set(lines)


def _request(order: ProductionOrder, username: str, pieces: int) -> None:
    mother = _member(order, username)
    if order.claims.filter(mother=mother).exists() or not order.takes_requests:
        return
    request_set(order=order, mother=mother, quantity=pieces)


def _handovers(orders: dict) -> int:
    """Handovers and inspections, once: a claim that has handovers is left alone."""
    made, seen = 0, set()
    for marker, username, count, accepted, rejected in HANDOVERS:
        order = orders[marker]
        claim = Claim.objects.get(order=order, mother=_member(order, username))
        coordinator = _coordinator(order)
        if claim.pk not in seen and claim.handovers.exists():
            continue
        seen.add(claim.pk)
        handover = handover_record(claim=claim, count=count, actor=coordinator)
        made += 1
        if accepted is not None:
            inspection_record(
                handover=handover,
                accepted=accepted,
                rejections=_reasons(order, rejected),
                actor=coordinator,
                note="结形工整" if not rejected else "返工后再交",
            )
    for marker, username, accepted, rejected, why in CORRECTIONS:
        order = orders[marker]
        claim = Claim.objects.get(order=order, mother=_member(order, username))
        first = Inspection.objects.filter(handover__claim=claim, corrects__isnull=True).first()
        if first is None or Inspection.objects.filter(corrects=first).exists():
            continue
        inspection_correct(
            inspection=first,
            accepted=accepted,
            rejections=_reasons(order, rejected),
            actor=_coordinator(order),
            note=why,
        )
    return made


# How the demo mothers are paid: username → (method, account holder, account/ID, bank).
PAYOUT_DETAILS = {
    "13800000001": ("bank", "王秀英", "6228480398765432101", "中国农业银行莱西支行"),
    "13800000002": ("wechat", "李桂兰", "wxid_liguilan1975", ""),
    "13800000003": ("alipay", "张丽", "13800000003", ""),
    "13800000004": ("cash", "", "", ""),
    "13800000005": ("bank", "刘芳", "6217000012345678901", "中国建设银行水集支行"),
    "13800000006": ("wechat", "陈静", "wxid_chenjing88", ""),
    "13800000009": ("bank", "赵敏", "6222020200112233445", "中国工商银行莱西支行"),
}


def _payouts(orders: dict) -> None:
    """Payout details for the mothers; one completed run for 彩虹手编 (every payment's
    reference recorded, one receipt confirmed, one problem reported), then a bonus after it,
    so that the demo shows paid and unpaid balances. 喜我我's mothers are owed, unpaid."""
    for membership in Membership.objects.filter(role=Role.MOTHER).select_related("user"):
        method, holder, account, bank = PAYOUT_DETAILS.get(
            membership.user.username, ("cash", "", "", "")
        )
        PayoutProfile.objects.get_or_create(
            membership=membership,
            defaults={
                "rail": Rail.OFFLINE,
                "method": method,
                "account_name": holder,
                "account_number": account,
                "bank_name": bank,
            },
        )
    cooperative = orders["01"].cooperative
    if PayoutRun.objects.filter(cooperative=cooperative).exists():
        return
    coordinator = _coordinator(orders["01"])
    run = run_execute(
        run_start(cooperative=cooperative, cutoff=timezone.localdate(), actor=coordinator)
    )
    for number, payout in enumerate(run.payouts.select_related("mother__user"), start=1):
        offline_paid(
            payout=payout,
            reference=f"LX{timezone.localdate():%Y%m%d}{number:04d}",
            actor=coordinator,
        )
    first, *others = run.payouts.order_by("pk")
    receipt_confirm(payout=first)
    if others:
        problem_report(payout=others[0], problem="银行卡还没到账，麻烦帮忙查一下")
    adjustment_record(
        mother=first.mother,
        amount=Decimal("20.00"),
        reason="本月交件全部合格，全勤奖",
        actor=coordinator,
    )


FEDERATION_LOGIN = ("federation", "fulian", "fulian-demo-2026")
# Created with its permission by migration orders 0007.
FEDERATION_GROUP = "妇联 / Women's federation"


def _federation_user() -> None:
    """The women's federation: sees the overview across cooperatives, nobody's name."""
    _role, username, password = FEDERATION_LOGIN
    user = user_ensure(username=username, password=password, first_name="莱西市妇联")
    user.groups.add(Group.objects.get(name=FEDERATION_GROUP))


def _coordinator(order: ProductionOrder):
    return (
        Membership.objects.filter(cooperative_id=order.cooperative_id, role=Role.COORDINATOR)
        .select_related("user")
        .first()
        .user
    )


def _reasons(order: ProductionOrder, rejected: dict) -> dict[int, int]:
    codes = dict(
        RejectionReason.objects.filter(cooperative_id=order.cooperative_id).values_list(
            "code", "pk"
        )
    )
    return {codes[code]: pieces for code, pieces in rejected.items()}


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
    mother = _member(order, username)
    if order.claims.filter(mother=mother).exists():
        return 0
    try:
        claim_set(order=order, mother=mother, quantity=pieces)
    except ClaimError:
        return 0
    return 1
