"""Timed samples and the standard time they give a product (orders/fairwork/services/timing.py),
and the coordinator's pages at /co/timing/ (orders/fairwork/views/timing.py)."""

from decimal import Decimal

import pytest

from marketplace.models import Role
from orders.exceptions import FairWorkError
from orders.fairwork.services.timing import (
    standard_minutes_of,
    timing_sample_delete,
    timing_sample_record,
)
from orders.models import TimingSample
from tests.factories import (
    CooperativeFactory,
    MembershipFactory,
    MinimumWageFactory,
    ProductFactory,
    coordinator_of,
)
from tests.orders.factories import TimingSampleFactory
from tests.pages import en, page, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(cooperative):
    return ProductFactory(cooperative=cooperative)


def fresh_minutes(product):
    product.refresh_from_db(fields=["standard_minutes"])
    return product.standard_minutes


def record(product, pieces, minutes, actor=None):
    return timing_sample_record(
        product=product, pieces=pieces, minutes=Decimal(minutes), actor=actor
    )


# The rule ------------------------------------------------------------------------------------


def test_the_standard_time_is_the_median_per_piece(product):
    # given samples of 7, 8 and 30 minutes a piece (the last one interrupted)
    record(product, 3, "21")
    record(product, 2, "16")
    record(product, 1, "30")
    # then the standard time is the middle one, not the mean (15)
    assert fresh_minutes(product) == Decimal("8.00")


def test_an_even_number_of_samples_takes_the_mean_of_the_middle_two(product):
    record(product, 3, "20")  # 6.666… a piece
    record(product, 1, "7")
    assert fresh_minutes(product) == Decimal("6.83")  # (6.666… + 7) / 2, half up


def test_the_median_is_of_per_piece_times():
    samples = [TimingSample(pieces=4, minutes=Decimal("30")), TimingSample(pieces=1, minutes=1)]
    assert standard_minutes_of(samples) == Decimal("4.25")
    assert standard_minutes_of([]) is None


def test_removing_a_sample_recomputes_and_the_last_leaves_it_untimed(product):
    slip = record(product, 1, "90")
    record(product, 2, "14")
    record(product, 3, "24")
    assert fresh_minutes(product) == Decimal("8.00")

    assert timing_sample_delete(sample=slip) == Decimal("7.50")
    assert fresh_minutes(product) == Decimal("7.50")
    for sample in TimingSample.objects.filter(product=product):
        timing_sample_delete(sample=sample)
    assert fresh_minutes(product) is None


@pytest.mark.parametrize(
    ("pieces", "minutes"),
    [(0, "10"), (-1, "10"), (1001, "10"), (3, "0"), (3, "-5"), (3, "1440.1"), (3, "99999")],
)
def test_numbers_no_timing_gives_are_refused_and_change_nothing(product, pieces, minutes):
    with pytest.raises(FairWorkError):
        record(product, pieces, minutes)
    assert not TimingSample.objects.exists()
    assert fresh_minutes(product) is None


# The pages -----------------------------------------------------------------------------------


def test_the_coordinator_adds_a_sample_and_sees_the_new_standard_time(coordinator_client, product):
    response = coordinator_client.post(
        en("co_timing_product", product.pk),
        {"pieces": "4", "minutes": "30", "note": "熟手"},
        follow=True,
    )
    assert response.status_code == 200
    assert said(response) == ["The standard time is now 7.50 minutes a piece."]
    sample = TimingSample.objects.get()
    assert (sample.pieces, sample.minutes, sample.note) == (4, Decimal("30.0"), "熟手")
    assert fresh_minutes(product) == Decimal("7.50")


def test_the_page_shows_the_least_rate_that_pays_the_minimum(coordinator_client, product):
    wage = MinimumWageFactory()
    product.cooperative.region = wage.region
    product.cooperative.save()
    record(product, 1, "7")
    response = coordinator_client.get(en("co_timing_product", product.pk))
    # ¥24.00 an hour at 7 minutes: 2.80 a piece exactly.
    assert 'id="least-rate">¥2.80<' in page(response)
    assert "an example figure" in page(response)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pieces": "0", "minutes": "10"}, "Time at least 1 piece."),
        ({"pieces": "abc", "minutes": "10"}, "Enter a whole number of pieces, like 3."),
        ({"pieces": "3", "minutes": "0"}, "Enter more than 0 minutes."),
        ({"pieces": "3", "minutes": "-4"}, "Enter more than 0 minutes."),
        ({"pieces": "3", "minutes": "9999999999"}, "A sample of more than a day is surely a slip."),
        ({"pieces": "3", "minutes": "ten"}, "Enter the minutes as a number, like 25 or 22.5."),
        ({"pieces": "3", "minutes": ""}, "Enter how many minutes the pieces took."),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
    coordinator_client, product, fields, message
):
    response = coordinator_client.post(en("co_timing_product", product.pk), fields)
    assert response.status_code == 400
    assert message in page(response)
    assert not TimingSample.objects.exists()


def test_another_cooperatives_product_and_sample_are_not_found(coordinator_client):
    foreign = ProductFactory(cooperative=CooperativeFactory())
    sample = TimingSampleFactory(product=foreign)
    assert coordinator_client.get(en("co_timing_product", foreign.pk)).status_code == 404
    posted = coordinator_client.post(
        en("co_timing_product", foreign.pk), {"pieces": 1, "minutes": 5}
    )
    assert posted.status_code == 404
    removed = coordinator_client.post(en("co_timing_sample_remove", foreign.pk, sample.pk))
    assert removed.status_code == 404
    assert TimingSample.objects.count() == 1


def test_a_sample_of_another_product_is_not_removed_through_hers(coordinator_client, product):
    foreign = TimingSampleFactory(product=ProductFactory(cooperative=CooperativeFactory()))
    response = coordinator_client.post(
        en("co_timing_sample_remove", product.pk, foreign.pk), follow=True
    )
    assert said(response) == ["That sample was already removed."]
    assert TimingSample.objects.filter(pk=foreign.pk).exists()


def test_removing_a_sample_twice_is_answered(coordinator_client, product):
    sample = record(product, 2, "14")
    url = en("co_timing_sample_remove", product.pk, sample.pk)
    first = coordinator_client.post(url, follow=True)
    assert said(first) == ["No samples are left: the product is not timed."]
    again = coordinator_client.post(url, follow=True)
    assert said(again) == ["That sample was already removed."]


def test_a_mother_may_not_time_products(mother_client, product):
    assert mother_client.get(en("co_timing")).status_code == 403


def test_the_timing_pages_keep_their_query_counts(
    coordinator_client, coordinator, django_assert_max_num_queries
):
    for _ in range(12):
        product = ProductFactory(cooperative=coordinator.cooperative)
        for _sample in range(3):
            record(product, 2, "15")
    with django_assert_max_num_queries(8):
        assert coordinator_client.get(en("co_timing")).status_code == 200
    with django_assert_max_num_queries(10):
        assert coordinator_client.get(en("co_timing_product", product.pk)).status_code == 200


def test_a_coordinator_of_two_cooperatives_sees_both(client):
    first, second = CooperativeFactory(), CooperativeFactory()
    coordinator = coordinator_of(first)
    MembershipFactory(cooperative=second, role=Role.COORDINATOR, user=coordinator.user)
    ProductFactory(cooperative=first, name="甲")
    ProductFactory(cooperative=second, name="乙")
    client.force_login(coordinator.user)
    assert page(client.get(en("co_timing"))).count("data-product=") == 2
