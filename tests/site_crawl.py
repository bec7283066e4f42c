"""Every page of the site, as each kind of person gets it: the addresses come from the URL
resolver (everything under the language prefix), each filled with the ids of a small world
where every page has something to show (``CrawlWorld``), so that a page added tomorrow is
visited without anyone listing it here."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation

from marketplace.models import Purchase
from station.models import RightsRequest
from station.training.services import enrolment_create
from tests.factories import (
    CooperativeFactory,
    ProductFactory,
    ShowcaseTree,
    UserFactory,
    coordinator_of,
    make_image,
    paid_purchase,
)
from tests.orders.factories import (
    AdjustmentFactory,
    ClaimFactory,
    HandoverFactory,
    InvitationFactory,
    PayoutProfileFactory,
    PayoutRunFactory,
    PreparedFileFactory,
    TimingSampleFactory,
    earn,
    knot_order,
    mother_for,
)
from tests.station.matching.factories import RecommendationFactory, RegistrationFactory
from tests.station.training.factories import course, course_index

# Not pages: Wagtail's own catch-all (the showcase's pages are listed by the world instead)
# and its password form for restricted pages, which this site has none of.
NOT_PAGES = {
    "wagtail_serve",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
}
# Files, not pages (PDF, zip, CSV and XLSX): the crawl reads HTML.
FILE_SUFFIXES = ("_pdf", "_zip", "_export")

# Where each signed-in role works: every address there must answer her.
AREAS = {"mother": "work_", "coordinator": "co_", "federation": "federation"}


@dataclass
class Route:
    name: str
    kwargs: tuple[str, ...]


def routes() -> list[Route]:
    """Every named address inside the language prefix that answers with a page."""
    found = []
    for resolver in get_resolver().url_patterns:
        if isinstance(resolver, URLResolver) and isinstance(resolver.pattern, LocalePrefixPattern):
            found += _walk(resolver.url_patterns, ())
    unique = {route.name: route for route in found}
    return [
        route
        for route in unique.values()
        if route.name not in NOT_PAGES and not route.name.endswith(FILE_SUFFIXES)
    ]


def _walk(patterns, kwargs: tuple[str, ...]) -> list[Route]:
    found = []
    for pattern in patterns:
        names = kwargs + tuple(getattr(pattern.pattern, "converters", {}))
        if isinstance(pattern, URLResolver):
            found += _walk(pattern.url_patterns, names)
        elif isinstance(pattern, URLPattern) and pattern.name:
            found.append(Route(pattern.name, names))
    return found


@dataclass
class Visit:
    role: str
    url: str
    status: int
    html: str = ""


@dataclass
class CrawlWorld:
    """A cooperative with a published order, two mothers at work (one inspected and paid,
    one with pieces waiting for inspection), a paid purchase of a signed-in buyer, an
    invitation each way, the showcase with a product, a cooperative and a story, a federation
    reader and a site editor."""

    clients: dict[str, Client] = field(default_factory=dict)
    ids: dict[str, dict[str, object]] = field(default_factory=dict)
    showcase: dict[str, list[str]] = field(default_factory=dict)
    things: dict[str, object] = field(default_factory=dict)

    @classmethod
    def build(cls) -> "CrawlWorld":
        tree = ShowcaseTree()
        cooperative = CooperativeFactory(name="巧手合作社")
        order = knot_order(cooperative, materials="红绳两米", instructions="先打底结")
        mother = mother_for(order)
        product = ProductFactory(cooperative=cooperative, stock=5)
        purchase = paid_purchase((product, 1))
        training = course(tree)
        enrolment_create(course=training, user=mother.user, with_child=True)
        ids = (
            _production(order, mother)
            | _shop(purchase)
            | {"course_id": training.pk}
            | _fair_work(product)
            | _station(mother)
        )
        world = cls(
            ids={
                "anonymous": ids,
                "buyer": ids,
                "mother": ids | _mothers_own(mother),
                "coordinator": ids | _coordinators_own(order),
                "federation": ids,
                "editor": ids,
            },
            showcase=_showcase(tree, product, cooperative, training),
            things={"product": product},
        )
        world.sign_in(_people(coordinator_of(cooperative), mother, purchase))
        return world

    def sign_in(self, people: dict) -> None:
        # A page that fails is a finding of the crawl, not an exception.
        self.clients = {"anonymous": Client(raise_request_exception=False)}
        for role, user in people.items():
            self.clients[role] = Client(raise_request_exception=False)
            self.clients[role].force_login(user)

    def address(self, role: str, route: Route, language: str) -> str | None:
        """The route's address for ``role`` in ``language``; None when the world has no value
        for one of its parts (a new kind of id: add it to ``build``)."""
        ids = self.ids[role]
        if any(name not in ids for name in route.kwargs):
            return None
        with translation.override(language):
            return reverse(route.name, kwargs={name: ids[name] for name in route.kwargs})

    def get(self, role: str, url: str, **params) -> Visit:
        return _visit(role, url, self.clients[role].get(url, params))

    def post(self, role: str, url: str, data: dict) -> Visit:
        """What she reads after sending ``data``: the page with the form's errors, or the one
        she is sent to with the message saying what went wrong."""
        return _visit(role, url, self.clients[role].post(url, data, follow=True))


def _production(order, mother) -> dict[str, object]:
    """Her work inspected (with a rejection), a bonus, bank details and a payout run that
    pays her; the ids of what the coordinator's and her pages show."""
    claim = earn(order, mother, accepted=10, rejected=2)
    AdjustmentFactory(mother=mother, amount=Decimal("20.00"), reason="奖励")
    PayoutProfileFactory(membership=mother, bank=True)
    run = PayoutRunFactory(cooperative=order.cooperative)
    return {
        "prepared_id": PreparedFileFactory(run=run).pk,
        "order_id": order.pk,
        "membership_id": mother.pk,
        "cooperative_id": order.cooperative_id,
        "month": f"{timezone.localdate():%Y-%m}",
        "run_id": run.pk,
        "payout_id": run.payouts.get(mother=mother).pk,
        "inspection_id": claim.handovers.get().inspections.get().pk,
    }


