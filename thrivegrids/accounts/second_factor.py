"""The TOTP second factor (django-otp): who needs it, their device, and its set-up QR code."""

import base64

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivegrids.accounts.models import Membership
from thrivegrids.accounts.permissions import RECORD_PERMISSIONS, ROLE_PERMISSIONS

DEVICE_NAME = "Authenticator app"
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


def pending_device(user):
    """The unconfirmed device being set up, made once so the QR code stays the same on reload."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_for_display(device) -> str:
    """The key as an authenticator app takes it by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
