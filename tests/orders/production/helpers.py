"""Small helpers of the production tests: dates counted from today, rows read back from the
database, the mother's claim page and its query count, and the coordinator's new-order form
as the browser sends it."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import Claim
from tests.orders.factories import SkillFactory
from tests.pages import en


def days(n: int) -> datetime.date:
    """The date ``n`` days from today in Shanghai."""
    return timezone.localdate() + datetime.timedelta(days=n)


def fresh(obj):
    """``obj`` as the database holds it now."""
    return type(obj).objects.get(pk=obj.pk)


def her_claim(order, mother) -> Claim | None:
    return Claim.objects.filter(order=order, mother=mother).first()


def claim_page(order) -> str:
    """The mother's page of one order, where she claims (in English)."""
    return en("work_order", order.pk)


def page_queries(client, url: str) -> int:
    """The queries of the page's second view: the first makes the photos' renditions."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def order_fields(product, **overrides) -> dict:
    """The new-order form: 200 pieces of ``product`` at ¥3.50, due in 20 days."""
    return {
        "product": product.pk,
        "quantity": "200",
        "piece_rate": "3.50",
        "due_date": days(20).isoformat(),
        "required_skill": SkillFactory().pk,
        "min_claim": "10",
        "max_per_mother": "80",
        "mode": "first_come",
        "materials": "红色 5 号线 2.4 米",
        "instructions": "盘长结，留 10 厘米",
    } | overrides
