"""Demo accounts for `make demo` (via load_demo): an ICS with two teams, one user per role, ten
young people with fictional references. Idempotent; runs only under DEBUG (load_demo checks)."""

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivegrids.accounts import second_factor, services
from thrivegrids.accounts.models import Membership
from thrivegrids.accounts.permissions import Role
from thrivegrids.organisations.models import Organisation
from thrivegrids.records import nhs_number
from thrivegrids.records.models import YoungPerson
from thrivegrids.records.services import create_young_person

ICS = ("example-valley-ics", "Example Valley ICS (fictional)")
CAMHS = ("example-valley-camhs", "Example Valley CAMHS")
SCHOOL = ("example-valley-school-mht", "Example Valley School Mental Health Team")
SITE = "example-valley"  # made by load_demo: the local site whose notes public pages show

# (username, role, organisation slug); the team lead also works in the school team, to show switching.
USERS = [
    ("practitioner", Role.PRACTITIONER, CAMHS[0]),
    ("team-lead", Role.TEAM_LEAD, CAMHS[0]),
    ("team-lead", Role.PRACTITIONER, SCHOOL[0]),
    ("content-editor", Role.CONTENT_EDITOR, ICS[0]),
    ("site-admin", Role.SITE_ADMIN, SITE),
    ("commissioner", Role.COMMISSIONER, ICS[0]),
]

# (team, reference, age band, year of birth, language, with an NHS number, parent or carer)
YOUNG_PEOPLE = [
    (CAMHS[0], "EVC-0001", "14_15", None, "en", True, "Jordan Example"),
    (CAMHS[0], "EVC-0002", "", 2010, "ar", True, "Rana Example"),
    (CAMHS[0], "EVC-0003", "16_17", None, "en", False, ""),
    (CAMHS[0], "EVC-0004", "11_13", None, "other", False, "Alex Example"),
    (CAMHS[0], "EVC-0005", "", 2007, "en", True, ""),
    (CAMHS[0], "EVC-0006", "18_25", None, "ar", False, ""),
    (SCHOOL[0], "EVS-0001", "11_13", None, "en", False, "Sam Example"),
    (SCHOOL[0], "EVS-0002", "", 2012, "ar", False, "Huda Example"),
    (SCHOOL[0], "EVS-0003", "14_15", None, "en", True, ""),
    (SCHOOL[0], "EVS-0004", "16_17", None, "en", False, ""),
]


def password_for(username):
    return f"demo-{username}-password"


def fictional_nhs_number(n):
    """A valid number from the 999 range, which the NHS does not issue to patients."""
    while (digit := nhs_number.check_digit(f"999{n:06d}")) is None:
        n += 1
    return f"999{n:06d}{digit}"


def _organisations():
    ics, _ = Organisation.objects.get_or_create(
        slug=ICS[0], defaults={"name": ICS[1], "kind": Organisation.Kind.ICS}
    )
    for slug, name in (CAMHS, SCHOOL):
        Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": Organisation.Kind.TEAM, "parent": ics}
        )
    return {org.slug: org for org in Organisation.objects.all()}


def _user(username):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username, f"{username}@example.invalid", password_for(username)
        )
    return user


def _device(user):
    """A confirmed authenticator for users who need one, so the printed key works straight away."""
    if not second_factor.requires_second_factor(user):
        return None
    device = second_factor.confirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Demo authenticator", confirmed=True)
    return device


def load_demo_accounts(stdout):
    organisations = _organisations()
    users = {}
    for username, role, slug in USERS:
        user = users.setdefault(username, _user(username))
        organisation = organisations[slug]
        if not Membership.objects.filter(user=user, organisation=organisation, role=role).exists():
            services.add_membership(by=None, user=user, organisation=organisation, role=role)
    for team, reference, band, year, language, with_number, carer in YOUNG_PEOPLE:
        organisation = organisations[team]
        if (
            YoungPerson.objects.for_organisation(organisation)
            .filter(local_reference=reference)
            .exists()
        ):
            continue
        create_young_person(
            by=None,
            organisation=organisation,
            local_reference=reference,
            age_band=band,
            year_of_birth=year,
            preferred_language=language,
            nhs_number=fictional_nhs_number(int(reference[-4:]) * 7919) if with_number else "",
            parent_carer_name=carer,
        )
    _print_credentials(stdout, users)


def _print_credentials(stdout, users):
    stdout.write(
        "\nDemo sign-in: http://127.0.0.1:8000/accounts/sign-in/ (demo only; never in production)"
    )
    roles = {}
    for username, role, slug in USERS:
        roles.setdefault(username, []).append(f"{role.label} ({slug})")
    for username, user in users.items():
        device = _device(user)
        key = second_factor.secret_for_display(device) if device else "no code needed"
        stdout.write(f"  {username:<15} {password_for(username):<30} {', '.join(roles[username])}")
        stdout.write(f"  {'':<15} authenticator key: {key}")
    stdout.write(
        "Add a key to any authenticator app, or print the current code with "
        "`manage.py totp_code USERNAME`; or run with THRIVEGRIDS_DEMO_OTP_BYPASS=true "
        "(DEBUG only) to skip the code."
    )
