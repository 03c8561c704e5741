"""The TOTP second factor (django-otp): who needs it, their device, and setting one up through a
set-up link with a secret kept in the session."""

import base64
import time

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from thrivegrids.accounts.models import Membership, RecoveryCode, SetUpLink
from thrivegrids.accounts.permissions import RECORD_PERMISSIONS, ROLE_PERMISSIONS
from thrivegrids.core.secret_tokens import hashed

DEVICE_NAME = "Authenticator app"
SET_UP_SESSION_KEY = "tg_set_up"
RECORD_ROLES = [role for role, powers in ROLE_PERMISSIONS.items() if powers & RECORD_PERMISSIONS]


def bypassed() -> bool:
    """The demo-only switch (settings refuse it unless DEBUG is on)."""
    return settings.THRIVEGRIDS_DEMO_OTP_BYPASS


def requires_second_factor(user) -> bool:
    """Staff, and anyone in a role that can see a young person's record, in any organisation."""
    if bypassed() or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role__in=RECORD_ROLES).exists()


def is_verified(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def second_factor_done(user) -> bool:
    """Signed in far enough: the second factor was given, or this user does not need one."""
    return is_verified(user) or not requires_second_factor(user)


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("id").first()


def find_set_up_link(token):
    """The set-up link with this token (used or not), or None."""
    return SetUpLink.objects.select_related("user").filter(token_hash=hashed(token)).first()


def remember_set_up_link(request, link):
    """This session will set up an authenticator through `link`, with a secret of its own.

    The secret lives in this session only, so two sessions opening the same link never see the same
    one; opening the link again in the same session keeps it (a reload shows the same QR code).
    """
    pending = request.session.get(SET_UP_SESSION_KEY) or {}
    if pending.get("link") != link.pk:
        request.session[SET_UP_SESSION_KEY] = {"link": link.pk, "key": random_hex(20)}


def pending_set_up(request):
    """(link, unsaved device) for the set-up this session started for its user, or None."""
    pending = request.session.get(SET_UP_SESSION_KEY) or {}
    link = SetUpLink.objects.filter(pk=pending.get("link"), user=request.user).first()
    if link is None:
        return None
    device = TOTPDevice(user=request.user, name=DEVICE_NAME, key=pending["key"], confirmed=False)
    return link, device


def forget_set_up(request):
    request.session.pop(SET_UP_SESSION_KEY, None)


def code_is_right(device, code) -> bool:
    """Does `code` come from the app holding the pending device's secret? (Saves nothing.)"""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(code), device.tolerance):
        return False
    device.last_t = totp.t()  # the code cannot be given again to the device once saved
    return True


def remaining_recovery_codes(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def secret_for_display(device) -> str:
    """The key as an authenticator app takes it by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def members_needing_set_up(organisation):
    """The organisation's memberships whose user needs an authenticator app and has none.

    Staff accounts are left out: only staff make their links (in the staff admin).
    """
    record_users = Membership.objects.filter(role__in=RECORD_ROLES).values("user_id")
    with_app = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return (
        Membership.objects.filter(
            organisation=organisation,
            user_id__in=record_users,
            user__is_active=True,
            user__is_staff=False,
            user__is_superuser=False,
        )
        .exclude(user_id__in=with_app)
        .select_related("user")
        .order_by("user__username")
    )
