"""Her registration from the phone, the staff's matching desk, and who may see what: only the
station staff of her area see her name and number, and only with her consent."""

import datetime

from django.contrib.auth.models import Group

import pytest

from station.models import Outcome, Recommendation, Registration
from tests.factories import UserFactory
from tests.orders.factories import MemberSkillFactory, SkillFactory
from tests.pages import en
from tests.station.factories import EmployerStaffFactory
from tests.station.matching.factories import (
    AreaFactory,
    EmployerFactory,
    PositionFactory,
    RecommendationFactory,
    RegistrationFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def wish_data(area, **changes) -> dict:
    return {
        "name": "李红",
        "phone": "139 0000 1111",
        "earliest_start": "08:30",
        "latest_finish": "15:30",
        "days": "周一至周五",
        "areas": [area.pk],
        "consent": "on",
    } | changes


@pytest.fixture
def area():
    return AreaFactory()


@pytest.fixture
def staff_client(client, area):
    client.force_login(StaffFactory(area=area).user)
    return client


# Her registration --------------------------------------------------------------------------


def test_her_first_registration_preselects_the_skills_she_holds(mother_client, mother):
    MemberSkillFactory(membership=mother, skill=SkillFactory())

    response = mother_client.get(en("station_wish"))

    assert response.status_code == 200
    assert response.context["form"].initial["skills"] == [SkillFactory()]


def test_she_registers_with_consent_and_changes_it(mother_client, mother, area):
    response = mother_client.post(en("station_wish"), wish_data(area))

    assert response.status_code == 302
    registration = Registration.objects.get(user=mother.user)
    assert registration.phone == "13900001111"
    assert registration.consent and registration.consent_at
    mother_client.post(en("station_wish"), wish_data(area, consent=""))
    registration.refresh_from_db()
    assert not registration.consent and registration.consent_at is None
    assert Registration.objects.filter(user=mother.user).count() == 1


def test_she_closes_her_registration_and_may_register_again(mother_client, mother, area):
    mother_client.post(en("station_wish"), wish_data(area))

    mother_client.post(en("station_wish_close"))
    mother_client.post(en("station_wish"), wish_data(area))

    assert Registration.objects.filter(user=mother.user, closed_at__isnull=False).count() == 1
    assert Registration.objects.filter(user=mother.user, closed_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"earliest_start": "16:00"},
        {"latest_finish": "25:00"},
        {"phone": "12345"},
        {"areas": []},
        {"areas": ["9" * 40]},
        {"name": ""},
    ],
)
def test_bad_input_is_told_and_changes_nothing(mother_client, area, changes):
    response = mother_client.post(en("station_wish"), wish_data(area, **changes))

    assert response.status_code == 400
    assert response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client):
    assert client.get(en("station_wish")).status_code == 302


# The staff's desk ---------------------------------------------------------------------------


def test_the_desk_lists_fitting_positions_and_consenting_registrations(staff_client, area):
    fitting, late = (
        PositionFactory(),
        PositionFactory(title="夜班", starts_at=datetime.time(18), ends_at=datetime.time(22)),
    )
    consenting = RegistrationFactory(areas=[area])
    RegistrationFactory(areas=[area], consent=False, name="王芳")

    response = staff_client.get(en("station_desk"))

    desk = response.context["desk"]
    assert desk.registrations == [(consenting, [fitting])]
    assert dict(desk.positions) == {fitting: [consenting], late: []}
    assert desk.without_consent == 1
    assert "王芳" not in response.content.decode()


def test_the_desk_reads_a_fixed_number_of_queries(
    staff_client, area, django_assert_max_num_queries
):
    for n in range(6):
        RegistrationFactory(areas=[area], user=UserFactory(), skills=[SkillFactory()])
        PositionFactory(title=f"岗位{n}").skills.set([SkillFactory()])

    with django_assert_max_num_queries(11):
        assert staff_client.get(en("station_desk")).status_code == 200


def test_the_staff_record_a_recommendation_and_its_outcome(staff_client, area):
    registration, position = RegistrationFactory(areas=[area]), PositionFactory()
    url = en("station_desk_registration", registration.pk)

    staff_client.post(url, {"position": position.pk, "note": "周三面试"})
    recommendation = Recommendation.objects.get()
    staff_client.post(en("station_desk_outcome", recommendation.pk), {"outcome": Outcome.PLACED})

    recommendation.refresh_from_db()
    assert recommendation.note == "周三面试"
    assert recommendation.outcome == Outcome.PLACED and recommendation.outcome_at


