def test_robots_txt_points_at_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /cms/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_server_error_page_is_styled_and_needs_no_database(rf):
    # No db fixture: pytest-django fails the test if rendering touches the database.
    from config.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "site.css" in response.content.decode()
