"""Adding an authenticator app through a one-time set-up link, recovery codes, and staff reset."""

import base64
import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import clock
from tests.accounts.factories import (
    PASSWORD,
    OrganisationFactory,
    confirmed_device,
    member,
    sign_in_fully,
)
from thrivegrids.accounts import services
from thrivegrids.accounts.models import Membership, RecoveryCode, SetUpLink
from thrivegrids.accounts.permissions import Role
from thrivegrids.core.log_redaction import redact
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"
SET_UP = "/accounts/sign-in/set-up/"
CODE = "/accounts/sign-in/code/"
RECOVERY = "/accounts/sign-in/recovery-code/"
LINKS = "/accounts/set-up-links/"


@pytest.fixture
def team():
    return OrganisationFactory(name="Example Valley CAMHS")


@pytest.fixture
def lead(team):
    return member(Role.TEAM_LEAD, team, username="lee")


@pytest.fixture
def pat(team):
    return member(Role.PRACTITIONER, team, username="pat")


def make_link(user, by=None, organisation=None):
    """(link, the path that opens it), as a team lead or staff would make it."""
    link, token = services.create_set_up_link(by=by, user=user, organisation=organisation)
    return link, f"/accounts/set-up/{token}/"


def sign_in(client, username, **extra):
    return client.post(SIGN_IN, {"username": username, "password": PASSWORD, **extra})


def shown_secret(response):
    html = response.content.decode()
    return re.search(r'<code class="tg-secret" dir="ltr">([A-Z2-7 ]+)</code>', html).group(1)


def code_for(secret):
    """The code an authenticator app holding `secret` (as the page shows it) gives now."""
    key = secret.replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    return f"{totp(key):06d}"


def shown_codes(response):
    return re.findall(
        r'<li><code class="tg-secret" dir="ltr">([a-z0-9-]+)</code></li>', response.content.decode()
    )


def set_up_through_link(client, user, path):
    """Open the link, sign in with the password, and land on the set-up page (returned)."""
    client.get(path)
    sign_in(client, user.get_username())
    return client.get(SET_UP)


def set_up_with_codes(user):
    """A confirmed app and ten recovery codes, made as the set-up page makes them."""
    link, _path = make_link(user)
    device = TOTPDevice(user=user, name="Authenticator app", confirmed=False)
    return services.set_up_second_factor(by=user, link=link, device=device)


def actions(**filters):
    return list(
        AuditEvent.objects.filter(**filters).order_by("pk").values_list("action", flat=True)
    )


# Set-up needs a link.


def test_password_alone_shows_no_qr_code_and_makes_no_device(client, pat):
    sign_in(client, "pat")

    response = client.get(SET_UP)

    html = response.content.decode()
    assert "Ask your team lead to make one for you" in html
    assert "tg-qr" not in html and "tg-secret" not in html
    assert not TOTPDevice.objects.filter(user=pat).exists()


def test_a_link_then_the_password_shows_the_qr_code_and_the_key(client, pat):
    _link, path = make_link(pat)

    opened = client.get(path)
    after_password = sign_in(client, "pat")
    response = client.get(SET_UP)

    assert opened.status_code == 302 and opened["Location"] == SET_UP
    assert opened["Referrer-Policy"] == "no-referrer"
    assert after_password["Location"] == SET_UP
    html = response.content.decode()
    assert re.search(r'<svg class="tg-qr"[^>]*>.*<path', html, re.DOTALL)
    assert len(shown_secret(response).replace(" ", "")) == 32
    assert not TOTPDevice.objects.filter(user=pat).exists()


def test_the_same_session_keeps_its_key_on_reload(client, pat):
    _link, path = make_link(pat)
    first = shown_secret(set_up_through_link(client, pat, path))

    client.get(path)
    second = shown_secret(client.get(SET_UP))

    assert first == second


def test_two_sessions_opening_the_same_link_see_different_secrets(pat):
    _link, path = make_link(pat)

    one = shown_secret(set_up_through_link(Client(), pat, path))
    other = shown_secret(set_up_through_link(Client(), pat, path))

    assert one != other
    assert not TOTPDevice.objects.filter(user=pat).exists()


