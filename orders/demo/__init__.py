"""The demo's piecework: skills granted after training, production orders in every mode and
state, the mothers' claims on them, handovers and inspections, and a payout run.

The content is data, ``data/production.toml`` and ``data/money.toml`` (each with its schema in
its header). Created if missing (keyed on skill slug and on the order's instructions marker
"演示工单 NN"), left alone if present."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.demo import user_ensure
from marketplace.demo.datafiles import datafile_load
from marketplace.models import Membership, Role
from orders.demo.fair_rates import seed_fair_rates
from orders.demo.hours import seed_reported_times
from orders.demo.materials import seed_materials
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
from orders.money.services.ledger import adjustment_record
from orders.money.services.payouts import (
    offline_paid,
    problem_report,
    receipt_confirm,
    run_execute,
    run_start,
)
from orders.production.services.claims import claim_set
from orders.production.services.handovers import (
    handover_record,
    inspection_correct,
    inspection_record,
)
from orders.production.services.orders import open_demand
from orders.production.services.requests import request_set, window_close

PRODUCTION = datafile_load(__file__, "production")
SKILLS: dict[str, dict] = PRODUCTION["skills"]
ORDERS: dict[str, dict] = PRODUCTION["orders"]
MATERIALS: dict[str, str] = PRODUCTION["materials"]
WORK = PRODUCTION["work"]
MONEY = datafile_load(__file__, "money")
ORDER_MARK = "演示工单"


def seed_orders(marketplace: dict, stdout=None) -> dict:
    """Skills for the demo mothers, production orders in every mode and state, claims,
    requests, handovers, inspections (one corrected) and an order serving paid purchases."""
    skills = {slug: _skill(slug, row["name"], row["name_en"]) for slug, row in SKILLS.items()}
    _grant_skills(skills)
    orders = {marker: _order(marker, row, marketplace, skills) for marker, row in ORDERS.items()}
    seed_fair_rates(orders)
    for marker, row in ORDERS.items():
        if row.get("serves_paid_demand"):
            _serve_paid_demand(orders[marker])
    made = sum(_claim(orders[row["order"]], row["mother"], row["pieces"]) for row in WORK["claims"])
    for row in WORK["requests"]:
        _request(orders[row["order"]], row["mother"], row["pieces"])
    for marker in WORK["shared_out"]:
        window_close(order=orders[marker], early=True)
    handed = _handovers(orders)
    seed_reported_times(
        orders, handover=lambda c, r: _handover(c, r, actor=_coordinator(c.order.cooperative_id))
    )
    seed_materials(stdout=stdout)
    _payouts(marketplace)
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
    for row in WORK["handovers"]:
        order = orders[row["order"]]
        claim = Claim.objects.get(order=order, mother=_member(order, row["mother"]))
        if claim.pk not in seen and claim.handovers.exists():
            continue
        seen.add(claim.pk)
        _handover(claim, row, actor=_coordinator(order.cooperative_id))
        made += 1
    for row in WORK["corrections"]:
        _correct(orders[row["order"]], row)
    return made


def _handover(claim: Claim, row: dict, *, actor) -> None:
    """``row["count"]`` pieces handed over; inspected if the row says how many were accepted."""
    handover = handover_record(claim=claim, count=row["count"], actor=actor)
    if "accepted" not in row:
        return
    rejected = row.get("rejected", {})
    notes = WORK["inspection_notes"]
    inspection_record(
        handover=handover,
        accepted=row["accepted"],
        rejections=_reasons(claim.order, rejected),
        actor=actor,
        note=notes["some_rejected"] if rejected else notes["all_accepted"],
    )


def _correct(order: ProductionOrder, row: dict) -> None:
    """Correct the mother's first inspection, unless it was corrected already."""
    claim = Claim.objects.get(order=order, mother=_member(order, row["mother"]))
    first = Inspection.objects.filter(handover__claim=claim, corrects__isnull=True).first()
    if first is None or Inspection.objects.filter(corrects=first).exists():
        return
    inspection_correct(
        inspection=first,
        accepted=row["accepted"],
        rejections=_reasons(order, row["rejected"]),
        actor=_coordinator(order.cooperative_id),
        note=row["why"],
    )


