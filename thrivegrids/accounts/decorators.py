"""View guards: a permission in the active organisation, and markers the middleware reads."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from thrivegrids.accounts.active import current_membership, needs_choice
from thrivegrids.accounts.permissions import Permission


def require_permission(permission: Permission):
    """403 unless the user's role in the active organisation grants `permission`.

    A user in several organisations who has not picked one is sent to pick, then brought back.
    """
    permission = Permission(permission)

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            membership = current_membership(request)
            if membership is None and needs_choice(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:choose_organisation')}?{query}")
            if membership is None or not membership.has_permission(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.required_permission = permission
        return guarded

    return decorator


def second_factor_not_required(view):
    """For the sign-in steps themselves: reachable after the password, before the code."""
    view.second_factor_required = False
    return view


def does_not_extend_session(view):
    """A request to this view does not count as activity (the idle timer keeps running)."""
    view.extends_session = False
    return view
