"""Writes about accounts: memberships, signing in and out, the second factor (set-up links,
set-up, recovery codes, reset). Each is audited with one event; the actor is `by` (or the user
signing in or out)."""

import datetime

import django_otp
from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivegrids.accounts import second_factor
from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.middleware import start_session_clock
from thrivegrids.accounts.models import Membership, RecoveryCode, SetUpLink
from thrivegrids.accounts.tokens import (
    RECOVERY_CODE_COUNT,
    hash_recovery_code,
    new_recovery_code,
    recovery_code_matches,
)
from thrivegrids.core.audit import record_event
from thrivegrids.core.secret_tokens import hashed, new_token

# Who opened a set-up link that no longer works, when no one is signed in yet.
SET_UP_LINK_ACTOR = "someone with a set-up link"


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


class SetUpLinkRefused(Exception):
    """The set-up link no longer works; `reason` is a SetUpLink.Refusal."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@transaction.atomic
def create_set_up_link(*, by, user, organisation=None, request=None):
    """A one-time link for `user` to add an authenticator app; returns (link, token).

    The token is not stored and cannot be shown again. An unused earlier link for the same user
    stops working. A user who already has an app needs a staff reset first.
    """
    if second_factor.confirmed_device(user) is not None:
        raise ValidationError(_("This account already has an authenticator app."))
    now = timezone.now()
    replaced = SetUpLink.objects.usable(now).filter(user=user).update(revoked_at=now)
    token = new_token()
    link = SetUpLink.objects.create(
        user=user,
        token_hash=hashed(token),
        organisation=organisation,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        created_at=now,
        expires_at=now + datetime.timedelta(hours=settings.THRIVEGRIDS_SET_UP_LINK_HOURS),
    )
    details = {"user": user.get_username(), "link": link.pk, "replaced": replaced}
    record_event(
        by=by,
        action="set_up_link.create",
        target=user,
        organisation=organisation,
        request=request,
        details=details | {"expires_at": link.expires_at.isoformat()},
    )
    return link, token


@transaction.atomic
def refuse_set_up_link(*, by, link, reason, request=None):
    """Someone opened (or finished with) a link that had ended, been used or been replaced."""
    record_event(
        by=by,
        action="set_up_link.refuse",
        target=link.user,
        organisation=link.organisation,
        request=request,
        details={"link": link.pk, "reason": str(reason)},
        actor_label=SET_UP_LINK_ACTOR,
    )


@transaction.atomic
def set_up_second_factor(*, by, link, device, request=None):
    """Save the authenticator `by` has just proved with a code, use up the link, and make new
    recovery codes. Returns the codes, to be shown once: only their hashes are stored."""
    link = SetUpLink.objects.select_for_update().get(pk=link.pk)
    reason = link.refusal()
    if reason is None and second_factor.confirmed_device(by) is not None:
        reason = SetUpLink.Refusal.USED
    if reason is not None:
        raise SetUpLinkRefused(reason)
    device.confirmed = True
    device.save()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    RecoveryCode.objects.filter(user=by).delete()
    codes = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=by, code_hash=hash_recovery_code(code)) for code in codes
    )
    record_event(
        by=by,
        action="account.second_factor_set_up",
        target=by,
        organisation=link.organisation,
        request=request,
        details={"set_up_link": link.pk, "recovery_codes": len(codes)},
    )
    return codes


@transaction.atomic
def pass_second_factor_with_recovery_code(*, request, code):
    """A recovery code instead of the app's code: used up, and the session marked as verified.

    Returns how many unused codes are left, or None if the code is not one of the user's.
    """
    user = request.user
    unused = list(RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True))
    match = next((row for row in unused if recovery_code_matches(code, row.code_hash)), None)
    device = second_factor.confirmed_device(user)
    if match is None or device is None:
        return None
    match.used_at = timezone.now()
    match.save(update_fields=["used_at"])
    request.session.cycle_key()
    django_otp.login(request, device)
    remaining = len(unused) - 1
    record_event(
        by=user,
        action="account.recovery_code",
        target=user,
        request=request,
        details={"remaining": remaining},
    )
    return remaining


@transaction.atomic
def reset_second_factor(*, by, user, request=None):
    """A lost phone: remove the user's authenticator apps, recovery codes and unused set-up links.

    The user then needs a new set-up link; a session they have open asks for it at once.
    """
    devices, _details = TOTPDevice.objects.filter(user=user).delete()
    codes, _details = RecoveryCode.objects.filter(user=user).delete()
    now = timezone.now()
    links = SetUpLink.objects.usable(now).filter(user=user).update(revoked_at=now)
    record_event(
        by=by,
        action="account.second_factor_reset",
        target=user,
        request=request,
        details={
            "user": user.get_username(),
            "devices": devices,
            "recovery_codes": codes,
            "set_up_links": links,
        },
    )


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