def _payouts(marketplace: dict) -> None:
    """Payout details for the mothers; one completed run (every payment's reference recorded,
    one receipt confirmed, one problem reported), then a bonus after it, so that the demo
    shows paid and unpaid balances. 喜我我's mothers are owed, unpaid."""
    _payout_profiles()
    spec = MONEY["payout_run"]
    cooperative = marketplace["cooperatives"][spec["cooperative"]]
    if PayoutRun.objects.filter(cooperative=cooperative).exists():
        return
    coordinator = _coordinator(cooperative.pk)
    today = timezone.localdate()
    run = run_execute(run_start(cooperative=cooperative, actor=coordinator))
    for number, payout in enumerate(run.payouts.select_related("mother__user"), start=1):
        reference = f"{spec['reference_prefix']}{today:%Y%m%d}{number:04d}"
        offline_paid(payout=payout, reference=reference, actor=coordinator)
    first, *others = run.payouts.order_by("pk")
    receipt_confirm(payout=first)
    if others:
        problem_report(payout=others[0], problem=spec["problem"])
    adjustment_record(
        mother=first.mother,
        amount=Decimal(spec["bonus"]),
        reason=spec["bonus_reason"],
        actor=coordinator,
    )


def _payout_profiles() -> None:
    """Each mother membership's payout details, once; a mother not in the data is paid cash."""
    details = MONEY["payout_details"]
    for membership in Membership.objects.filter(role=Role.MOTHER).select_related("user"):
        row = details.get(membership.user.username, {"method": "cash"})
        PayoutProfile.objects.get_or_create(
            membership=membership,
            defaults={
                "rail": Rail.OFFLINE,
                "method": row["method"],
                "account_name": row.get("account_name", ""),
                "account_number": row.get("account_number", ""),
                "bank_name": row.get("bank_name", ""),
            },
        )


FEDERATION_LOGIN = ("federation", "fulian", "fulian-demo-2026")
# Created with its permission by migration orders 0007.
FEDERATION_GROUP = "妇联 / Women's federation"


def _federation_user() -> None:
    """The women's federation: sees the overview across cooperatives, nobody's name."""
    _role, username, password = FEDERATION_LOGIN
    user = user_ensure(username=username, password=password, first_name="莱西市妇联")
    user.groups.add(Group.objects.get(name=FEDERATION_GROUP))


def _coordinator(cooperative_id: int):
    return (
        Membership.objects.filter(cooperative_id=cooperative_id, role=Role.COORDINATOR)
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
    """Every mother of the skill's cooperative holds it, or only the mothers it lists."""
    for slug, row in SKILLS.items():
        mothers = Membership.objects.filter(cooperative__slug=row["cooperative"], role=Role.MOTHER)
        if "mothers" in row:
            mothers = mothers.filter(user__username__in=row["mothers"])
        for membership in mothers:
            MemberSkill.objects.get_or_create(membership=membership, skill=skills[slug])


def _order(marker: str, row: dict, marketplace: dict, skills: dict) -> ProductionOrder:
    mark = f"{ORDER_MARK} {marker}"
    existing = ProductionOrder.objects.filter(instructions__startswith=mark).first()
    if existing:
        return existing
    request_window = row["mode"] == OrderMode.REQUEST_WINDOW
    return ProductionOrder.objects.create(
        cooperative=marketplace["cooperatives"][row["cooperative"]],
        product=marketplace["products"][row["sku"]],
        quantity=row["quantity"],
        piece_rate=Decimal(row["piece_rate"]),
        due_date=timezone.localdate() + datetime.timedelta(days=row["due_in_days"]),
        required_skill=skills[row["skill"]],
        min_claim=row["min_claim"],
        max_per_mother=row["max_per_mother"],
        mode=OrderMode(row["mode"]),
        window_closes_at=timezone.now() + datetime.timedelta(days=2) if request_window else None,
        status=OrderStatus(row["status"]),
        materials=MATERIALS[row["sku"]],
        instructions=f"{mark}：{PRODUCTION['instructions']}",
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
