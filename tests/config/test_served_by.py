"""X-Served-By names the app server that answered, only when APP_INSTANCE names it."""

from django.test import Client


def test_an_app_server_with_a_name_says_it_served_the_request(settings, db):
    settings.APP_INSTANCE = "app7"
    response = Client().get("/healthz-missing/")
    assert response.headers["X-Served-By"] == "app7"


def test_an_app_server_without_a_name_says_nothing(settings, db):
    settings.APP_INSTANCE = ""
    response = Client().get("/healthz-missing/")
    assert "X-Served-By" not in response.headers