def test_a_right_code_saves_the_app_uses_the_link_and_shows_ten_codes_once(client, pat, team, lead):
    link, path = make_link(pat, by=lead, organisation=team)
    secret = shown_secret(set_up_through_link(client, pat, path))

    response = client.post(SET_UP, {"code": code_for(secret), "next": "/records/"})

    codes = shown_codes(response)
    assert response.status_code == 200 and "Save your recovery codes" in response.content.decode()
    assert len(codes) == 10 == len(set(codes))
    assert 'href="/records/"' in response.content.decode()
    link.refresh_from_db()
    assert link.used_at is not None
    device = TOTPDevice.objects.get(user=pat)
    assert device.confirmed and code_for(secret) == f"{totp(device.bin_key):06d}"
    event = AuditEvent.objects.get(action="account.second_factor_set_up")
    assert event.actor == pat and event.organisation == team
    assert event.details == {"set_up_link": link.pk, "recovery_codes": 10}
    assert client.get("/records/").status_code == 200
    assert client.get(SET_UP).status_code == 302  # the codes are never shown again


def test_the_other_session_cannot_finish_once_the_link_is_used(pat):
    _link, path = make_link(pat)
    first, second = Client(), Client()
    secret_one = shown_secret(set_up_through_link(first, pat, path))
    secret_two = shown_secret(set_up_through_link(second, pat, path))
    first.post(SET_UP, {"code": code_for(secret_one)})

    response = second.post(SET_UP, {"code": code_for(secret_two)})

    assert response.status_code == 302 and response["Location"].startswith(CODE)
    assert TOTPDevice.objects.filter(user=pat).count() == 1


def test_a_wrong_code_at_set_up_is_explained_beside_the_field(client, pat):
    _link, path = make_link(pat)
    set_up_through_link(client, pat, path)

    response = client.post(SET_UP, {"code": "000000"})

    html = response.content.decode()
    assert "nhsuk-error-summary" in html and 'href="#id_code"' in html
    assert 'value="000000"' in html
    assert not TOTPDevice.objects.filter(user=pat).exists()
    assert SetUpLink.objects.get().used_at is None


# Links that no longer work.


def test_an_ended_link_is_refused_with_a_clear_page_and_audited(client, pat, team, lead):
    link, path = make_link(pat, by=lead, organisation=team)

    with time_machine.travel(clock.NOW + datetime.timedelta(hours=72, minutes=1)):
        response = client.get(path)

    html = response.content.decode()
    assert response.status_code == 410
    assert "This set-up link does not work" in html and "It has ended" in html
    assert "Ask your team lead to make you a new set-up link" in html
    event = AuditEvent.objects.get(action="set_up_link.refuse")
    assert event.details == {"link": link.pk, "reason": "expired"}
    assert event.organisation == team and event.actor_label == "someone with a set-up link"


def test_a_link_still_works_just_before_it_ends(client, pat, settings):
    assert settings.THRIVEGRIDS_SET_UP_LINK_HOURS == 72
    _link, path = make_link(pat)

    with time_machine.travel(clock.NOW + datetime.timedelta(hours=71, minutes=59)):
        response = client.get(path)

    assert response.status_code == 302


def test_a_link_that_ends_during_set_up_is_refused_at_the_code(client, pat):
    _link, path = make_link(pat)
    secret = shown_secret(set_up_through_link(client, pat, path))

    SetUpLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = client.post(SET_UP, {"code": code_for(secret)})

    assert response.status_code == 410 and "It has ended" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=pat).exists()
    assert actions(action="set_up_link.refuse") == ["set_up_link.refuse"]


def test_a_used_link_is_refused(pat):
    _link, path = make_link(pat)
    client = Client()
    secret = shown_secret(set_up_through_link(client, pat, path))
    client.post(SET_UP, {"code": code_for(secret)})

    response = Client().get(path)

    assert response.status_code == 410
    assert "It has already been used" in response.content.decode()
    assert AuditEvent.objects.get(action="set_up_link.refuse").details["reason"] == "used"


def test_a_new_link_replaces_the_unused_one(client, pat):
    _old, old_path = make_link(pat)
    _new, new_path = make_link(pat)

    assert client.get(old_path).status_code == 410
    assert "A newer link was made" in client.get(old_path).content.decode()
    assert Client().get(new_path).status_code == 302


