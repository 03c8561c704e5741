"""Authenticator set-up links: a team lead makes one for a member of their organisation (shown
once); the member opens it, signs in with their password, and adds their app (views.set_up).
Staff make links for anyone, and reset lost phones, in the staff admin (admin.py)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from thrivegrids.accounts import second_factor, services
from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.decorators import require_permission, second_factor_not_required
from thrivegrids.accounts.models import SetUpLink
from thrivegrids.accounts.permissions import Permission
from thrivegrids.accounts.presenters import link_expiry, members_needing_set_up
from thrivegrids.core.link_pages import private


def refuse_link(request, link, reason):
    """The clear page for a link that has ended, been used or been replaced (audited)."""
    by = request.user if request.user.is_authenticated else None
    services.refuse_set_up_link(by=by, link=link, reason=reason, request=request)
    second_factor.forget_set_up(request)
    context = {"reason": SetUpLink.Refusal(reason).label}
    return private(render(request, "accounts/set_up_link_refused.jinja", context, status=410))


@login_not_required
@second_factor_not_required
@require_safe
@never_cache
def open_set_up_link(request, token):
    """The link itself: remembered in this session (with a secret of its own), then sign-in."""
    link = second_factor.find_set_up_link(token)
    if link is None:
        context = {"reason": None}
        return private(render(request, "accounts/set_up_link_refused.jinja", context, status=404))
    if (reason := link.refusal()) is not None:
        return refuse_link(request, link, reason)
    if request.user.is_authenticated and request.user.pk != link.user_id:
        return private(render(request, "accounts/set_up_link_other_account.jinja", {}, status=403))
    second_factor.remember_set_up_link(request, link)
    # The token leaves the address bar (and any referrer) at once.
    return private(redirect("accounts:set_up"))


@require_permission(Permission.ISSUE_SET_UP_LINKS)
@require_safe
def list_set_up_links(request):
    """Members of the team lead's organisation who still need an authenticator app."""
    organisation = current_organisation(request)
    memberships = list(second_factor.members_needing_set_up(organisation))
    links = SetUpLink.objects.usable().filter(user__in=[m.user_id for m in memberships])
    context = {
        "organisation": organisation,
        "members": members_needing_set_up(memberships, list(links)),
    }
    return render(request, "accounts/list_set_up_links.jinja", context)


@require_permission(Permission.ISSUE_SET_UP_LINKS)
@require_POST
@never_cache
def create_set_up_link(request, user_pk):
    """Make a link for one member who needs an app, and show it once (it is not stored)."""
    organisation = current_organisation(request)
    membership = get_object_or_404(
        second_factor.members_needing_set_up(organisation), user_id=user_pk
    )
    link, token = services.create_set_up_link(
        by=request.user, user=membership.user, organisation=organisation, request=request
    )
    address = reverse("accounts:open_set_up_link", kwargs={"token": token})
    context = {
        "name": membership.user.get_full_name() or membership.user.get_username(),
        "link": request.build_absolute_uri(address),
        "expires": link_expiry(link),
    }
    return private(render(request, "accounts/set_up_link_made.jinja", context))
