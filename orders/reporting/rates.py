"""Rates as the reports write them: a share in per cent, to one decimal."""

from decimal import Decimal

TENTH = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent to one decimal; None when there is nothing to rate."""
    return (Decimal(part * 100) / whole).quantize(TENTH) if whole else None
