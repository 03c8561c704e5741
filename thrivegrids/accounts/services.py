"""Writes about accounts: memberships, signing in and out, and the second factor. Each is
audited with one event; the actor is `by` (or the user signing in or out)."""

import django_otp
from django.contrib.auth import login, logout
from django.db import transaction

from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.middleware import start_session_clock
from thrivegrids.accounts.models import Membership
from thrivegrids.core.audit import record_event


@transaction.atomic
def add_membership(*, by, user, organisation, role, request=None):
    """Give `user` a role in `organisation` (replacing any role they had there)."""
    membership, created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    record_event(
        by=by,
        action="membership.add" if created else "membership.change",
        target=membership,
        organisation=organisation,
        request=request,
        details={"user": user.get_username(), "role": role},
    )
    return membership


@transaction.atomic
def confirm_second_factor(*, by, device, request=None):
    """Mark a TOTP device as set up, after the user has typed a code from it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(by=by, action="account.second_factor_set_up", target=by, request=request)
    return device


def sign_in(*, request, user):
    """The password was right: start the session and its clock, and say who signed in."""
    login(request, user)
    start_session_clock(request)
    _record_account_event(by=user, action="account.sign_in", request=request)


def pass_second_factor(*, request, device):
    """The authenticator code was right: a new session key, marked as verified."""
    request.session.cycle_key()
    django_otp.login(request, device)
    _record_account_event(by=request.user, action="account.second_factor", request=request)


def sign_out(*, request):
    """End the session, after saying who left (and from which organisation)."""
    _record_account_event(
        by=request.user,
        action="account.sign_out",
        request=request,
        organisation=current_organisation(request),
    )
    logout(request)


def _record_account_event(*, by, action, request=None, organisation=None):
    """Sign-in, second factor and sign-out: one event each, about the user themselves."""
    return record_event(by=by, action=action, target=by, organisation=organisation, request=request)
