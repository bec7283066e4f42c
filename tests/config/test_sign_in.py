"""A mother signs in with her mobile number however she writes it, on a phone keypad; a wrong
sign-in says what to do, and a forgotten password has a page that says who helps."""

import pytest

from config.auth import axes_username

pytestmark = pytest.mark.django_db

PASSWORD = "mama-Right-2026"
# "13800000001" in full-width digits, as a Chinese keyboard may type it.
FULL_WIDTH = "".join(chr(ord(digit) + 0xFEE0) for digit in "13800000001")


@pytest.fixture
def mother_user(django_user_model):
    return django_user_model.objects.create_user("13800000001", password=PASSWORD)


def sign_in(client, username: str, password: str = PASSWORD, prefix: str = ""):
    return client.post(f"{prefix}/accounts/login/", {"username": username, "password": password})


@pytest.mark.parametrize(
    ("prefix", "label", "forgot"),
    [("", "手机号", "忘记密码？"), ("/en", "Mobile number", "Forgot your password?")],
)
def test_the_name_field_asks_for_a_mobile_number_on_a_phone_keypad(client, prefix, label, forgot):
    page = client.get(f"{prefix}/accounts/login/").content.decode()

    assert f'<label for="id_username">{label}</label>' in page
    assert 'inputmode="tel"' in page
    assert f'{prefix}/accounts/forgot-password/">{forgot}</a>' in page


@pytest.mark.parametrize(
    "written",
    [
        "13800000001",
        "138 0000 0001",
        " 138-0000-0001 ",
        "+86 138 0000 0001",
        "+8613800000001",
        "１３８　００００　０００１",  # full-width, as a Chinese keyboard may type it
    ],
)
def test_each_way_of_writing_her_number_signs_her_in(client, mother_user, written):
    response = sign_in(client, written)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(mother_user.pk)


def test_a_staff_username_still_signs_in_as_typed(client, django_user_model):
    coordinator = django_user_model.objects.create_user("wang.coord", password=PASSWORD)

    assert sign_in(client, "wang.coord").status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@pytest.mark.parametrize(
    ("prefix", "says", "never"),
    [
        ("", "手机号或密码不对。忘了密码？请找您合作社的协调员重新打印登录卡。", "区分大小写"),
        ("/en", "Wrong mobile number or password.", "case"),
    ],
)
def test_a_wrong_password_says_what_to_do_not_about_case(client, mother_user, prefix, says, never):
    response = sign_in(client, "13800000001", "wrong", prefix=prefix)

    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1, errors
    assert says in errors[0]
    assert never not in errors[0].lower()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("prefix", "says"),
    [
        ("", "请找您合作社的协调员要一张新的登录卡"),
        ("/en", "coordinator for a new login card"),
    ],
)
def test_the_forgotten_password_page_says_who_helps(client, prefix, says):
    response = client.get(f"{prefix}/accounts/forgot-password/")

    assert response.status_code == 200
    assert says in response.content.decode()
    assert f'href="{prefix}/accounts/login/"' in response.content.decode()


WRITINGS = ["138 0000 0001", "+86 138-0000-0001", FULL_WIDTH]


@pytest.mark.parametrize("written", WRITINGS)
def test_axes_counts_any_writing_of_a_number_as_the_bare_one(rf, written):
    posted = rf.post("/accounts/login/", {"username": written, "password": "x"})

    assert axes_username(None, {"username": written}) == "13800000001"
    assert axes_username(posted, None) == "13800000001"


def test_wrong_passwords_in_different_writings_lock_the_same_account(client, mother_user):
    for written in ["138 0000 0001", "138-0000-0001", "+86 138 0000 0001", "+8613800000001"]:
        assert sign_in(client, written, "wrong").status_code == 200

    locked = sign_in(client, "13800000001", "wrong")

    assert locked.status_code == 429
    assert sign_in(client, "13800000001").status_code == 429
