"""How a payout travels, said one way on the run, the statement, the payslip and the file."""

from django.utils import translation

import pytest

from orders.models import OfflineMethod, Rail, way_label


@pytest.mark.parametrize(
    ("rail", "method", "said"),
    [
        (Rail.STRIPE, "", "Stripe transfer"),
        (Rail.STRIPE, OfflineMethod.CASH, "Stripe transfer"),
        (Rail.OFFLINE, OfflineMethod.WECHAT, "WeChat Pay"),
        (Rail.OFFLINE, "", "Offline payment"),  # a method no longer offered
    ],
)
def test_way_label(rail, method, said):
    with translation.override("en"):
        assert way_label(rail=rail, method=method) == said
