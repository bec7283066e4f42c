"""Fair sharing of an oversubscribed production order (request-window mode).

Max–min fairness by water-filling, in whole pieces:

1. Find the highest whole level ``L`` such that giving everyone ``min(request, L)`` fits in
   the quantity. Everyone gets that: those asking less than ``L`` get all they asked.
2. The pieces left over (fewer than the number of mothers still wanting more) go one each to
   those still wanting more, **earliest request first** (then lowest member id) — the stated
   rounding rule.
3. The minimum claim is respected: if the share would leave someone below the order's
   minimum, the latest request is set aside (gets 0) and the sharing starts again among the
   others, until every allocation is 0 or at least the minimum.

Pure and deterministic: the same requests give the same allocation, whatever their order.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    key: int  # the member's id: the last tie-break
    quantity: int
    order: int  # position in time (earlier = smaller): the first tie-break


def water_level(requests: list[int], quantity: int) -> int:
    """The highest whole L with sum(min(r, L)) <= quantity (binary search)."""
    low, high = 0, max(requests, default=0)
    while low < high:
        middle = (low + high + 1) // 2
        if sum(min(r, middle) for r in requests) <= quantity:
            low = middle
        else:
            high = middle - 1
    return low


def share(requests: list[Request], quantity: int) -> dict[int, int]:
    """Water-filling plus the earliest-first remainder, without the minimum rule."""
    ranked = sorted(requests, key=lambda r: (r.order, r.key))
    level = water_level([r.quantity for r in ranked], quantity)
    given = {r.key: min(r.quantity, level) for r in ranked}
    left = quantity - sum(given.values())
    for request in ranked:
        if left == 0:
            break
        if request.quantity > given[request.key]:
            given[request.key] += 1
            left -= 1
    return given


def allocate(requests: list[Request], quantity: int, *, minimum: int = 1) -> dict[int, int]:
    """Each member's allocation: never above her request, 0 or at least ``minimum``, summing
    to at most ``quantity`` (exactly ``min(quantity, total requested)`` unless the minimum
    rule set someone aside)."""
    if quantity < 0 or minimum < 1:
        raise ValueError("quantity must be >= 0 and minimum >= 1")
    eligible = sorted(
        (r for r in requests if r.quantity >= minimum), key=lambda r: (r.order, r.key)
    )
    while eligible:
        given = share(eligible, quantity)
        if all(amount >= minimum for amount in given.values()):
            break
        eligible = eligible[:-1]  # the latest request steps aside
    else:
        given = {}
    return {r.key: given.get(r.key, 0) for r in requests}
