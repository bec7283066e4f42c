"""Small cells in the federation overview (/federation/): no row, month, bar or export cell
stands for fewer than three mothers, and the total is still the sum of every raw record.

The federation, all in March 2026 (China time); each mother hands over and has accepted the
pieces shown, at her cooperative's rate:

  Solo  (¥5.30)  1 mother:  7              → ¥37.10 (her pay, were it shown)
  Pair  (¥3.77)  2 mothers: 3, 6           → ¥11.31 + ¥22.62 = ¥33.93
  Three (¥2.00)  3 mothers: 10, 10, 10     → ¥60.00
  Four  (¥3.00)  4 mothers: 5 each         → ¥60.00
  Five  (¥2.50)  5 mothers: 4 each         → ¥50.00

Shown: Three, Four, Five. "Other cooperatives" = Solo + Pair: 3 women, 16 pieces, ¥71.03.
Total: 15 women, 86 pieces, ¥241.03.
"""

import csv
import io
from decimal import Decimal

from django.contrib.auth.models import Group

import pytest
from openpyxl import load_workbook

from marketplace.models import Role
from orders.models import EntryKind, Inspection, LedgerEntry
from tests.factories import CooperativeFactory, MembershipFactory, UserFactory
from tests.orders.factories import ProductionOrderFactory, mother_for
from tests.orders.history import china, claim, work_at
from tests.pages import en

MARCH = {"start": "2026-03-01", "end": "2026-03-31"}
# Pay that would identify a mother (Solo's one) or let Pair's two work out each other's.
REVEALING = ["37.10", "33.93", "11.31", "22.62"]
FEDERATION = {
    "Solo": ("5.30", [7]),
    "Pair": ("3.77", [3, 6]),
    "Three": ("2.00", [10, 10, 10]),
    "Four": ("3.00", [5, 5, 5, 5]),
    "Five": ("2.50", [4, 4, 4, 4, 4]),
}


@pytest.fixture
def actor(db):
    return UserFactory(username="coordinator-small-cells")


def cooperative(name: str, rate: str, pieces: list[int], *, actor, when=None, joins=()):
    """A cooperative whose mothers each hand over, and have accepted, ``pieces[i]`` pieces
    (``joins``: women of other cooperatives who work here too, first)."""
    coop = CooperativeFactory(name=f"{name}合作社", name_en=f"{name} coop")
    order = ProductionOrderFactory(cooperative=coop, quantity=1000, piece_rate=Decimal(rate))
    mothers = [_joined(order, woman) for woman in joins]
    mothers += [mother_for(order) for _ in range(len(pieces) - len(mothers))]
    for mother, count in zip(mothers, pieces, strict=True):
        received = when or china(2026, 3, 10, 9)
        work_at(claim(order, mother, count), count, accepted=count, received=received, actor=actor)
    return coop, mothers


def _joined(order, woman):
    membership = MembershipFactory(user=woman.user, cooperative=order.cooperative, role=Role.MOTHER)
    membership.skills.create(skill_id=order.required_skill_id)
    return membership


def federation(names: list[str], *, actor) -> dict:
    return {name: cooperative(name, *FEDERATION[name], actor=actor) for name in names}


@pytest.fixture
def reader(client, db):
    user = UserFactory(username="fulian-small-cells")
    user.groups.add(Group.objects.get(name="妇联 / Women's federation"))
    client.force_login(user)
    return client


def overview(client, **params):
    return client.get(en("federation"), params or MARCH).context["overview"]


def export(client, format: str, **params):  # noqa: A002
    return client.get(en("federation_export", format), params or MARCH)


def raw_total() -> tuple[int, int, Decimal]:
    """Women, pieces and earnings straight from the records (nothing here is corrected)."""
    entries = LedgerEntry.objects.filter(kind__in=[EntryKind.EARNING, EntryKind.ADJUSTMENT])
    women = {entry.mother.user_id for entry in entries}
    pieces = sum(inspection.accepted for inspection in Inspection.objects.all())
    return len(women), pieces, sum(entry.amount for entry in entries)


def csv_rows(client, **params) -> list[dict]:
    text = export(client, "csv", **params).getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(client, **params) -> list[list]:
    sheet = load_workbook(io.BytesIO(export(client, "xlsx", **params).getvalue())).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


# One mother, two mothers, and several with three or more ------------------------------------


@pytest.fixture
def world(db, actor):
    return federation(["Solo", "Pair", "Three", "Four", "Five"], actor=actor)


def test_the_page_has_no_row_of_fewer_than_three_mothers(reader, world):
    shown = overview(reader)

    shown_names = {row.cooperative.name_en for row in shown.rows}
    assert shown_names == {"Three coop", "Four coop", "Five coop"}
    assert all(row.mothers >= 3 for row in shown.rows)
    others = shown.others
    assert (others.merged, others.mothers, others.pieces) == (2, 3, 16)
    assert (others.earnings, others.hidden) == (Decimal("71.03"), False)
    assert all(month.mothers >= 3 or month.hidden for month in shown.months)


def test_the_total_is_every_raw_record(reader, world):
    total = overview(reader).total

    assert (
        (total.mothers, total.pieces, total.earnings)
        == raw_total()
        == (
            15,
            86,
            Decimal("241.03"),
        )
    )


def test_the_rows_shown_add_up_to_the_total(reader, world):
    shown = overview(reader)

    rows = [*shown.rows, shown.others]
    assert sum(row.earnings for row in rows) == shown.total.earnings
    assert sum(row.pieces for row in rows) == shown.total.pieces


def test_no_small_cooperative_is_named_nor_its_pay_shown(reader, world):
    response = reader.get(en("federation"), MARCH)
    html = response.content.decode()

    assert "Solo coop" not in html and "Pair coop" not in html
    assert "Other cooperatives" in html and "¥71.03" in html
    assert "2 cooperatives together" in html
    for pay in REVEALING:
        assert pay not in html