def test_an_unknown_link_is_a_clear_404(client):
    response = client.get("/accounts/set-up/not-a-real-token/")

    assert response.status_code == 404
    assert "This set-up link does not work" in response.content.decode()


def test_a_link_opened_while_signed_in_as_someone_else_is_refused(client, pat, lead):
    _link, path = make_link(pat)
    sign_in_fully(client, lead)

    response = client.get(path)

    assert response.status_code == 403 and "is for someone else" in response.content.decode()


def test_only_the_token_hash_is_stored(pat):
    link, path = make_link(pat)

    token = path.split("/")[-2]
    assert len(token) >= 40 and token not in link.token_hash
    assert SetUpLink.objects.filter(token_hash__contains=token).count() == 0


def test_set_up_tokens_never_reach_a_log_line():
    line = '"GET /ar/accounts/set-up/Abc123_-xyz/ HTTP/1.1" 302'

    assert redact(line) == '"GET /ar/accounts/set-up/[redacted]/ HTTP/1.1" 302'
    assert redact("GET /accounts/sign-in/set-up/?next=/") == "GET /accounts/sign-in/set-up/?next=/"


# Team leads make links for their own organisation's members.


def test_team_lead_sees_who_needs_an_app_and_makes_a_link_shown_once(client, team, lead, pat):
    has_app = member(Role.PRACTITIONER, team, username="sam")
    confirmed_device(has_app)
    member(Role.COMMISSIONER, team, username="cam")  # needs no app
    staff = member(Role.PRACTITIONER, team, username="staffer", is_staff=True)
    sign_in_fully(client, lead)

    listing = client.get(LINKS).content.decode()
    made = client.post(f"{LINKS}{pat.pk}/")

    assert 'dir="auto">pat<' in listing and "Make a set-up link" in listing
    assert 'dir="auto">sam<' not in listing and 'dir="auto">cam<' not in listing
    assert f"{LINKS}{staff.pk}/" not in listing
    html = made.content.decode()
    token = re.search(r"http://testserver/accounts/set-up/([^/]+)/", html).group(1)
    assert made.status_code == 200 and made["Cache-Control"].startswith("no-store")
    assert SetUpLink.objects.get(user=pat).token_hash != token
    assert "until 10 December 2026, 10:00" in html
    event = AuditEvent.objects.get(action="set_up_link.create")
    assert event.actor == lead and event.organisation == team
    assert event.details["user"] == "pat" and event.details["replaced"] == 0
    assert "until 10 December 2026, 10:00" in client.get(LINKS).content.decode()
    assert token not in client.get(LINKS).content.decode()


def test_team_lead_of_another_organisation_cannot_make_a_link(client, pat):
    other_lead = member(Role.TEAM_LEAD, OrganisationFactory(name="Elsewhere"), username="olga")
    sign_in_fully(client, other_lead)

    response = client.post(f"{LINKS}{pat.pk}/")

    assert response.status_code == 404
    assert 'dir="auto">pat<' not in client.get(LINKS).content.decode()
    assert not SetUpLink.objects.exists() and not actions(action="set_up_link.create")


def test_team_lead_cannot_make_a_link_for_a_staff_account_or_one_with_an_app(client, team, lead):
    staff = member(Role.PRACTITIONER, team, username="staffer", is_staff=True)
    has_app = member(Role.PRACTITIONER, team, username="sam")
    confirmed_device(has_app)
    sign_in_fully(client, lead)

    assert client.post(f"{LINKS}{staff.pk}/").status_code == 404
    assert client.post(f"{LINKS}{has_app.pk}/").status_code == 404
    assert not SetUpLink.objects.exists()


def test_practitioners_cannot_make_links(client, pat, lead):
    sign_in_fully(client, pat)

    assert client.get(LINKS).status_code == 403
    assert client.post(f"{LINKS}{lead.pk}/").status_code == 403


# Recovery codes.


