"""The demo marketplace of Laixi's 水集街道: categories, cooperatives, products, people and
a few weeks of purchases.

Everything is created if missing and left alone if present (keyed on slug, SKU, username or,
for purchases, the "演示订单 NN：" that starts their note), so ``seed_demo`` can run again on a
database people have already been clicking around in: stock sold, prices edited and passwords
changed all survive a rerun.

The cooperatives 彩虹手编, 喜我我花饽饽 and 开心家庭农场 are named in the Qingdao news report
in ``seed/``; 巧手布艺坊 is invented for the demo. Addresses, buyers and phone numbers are made
up.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from marketplace.exceptions import MarketError, ProductUnavailable
from marketplace.models import (
    Category,
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
from marketplace.services.cart import CartLine
from marketplace.services.purchases import (
    Contact,
    line_transition,
    purchase_create,
    purchase_expire,
    purchase_transition,
)
from marketplace.services.stock import stock_release

ADMIN_PASSWORD = "admin-demo-2026"  # noqa: S105 - published demo credentials
COORDINATOR_PASSWORD = "coord-demo-2026"  # noqa: S105
MOTHER_PASSWORD = "mama-demo-2026"  # noqa: S105
BUYER_PASSWORD = "buyer-demo-2026"  # noqa: S105

CATEGORIES = [
    # slug, name, name_en
    ("chinese-knots", "中国结", "Chinese knots"),
    ("huabobo", "花饽饽", "Decorative steamed buns"),
    ("farm-goods", "农家好物", "Farm goods"),
    ("fabric-crafts", "布艺手作", "Fabric crafts"),
    ("laixi-gifts", "莱西有礼", "Gifts from Laixi"),
]

COOPERATIVES = [
    {
        "slug": "caihong",
        "name": "彩虹手编",
        "name_en": "Rainbow Handweaving",
        "city": "青岛市莱西市",
        "address": "水集街道广州路社区“妈妈岗”暖心驿站（彩虹家政 中国结编织技艺项目）",
        "phone": "0532-8840 1101",
    },
    {
        "slug": "xiwowo",
        "name": "喜我我花饽饽",
        "name_en": "Xiwowo Decorative Buns",
        "city": "青岛市莱西市",
        "address": "水集街道天津路 喜我我花饽饽面食工坊",
        "phone": "0532-8840 1102",
    },
    {
        "slug": "kaixin",
        "name": "开心家庭农场",
        "name_en": "Happy Family Farm",
        "city": "青岛市莱西市",
        "address": "水集街道 恒岳丰开心家庭农场",
        "phone": "0532-8840 1103",
    },
    {
        "slug": "qiaoshou",
        "name": "巧手布艺坊",
        "name_en": "Clever Hands Fabric Crafts",
        "city": "青岛市莱西市",
        "address": "水集街道广州路社区“妈妈岗”暖心驿站 二楼手工教室",
        "phone": "0532-8840 1104",
    },
]


@dataclass(frozen=True)
class ProductSpec:
    sku: str
    cooperative: str
    category: str
    name: str
    name_en: str
    price: str
    stock: int = 0
    lead_time_days: int = 0
    max_per_order: int = 50

    @property
    def fulfilment(self) -> str:
        """Products with a lead time are made to order; the rest are sold from stock."""
        return Fulfilment.MADE_TO_ORDER if self.lead_time_days else Fulfilment.IN_STOCK


PRODUCTS = [
    ProductSpec(
        "CH-KNOT-8R",
        "caihong",
        "chinese-knots",
        "红色8寸平安结挂饰",
        "Red 8-inch peace knot",
        "38.00",
        stock=120,
    ),
    ProductSpec(
        "CH-KNOT-FU",
        "caihong",
        "chinese-knots",
        "福字盘长结（大号）",
        "Large endless knot with 福 (good fortune)",
        "168.00",
        lead_time_days=14,
        max_per_order=20,
    ),
    ProductSpec(
        "CH-KNOT-CAR",
        "caihong",
        "chinese-knots",
        "车挂平安结",
        "Peace knot for the car mirror",
        "29.90",
        stock=200,
    ),
    ProductSpec(
        "CH-KNOT-WED",
        "caihong",
        "chinese-knots",
        "喜字婚庆结（一对）",
        "Double-happiness wedding knots (pair)",
        "128.00",
        lead_time_days=10,
        max_per_order=30,
    ),
    ProductSpec(
        "CH-KNOT-BRC",
        "caihong",
        "chinese-knots",
        "手编红绳转运手链",
        "Hand-braided red-cord bracelet",
        "19.90",
        stock=0,
    ),
    ProductSpec(
        "CH-KNOT-KEY",
        "caihong",
        "chinese-knots",
        "中国结钥匙扣（10个装）",
        "Chinese-knot key rings (pack of 10)",
        "59.00",
        stock=45,
    ),
    ProductSpec(
        "CH-KNOT-BULK",
        "caihong",
        "chinese-knots",
        "企业年会定制中国结（单个）",
        "Custom Chinese knots for companies (per piece)",
        "12.50",
        lead_time_days=21,
        max_per_order=2000,
    ),
    ProductSpec(
        "XW-BB-PEACH",
        "xiwowo",
        "huabobo",
        "寿桃花饽饽（8个装）",
        "Longevity-peach buns (box of 8)",
        "88.00",
        lead_time_days=3,
        max_per_order=10,
    ),
    ProductSpec(
        "XW-BB-FISH",
        "xiwowo",
        "huabobo",
        "年年有余鱼形花饽饽",
        "Fish-shaped 'plenty every year' bun",
        "68.00",
        lead_time_days=3,
        max_per_order=10,
    ),
    ProductSpec(
        "XW-BB-WED",
        "xiwowo",
        "huabobo",
        "喜饽饽婚庆礼盒",
        "Wedding bun gift box",
        "198.00",
        lead_time_days=5,
        max_per_order=5,
    ),
    ProductSpec(
        "XW-BB-FLOWER",
        "xiwowo",
        "huabobo",
        "花开富贵大花饽饽",
        "Great blossom bun",
        "128.00",
        lead_time_days=4,
        max_per_order=6,
    ),
    ProductSpec(
        "XW-BB-MINI",
        "xiwowo",
        "huabobo",
        "速冻迷你花样馒头（12个）",
        "Frozen mini flower buns (12)",
        "36.00",
        stock=30,
    ),
    ProductSpec(
        "KX-FARM-PEANUT",
        "kaixin",
        "farm-goods",
        "莱西大花生（2.5公斤）",
        "Laixi peanuts in the shell (2.5 kg)",
        "45.00",
        stock=80,
    ),
    ProductSpec(
        "KX-FARM-EGG",
        "kaixin",
        "farm-goods",
        "散养土鸡蛋（30枚）",
        "Free-range eggs (30)",
        "49.90",
        stock=60,
    ),
    ProductSpec(
        "KX-FARM-POTATO",
        "kaixin",
        "farm-goods",
        "农家蜜薯（5公斤）",
        "Honey sweet potatoes (5 kg)",
        "39.90",
        stock=100,
    ),
    ProductSpec(
        "KX-FARM-GRAPE",
        "kaixin",
        "farm-goods",
        "巨峰葡萄采摘预订（2.5公斤）",
        "Kyoho grapes, picked to order (2.5 kg)",
        "58.00",
        lead_time_days=7,
        max_per_order=20,
    ),
    ProductSpec(
        "KX-GIFT-NEWYEAR",
        "kaixin",
        "laixi-gifts",
        "莱西有礼·农家年货礼盒",
        "Gifts from Laixi: farmhouse New Year box",
        "168.00",
        lead_time_days=5,
        max_per_order=10,
    ),
    ProductSpec(
        "QS-FAB-TIGER",
        "qiaoshou",
        "fabric-crafts",
        "手工布老虎",
        "Handmade cloth tiger",
        "78.00",
        lead_time_days=10,
        max_per_order=20,
    ),
    ProductSpec(
        "QS-FAB-SACHET",
        "qiaoshou",
        "fabric-crafts",
        "端午绣花香囊（5个装）",
        "Embroidered Dragon Boat sachets (5)",
        "45.00",
        stock=50,
    ),
    ProductSpec(
        "QS-FAB-INSOLE",
        "qiaoshou",
        "fabric-crafts",
        "手工绣花鞋垫",
        "Hand-embroidered insoles",
        "35.00",
        stock=40,
    ),
]

COORDINATORS = [
    # username, first_name, cooperative slug
    ("coord-caihong", "孙红霞", "caihong"),
    ("coord-xiwowo", "于美玲", "xiwowo"),
    ("coord-kaixin", "姜海燕", "kaixin"),
    ("coord-qiaoshou", "宋晓梅", "qiaoshou"),
]

MOTHERS = [
    # username (her mobile number), first_name, cooperative slugs
    ("13800000001", "王秀兰", ("caihong",)),
    ("13800000002", "李娜", ("caihong",)),
    ("13800000003", "张丽", ("caihong", "qiaoshou")),
    ("13800000004", "刘芳", ("caihong",)),
    ("13800000005", "陈静", ("xiwowo",)),
    ("13800000006", "杨敏", ("xiwowo",)),
    ("13800000007", "赵燕", ("kaixin", "xiwowo")),
    ("13800000008", "黄丽娟", ("qiaoshou",)),
    ("13800000009", "周晓红", ("caihong",)),
]

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("admin", "admin", ADMIN_PASSWORD),
    *[("coordinator", username, COORDINATOR_PASSWORD) for username, _, _ in COORDINATORS],
    *[("mother", username, MOTHER_PASSWORD) for username, _, _ in MOTHERS],
    ("buyer", "buyer", BUYER_PASSWORD),
]


def seed_marketplace(stdout=None) -> dict:
    """Create whatever of the demo marketplace is missing; return handles to all of it.

    Returns ``{"categories": {slug: Category}, "cooperatives": {slug: Cooperative},
    "products": {sku: Product}, "users": {username: User}}``. Writes one line per kind of
    object to ``stdout`` (a management command's output wrapper) if given.
    """
    categories = {
        slug: category_ensure(slug=slug, name=name, name_en=name_en)
        for slug, name, name_en in CATEGORIES
    }
    cooperatives = {spec["slug"]: cooperative_ensure(**spec) for spec in COOPERATIVES}
    products = {
        spec.sku: product_ensure(spec=spec, cooperatives=cooperatives, categories=categories)
        for spec in PRODUCTS
    }
    users = people_ensure(cooperatives=cooperatives)
    if stdout is not None:
        stdout.write(
            f"marketplace: {len(categories)} categories, {len(cooperatives)} cooperatives, "
            f"{len(products)} products, {len(users)} users"
        )
    return {
        "categories": categories,
        "cooperatives": cooperatives,
        "products": products,
        "users": users,
    }


def category_ensure(*, slug: str, name: str, name_en: str) -> Category:
    sort_order = [row[0] for row in CATEGORIES].index(slug)
    category, _ = Category.objects.get_or_create(
        slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": sort_order}
    )
    return category


def cooperative_ensure(*, slug: str, **fields) -> Cooperative:
    cooperative, _ = Cooperative.objects.get_or_create(slug=slug, defaults=fields)
    return cooperative


def product_ensure(*, spec: ProductSpec, cooperatives: dict, categories: dict) -> Product:
    product, _ = Product.objects.get_or_create(
        sku=spec.sku,
        defaults={
            "cooperative": cooperatives[spec.cooperative],
            "category": categories[spec.category],
            "name": spec.name,
            "name_en": spec.name_en,
            "price": Decimal(spec.price),
            "fulfilment": spec.fulfilment,
            "stock": spec.stock,
            "lead_time_days": spec.lead_time_days,
            "max_per_order": spec.max_per_order,
        },
    )
    return product


def people_ensure(*, cooperatives: dict) -> dict:
    """The admin, a coordinator per cooperative, the mothers and a buyer, by username."""
    admin = user_ensure(
        username="admin",
        password=ADMIN_PASSWORD,
        first_name="管理员",
        email="admin@example.com",
        is_staff=True,
        is_superuser=True,
    )
    buyer = user_ensure(
        username="buyer", password=BUYER_PASSWORD, first_name="林悦", email="buyer@example.com"
    )
    return {
        "admin": admin,
        **coordinators_ensure(cooperatives=cooperatives),
        **mothers_ensure(cooperatives=cooperatives),
        "buyer": buyer,
    }


def coordinators_ensure(*, cooperatives: dict) -> dict:
    users = {}
    for username, first_name, slug in COORDINATORS:
        users[username] = user_ensure(
            username=username,
            password=COORDINATOR_PASSWORD,
            first_name=first_name,
            email=f"{username}@example.com",
        )
        membership_ensure(
            user=users[username], cooperative=cooperatives[slug], role=Role.COORDINATOR
        )
    return users


def mothers_ensure(*, cooperatives: dict) -> dict:
    """The mothers, each a member of her cooperatives (张丽 of two)."""
    users = {}
    for username, first_name, slugs in MOTHERS:
        users[username] = user_ensure(
            username=username, password=MOTHER_PASSWORD, first_name=first_name
        )
        for slug in slugs:
            membership_ensure(
                user=users[username], cooperative=cooperatives[slug], role=Role.MOTHER
            )
    return users


def user_ensure(*, username: str, password: str, **fields):
    """The user called ``username``; the password is set only when she is created."""
    user, _ = get_user_model().objects.get_or_create(
        username=username, defaults={**fields, "password": partial(_password_hash, password)}
    )
    return user


def membership_ensure(*, user, cooperative: Cooperative, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        user=user, cooperative=cooperative, defaults={"role": role}
    )
    return membership


@cache
def _password_hash(password: str) -> str:
    # Hashing costs ~0.7 s; demo users sharing a password share one hash (and its salt)
    # so the seed stays fast. Real accounts never come through here.
    return make_password(password)


# Purchases -------------------------------------------------------------------------------

DEMO_PURCHASE_MARK = "演示订单"
SF, ZTO = "顺丰速运", "中通快递"
PAID_AFTER = datetime.timedelta(minutes=4)  # from placing the purchase to Stripe's webhook

# When something happened, in the site's time zone: (days before today, "HH:MM") for placing a
# purchase, (days after the day it was paid, "HH:MM") for a line's steps.
type Moment = tuple[int, str]


@dataclass(frozen=True)
class LineSpec:
    """``quantity`` of ``sku`` and, once paid, the ``steps`` it went through: (status,
    moment). Shipping needs ``carrier`` and ``tracking_number``; cancelling a ``reason``
    (the line is then refunded in full)."""

    sku: str
    quantity: int
    steps: tuple[tuple[str, Moment], ...] = ()
    carrier: str = ""
    tracking_number: str = ""
    reason: str = ""


def delivered(
    sku: str,
    quantity: int,
    carrier: str,
    tracking_number: str,
    *,
    packed: Moment,
    shipped: Moment,
    arrived: Moment,
) -> LineSpec:
    steps = (
        (LineStatus.PACKED, packed),
        (LineStatus.SHIPPED, shipped),
        (LineStatus.DELIVERED, arrived),
    )
    return LineSpec(sku, quantity, steps, carrier, tracking_number)


@dataclass(frozen=True)
class PurchaseSpec:
    """A purchase ``placed`` at a moment that ended ``outcome``: paid, expired unpaid, or
    still awaiting payment (then placed just now, its stock reserved)."""

    key: str
    outcome: str
    placed: Moment | None
    contact: dict
    remark: str
    lines: tuple[LineSpec, ...]
    by_buyer: bool = False  # placed by the demo buyer 林悦 while logged in

    @property
    def marker(self) -> str:
        return f"{DEMO_PURCHASE_MARK} {self.key}："

    @property
    def note(self) -> str:
        return self.marker + self.remark


def _to(recipient, phone, province, city, district, address, email="buyer@example.com") -> dict:
    return {
        "email": email,
        "recipient": recipient,
        "phone": phone,
        "province": province,
        "city": city,
        "district": district,
        "address": address,
    }


# Oldest first, so that the JG reference numbers follow the dates on a fresh database.
PURCHASES = [
    PurchaseSpec(
        "01",
        PurchaseStatus.PAID,
        placed=(12, "21:40"),
        by_buyer=True,
        contact=_to("林悦", "13905321876", "山东省", "青岛市", "市南区", "香港中路80号2号楼1502室"),
        remark="鞋垫要38码的，谢谢！",
        lines=(
            delivered(
                "CH-KNOT-8R",
                2,
                SF,
                "SF1432087765210",
                packed=(1, "09:20"),
                shipped=(1, "15:30"),
                arrived=(3, "10:15"),
            ),
            delivered(
                "KX-FARM-PEANUT",
                1,
                ZTO,
                "78423019866541",
                packed=(1, "10:05"),
                shipped=(1, "17:00"),
                arrived=(4, "14:40"),
            ),
            delivered(
                "QS-FAB-INSOLE",
                2,
                ZTO,
                "78423019866557",
                packed=(1, "14:10"),
                shipped=(2, "09:40"),
                arrived=(4, "16:20"),
            ),
        ),
    ),
    PurchaseSpec(
        "02",
        PurchaseStatus.PAID,
        placed=(9, "20:05"),
        by_buyer=True,
        contact=_to(
            "林晨",
            "18661730542",
            "北京市",
            "北京市",
            "朝阳区",
            "望京街道阜通东大街6号院3号楼1204室",
        ),
        remark="妹妹下个月结婚，喜字结要正红色，麻烦包装结实些。",
        lines=(
            LineSpec("CH-KNOT-WED", 1, ((LineStatus.PACKED, (8, "16:30")),)),
            delivered(
                "XW-BB-WED",
                1,
                SF,
                "SF1432091187746",
                packed=(4, "08:30"),
                shipped=(4, "11:00"),
                arrived=(5, "15:45"),
            ),
        ),
    ),
    PurchaseSpec(
        "03",
        PurchaseStatus.PAID,
        placed=(6, "10:12"),
        contact=_to(
            "王振华",
            "13625427093",
            "山东省",
            "青岛市",
            "崂山区",
            "松岭路169号创业园B座8楼 启航科技行政部",
            email="wang.zhenhua@example.com",
        ),
        remark="公司年会用，按预计日期发货即可；发货前请先给行政部打电话。",
        lines=(LineSpec("CH-KNOT-BULK", 300), LineSpec("CH-KNOT-FU", 2)),
    ),
    PurchaseSpec(
        "04",
        PurchaseStatus.PAID,
        placed=(5, "19:26"),
        contact=_to(
            "刘建华",
            "15866023418",
            "山东省",
            "济南市",
            "历下区",
            "明湖东路32号明湖小区5号楼2单元601室",
            email="liu.jianhua@example.com",
        ),
        remark="给老母亲过八十大寿，寿桃请周末前送到。",
        lines=(
            LineSpec(
                "XW-BB-PEACH",
                2,
                ((LineStatus.PACKED, (2, "07:50")), (LineStatus.SHIPPED, (2, "10:30"))),
                SF,
                "SF1432095530218",
            ),
            LineSpec(
                "KX-FARM-EGG",
                1,
                ((LineStatus.CANCELLED, (1, "08:45")),),
                reason="鸡蛋走长途快递破损多，已电话联系买家取消这一项并全额退款。",
            ),
        ),
    ),
    PurchaseSpec(
        "05",
        PurchaseStatus.EXPIRED,
        placed=(3, "13:02"),
        contact=_to(
            "马俊",
            "15092178834",
            "山东省",
            "青岛市",
            "黄岛区",
            "长江中路228号金沙滩小区16号楼3单元1102室",
            email="ma.jun@example.com",
        ),
        remark="工作日白天家里没人，请下午六点后送。",
        lines=(LineSpec("XW-BB-MINI", 2), LineSpec("KX-FARM-POTATO", 1)),
    ),
    PurchaseSpec(
        "06",
        PurchaseStatus.PAID,
        placed=(2, "21:15"),
        contact=_to(
            "孙丽萍",
            "18753269418",
            "山东省",
            "青岛市",
            "莱西市",
            "水集街道烟台路28号盛世花园12号楼1单元302室",
            email="sun.liping@example.com",
        ),
        remark="送老人的年货，送货前请先打电话。",
        lines=(
            LineSpec("KX-GIFT-NEWYEAR", 2),
            LineSpec("XW-BB-FLOWER", 1),
            LineSpec("QS-FAB-SACHET", 1, ((LineStatus.PACKED, (1, "10:40")),)),
        ),
    ),
    PurchaseSpec(
        "07",
        PurchaseStatus.PAID,
        placed=(1, "12:36"),
        by_buyer=True,
        contact=_to(
            "林国庆", "13792405518", "山东省", "青岛市", "城阳区", "正阳路196号国城小区8号楼402室"
        ),
        remark="布老虎是给小外孙满月的。",
        lines=(LineSpec("CH-KNOT-FU", 1), LineSpec("QS-FAB-TIGER", 1)),
    ),
    PurchaseSpec(
        "08",
        PurchaseStatus.AWAITING_PAYMENT,
        placed=None,
        contact=_to(
            "周子涵",
            "17710283456",
            "北京市",
            "北京市",
            "海淀区",
            "学院路35号院7号楼2单元501室",
            email="zhou.zihan@example.com",
        ),
        remark="车挂是送同事的，麻烦分开包装。",
        lines=(LineSpec("CH-KNOT-CAR", 3), LineSpec("CH-KNOT-KEY", 1)),
    ),
]


def seed_purchases(marketplace: dict, stdout=None) -> dict:
    """Create whichever demo purchases are missing; return all of them by key.

    ``marketplace`` is what ``seed_marketplace`` returned. Each purchase is made the way the
    shop makes it (``purchase_create`` reserves the stock) and then taken through the same
    guarded transitions as the webhook and the coordinator's buttons, which record every step
    in its history and move stock. Only the two side effects of those services that do not
    belong in a seed are left out: the emails to buyers and coordinators, and the call to
    Stripe Refunds (the refund is recorded as Stripe would have answered it). The steps are
    then dated back over the past two weeks.

    A purchase that cannot be bought any more (a product taken off sale, sold out, deleted)
    is skipped with a note to ``stdout``; the rest are still made.
    """
    now = timezone.now()
    existing = list(Purchase.objects.filter(note__startswith=DEMO_PURCHASE_MARK))
    coordinators = {
        marketplace["cooperatives"][slug].pk: marketplace["users"][username]
        for username, _, slug in COORDINATORS
    }
    purchases, created = {}, 0
    for spec in PURCHASES:
        purchase = next((p for p in existing if p.note.startswith(spec.marker)), None)
        if purchase is None:
            try:
                with transaction.atomic():
                    purchase = demo_purchase_create(
                        spec,
                        buyer=marketplace["users"]["buyer"],
                        coordinators=coordinators,
                        now=now,
                    )
            except MarketError as error:
                if stdout is not None:
                    stdout.write(f"purchases: skipped {spec.marker} {error.message}")
                continue
            created += 1
        purchases[spec.key] = purchase
    if stdout is not None:
        stdout.write(f"purchases: {len(purchases)} demo purchases, {created} new")
    return purchases


def demo_purchase_create(spec: PurchaseSpec, *, buyer, coordinators: dict, now) -> Purchase:
    products = Product.objects.in_bulk([line.sku for line in spec.lines], field_name="sku")
    for line in spec.lines:
        if line.sku not in products:
            raise ProductUnavailable(line.sku)
    purchase = purchase_create(
        cart_lines=[
            CartLine(products[line.sku], line.quantity, products[line.sku].price)
            for line in spec.lines
        ],
        contact=Contact(**spec.contact, note=spec.note),
        buyer=buyer if spec.by_buyer else None,
    )
    if spec.placed is None:  # just now: dated and reserved as purchase_create left it
        return purchase
    days_ago, clock = spec.placed
    placed = _at(timezone.localdate(now) - datetime.timedelta(days=days_ago), clock, now=now)
    reserved_until = placed + datetime.timedelta(minutes=settings.STOCK_RESERVATION_MINUTES)
    Purchase.objects.filter(pk=purchase.pk).update(created_at=placed, reserved_until=reserved_until)
    history = History(purchase)
    history.date(placed)
    if spec.outcome == PurchaseStatus.EXPIRED:
        purchase_expire(purchase=purchase)  # the pieces go back to stock
        history.date(reserved_until)
    elif spec.outcome == PurchaseStatus.PAID:
        paid_at = placed + PAID_AFTER
        _pay(purchase, key=spec.key, paid_at=paid_at)
        history.date(paid_at)
        paid_on = timezone.localdate(paid_at)
        for line, line_spec in zip(purchase.lines.all(), spec.lines, strict=True):
            actor = coordinators.get(line.cooperative_id)
            for status, moment in line_spec.steps:
                days, clock = moment
                when = _at(paid_on + datetime.timedelta(days=days), clock, now=now)
                line = _line_step(line, line_spec, to=status, actor=actor, when=when)
                history.date(when)
    purchase.refresh_from_db()
    return purchase


def _at(day: datetime.date, clock: str, *, now: datetime.datetime) -> datetime.datetime:
    """``clock`` o'clock on ``day`` in the site's time zone, and never later than ``now``."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.fromisoformat(clock)))
    return min(moment, now)


class History:
    """Dates a purchase's history back: the events recorded since the last call get ``when``."""

    def __init__(self, purchase: Purchase):
        self.purchase = purchase
        self.seen = 0

    def date(self, when: datetime.datetime) -> None:
        fresh = list(
            PurchaseEvent.objects.filter(purchase=self.purchase, pk__gt=self.seen).values_list(
                "pk", flat=True
            )
        )
        if fresh:
            PurchaseEvent.objects.filter(pk__in=fresh).update(created_at=when)
            self.seen = max(fresh)


def _pay(purchase: Purchase, *, key: str, paid_at: datetime.datetime) -> None:
    """What ``purchase_mark_paid`` does on Stripe's webhook, less the emails it sends on
    commit: the purchase and its lines paid, the pieces ``purchase_create`` reserved kept."""
    intent_id = f"pi_demo_{key}"
    Purchase.objects.filter(pk=purchase.pk).update(
        payment_intent_id=intent_id,
        payment_intent_status="succeeded",
        payment_attempts=1,
        payment_started_at=paid_at - datetime.timedelta(seconds=20),
    )
    purchase_transition(purchase=purchase, to=PurchaseStatus.PAID, note=intent_id)
    Purchase.objects.filter(pk=purchase.pk).update(paid_at=paid_at)
    for line in purchase.lines.all():
        line_transition(line=line, to=LineStatus.PAID)


def _line_step(line: PurchaseLine, spec: LineSpec, *, to: str, actor, when) -> PurchaseLine:
    """What the coordinator's pack, ship, deliver and cancel buttons do (``services.fulfilment``),
    less the buyer's email and, for a cancelled line, the call to Stripe Refunds."""
    if to == LineStatus.CANCELLED:
        return _cancel_refunded(line, actor=actor, reason=spec.reason, when=when)
    if to == LineStatus.SHIPPED:
        note = f"{spec.carrier} {spec.tracking_number}"
        line = line_transition(line=line, to=to, note=note, actor=actor)
        PurchaseLine.objects.filter(pk=line.pk).update(
            carrier=spec.carrier, tracking_number=spec.tracking_number
        )
        return line
    return line_transition(line=line, to=to, actor=actor)


def _cancel_refunded(line: PurchaseLine, *, actor, reason: str, when) -> PurchaseLine:
    """``line_cancel``: cancelled, its pieces back in stock, its subtotal refunded — the refund
    recorded as succeeded, as Stripe answers a refund of a card payment, without asking it."""
    line = line_transition(line=line, to=LineStatus.CANCELLED, note=reason, actor=actor)
    stock_release(lines=[line])
    purchase = line.purchase
    if not purchase.lines.exclude(status=LineStatus.CANCELLED).exists():
        purchase_transition(purchase=purchase, to=PurchaseStatus.CANCELLED, actor=actor)
    amount = line.subtotal
    PurchaseLine.objects.filter(pk=line.pk).update(refunded_amount=amount)
    refund = Refund.objects.create(
        purchase=purchase,
        line=line,
        amount=amount,
        reason=reason,
        status=RefundStatus.SUCCEEDED,
        created_by=actor,
    )
    Refund.objects.filter(pk=refund.pk).update(created_at=when)
    PurchaseEvent.objects.create(
        purchase=purchase,
        line=line,
        status="refunded",
        note=f"¥{amount} · {reason}"[:200],
        actor=actor,
    )
    return line
