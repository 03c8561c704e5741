"""Writes about accounts: memberships and the second factor. Atomic and audited; the actor is `by`."""

from django.db import transaction

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


def record_account_event(*, by, action, request=None, organisation=None):
    """Sign-in, second factor and sign-out: one event each, about the user themselves."""
    return record_event(by=by, action=action, target=by, organisation=organisation, request=request)
