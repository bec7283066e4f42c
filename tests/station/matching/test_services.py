"""The recommendation service judges the fit itself, and records a pair once."""

import pytest

from station.matching.exceptions import AlreadyRecommended, NotAFit
from station.matching.services import recommendation_create
from station.models import Recommendation
from tests.station.matching.factories import PositionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_a_position_that_does_not_fit_is_refused_whoever_calls():
    with pytest.raises(NotAFit):
        recommendation_create(
            registration=RegistrationFactory(needs_childcare=True),
            position=PositionFactory(),
            by=None,
        )
    assert not Recommendation.objects.exists()


def test_the_same_position_is_recommended_to_her_once():
    registration, position = RegistrationFactory(), PositionFactory()
    recommendation_create(registration=registration, position=position, by=None)

    with pytest.raises(AlreadyRecommended):
        recommendation_create(registration=registration, position=position, by=None)
    assert Recommendation.objects.count() == 1