def test_a_position_that_does_not_fit_cannot_be_recommended(staff_client, area):
    registration = RegistrationFactory(areas=[area], needs_bus=True)
    position = PositionFactory()

    response = staff_client.post(
        en("station_desk_registration", registration.pk), {"position": position.pk}
    )

    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_a_bad_outcome_changes_nothing(staff_client, area):
    recommendation = RecommendationFactory(registration=RegistrationFactory(areas=[area]))

    staff_client.post(en("station_desk_outcome", recommendation.pk), {"outcome": "hired!"})

    recommendation.refresh_from_db()
    assert recommendation.outcome == Outcome.RECOMMENDED


def test_the_ledger_lists_consenting_registrations_and_counts_the_others(staff_client, area):
    RegistrationFactory(areas=[area])
    RegistrationFactory(areas=[area], consent=False, name="王芳")

    response = staff_client.get(en("station_desk_ledger", "csv"))

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "李红" in text and "13900001111" in text
    assert "王芳" not in text
    assert "1" in text.strip().splitlines()[-1]


# Privacy: every attacker gets a 404 ---------------------------------------------------------


def _other_area_staff():
    return StaffFactory(area=AreaFactory(slug="yuanshang", name="院上镇", name_en="Yuanshang")).user


def _federation_user():
    user = UserFactory(username="fulian-station")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    return user


def _staff_of_the_employer():
    """Staff of the very employer whose position she is recommended for (directory's
    EmployerStaff): they keep their positions, they never see who wished for them."""
    return EmployerStaffFactory(employer=EmployerFactory()).user


ATTACKERS = {
    "another area's staff": _other_area_staff,
    "the employer's own staff": _staff_of_the_employer,
    "a coordinator": lambda: None,  # the coordinator fixture, below
    "the federation": _federation_user,
    "a plain user": UserFactory,
}


@pytest.mark.parametrize("who", list(ATTACKERS))
def test_no_one_but_her_areas_staff_sees_her(client, area, coordinator, who):
    user = ATTACKERS[who]() or coordinator.user
    recommendation = RecommendationFactory(registration=RegistrationFactory(areas=[area]))
    client.force_login(user)

    pages = [
        client.get(en("station_desk")),
        client.get(en("station_desk_registration", recommendation.registration.pk)),
        client.post(en("station_desk_outcome", recommendation.pk), {"outcome": Outcome.PLACED}),
        client.get(en("station_desk_ledger", "csv")),
    ]

    if who == "another area's staff":
        pages = pages[1:3]  # her own desk and ledger exist, without this registration
    assert [page.status_code for page in pages] == [404] * len(pages)
    recommendation.refresh_from_db()
    assert recommendation.outcome == Outcome.RECOMMENDED


def test_another_areas_staff_neither_list_nor_export_her(client, area):
    RegistrationFactory(areas=[area])
    client.force_login(_other_area_staff())

    desk = client.get(en("station_desk")).context["desk"]
    ledger = b"".join(client.get(en("station_desk_ledger", "csv")).streaming_content)

    assert desk.registrations == []
    assert "李红".encode() not in ledger


def test_a_visitor_gets_no_desk(client, area):
    registration = RegistrationFactory(areas=[area])

    assert client.get(en("station_desk_registration", registration.pk)).status_code == 302


def test_without_consent_even_her_areas_staff_get_404(staff_client, area):
    registration = RegistrationFactory(areas=[area], consent=False)

    response = staff_client.get(en("station_desk_registration", registration.pk))

    assert response.status_code == 404


def test_the_ledger_downloads_as_xlsx(staff_client, area):
    RegistrationFactory(areas=[area])

    response = staff_client.get(en("station_desk_ledger", "xlsx"))

    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_her_page_and_the_registration_page_read_a_fixed_number_of_queries(
    client, area, django_assert_max_num_queries
):
    registration = RegistrationFactory(areas=[area], skills=[SkillFactory()])
    for n in range(5):
        RecommendationFactory(registration=registration, position=PositionFactory(title=f"岗{n}"))
    staff = StaffFactory(area=area).user

    client.force_login(registration.user)
    with django_assert_max_num_queries(8):
        assert client.get(en("station_wish")).status_code == 200
    client.force_login(staff)
    with django_assert_max_num_queries(11):
        assert client.get(en("station_desk_registration", registration.pk)).status_code == 200
