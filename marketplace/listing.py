"""What every list of the coordinator's workspace reads from its query string, and hands to
templates/includes/list_tools.html: the state it is filtered by (one of a fixed few; anything
else is the default, never a 500), the words searched for (bounded by ``search_text``), and the
query string that its filter links, search form and pages (includes/pagination.html) carry on,
so that moving through one never loses the other.
"""

import re
import unicodedata
from urllib.parse import urlencode

from django.http import HttpRequest

from marketplace.inputs import search_text

SEARCH_MAX = 40
SEARCH_PARAM = "q"


def list_choice(request: HttpRequest, *, name: str, choices, default: str) -> str:
    """The value of ``name`` in the query string if it is one of ``choices``, else ``default``."""
    value = request.GET.get(name, default)
    return value if value in choices else default


def list_search(request: HttpRequest) -> str:
    return search_text(request.GET.get(SEARCH_PARAM, ""), limit=SEARCH_MAX)


def list_querystring(**params: str) -> str:
    """``params`` as a query string, leaving out the empty ones."""
    return urlencode({name: value for name, value in params.items() if value})


def list_tools(
    *,
    name: str,
    labels: dict,
    counts: dict[str, int],
    current: str,
    query: str,
    keep: dict[str, str] | None = None,
) -> dict:
    """The context of a list's filter links and search form: one link per state in ``labels``
    with its count (each keeping the search), the hidden fields that keep the state when she
    searches, and ``querystring``, which the pages keep. ``keep`` holds the list's other
    choices (her cooperative, say), carried by every link and the form."""
    keep = {key: value for key, value in (keep or {}).items() if value}
    return {
        "filters": [
            {
                "label": label,
                "count": counts.get(value, 0),
                "current": value == current,
                "querystring": list_querystring(**keep, **{name: value}, q=query),
            }
            for value, label in labels.items()
        ],
        "query": query,
        "keep": keep | {name: current},
        "querystring": list_querystring(**keep, **{name: current}, q=query),
        "unsearched": list_querystring(**keep, **{name: current}),
    }


# What a buyer reads out on the phone ------------------------------------------------------

# A purchase's number is JG and eight digits (Purchase.reference); she may type it without
# the JG, in lower case, or without the leading zeros. Ten digits at most: still an id.
PURCHASE_NUMBER = re.compile(r"(?:jg)?0*([0-9]{1,10})", re.IGNORECASE)
# Fewer digits than the last four of a mobile number would find half the buyers.
PHONE_DIGITS_MIN = 4


def purchase_number(text: str) -> int | None:
    """The purchase id in a typed purchase number (``JG00000012``, ``jg12``, ``12``), or None."""
    found = PURCHASE_NUMBER.fullmatch(text.replace(" ", ""))
    return int(found[1]) if found and int(found[1]) > 0 else None


def phone_digits(text: str) -> str:
    """The digits of a typed phone number or its end (``138 0000 0001``, ``+86…``, ``0001``),
    or "" when it is not one."""
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", text)).removeprefix("+86")
    is_phone = digits.isascii() and digits.isdecimal() and len(digits) >= PHONE_DIGITS_MIN
    return digits if is_phone else ""
