"""Signals marketplace sends for the apps that show its rows (it imports none of them)."""

from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.dispatch import Signal

# Products' stock changed, sent once the transaction that changed it has committed (a
# rolled-back checkout changed nothing). Provides: product_ids, a frozenset of ints.
products_changed = Signal()


def product_changes_announce(*, product_ids: Iterable[int]) -> None:
    """Tells, after the commit, whoever shows these products that their stock changed."""
    ids = frozenset(product_ids)
    if ids:
        send = partial(products_changed.send, sender=product_changes_announce, product_ids=ids)
        transaction.on_commit(send)