def test_the_csv_has_no_row_of_fewer_than_three_mothers(reader, world):
    rows = csv_rows(reader)

    names = [row["Cooperative"] for row in rows]
    assert sorted(names[:3]) == ["Five coop", "Four coop", "Three coop"]
    assert names[3:] == ["Other cooperatives", "All cooperatives"]
    assert all(int(row["Mothers active"]) >= 3 for row in rows)
    assert rows[3]["Earnings (¥)"] == "71.03" and rows[4]["Earnings (¥)"] == "241.03"
    assert rows[3]["Note"].startswith("2 cooperatives together")
    text = export(reader, "csv").getvalue().decode("utf-8-sig")
    for pay in REVEALING:
        assert pay not in text


def test_the_xlsx_has_no_row_of_fewer_than_three_mothers(reader, world):
    rows = xlsx_rows(reader)

    assert [row[0] for row in rows][3:] == ["Other cooperatives", "All cooperatives"]
    assert all(row[1] >= 3 for row in rows)
    assert (rows[3][4], rows[4][4]) == (71.03, 241.03)
    cells = {str(cell) for row in rows for cell in row}
    assert not cells & {"Solo coop", "Pair coop", *REVEALING, "37.1"}


# The merged row could itself give a mother away -----------------------------------------------


def test_one_small_cooperative_is_merged_with_the_smallest_other(reader, db, actor):
    # given Solo alone is small: "Other cooperatives" would be her, and the total minus the
    # rows shown would be her pay
    federation(["Solo", "Three", "Four", "Five"], actor=actor)

    shown = overview(reader)

    assert {row.cooperative.name_en for row in shown.rows} == {"Four coop", "Five coop"}
    others = shown.others
    assert (others.merged, others.mothers, others.earnings) == (2, 4, Decimal("97.10"))
    assert shown.total.earnings - sum(row.earnings for row in shown.rows) == Decimal("97.10")
    assert "37.10" not in export(reader, "csv").getvalue().decode("utf-8-sig")


def test_a_woman_in_two_small_cooperatives_counts_once(reader, db, actor):
    # given Solo's one mother is also one of Pair's two: together they are two women
    solo, [woman] = cooperative("Solo", "5.30", [7], actor=actor)
    cooperative("Pair", "3.77", [3, 6], actor=actor, joins=[woman])
    federation(["Three", "Four", "Five"], actor=actor)

    shown = overview(reader)

    assert {row.cooperative.name_en for row in shown.rows} == {"Four coop", "Five coop"}
    assert (shown.others.merged, shown.others.mothers) == (3, 5)
    assert shown.total.mothers == 14


def test_with_fewer_than_three_mothers_in_all_no_figure_is_shown(reader, db, actor):
    federation(["Pair"], actor=actor)

    shown = overview(reader)
    html = reader.get(en("federation"), MARCH).content.decode()
    rows = csv_rows(reader)

    assert shown.rows == [] and shown.others.hidden and shown.total.hidden
    assert [month.hidden for month in shown.months] == [True]
    assert "Fewer than 3 mothers were active in this range" in html
    assert [row["Cooperative"] for row in rows] == ["Other cooperatives", "All cooperatives"]
    for row in rows:
        assert row["Mothers active"] == row["Earnings (¥)"] == row["Pieces accepted"] == ""
        assert row["Note"] == "Fewer than 3 mothers: not shown"
    for text in (html, export(reader, "csv").getvalue().decode("utf-8-sig")):
        for pay in REVEALING:
            assert pay not in text
    assert not {str(cell) for row in xlsx_rows(reader) for cell in row} & set(REVEALING)


# Months: the chart and its table --------------------------------------------------------------


def test_a_month_of_one_mother_is_hidden_and_so_is_the_smallest_other(reader, db, actor):
    # given February: Five's 5 mothers; March: Four's 4; April: Solo's 1. April alone would be
    # her pay, and so would the total minus February and March: March is hidden as well.
    cooperative("Five", "2.50", [4] * 5, actor=actor, when=china(2026, 2, 10, 9))
    cooperative("Four", "3.00", [5] * 4, actor=actor, when=china(2026, 3, 10, 9))
    cooperative("Solo", "5.30", [7], actor=actor, when=china(2026, 4, 10, 9))
    spring = {"start": "2026-02-01", "end": "2026-04-30"}

    response = reader.get(en("federation"), spring)

    months = response.context["overview"].months
    assert [(month.label, month.hidden) for month in months] == [
        ("2026-02", False),
        ("2026-03", True),
        ("2026-04", True),
    ]
    html = response.content.decode()
    assert "2026-02: 10; 2026-03: —; 2026-04: —" in html  # the chart's description
    assert "<title>2026-04:" not in html and "<title>2026-03:" not in html  # and its bars
    assert "<title>2026-02: 10 ¥</title>" in html
    assert "so that a month with fewer than 3 mothers cannot be worked out" in html  # March
    assert response.context["overview"].total.earnings == raw_total()[2] == Decimal("147.10")
    for pay in ("37.10", "60.00"):
        assert pay not in html.split('id="months"')[1].split("</table>")[0]


def test_small_cells_cost_no_query(reader, world, django_assert_max_num_queries):
    # The merged cells' women are counted from the activity the figures read (9 queries, as
    # test_federation.py's page without small cells; 13 when each merge asked again), and one
    # each for the fair-work sections (orders/fairwork) and the station's training, 3 for the
    # station's coverage.
    with django_assert_max_num_queries(15):
        assert reader.get(en("federation"), MARCH).status_code == 200
