"""How the making of made-to-order lines goes (services.production_progress): the figures a
buyer sees on each line, and the "made" step once all of a line's pieces are made."""

from decimal import Decimal

from django.db import transaction

import pytest

from marketplace.models import Fulfilment, PurchaseEvent, PurchaseEventKind, PurchaseLine
from marketplace.services.production_progress import lines_progress_record
from tests.factories import ProductFactory, paid_purchase
from tests.threads import run_together


def made_to_order_lines(*quantities: int) -> list[PurchaseLine]:
    """One paid purchase per quantity, of one made-to-order product, oldest first."""
    product = ProductFactory(fulfilment=Fulfilment.MADE_TO_ORDER, stock=0, price=Decimal("30"))
    return [paid_purchase((product, quantity)).lines.get() for quantity in quantities]


def report(lines: list[PurchaseLine], *, made: int, makers: int = 2) -> list[PurchaseLine]:
    """What production does: inside its transaction, for the lines one order serves."""
    with transaction.atomic():
        served = PurchaseLine.objects.filter(pk__in=[line.pk for line in lines]).order_by("pk")
        return lines_progress_record(lines=served, made=made, makers=makers)


def figures(lines: list[PurchaseLine]) -> list[tuple[int, int]]:
    """(made, makers) of each line, oldest first."""
    served = PurchaseLine.objects.filter(pk__in=[line.pk for line in lines]).order_by("pk")
    return list(served.values_list("made", "makers"))


def made_steps(line: PurchaseLine) -> int:
    return PurchaseEvent.objects.filter(line=line, status=PurchaseEventKind.MADE).count()


@pytest.mark.django_db
class TestLinesProgressRecord:
    def test_pieces_fill_the_oldest_line_first(self):
        lines = made_to_order_lines(6, 4)
        report(lines, made=7, makers=3)
        assert figures(lines) == [(6, 3), (1, 3)]

    def test_pieces_beyond_the_lines_are_not_theirs(self):
        lines = made_to_order_lines(6, 4)
        report(lines, made=15)
        assert figures(lines) == [(6, 2), (4, 2)]

    def test_a_line_is_told_made_once(self):
        lines = made_to_order_lines(6, 4)
        report(lines, made=6)
        report(lines, made=8, makers=1)
        assert (made_steps(lines[0]), made_steps(lines[1])) == (1, 0)
        step = PurchaseEvent.objects.get(line=lines[0], status=PurchaseEventKind.MADE)
        assert step.purchase_id == lines[0].purchase_id

    def test_a_line_made_again_after_a_correction_is_told_again(self):
        lines = made_to_order_lines(6)
        report(lines, made=6)
        report(lines, made=5)  # a correction took a piece back
        assert figures(lines) == [(5, 2)]
        report(lines, made=6)
        assert made_steps(lines[0]) == 2

    def test_no_lines_no_change(self):
        assert report([], made=5) == []
        assert not PurchaseEvent.objects.filter(status=PurchaseEventKind.MADE).exists()

    @pytest.mark.parametrize(("made", "makers"), [(-1, 2), (3, -1)])
    def test_counts_below_zero_are_refused_and_change_nothing(self, made, makers):
        lines = made_to_order_lines(6)
        with pytest.raises(ValueError):
            report(lines, made=made, makers=makers)
        assert figures(lines) == [(0, 0)]


@pytest.mark.django_db(transaction=True)
def test_reports_at_once_tell_a_line_made_once():
    # Two inspections finishing the same line commit one after the other: the purchases and
    # lines are locked, so the second reads the first's figures and adds no second step.
    lines = made_to_order_lines(6, 4)
    results = run_together([lambda: report(lines, made=6)] * 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert made_steps(lines[0]) == 1