def test_recovery_codes_are_stored_only_as_salted_hashes(pat):
    codes = set_up_with_codes(pat)

    stored = list(RecoveryCode.objects.filter(user=pat).values_list("code_hash", flat=True))
    assert len(stored) == 10 == len(set(stored))
    for code in codes:
        assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", code)
        assert not any(code in row or code.replace("-", "") in row for row in stored)


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(client, pat):
    codes = set_up_with_codes(pat)
    sign_in(client, "pat", next="/records/")

    response = client.post(
        RECOVERY, {"code": codes[3].upper().replace("-", " "), "next": "/records/"}
    )

    html = response.content.decode()
    assert response.status_code == 200 and "You have 9 recovery codes left." in html
    assert 'href="/records/"' in html
    assert client.get("/records/").status_code == 200
    event = AuditEvent.objects.get(action="account.recovery_code")
    assert event.actor == pat and event.details == {"remaining": 9}

    again = Client()
    sign_in(again, "pat")
    refused = again.post(RECOVERY, {"code": codes[3]})
    assert "not right or has been used" in refused.content.decode()
    assert again.get("/records/")["Location"].startswith(CODE)


def test_a_wrong_recovery_code_is_explained_and_keeps_what_was_typed(client, pat):
    set_up_with_codes(pat)
    sign_in(client, "pat")

    wrong = client.post(RECOVERY, {"code": "abcd-efgh-jkmn"})
    malformed = client.post(RECOVERY, {"code": "12"})

    assert "not right or has been used" in wrong.content.decode()
    assert 'value="abcd-efgh-jkmn"' in wrong.content.decode()
    assert 'href="#id_code"' in malformed.content.decode()
    assert "12 letters and numbers" in malformed.content.decode()
    assert not actions(action="account.recovery_code")


def test_the_code_page_offers_a_recovery_code(client, pat):
    set_up_with_codes(pat)
    sign_in(client, "pat", next="/records/")

    html = client.get(f"{CODE}?next=/records/").content.decode()

    assert 'href="/accounts/sign-in/recovery-code/?next=%2Frecords%2F"' in html


# Staff reset a lost phone.


@pytest.fixture
def staff_client(client):
    boss = get_user_model().objects.create_superuser("boss", "b@example.invalid", PASSWORD)
    return sign_in_fully(client, boss)


def test_staff_reset_removes_the_app_and_codes_and_is_audited(staff_client, pat):
    set_up_with_codes(pat)
    _unused, path = make_link(member(Role.PRACTITIONER, username="other"))
    pat_session = sign_in_fully(Client(), pat)

    response = staff_client.post(
        "/admin/auth/user/", {"action": "reset_authenticator", "_selected_action": [pat.pk]}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=pat).exists()
    assert not RecoveryCode.objects.filter(user=pat).exists()
    event = AuditEvent.objects.get(action="account.second_factor_reset")
    assert event.actor.username == "boss" and event.target_id == str(pat.pk)
    assert event.details == {"user": "pat", "devices": 1, "recovery_codes": 10, "set_up_links": 0}
    # Their open session now needs a new set-up link; nobody else's link was touched.
    assert pat_session.get("/records/")["Location"].startswith(SET_UP)
    assert "Ask for a set-up link" in pat_session.get(SET_UP).content.decode()
    assert Client().get(path).status_code == 302


def test_staff_make_set_up_links_in_the_admin_shown_once(staff_client, pat):
    has_app = member(Role.PRACTITIONER, username="sam")
    confirmed_device(has_app)

    response = staff_client.post(
        "/admin/auth/user/",
        {"action": "make_set_up_links", "_selected_action": [pat.pk, has_app.pk]},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"http://testserver/accounts/set-up/[^/]+/", html)
    assert "sam" in html.split("already have an authenticator app")[1]
    assert SetUpLink.objects.filter(user=pat).count() == 1
    assert not SetUpLink.objects.filter(user=has_app).exists()
    event = AuditEvent.objects.get(action="set_up_link.create")
    assert event.actor.username == "boss" and event.organisation is None


def test_team_leads_have_no_reset(client, lead, pat):
    confirmed_device(pat)
    sign_in_fully(client, lead)

    response = client.post(
        "/admin/auth/user/", {"action": "reset_authenticator", "_selected_action": [pat.pk]}
    )

    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=pat).exists()
    assert Membership.objects.filter(user=pat).exists()
