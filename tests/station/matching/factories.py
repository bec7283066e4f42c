"""Factories of the station's parties and of job wishes, for the matching tests."""

import datetime

import factory

from station.models import Employer, Position, Recommendation, Registration
from tests.factories import UserFactory
from tests.station import factories as station
from tests.station.factories import AreaFactory, StationStaffFactory


class EmployerFactory(station.EmployerFactory):
    """宝泉花生 of 水集街道, one row whatever the number of positions."""

    class Meta:
        model = Employer
        django_get_or_create = ("slug",)

    name = "宝泉花生"
    name_en = "Baoquan Peanuts"
    slug = "baoquan"
    area = factory.SubFactory(AreaFactory)


class PositionFactory(station.PositionFactory):
    """Packing, 8:30 to 15:30, in the employer's area, open, no flexibility."""

    class Meta:
        model = Position

    employer = factory.SubFactory(EmployerFactory)
    starts_at = datetime.time(8, 30)
    ends_at = datetime.time(15, 30)


StaffFactory = StationStaffFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    """李红 of 水集街道, free 8:30 to 15:30, consenting to be contacted."""

    class Meta:
        model = Registration
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = "李红"
    phone = "13900001111"
    earliest_start = datetime.time(8, 30)
    latest_finish = datetime.time(15, 30)
    consent = True

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        self.areas.set(extracted if extracted is not None else [AreaFactory()])

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if extracted:
            self.skills.set(extracted)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    registration = factory.SubFactory(RegistrationFactory)
    position = factory.SubFactory(PositionFactory)
