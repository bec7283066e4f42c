"""How the making of made-to-order lines goes, as production reports it.

Production (``orders``) knows the mothers and their pieces; the buyer sees two numbers on each
made-to-order line — pieces made, mothers making them — and, once every piece is made, a
"made" step in her purchase's history. Production tells this module, from inside its own
transaction; the purchases and lines are locked here, where the site's lock order puts them
(marketplace/locks.py): after the production order and its claims, before any stock.
"""

from django.db import transaction
from django.db.models import QuerySet

from marketplace.locks import purchase_lines_lock
from marketplace.models import PurchaseEvent, PurchaseEventKind, PurchaseLine


def lines_progress_record(*, lines: QuerySet, made: int, makers: int) -> list[PurchaseLine]:
    """The ``lines`` one production order makes, told how it goes: ``made`` pieces made so far
    fill them oldest line first, by ``makers`` mothers. A line that this makes complete gets
    its "made" step (once; again only after a correction took pieces back in between).

    Locks the lines' purchases, then the lines; returns the lines as recorded.
    """
    assert transaction.get_connection().in_atomic_block, "the caller's transaction holds the locks"
    if made < 0 or makers < 0:
        raise ValueError("made and makers count pieces and mothers: never below zero")
    lines = purchase_lines_lock(lines)
    if not lines:
        return lines
    finished = _lines_fill(lines, made=made, makers=makers)
    PurchaseLine.objects.bulk_update(lines, ["made", "makers"])
    PurchaseEvent.objects.bulk_create(
        PurchaseEvent(purchase_id=line.purchase_id, line=line, status=PurchaseEventKind.MADE)
        for line in finished
    )
    return lines


def _lines_fill(lines: list[PurchaseLine], *, made: int, makers: int) -> list[PurchaseLine]:
    """Set each locked line's figures, oldest first; returns the lines newly complete (as the
    locked rows said before, so a line is not told twice)."""
    left, finished = made, []
    for line in lines:
        line_made = min(left, line.quantity)
        left -= line_made
        if line_made == line.quantity and line.made < line.quantity:
            finished.append(line)
        line.made, line.makers = line_made, makers
    return finished
