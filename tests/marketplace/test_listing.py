"""What a list reads from a typed search: a purchase number however it is typed, the digits of
a phone number or its end, and the query strings its links keep."""

import pytest

from marketplace.listing import list_querystring, list_tools, phone_digits, purchase_number


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("JG00000012", 12),
        ("jg12", 12),
        ("12", 12),
        ("JG 0000 0012", 12),
        ("JG", None),
        ("JG0", None),
        ("如意结", None),
        ("1" * 11, None),
        ("JG-12", None),
    ],
)
def test_purchase_number(typed, number):
    assert purchase_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("138 0000 0001", "13800000001"),
        ("+86 138-0000-0001", "13800000001"),
        ("１３８０", "1380"),
        ("0001", "0001"),
        ("001", ""),
        ("JG0001", ""),
        ("٣٣٣٣", ""),
    ],
)
def test_phone_digits(typed, digits):
    assert phone_digits(typed) == digits


def test_the_tools_keep_the_state_the_search_and_the_other_choices():
    tools = list_tools(
        name="status",
        labels={"pending": "To handle", "all": "All"},
        counts={"pending": 2},
        current="pending",
        query="如意",
        keep={"cooperative": "3", "empty": ""},
    )

    assert [f["querystring"] for f in tools["filters"]] == [
        "cooperative=3&status=pending&q=%E5%A6%82%E6%84%8F",
        "cooperative=3&status=all&q=%E5%A6%82%E6%84%8F",
    ]
    assert [f["count"] for f in tools["filters"]] == [2, 0]
    assert tools["keep"] == {"cooperative": "3", "status": "pending"}
    assert tools["unsearched"] == "cooperative=3&status=pending"
    assert list_querystring(q="", page="2") == "page=2"
