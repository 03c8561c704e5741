"""The role table, the second-factor rule that follows from it, and the require_permission guard."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from tests.accounts.factories import OrganisationFactory, UserFactory, member
from thrivegrids.accounts import second_factor
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import (
    RECORD_PERMISSIONS,
    ROLE_PERMISSIONS,
    Permission,
    Role,
    role_sees_records,
)


def test_every_role_has_a_row_in_the_table():
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_commissioners_see_aggregates_and_never_records():
    powers = ROLE_PERMISSIONS[Role.COMMISSIONER]

    assert Permission.VIEW_AGGREGATES in powers
    assert not powers & RECORD_PERMISSIONS


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.PRACTITIONER, True),
        (Role.TEAM_LEAD, True),
        (Role.CONTENT_EDITOR, False),
        (Role.SITE_ADMIN, False),
        (Role.COMMISSIONER, False),
    ],
)
def test_which_roles_see_young_peoples_records(role, sees):
    assert role_sees_records(role) is sees


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_second_factor_is_required_exactly_for_roles_that_see_records(role):
    user = member(role)

    assert second_factor.requires_second_factor(user) is role_sees_records(role)


@pytest.mark.django_db
def test_second_factor_is_required_if_any_membership_sees_records():
    user = member(Role.COMMISSIONER)
    member_elsewhere = OrganisationFactory()
    user.memberships.create(organisation=member_elsewhere, role=Role.PRACTITIONER)

    assert second_factor.requires_second_factor(user)


@pytest.mark.django_db
def test_staff_always_need_the_second_factor():
    assert second_factor.requires_second_factor(UserFactory(is_staff=True))


@pytest.mark.django_db
def test_demo_bypass_removes_the_second_factor(settings):
    settings.THRIVEGRIDS_DEMO_OTP_BYPASS = True

    assert not second_factor.requires_second_factor(member(Role.PRACTITIONER))


@require_permission(Permission.VIEW_AUDIT_TRAIL)
def audit_page(request):
    return HttpResponse("ok")


@pytest.mark.django_db
def test_require_permission_lets_a_role_with_the_permission_through(rf):
    request = rf.get("/")
    request.user = member(Role.TEAM_LEAD)
    request.session = {}

    assert audit_page(request).status_code == 200
    assert audit_page.required_permission is Permission.VIEW_AUDIT_TRAIL


@pytest.mark.django_db
def test_require_permission_refuses_a_role_without_it(rf):
    request = rf.get("/")
    request.user = member(Role.PRACTITIONER)
    request.session = {}

    with pytest.raises(PermissionDenied):
        audit_page(request)


@pytest.mark.django_db
def test_require_permission_refuses_a_user_with_no_organisation(rf):
    request = rf.get("/")
    request.user = UserFactory()
    request.session = {}

    with pytest.raises(PermissionDenied):
        audit_page(request)
