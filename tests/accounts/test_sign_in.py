"""Signing in: password, then the authenticator code (set up through a set-up link), then the page asked for."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.factories import (
    PASSWORD,
    confirmed_device,
    current_code,
    sign_in_fully,
)
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
CODE = "/accounts/sign-in/code/"
SET_UP = "/accounts/sign-in/set-up/"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def test_sign_in_page_is_public_and_uses_the_nhs_form_macros(client):
    response = client.get(SIGN_IN)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="nhsuk-input' in html and 'autocomplete="username"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_right_password_asks_for_the_code_and_keeps_where_the_user_was_going(client, practitioner):
    confirmed_device(practitioner)

    response = sign_in(client, "pat", next="/records/")

    assert response.status_code == 302
    assert response["Location"] == f"{CODE}?next=%2Frecords%2F"
    assert client.get("/records/")["Location"].startswith(CODE)


def test_right_code_finishes_signing_in(client, practitioner):
    device = confirmed_device(practitioner)
    sign_in(client, "pat", next="/records/")

    response = client.post(CODE, {"code": current_code(device), "next": "/records/"})

    assert response.status_code == 302 and response["Location"] == "/records/"
    assert client.get("/records/").status_code == 200
    actions = list(AuditEvent.objects.filter(actor=practitioner).values_list("action", flat=True))
    assert "account.sign_in" in actions and "account.second_factor" in actions


def test_wrong_code_is_refused_with_an_error_linked_to_the_field(client, practitioner):
    confirmed_device(practitioner)
    sign_in(client, "pat")

    response = client.post(CODE, {"code": "000000"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in html and 'href="#id_code"' in html
    assert client.get("/records/")["Location"].startswith(CODE)


def test_code_must_be_six_digits(client, practitioner):
    confirmed_device(practitioner)
    sign_in(client, "pat")

    response = client.post(CODE, {"code": "12ab"})

    assert "numbers only" in response.content.decode()


def test_wrong_password_shows_one_error_and_does_not_sign_in(client, practitioner):
    response = sign_in(client, "pat", password="not-the-password")

    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_next_pointing_to_another_site_is_ignored(client, practitioner):
    device = confirmed_device(practitioner)
    sign_in(client, "pat", next="https://evil.example/")

    response = client.post(CODE, {"code": current_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/accounts/"


def test_first_sign_in_without_a_set_up_link_asks_for_one(client, practitioner):
    """Set-up itself (through a link) is in test_second_factor_setup.py."""
    sign_in(client, "pat")

    response = client.get(SET_UP)

    html = response.content.decode()
    assert response.status_code == 200 and "Ask for a set-up link" in html
    assert "tg-qr" not in html and "tg-secret" not in html
    assert not TOTPDevice.objects.filter(user=practitioner).exists()


def test_set_up_refuses_a_second_device_from_a_password_alone(client, practitioner):
    confirmed_device(practitioner)
    sign_in(client, "pat")

    response = client.get(SET_UP)

    assert response["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=practitioner).count() == 1


def test_roles_without_records_sign_in_with_a_password_alone(client, commissioner):
    response = sign_in(client, "cam")

    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200


def test_sign_out_is_a_post_and_ends_the_session(client, practitioner):
    sign_in_fully(client, practitioner)

    assert client.get("/accounts/sign-out/").status_code == 405
    response = client.post("/accounts/sign-out/")

    assert response["Location"] == "/accounts/signed-out/?reason=signed_out"
    assert "_auth_user_id" not in client.session
    assert "You have signed out" in client.get(response["Location"]).content.decode()


def test_sign_in_refuses_a_post_without_a_csrf_token(practitioner):
    response = Client(enforce_csrf_checks=True).post(
        SIGN_IN, {"username": "pat", "password": PASSWORD}
    )

    assert response.status_code == 403


def test_home_lists_what_the_role_opens(client, practitioner, commissioner):
    sign_in_fully(client, practitioner)
    practitioner_home = client.get("/accounts/").content.decode()
    client.force_login(commissioner)
    commissioner_home = client.get("/accounts/").content.decode()

    assert 'href="/records/"' in practitioner_home
    assert 'href="/records/"' not in commissioner_home
    assert 'href="/plans/reviews/"' in practitioner_home
    assert 'href="/plans/reviews/"' not in commissioner_home


def test_signed_in_pages_show_who_and_where_and_a_sign_out_form(client, practitioner):
    sign_in_fully(client, practitioner)

    html = client.get("/accounts/").content.decode()

    assert "nhsuk-header__account" in html and "pat" in html
    assert re.search(
        r'<form[^>]*action="/accounts/sign-out/"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"',
        html,
    )


def test_staff_admin_asks_a_superuser_for_the_code(client):
    admin_user = get_user_model().objects.create_superuser("boss", "b@example.invalid", PASSWORD)
    client.force_login(admin_user)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/set-up/")
    sign_in_fully(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_admin_login_page_sends_people_to_the_sign_in_pages(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/accounts/sign-in/?next=%2Fadmin%2F"


def test_admin_login_ignores_a_next_pointing_to_another_site(client):
    admin_user = get_user_model().objects.create_superuser("boss", "b@example.invalid", PASSWORD)
    sign_in_fully(client, admin_user)

    response = client.get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == "/admin/"


def test_admin_refuses_a_signed_in_user_who_is_not_staff(client, practitioner):
    sign_in_fully(client, practitioner)

    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_demo_bypass_lets_staff_in_without_the_code(client, settings):
    settings.THRIVEGRIDS_DEMO_OTP_BYPASS = True
    admin_user = get_user_model().objects.create_superuser("boss", "b@example.invalid", PASSWORD)
    client.force_login(admin_user)

    assert client.get("/admin/").status_code == 200
