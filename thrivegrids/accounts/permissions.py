"""Roles, what each may do, and which of those powers reach a young person's record.

A view asks for a Permission (see decorators.require_permission), never for a role, so the table
below is the one place that says who may do what. Commissioners see aggregates only, never records.
"""

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", _("Practitioner")
    TEAM_LEAD = "team_lead", _("Team lead")
    CONTENT_EDITOR = "content_editor", _("Content editor")
    SITE_ADMIN = "site_admin", _("Site admin")
    COMMISSIONER = "commissioner", _("Commissioner")


class Permission(enum.StrEnum):
    VIEW_YOUNG_PEOPLE = "view_young_people"
    EDIT_YOUNG_PEOPLE = "edit_young_people"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    EDIT_GRID_CONTENT = "edit_grid_content"
    MANAGE_LOCAL_SITE = "manage_local_site"
    VIEW_AGGREGATES = "view_aggregates"
    # Correcting any recorded conversation of the organisation (its recorder may correct their own).
    CORRECT_ANY_CONVERSATION = "correct_any_conversation"
    # Loading a measure file that says `validated: true` (measures.services.load_instrument_documents).
    MARK_INSTRUMENT_VALIDATED = "mark_instrument_validated"
    # Making authenticator set-up links for members of the organisation (never staff accounts).
    ISSUE_SET_UP_LINKS = "issue_set_up_links"
    # Seeing every practitioner's care plan reviews due, overdue and asked for (others see their own).
    VIEW_TEAM_REVIEWS = "view_team_reviews"


# Powers that show a young person's record (or who looked at it). Holding any of them means the
# second factor is required.
RECORD_PERMISSIONS = frozenset(
    {Permission.VIEW_YOUNG_PEOPLE, Permission.EDIT_YOUNG_PEOPLE, Permission.VIEW_AUDIT_TRAIL}
)

ROLE_PERMISSIONS = {
    Role.PRACTITIONER: frozenset({Permission.VIEW_YOUNG_PEOPLE, Permission.EDIT_YOUNG_PEOPLE}),
    Role.TEAM_LEAD: frozenset(
        {
            Permission.VIEW_YOUNG_PEOPLE,
            Permission.EDIT_YOUNG_PEOPLE,
            Permission.VIEW_AUDIT_TRAIL,
            Permission.VIEW_AGGREGATES,
            Permission.CORRECT_ANY_CONVERSATION,
            Permission.ISSUE_SET_UP_LINKS,
            Permission.VIEW_TEAM_REVIEWS,
        }
    ),
    Role.CONTENT_EDITOR: frozenset({Permission.EDIT_GRID_CONTENT}),
    Role.SITE_ADMIN: frozenset(
        {Permission.MANAGE_LOCAL_SITE, Permission.MARK_INSTRUMENT_VALIDATED}
    ),
    Role.COMMISSIONER: frozenset({Permission.VIEW_AGGREGATES}),
}


def permissions_for(role) -> frozenset:
    return ROLE_PERMISSIONS.get(role, frozenset())


def role_has_permission(role, permission) -> bool:
    return Permission(permission) in permissions_for(role)


def role_sees_records(role) -> bool:
    return bool(permissions_for(role) & RECORD_PERMISSIONS)
