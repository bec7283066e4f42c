"""The demo marketplace of Laixi's 水集街道: categories, cooperatives, products and people.

Everything is created if missing and left alone if present (keyed on slug, SKU or username),
so ``seed_demo`` can run again on a database people have already been clicking around in:
stock sold, prices edited and passwords changed all survive a rerun.

The cooperatives 彩虹手编, 喜我我花饽饽 and 开心家庭农场 are named in the Qingdao news report
in ``seed/``; 巧手布艺坊 is invented for the demo. Addresses and phone numbers are made up.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache, partial

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from marketplace.models import Category, Cooperative, Fulfilment, Membership, Product, Role

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
    ("13800000007", "赵燕", ("kaixin",)),
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
