"""A purchase's history is made of named kinds (PurchaseEventKind), read in the reader's
language."""

from django.utils import translation

import pytest

from marketplace.models import LineStatus, PurchaseEvent, PurchaseEventKind, PurchaseStatus


@pytest.mark.parametrize("status", [*PurchaseStatus, *LineStatus], ids=str)
def test_every_status_is_a_step_of_the_history_with_its_own_words(status):
    assert PurchaseEventKind(status.value).label == status.label


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (PurchaseEventKind.MADE, "All pieces made and inspected"),
        (PurchaseEventKind.STOCK_RELEASED, "Payment failed; pieces returned to stock"),
        (PurchaseEventKind.SHIPPED, "Shipped"),
    ],
)
def test_a_step_reads_in_the_readers_language(kind, words):
    event = PurchaseEvent(status=kind)
    with translation.override("en"):
        assert event.label == words
    with translation.override("zh-hans"):
        assert event.label not in {words, kind.value}
