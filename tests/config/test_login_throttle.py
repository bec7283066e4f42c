"""Sign-in attempts are throttled: five wrong passwords lock that username from that address."""

import pytest

pytestmark = pytest.mark.django_db


def attempt(client, password: str):
    return client.post("/accounts/login/", {"username": "13800000001", "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, django_user_model):
    django_user_model.objects.create_user("13800000001", password="mama-Right-2026")
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the form again, with its error

    locked = attempt(client, "wrong")
    after = attempt(client, "mama-Right-2026")

    assert locked.status_code == 429
    assert after.status_code == 429
    assert "登录尝试次数过多" in after.content.decode()
    assert "暂停登录这个账号 15 分钟" in after.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(client, django_user_model):
    django_user_model.objects.create_user("13800000001", password="mama-Right-2026")
    for _ in range(3):
        attempt(client, "wrong")
    assert attempt(client, "mama-Right-2026").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200


def wrong_sign_in_error(response) -> str:
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("length", [151, 256, 100_000])
def test_an_overlong_username_is_a_plain_wrong_sign_in(client, length):
    """axes keeps the username in a 255-character column: a longer one must not be a 500
    (PostgreSQL refuses to store it) but the answer any wrong sign-in gets."""
    plain = client.post("/accounts/login/", {"username": "13800000009", "password": "wrong"})

    crafted = client.post("/accounts/login/", {"username": "1" * length, "password": "wrong"})

    assert crafted.status_code == 200
    assert wrong_sign_in_error(crafted) == wrong_sign_in_error(plain)


def test_overlong_usernames_are_still_throttled(client):
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "1" * 100_000, "password": "x"})
        assert response.status_code == 200

    locked = client.post("/accounts/login/", {"username": "1" * 100_000, "password": "x"})

    assert locked.status_code == 429


def test_behind_a_load_balancer_failures_count_by_the_visitors_address(
    client, django_user_model, settings
):
    """nginx connects from one address for everyone and appends the visitor's to
    X-Forwarded-For: five failures from one visitor must not lock the account for another."""
    settings.TRUSTED_PROXIES = 1
    django_user_model.objects.create_user("13800000001", password="mama-Right-2026")
    # The first visitor forges an address in front of the one nginx appended: it is ignored.
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "13800000001", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.1",
        )
    from_elsewhere = client.post(
        "/accounts/login/",
        {"username": "13800000001", "password": "mama-Right-2026"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    client.logout()
    forged_again = client.post(
        "/accounts/login/",
        {"username": "13800000001", "password": "mama-Right-2026"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.2, 198.51.100.1",
    )
    assert from_elsewhere.status_code == 302
    assert forged_again.status_code == 429
