"""Accounts -> what the signed-in page shell and the home page show."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from thrivegrids.accounts.active import can_switch_organisation, current_membership
from thrivegrids.accounts.permissions import Permission


def account_bar(request):
    """Who is signed in, where, and whether they can switch: for the header on signed-in pages."""
    if not request.user.is_authenticated:
        return None
    membership = current_membership(request)
    return {
        "name": request.user.get_full_name() or request.user.get_username(),
        "organisation": membership.organisation.name if membership else "",
        "role": membership.get_role_display() if membership else "",
        "can_switch": can_switch_organisation(request),
    }


def home_links(user, membership):
    """The places this user's role in the active organisation opens, as NHS.UK card links."""
    links = []
    if membership and membership.has_permission(Permission.VIEW_YOUNG_PEOPLE):
        links.append(
            {
                "href": reverse("caseload:list_young_people"),
                "text": _("Young people"),
                "description": _("Find or add a young person your team is working with."),
            }
        )
    if membership and membership.has_permission(Permission.VIEW_YOUNG_PEOPLE):
        links.append(
            {
                "href": reverse("careplans:reviews_due"),
                "text": _("Care plan reviews"),
                "description": (
                    _("Reviews due in the next 14 days, overdue, or asked for, across your team.")
                    if membership.has_permission(Permission.VIEW_TEAM_REVIEWS)
                    else _(
                        "Reviews of your care and support plans: due soon, overdue, or asked for."
                    )
                ),
            }
        )
    if membership and membership.has_permission(Permission.VIEW_AUDIT_TRAIL):
        links.append(
            {
                "href": reverse("caseload:show_audit_trail"),
                "text": _("Audit trail"),
                "description": _("Who looked at or changed your team's records, and when."),
            }
        )
    if membership and membership.has_permission(Permission.VIEW_AGGREGATES):
        links.append(
            {
                "href": reverse("measures:team_page"),
                "text": _("Shared decision making feedback"),
                "description": _(
                    "How young people, parents and carers, and practitioners felt about conversations, "
                    "with small numbers hidden."
                ),
            }
        )
    if membership and membership.has_permission(Permission.ISSUE_SET_UP_LINKS):
        links.append(
            {
                "href": reverse("accounts:list_set_up_links"),
                "text": _("Authenticator set-up links"),
                "description": _("Make a set-up link for someone in your team who needs one."),
            }
        )
    if user.is_staff:
        links.append(
            {
                "href": reverse("admin:index"),
                "text": _("Staff admin"),
                "description": _("Grid content, organisations and accounts."),
            }
        )
    links.append(
        {
            "href": reverse("grids:list_topics"),
            "text": _("Grids"),
            "description": _("The decision grids, as young people and families see them."),
        }
    )
    return links


def link_expiry(link):
    """When a set-up link ends, as people read it: 10 December 2026, 10:00."""
    return date_format(timezone.localtime(link.expires_at), "j F Y, H:i")


def members_needing_set_up(memberships, links):
    """Rows for the set-up links page: who, their role, and when an unused link ends (if any)."""
    newest = {}
    for link in sorted(links, key=lambda link: link.created_at):
        newest[link.user_id] = link
    return [
        {
            "user_pk": membership.user_id,
            "name": membership.user.get_full_name() or membership.user.get_username(),
            "username": membership.user.get_username(),
            "role": membership.get_role_display(),
            "link_expires": link_expiry(newest[membership.user_id])
            if membership.user_id in newest
            else "",
        }
        for membership in memberships
    ]
