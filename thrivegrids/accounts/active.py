"""The organisation a signed-in user is working in now, kept in the session.

A user with one membership works in that organisation; a user with several picks one (the
choose_organisation page) and can switch at any time. Views read it only through these helpers.
"""

from thrivegrids.accounts.models import Membership

SESSION_KEY = "tg_organisation"


def memberships_for(user):
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.for_user(user)


def current_membership(request):
    """The user's membership in the active organisation, or None if there is none to use."""
    if not hasattr(request, "_tg_membership"):
        request._tg_membership = _find_membership(request)
    return request._tg_membership


def can_switch_organisation(request):
    """True when the user has more than one organisation to work in (read with the membership)."""
    current_membership(request)
    return request._tg_membership_count > 1


def current_organisation(request):
    membership = current_membership(request)
    return membership.organisation if membership else None


def set_active_organisation(request, membership):
    current_membership(request)  # counts the memberships before the choice replaces it
    request.session[SESSION_KEY] = membership.organisation_id
    request._tg_membership = membership


def needs_choice(request):
    """True when the user belongs to several organisations and has not picked one."""
    return current_membership(request) is None and memberships_for(request.user).count() > 1


def _find_membership(request):
    memberships = list(memberships_for(request.user))
    request._tg_membership_count = len(memberships)
    chosen = request.session.get(SESSION_KEY) if memberships else None
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    if len(memberships) == 1:
        return memberships[0]
    return None
