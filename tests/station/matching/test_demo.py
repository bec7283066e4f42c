"""The demo world holds job wishes with and without consent, and recommendations with their
outcomes; seeding again duplicates nothing."""

from unittest import mock

from django.core.management import call_command

import pytest

from marketplace import stripe_gateway
from station.demo.matching import seed_matching
from station.models import Outcome, Recommendation, Registration, StationStaff


@pytest.mark.django_db
def test_the_demo_has_job_wishes_and_outcomes_once():
    with mock.patch.object(stripe_gateway, "client", side_effect=AssertionError("Stripe")):
        call_command("seed_demo", verbosity=0, allow_without_debug=True)
    before = (Registration.objects.count(), Recommendation.objects.count())

    seed_matching()

    assert (Registration.objects.count(), Recommendation.objects.count()) == before
    assert Registration.objects.filter(consent=True).exists()
    assert Registration.objects.filter(consent=False).exists()
    assert Recommendation.objects.filter(outcome=Outcome.PLACED).exists()
    assert StationStaff.objects.exists()