def _fair_work(product) -> dict[str, object]:
    """A timed sample of the cooperative's product (issue 16)."""
    return {"product_id": product.pk, "sample_id": TimingSampleFactory(product=product).pk}


def _station(mother) -> dict[str, object]:
    """A position, her job wish recommended for it, and a rights request (issue 17); the
    crawl's station staff serve the wish's area."""
    recommendation = RecommendationFactory(registration=RegistrationFactory(user=mother.user))
    request = RightsRequest.objects.create(
        name="王女士",
        phone="13900002222",
        topic="labour",
        what_happened="不让按时下班接孩子。",
        consent=True,
    )
    return {
        "position_id": recommendation.position_id,
        "registration_id": recommendation.registration_id,
        "recommendation_id": recommendation.pk,
        "request_id": request.pk,
        "fmt": "csv",
    }


def _shop(purchase) -> dict[str, object]:
    return {"line_id": purchase.lines.get().pk, "token": purchase.token, "action": "ship"}


def _mothers_own(mother) -> dict[str, object]:
    """Her claim and its handover, and another cooperative's invitation to her."""
    invited = InvitationFactory(cooperative=CooperativeFactory(name="邻村合作社"), user=mother.user)
    claim = mother.claims.get()
    return {
        "claim_id": claim.pk,
        "invitation_id": invited.pk,
        "handover_id": claim.handovers.first().pk,
    }


def _coordinators_own(order) -> dict[str, object]:
    """A second mother's claim with pieces handed over and not yet inspected, and the
    cooperative's invitation to a woman of another."""
    waiting = ClaimFactory(order=order, mother=mother_for(order), quantity=20)
    handover = HandoverFactory(claim=waiting, count=5)
    invited = InvitationFactory(cooperative=order.cooperative, user=UserFactory())
    return {"claim_id": waiting.pk, "handover_id": handover.pk, "invitation_id": invited.pk}


def _showcase(tree, product, cooperative, training) -> dict[str, list[str]]:
    """The showcase's pages and the station's courses in Chinese, and their English copies."""
    photo = make_image("中国结照片")
    pages = [
        tree.home,
        tree.products,
        tree.add_product(product, image=photo),
        tree.cooperatives,
        tree.add_cooperative(cooperative, image=photo),
        tree.stories,
        tree.add_story(title="编结的妈妈", date=timezone.localdate(), image=photo),
        course_index(tree),
        training,
    ]
    return {
        "zh-hans": [page.url for page in pages],
        "en": [tree.translate(page, title=f"Page {n}").url for n, page in enumerate(pages)],
    }


def _people(coordinator, mother, purchase) -> dict:
    """Who signs in as each role: the buyer is the purchase's, signed in when she bought."""
    buyer = UserFactory(email=purchase.email, first_name="李女士")
    Purchase.objects.filter(pk=purchase.pk).update(buyer=buyer)
    federation = UserFactory(first_name="妇联")
    federation.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    return {
        "buyer": buyer,
        "mother": mother.user,
        "coordinator": coordinator.user,
        "federation": federation,
        "editor": UserFactory(first_name="编辑", is_staff=True, is_superuser=True),
    }


def _visit(role: str, url: str, response) -> Visit:
    html = ""
    if "html" in response.get("Content-Type", ""):
        html = response.content.decode()
    return Visit(role=role, url=url, status=response.status_code, html=html)
