"""The roster at /co/members/ as a list: a table (cards on a phone) filtered by state (every
mother by default, or the active, or those who left), searched by name or phone however the
number is typed, the filter, search and cooperative kept together, bad input answered with
the normal page, and nobody of another cooperative found."""

import pytest

from marketplace.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.pages import en, page


@pytest.fixture
def former(rainbow):
    user = UserFactory(username="13800000009", first_name="周晓红")
    return MembershipFactory(user=user, cooperative=rainbow, is_active=False)


def listed(response) -> list[int]:
    return [membership.pk for membership in response.context["mothers"]]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("all", ["mother", "former"]), ("active", ["mother"]), ("inactive", ["former"])],
)
def test_each_state_lists_its_mothers(coordinator_client, mother, former, state, expected):
    response = coordinator_client.get(en("co_members"), {"state": state})

    people = {"mother": mother.pk, "former": former.pk}
    assert listed(response) == [people[name] for name in expected]
    counts = {f["label"]: f["count"] for f in response.context["filters"]}
    assert counts == {"All": 2, "Active": 1, "Inactive": 1}


def test_the_roster_is_a_table_with_a_label_on_every_cell(coordinator_client, mother):
    html = page(coordinator_client.get(en("co_members")))

    assert '<table class="list-table members-table"' in html
    assert 'data-label="Skills"' in html


@pytest.mark.parametrize("typed", ["138 0000 0001", "+86 138-0000-0001", "0001", "秀兰"])
def test_she_finds_a_mother_however_the_number_is_typed(coordinator_client, mother, former, typed):
    assert listed(coordinator_client.get(en("co_members"), {"q": typed})) == [mother.pk]


def test_another_cooperatives_mother_is_not_found(coordinator_client, mother, xiwowo):
    theirs = MembershipFactory(
        user=UserFactory(username="13700000001", first_name="王秀兰"), cooperative=xiwowo
    )

    for typed in ("13700000001", "秀兰", "0001"):
        response = coordinator_client.get(en("co_members"), {"q": typed, "state": "all"})
        assert theirs.pk not in listed(response), typed


def test_the_search_form_keeps_the_state_and_the_cooperative(
    coordinator_client, coordinator, mother, xiwowo
):
    MembershipFactory(user=coordinator.user, cooperative=xiwowo, role=Role.COORDINATOR)

    html = page(
        coordinator_client.get(
            en("co_members"), {"state": "active", "cooperative": mother.cooperative_id}
        )
    )

    assert 'name="state" value="active"' in html
    assert f'name="cooperative" value="{mother.cooperative_id}"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"state": "nonsense"},
        {"state": "<i>x</i>"},
        {"q": "秀\x00兰"},
        {"q": "兰" * 5000},
        {"cooperative": "9" * 40},
    ],
)
def test_bad_filter_or_search_gives_the_normal_page(coordinator_client, mother, params):
    response = coordinator_client.get(en("co_members"), params)

    assert response.status_code == 200
    assert response.context["state"] == "all"
    assert "<i>x</i>" not in page(response)
