"""Factories for the station: areas, friendly employers and their positions, employers' staff,
and the directory and rights pages published under the showcase's home."""

import datetime

import factory

from station.models import (
    Area,
    DirectoryPage,
    Employer,
    EmployerStaff,
    Position,
    RightsPage,
    StationStaff,
)
from tests.factories import ShowcaseTree, UserFactory, publish


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = "水集街道"
    name_en = "Shuiji Street"
    slug = "shuiji"


class StationStaffFactory(factory.django.DjangoModelFactory):
    """A user at the station window of an area (水集街道 unless said)."""

    class Meta:
        model = StationStaff

    user = factory.SubFactory(UserFactory)
    area = factory.SubFactory(AreaFactory)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"友好企业{n}")
    name_en = factory.Sequence(lambda n: f"Friendly employer {n}")
    slug = factory.Sequence(lambda n: f"employer-{n}")
    area = factory.SubFactory(AreaFactory)
    address = "莱西市水集街道烟台路8号"
    phone = "0532-88400000"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        skip_postgeneration_save = True

    employer = factory.SubFactory(EmployerFactory)
    title = "包装工"
    title_en = "Packer"
    area = factory.SelfAttribute("employer.area")
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(15, 0)
    days = "周一至周五"
    openings = 2

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)


class EmployerStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerStaff

    user = factory.SubFactory(UserFactory)
    employer = factory.SubFactory(EmployerFactory)


def directory_page(tree: ShowcaseTree, **fields) -> DirectoryPage:
    page = DirectoryPage(
        title=fields.pop("title", "妈妈岗友好企业名录"),
        slug=fields.pop("slug", "directory"),
        intro=fields.pop("intro", "适合妈妈的岗位。"),
        **fields,
    )
    return publish(tree.home, page)


def rights_page(tree: ShowcaseTree, **fields) -> RightsPage:
    page = RightsPage(
        title=fields.pop("title", "妇女儿童维权咨询"),
        slug=fields.pop("slug", "rights"),
        hours=fields.pop("hours", "每周二、周四、周六上午 9:00–11:30"),
        place=fields.pop("place", "水集街道便民服务大厅"),
        phone=fields.pop("phone", "0532-88412345"),
        **fields,
    )
    return publish(tree.home, page)
