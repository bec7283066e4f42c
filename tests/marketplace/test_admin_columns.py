"""The catalogue's listings in the Wagtail admin say yes or no in the admin's language."""

import csv
import io

import pytest

from tests.factories import CooperativeFactory, ProductFactory, UserFactory
from tests.interface_text import interface_texts


@pytest.fixture
def editor(client, db):
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["cooperative", "product"])
def test_a_yes_no_column_reads_yes_or_no_in_chinese(editor, model):
    ProductFactory(cooperative=CooperativeFactory(is_active=False), is_active=False)
    ProductFactory()
    html = editor.get(f"/cms/snippets/marketplace/{model}/").content.decode()
    listing = html.split('<table class="listing">', 1)[1]
    cells = interface_texts(listing.split("<tbody>", 1)[1].split("</tbody>", 1)[0])
    assert {"是", "否"} <= set(cells)
    assert not {"True", "False"} & set(cells)


@pytest.mark.parametrize("model", ["cooperative", "product"])
def test_the_lists_spreadsheet_says_yes_or_no_and_the_way_of_supply_in_chinese(editor, model):
    ProductFactory(cooperative=CooperativeFactory(is_active=False), is_active=False)
    response = editor.get(f"/cms/snippets/marketplace/{model}/", {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    cells = {cell for row in rows[1:] for cell in row}
    assert "否" in cells
    assert not {"True", "False", "in_stock"} & cells
    if model == "product":
        assert "现货" in cells
