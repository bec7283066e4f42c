"""The friendly-employer directory: search and filters, one page per employer, the sitemap,
the print view and the PDF, in few queries, and outside the showcase's page cache."""

import datetime

import pytest

from tests.orders.factories import SkillFactory
from tests.orders.money.pdfs import pdf_text
from tests.station.factories import (
    AreaFactory,
    EmployerFactory,
    PositionFactory,
    directory_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()  # where drawn PDFs are kept


@pytest.fixture
def page(tree):
    return directory_page(tree)


@pytest.fixture
def world():
    shuiji = AreaFactory()
    guangzhou = AreaFactory(name="广州路社区", name_en="Guangzhou Road", slug="guangzhou-lu")
    knots = SkillFactory(name="中国结·基础", slug="knots")
    bakery = EmployerFactory(name="喜我我花饽饽", slug="xiwowo", area=shuiji)
    rainbow = EmployerFactory(name="彩虹手编", slug="rainbow", area=guangzhou)
    return {
        "early": PositionFactory(
            employer=bakery,
            title="面点学徒",
            starts_at=datetime.time(8, 0),
            ends_at=datetime.time(15, 0),
            leaves_early=True,
        ),
        "late": PositionFactory(
            employer=bakery,
            title="包装工",
            starts_at=datetime.time(9, 30),
            ends_at=datetime.time(16, 30),
            bus_route="妈妈班车 1 路",
        ),
        "knots": PositionFactory(
            employer=rainbow,
            title="中国结编织",
            starts_at=datetime.time(9, 0),
            ends_at=datetime.time(15, 30),
            holiday_childcare=True,
            skills=[knots],
        ),
        "closed": PositionFactory(employer=rainbow, title="质检员", is_open=False),
        "hidden": PositionFactory(
            employer=EmployerFactory(name="不公开企业", slug="hidden", is_listed=False),
            title="隐藏岗位",
        ),
    }


def titles(response) -> set[str]:
    return {
        position.title for listing in response.context["listings"] for position in listing.positions
    }


def test_lists_the_listed_employers_positions(client, page, world):
    response = client.get(page.url)
    assert response.status_code == 200
    assert titles(response) == {"面点学徒", "包装工", "中国结编织", "质检员"}
    html = response.content.decode()
    assert "喜我我花饽饽" in html and "不公开企业" not in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"area": "guangzhou-lu"}, {"中国结编织", "质检员"}),
        ({"ends_by": "15:30"}, {"面点学徒", "中国结编织", "质检员"}),
        ({"starts_after": "9:00"}, {"包装工", "中国结编织", "质检员"}),
        ({"flexibility": "leaves_early"}, {"面点学徒"}),
        ({"flexibility": "bus"}, {"包装工"}),
        ({"flexibility": "childcare"}, {"中国结编织"}),
        ({"skill": "knots"}, {"中国结编织"}),
        ({"open_only": "on"}, {"面点学徒", "包装工", "中国结编织"}),
        ({"q": "饽饽"}, {"面点学徒", "包装工"}),
        ({"ends_by": "15:30", "starts_after": "9:00", "open_only": "on"}, {"中国结编织"}),
    ],
)
def test_filters(client, page, world, query, expected):
    assert titles(client.get(page.url, query)) == expected


@pytest.mark.parametrize(
    "query", [{"ends_by": "25:99"}, {"area": "nowhere"}, {"flexibility": "x"}, {"skill": "?"}]
)
def test_a_bad_filter_is_explained_and_left_out(client, page, world, query):
    response = client.get(page.url, query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'class="problem"' in response.content.decode()
    assert len(titles(response)) == 4


def test_english_names_on_the_english_site(client, page, world, tree):
    english = tree.translate(page, title="Mama Posts friendly employers")
    html = client.get(english.url).content.decode()
    assert "Packer" in html
    assert "Friendly employer" in html


def test_one_page_per_employer(client, page, world):
    response = client.get(f"{page.url}employers/rainbow/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "彩虹手编" in html and "中国结编织" in html and "面点学徒" not in html


@pytest.mark.parametrize("slug", ["hidden", "nobody", "%E4%B8%AD"])
def test_an_unlisted_or_unknown_employer_is_404(client, page, world, slug):
    assert client.get(f"{page.url}employers/{slug}/").status_code == 404


def test_an_unknown_sub_path_is_404(client, page):
    assert client.get(f"{page.url}nothing/here/").status_code == 404


def test_directory_and_employers_in_the_sitemap(client, page, world):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/directory/</loc>" in xml
    assert "/directory/employers/xiwowo/</loc>" in xml
    assert "/directory/employers/rainbow/</loc>" in xml
    assert "hidden" not in xml


def test_print_view_shows_the_filtered_list(client, page, world):
    response = client.get(f"{page.url}print/", {"area": "guangzhou-lu"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "中国结编织" in html and "面点学徒" not in html
    assert "广州路社区" in html  # the filters it was printed with
    assert "css/station.css" in html  # whose @media print lays it out on A4


def test_pdf_of_the_filtered_list(client, page, world):
    response = client.get(f"{page.url}pdf/", {"flexibility": "bus"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "喜我我花饽饽" in text and "包装工" in text and "妈妈班车1路" in text
    assert "彩虹手编" not in text


def test_pdf_without_the_font_points_to_the_print_view(client, page, world, settings):
    settings.PAYSLIP_FONT = "/nowhere/NotoSansCJK-Regular.ttc"
    response = client.get(f"{page.url}pdf/")
    assert response.status_code == 503
    assert f"{page.url}print/" in response.content.decode()


def test_listing_in_few_queries_however_many_positions(
    client, page, world, django_assert_max_num_queries
):
    client.get(page.url)  # warm Wagtail's site and locale caches
    for number in range(20):
        PositionFactory(employer=EmployerFactory(), title=f"岗位{number}", skills=[SkillFactory()])
    with django_assert_max_num_queries(12):
        response = client.get(page.url, {"open_only": "on"})
    assert len(titles(response)) == 23


def test_employer_page_in_few_queries(client, page, world, django_assert_max_num_queries):
    client.get(page.url)
    with django_assert_max_num_queries(10):
        assert client.get(f"{page.url}employers/rainbow/").status_code == 200


def test_the_directory_is_not_kept_in_the_showcase_page_cache(client, page, world, settings):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get(page.url)
    assert "X-Page-Cache" not in first and "ETag" not in first


def test_a_drawn_pdf_is_kept_until_a_position_changes(client, page, world, monkeypatch):
    from station.directory import views

    drawn = []
    real = views.directory_pdf
    monkeypatch.setattr(views, "directory_pdf", lambda **kw: drawn.append(1) or real(**kw))
    first = client.get(f"{page.url}pdf/", {"area": "guangzhou-lu"})
    again = client.get(f"{page.url}pdf/", {"area": "guangzhou-lu"})
    assert len(drawn) == 1 and again.content == first.content
    knots = world["knots"]
    knots.title = "中国结编织（新）"
    knots.save()
    changed = client.get(f"{page.url}pdf/", {"area": "guangzhou-lu"})
    assert len(drawn) == 2
    assert "中国结编织（新）" in pdf_text(changed.content)
