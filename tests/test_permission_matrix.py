"""Every URL in the project × each role × own or other organisation × GET and POST, against a table.

A URL that is not in POLICY (or in a namespace declared public or staff-only below) fails
test_every_url_is_in_the_policy: adding a page means deciding here, on purpose, who may reach it.

Requests carry a CSRF token (Client(enforce_csrf_checks=True) with a known token), so the statuses
are the views' own answers; test_every_post_without_a_csrf_token_is_refused checks the token is
required. POSTs send an empty form: a permitted POST answers 200 (the form with its errors) or a
redirect, and changes nothing. The audit test posts valid forms (WRITES), so each write is made.
"""

import datetime
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.careplans.test_plans import plan_data
from tests.conversations.factories import published_version, started_conversation
from tests.conversations.pages import form_data, option_pks
from tests.conversations.test_corrections import form_data as correction_form_data
from tests.measures.factories import load_demo_instruments, recorded_conversation
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans.links import create_plan_link
from thrivegrids.careplans.models import CarePlan, Goal
from thrivegrids.conversations.models import Decision
from thrivegrids.conversations.services import start_conversation
from thrivegrids.conversations.summaries.links import create_summary_link
from thrivegrids.core.models import AuditEvent
from thrivegrids.directory.models import Organization, Service
from thrivegrids.grids.models import Grid, GridVersion, Topic
from thrivegrids.measures.models import Instrument

pytestmark = pytest.mark.django_db

PUBLIC = "public"  # anyone, signed in or not; the view is marked @login_not_required
# Namespaces whose access is tested as a whole: the admin (staff with the second factor) and the
# Open Referral UK API (public, machine-readable).
STAFF_ONLY_NAMESPACES = {"admin"}
PUBLIC_NAMESPACES = {"openreferral"}
# The FHIR API: no session, a bearer token per API client instead (tests/api/test_fhir.py).
TOKEN_NAMESPACES = {"fhir"}

P, TL, CE, SA, C = (
    Role.PRACTITIONER,
    Role.TEAM_LEAD,
    Role.CONTENT_EDITOR,
    Role.SITE_ADMIN,
    Role.COMMISSIONER,
)
RECORD_ROLES = (P, TL)


def every(status):
    return dict.fromkeys(Role, status)


def only(roles, status, otherwise=403):
    """`status` for the given roles, `otherwise` (403: the role lacks the permission) for the rest."""
    return {role: status if role in roles else otherwise for role in Role}


# For URLs about one record, a status is a pair: (a record of the user's own organisation, another's).
POLICY = {
    "health": PUBLIC,
    "grids:home": PUBLIC,
    "grids:list_topics": PUBLIC,
    "grids:show_grid": PUBLIC,
    "grids:grid_pdf": PUBLIC,
    "grids:show_grid_version": PUBLIC,
    "grids:grid_version_pdf": PUBLIC,
    "grids:show_changes": PUBLIC,
    "directory:search_services": PUBLIC,
    "directory:show_service": PUBLIC,
    "directory:report_problem": PUBLIC,
    "directory:problem_reported": PUBLIC,
    "directory:show_shortlist": PUBLIC,
    "directory:add_to_shortlist": PUBLIC,
    "directory:remove_from_shortlist": PUBLIC,
    "directory:share_shortlist": PUBLIC,
    "directory:show_shared_shortlist": PUBLIC,
    "directory:shared_shortlist_pdf": PUBLIC,
    "accounts:sign_in": PUBLIC,
    "accounts:session_ended": PUBLIC,
    "accounts:home": {"GET": every(200), "POST": every(405)},
    # Already past the second factor: both steps send the user on.
    "accounts:verify": {"GET": every(302), "POST": every(302)},
    "accounts:set_up": {"GET": every(302), "POST": every(302)},
    "accounts:use_recovery_code": {"GET": every(302), "POST": every(302)},
    # The set-up link itself (public: the token is the key; this one does not exist, so 404).
    "accounts:open_set_up_link": PUBLIC,
    # Team leads make set-up links for their organisation's members (user_pk: nobody here, 404).
    "accounts:list_set_up_links": {"GET": only([TL], 200), "POST": only([TL], 405)},
    "accounts:create_set_up_link": {"GET": only([TL], 405), "POST": only([TL], 404)},
    "accounts:sign_out": {"GET": every(405), "POST": every(302)},
    "accounts:session_status": {"GET": every(200), "POST": every(405)},
    "accounts:keep_alive": {"GET": every(405), "POST": every(200)},
    "accounts:choose_organisation": {"GET": every(200), "POST": every(200)},
    "caseload:list_young_people": {"GET": only(RECORD_ROLES, 200), "POST": only(RECORD_ROLES, 405)},
    "caseload:create_young_person": {
        "GET": only(RECORD_ROLES, 200),
        "POST": only(RECORD_ROLES, 200),
    },
    "caseload:show_young_person": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    "caseload:edit_young_person": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "caseload:show_audit_trail": {"GET": only([TL], 200), "POST": only([TL], 405)},
    # SDM feedback: the public page behind a feedback link; the team page (aggregates only); the
    # practitioner's mirror questions and each person's feedback link, for recorded conversations
    # only (the world's are drafts: 404).
    "feedback:answer_feedback": PUBLIC,
    "measures:team_page": {"GET": only([TL, C], 200), "POST": only([TL, C], 405)},
    "measures:answer_practitioner_feedback": {
        "GET": only(RECORD_ROLES, (404, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (404, 404), (403, 403)),
    },
    "measures:share_feedback_links": {
        "GET": only(RECORD_ROLES, (404, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    # The take-away summary of a conversation (pk), and its shared links (public: the token is the key).
    "summaries:show_summary": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    "summaries:summary_pdf": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    "summaries:share_summary": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    # No such link (link_pk is a stand-in), so 404 even in the own organisation.
    "summaries:change_summary_link": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (404, 404), (403, 403)),
    },
    "shared:show_shared_summary": PUBLIC,
    "shared:shared_summary_pdf": PUBLIC,
    # The young person's copy of a care plan (pk: the record's plan), made and stopped by staff
    # (link_pk is a stand-in: 404 even in the own organisation), and opened through its link.
    "careplans:share_plan": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "careplans:stop_plan_link": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (404, 404), (403, 403)),
    },
    "shared_plans:show_shared_plan": PUBLIC,
    "shared_plans:shared_plan_pdf": PUBLIC,
    "shared_plans:rate_goal_through_link": PUBLIC,
    "shared_plans:ask_for_review": PUBLIC,
    # start_conversation's pk is the young person's; the others' pk is a conversation's.
    "conversations:start_conversation": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "conversations:show_conversation": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "conversations:show_grid_in_room": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "conversations:autosave": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (422, 404), (403, 403)),
    },
    "conversations:record_conversation": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "conversations:attach_shortlist": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (302, 404), (403, 403)),
    },
    # Correcting a recorded conversation (the world's are drafts: 404; of those recorded, only its
    # recorder or a team lead may: tests/conversations/test_corrections.py), and its corrections.
    "conversations:correct_conversation": {
        "GET": only(RECORD_ROLES, (404, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (404, 404), (403, 403)),
    },
    "conversations:show_corrections": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    # Care plan reviews: the reviews due (team leads the team's, practitioners their own), and
    # holding a plan's review (pk: the record's plan).
    "careplans:reviews_due": {"GET": only(RECORD_ROLES, 200), "POST": only(RECORD_ROLES, 405)},
    "careplans:hold_review": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    # The plan itself (start_plan's pk is the young person's; the others' the record's plan).
    "careplans:start_plan": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (302, 404), (403, 403)),
    },
    "careplans:show_plan": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    "careplans:edit_plan": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "careplans:autosave_plan": {
        "GET": only(RECORD_ROLES, (405, 405), (403, 403)),
        "POST": only(RECORD_ROLES, (422, 404), (403, 403)),
    },
    "careplans:agree_plan": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
    "careplans:list_versions": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    "careplans:compare_versions": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (405, 405), (403, 403)),
    },
    # Rating progress towards a plan's goals (pk: the record's plan).
    "careplans:rate_goals": {
        "GET": only(RECORD_ROLES, (200, 404), (403, 403)),
        "POST": only(RECORD_ROLES, (200, 404), (403, 403)),
    },
}

# Stand-ins for URL parameters: none of these exist, so public pages answer 404 without content.
SAMPLE_VALUES = {
    "slug": "no-such-thing",
    "setting": "nhs",
    "int": 999_999,
    "uuid": uuid.UUID(int=1),
    "str": "x",
    "path": "x",
}
# URLs whose pk is a conversation (of the record's young person), and fixed extra parameters.
CONVERSATION_URLS = {
    "conversations:show_conversation",
    "conversations:autosave",
    "conversations:record_conversation",
    "conversations:show_grid_in_room",
    "conversations:attach_shortlist",
    "conversations:correct_conversation",
    "conversations:show_corrections",
    "summaries:show_summary",
    "summaries:summary_pdf",
    "summaries:share_summary",
    "summaries:change_summary_link",
    "measures:answer_practitioner_feedback",
    "measures:share_feedback_links",
}
# URLs whose pk is a care plan (of the record's young person).
PLAN_URLS = {
    "careplans:show_plan",
    "careplans:edit_plan",
    "careplans:autosave_plan",
    "careplans:agree_plan",
    "careplans:list_versions",
    "careplans:compare_versions",
    "careplans:share_plan",
    "careplans:stop_plan_link",
    "careplans:hold_review",
    "careplans:rate_goals",
}
URL_KWARGS = {"conversations:show_grid_in_room": {"position": 1}}
CSRF_SECRET = "a" * 32
# Rows a GET may add: audit events (reads are audited) and sessions.
NOT_DATA = {"core.auditevent", "sessions.session"}


def _walk(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield namespaces, pattern


def _url_patterns():
    """{qualified name: pattern} for every named URL, and the namespaces declared as a whole."""
    found = {}
    for namespaces, pattern in _walk(get_resolver().url_patterns):
        if set(namespaces) & (STAFF_ONLY_NAMESPACES | PUBLIC_NAMESPACES | TOKEN_NAMESPACES):
            continue
        assert pattern.name, f"unnamed URL pattern {pattern.pattern}: name it to give it a policy"
        found[":".join((*namespaces, pattern.name))] = pattern
    return found


URLS = _url_patterns()


def _converter_kind(converter):
    return {
        "IntConverter": "int",
        "SlugConverter": "slug",
        "UUIDConverter": "uuid",
        "StringConverter": "str",
        "PathConverter": "path",
    }.get(type(converter).__name__, "setting")


def _url(name, record=None):
    converters = getattr(URLS[name].pattern, "converters", {})
    kwargs = {key: SAMPLE_VALUES[_converter_kind(conv)] for key, conv in converters.items()}
    if "pk" in kwargs:
        kwargs["pk"] = record.conversations.get().pk if name in CONVERSATION_URLS else record.pk
        kwargs["pk"] = record.care_plans.get().pk if name in PLAN_URLS else kwargs["pk"]
    kwargs.update(URL_KWARGS.get(name, {}))
    return reverse(name, kwargs=kwargs or None)


def _is_about_a_record(name):
    return "pk" in getattr(URLS[name].pattern, "converters", {})


def _client():
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    return client


def _request(client, method, url):
    if method == "GET":
        return client.get(url)
    return client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET})


def _data_fingerprint():
    return {
        model._meta.label_lower: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_DATA and model._meta.managed
    }


@pytest.fixture
def world():
    """One user per role in an organisation with a record, and a record in another organisation."""
    own = OrganisationFactory(name="Own team")
    users = {role: member(role, own, username=f"matrix-{role}") for role in Role}
    world = {
        "users": users,
        "own": YoungPersonFactory(organisation=own),
        "other": YoungPersonFactory(organisation=OrganisationFactory(name="Other team")),
    }
    # Each record has one draft conversation, showing a bare published grid version.
    topic = Topic.objects.create(slug="matrix-topic", current_view_code=1)
    version = GridVersion.objects.create(
        grid=Grid.objects.create(topic=topic, setting="nhs"), number=1, status="published"
    )
    for target in ("own", "other"):
        start_conversation(by=users[P], young_person=world[target], versions=[version])
        _care_plan(world[target], users[P])
    return world


def _care_plan(young_person, practitioner):
    """A plan for the record, with one goal, due for review today."""
    plan = CarePlan.objects.create(
        organisation=young_person.organisation,
        young_person=young_person,
        practitioner=practitioner,
        next_review_on=timezone.localdate(),
    )
    Goal.objects.create(plan=plan, number=1, text="Go back to school", set_by="young_person")
    return plan


def test_every_url_is_in_the_policy():
    missing = sorted(set(URLS) - set(POLICY))
    stale = sorted(set(POLICY) - set(URLS))

    assert not missing, f"URLs with no entry in POLICY (decide who may reach them): {missing}"
    assert not stale, f"POLICY entries for URLs that no longer exist: {stale}"


def test_public_urls_are_exactly_the_views_marked_public():
    marked = {
        name
        for name, pattern in URLS.items()
        if not getattr(pattern.callback, "login_required", True)
    }

    assert marked == {name for name, rule in POLICY.items() if rule == PUBLIC}


def _cases(name, method):
    """(role, target, expected status) for every role, and own/other for URLs about a record."""
    targets = ("own", "other") if _is_about_a_record(name) else ("own",)
    for role in Role:
        statuses = POLICY[name][method][role]
        statuses = statuses if isinstance(statuses, tuple) else (statuses,)
        yield from (
            (role, target, status) for target, status in zip(targets, statuses, strict=True)
        )


@pytest.mark.parametrize("name", sorted(name for name, rule in POLICY.items() if rule != PUBLIC))
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_protected_url_answers_each_role_as_the_policy_says(name, method, world):
    # Each request gets a freshly signed-in client (a POST may sign out), signed in before the
    # data is fingerprinted, since signing in stamps last_login.
    cases = [
        (role, target, status, sign_in_fully(_client(), world["users"][role]))
        for role, target, status in _cases(name, method)
    ]
    before = _data_fingerprint()

    found = {
        (role.value, target): _request(client, method, _url(name, world[target])).status_code
        for role, target, _, client in cases
    }

    assert found == {(role.value, target): status for role, target, status, _ in cases}
    if method == "GET":
        assert _data_fingerprint() == before, f"GET {name} changed data"


@pytest.mark.parametrize("name", sorted(name for name, rule in POLICY.items() if rule != PUBLIC))
def test_anonymous_visitors_are_sent_to_sign_in(name, world):
    for method in ("GET", "POST"):
        url = _url(name, world["own"])
        response = _request(_client(), method, url)

        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/sign-in/?next="), (method, url)


@pytest.mark.parametrize("name", sorted(name for name, rule in POLICY.items() if rule == PUBLIC))
def test_public_urls_answer_anonymous_visitors_and_get_changes_nothing(name, world):
    before = _data_fingerprint()

    response = _client().get(_url(name, world["own"]))

    assert response.status_code in {200, 404, 405}, response.status_code
    assert _data_fingerprint() == before


@pytest.mark.parametrize("name", sorted(POLICY))
def test_every_post_without_a_csrf_token_is_refused(name, world):
    """As the most powerful role in the own organisation, or anonymously for public URLs."""
    client = Client(enforce_csrf_checks=True)
    if POLICY[name] != PUBLIC:
        sign_in_fully(client, world["users"][Role.TEAM_LEAD])
    before = _data_fingerprint()

    response = client.post(_url(name, world["own"]), {"local_reference": "CSRF-1"})

    assert response.status_code == 403
    assert _data_fingerprint() == before


def test_admin_is_for_staff_with_the_second_factor(world):
    staff = get_user_model().objects.create_superuser("matrix-staff", "s@example.invalid", "x" * 16)
    anonymous = _client().get("/admin/")
    not_staff = sign_in_fully(_client(), world["users"][Role.TEAM_LEAD]).get("/admin/", follow=True)
    password_only = _client()
    password_only.force_login(staff)

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/admin/login/")
    assert not_staff.status_code == 403
    assert password_only.get("/admin/")["Location"].startswith("/accounts/sign-in/set-up/")
    assert sign_in_fully(_client(), staff).get("/admin/").status_code == 200


def test_openreferral_api_is_public():
    private = [
        str(pattern.pattern)
        for namespaces, pattern in _walk(get_resolver().url_patterns)
        if set(namespaces) & PUBLIC_NAMESPACES and getattr(pattern.callback, "login_required", True)
    ]

    assert private == []


def _record_urls_a_practitioner_opens(method):
    """URLs about a record (or its conversation) that answer a practitioner of its organisation."""
    for name, rule in sorted(POLICY.items()):
        if rule == PUBLIC or not _is_about_a_record(name):
            continue
        own_status = rule[method][P]
        own_status = own_status[0] if isinstance(own_status, tuple) else own_status
        if own_status < 400:
            yield name


def _new_record(world, state):
    """A record of the own organisation with one conversation: a draft, or recorded."""
    young_person = YoungPersonFactory(organisation=world["own"].organisation)
    make = recorded_conversation if state == "recorded" else started_conversation
    make(by=world["users"][P], young_person=young_person)
    return young_person


def _shortlisted(client, world):
    """Put a directory service on the client's shortlist (as the public button does)."""
    organization = Organization.objects.create(name="Matrix Youth Hub (fictional)")
    service = Service.objects.create(
        organization=organization, name="Matrix drop-in (fictional)", last_modified=timezone.now()
    )
    added = client.post(
        reverse("directory:add_to_shortlist"),
        {"csrfmiddlewaretoken": CSRF_SECRET, "service": service.pk},
    )
    assert added.status_code == 302, added.status_code


def _edit_young_person(client, world):
    record = _new_record(world, "draft")
    data = {
        "local_reference": "MATRIX-EDITED",
        "age_band": "",
        "year_of_birth": "2012",
        "preferred_language": "en",
        "nhs_number": "",
        "parent_carer_name": "",
    }
    return _url("caseload:edit_young_person", record), data, 302


def _start_conversation(client, world):
    record = _new_record(world, "draft")
    data = {"versions": [str(published_version().pk)]}
    return _url("conversations:start_conversation", record), data, 302


def _save_draft(name, status):
    def post(client, world):
        record = _new_record(world, "draft")
        data = form_data(record.conversations.get(), next_steps="Talk again in a week")
        return _url(name, record), data, status

    return post


def _tick_options_discussed(client, world):
    record = _new_record(world, "draft")
    conversation = record.conversations.get()
    data = {"revision": str(conversation.revision), "options_discussed": option_pks(conversation)}
    return _url("conversations:show_grid_in_room", record), data, 302


def _record_conversation(client, world):
    record = _new_record(world, "draft")
    data = form_data(
        record.conversations.get(),
        decision=Decision.NOT_YET,
        next_steps="Talk again in two weeks",
        **{"young_person-what_matters": "Staying at school"},
    )
    return _url("conversations:record_conversation", record), data, 302


def _attach_shortlist(client, world):
    record = _new_record(world, "draft")
    _shortlisted(client, world)
    return _url("conversations:attach_shortlist", record), {}, 302


def _correct_conversation(client, world):
    record = _new_record(world, "recorded")
    conversation = record.conversations.get()
    data = correction_form_data(conversation, questions="Ask about the wait", reason="Left out")
    return _url("conversations:correct_conversation", record), data, 302


def _share_summary(client, world):
    record = _new_record(world, "recorded")
    data = {"lifetime": "7", "language": "en"}
    return _url("summaries:share_summary", record), data, 302


def _change_summary_link(client, world):
    record = _new_record(world, "recorded")
    conversation = record.conversations.get()
    link, _token = create_summary_link(by=world["users"][P], conversation=conversation)
    url = reverse(
        "summaries:change_summary_link", kwargs={"pk": conversation.pk, "link_pk": link.pk}
    )
    return url, {"action": "revoke"}, 302


def _answer_practitioner_feedback(client, world):
    record = _new_record(world, "recorded")
    mirror = Instrument.objects.get(slug="thrivegrids-practitioner-mirror")
    data = {f"i{mirror.pk}-range-of-options": "2", f"i{mirror.pk}-enough-information": "1"}
    return _url("measures:answer_practitioner_feedback", record), data, 302


def _hold_review(client, world):
    record = _new_record(world, "draft")
    plan = _care_plan(record, world["users"][P])
    today, later = timezone.localdate(), timezone.localdate() + datetime.timedelta(days=30)
    data = {
        "kind": "planned",
        "held_day": today.day,
        "held_month": today.month,
        "held_year": today.year,
        "goal_1_outcome": "met",
        "next_review_day": later.day,
        "next_review_month": later.month,
        "next_review_year": later.year,
    }
    return reverse("careplans:hold_review", args=[plan.pk]), data, 302


def _share_plan(client, world):
    record = _new_record(world, "draft")
    plan = _care_plan(record, world["users"][P])
    return reverse("careplans:share_plan", args=[plan.pk]), {"days": "7", "language": "en"}, 302


def _stop_plan_link(client, world):
    record = _new_record(world, "draft")
    plan = _care_plan(record, world["users"][P])
    link, _token = create_plan_link(by=world["users"][P], plan=plan, days=7, language="en")
    return reverse("careplans:stop_plan_link", args=[plan.pk, link.pk]), {}, 302


def _start_plan(client, world):
    record = _new_record(world, "draft")
    return reverse("careplans:start_plan", args=[record.pk]), {}, 302


def _save_plan(name, status):
    def post(client, world):
        plan = _care_plan(_new_record(world, "draft"), world["users"][P])
        return reverse(name, args=[plan.pk]), plan_data(plan, what_matters="Football"), status

    return post


def _agree_plan(client, world):
    plan = _care_plan(_new_record(world, "draft"), world["users"][P])
    return reverse("careplans:agree_plan", args=[plan.pk]), {"agreed_with": ["young_person"]}, 302


def _rate_goals(client, world):
    record = _new_record(world, "draft")
    plan = _care_plan(record, world["users"][P])
    today = timezone.localdate()
    data = {
        "goal_1": "4",
        "rater_role": "young_person",
        "occasion": "contact",
        "rated_on_day": today.day,
        "rated_on_month": today.month,
        "rated_on_year": today.year,
    }
    return reverse("careplans:rate_goals", args=[plan.pk]), data, 302


# Every write a practitioner makes about a record of their organisation, with a valid form so the
# write itself runs (an empty form stops at the form's errors): each makes a record in the state
# the write needs, and answers (url, form, the status of a successful write).
WRITES = {
    "caseload:edit_young_person": _edit_young_person,
    "conversations:start_conversation": _start_conversation,
    "conversations:show_conversation": _save_draft("conversations:show_conversation", 302),
    "conversations:autosave": _save_draft("conversations:autosave", 200),
    "conversations:show_grid_in_room": _tick_options_discussed,
    "conversations:record_conversation": _record_conversation,
    "conversations:attach_shortlist": _attach_shortlist,
    "conversations:correct_conversation": _correct_conversation,
    "summaries:share_summary": _share_summary,
    "summaries:change_summary_link": _change_summary_link,
    "measures:answer_practitioner_feedback": _answer_practitioner_feedback,
    "careplans:hold_review": _hold_review,
    "careplans:share_plan": _share_plan,
    "careplans:stop_plan_link": _stop_plan_link,
    "careplans:rate_goals": _rate_goals,
    "careplans:start_plan": _start_plan,
    "careplans:edit_plan": _save_plan("careplans:edit_plan", 302),
    "careplans:autosave_plan": _save_plan("careplans:autosave_plan", 200),
    "careplans:agree_plan": _agree_plan,
}


def test_every_write_about_a_record_has_a_valid_form_for_the_audit_test():
    """Every URL about a record that a practitioner may POST to (not 405 or 403 for them)."""
    writes = set()
    for name, rule in POLICY.items():
        if rule == PUBLIC or not _is_about_a_record(name):
            continue
        own = rule["POST"][P]
        if (own[0] if isinstance(own, tuple) else own) not in (403, 405):
            writes.add(name)

    assert writes == set(WRITES)


def _accesses(method, world):
    """(name, client, url, form, status expected) for each access to a record the test makes."""
    for name in _record_urls_a_practitioner_opens("GET") if method == "GET" else sorted(WRITES):
        client = sign_in_fully(_client(), world["users"][P])
        if method == "GET":
            status = POLICY[name]["GET"][P]
            yield name, client, _url(name, world["own"]), None, status[0]
        else:
            yield name, client, *WRITES[name](client, world)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_access_to_a_record_writes_exactly_one_audit_event(method, demo_grids, world):
    """Reads and writes alike (valid forms, so each write is made): one event per request."""
    load_demo_instruments()
    counted, statuses = {}, {}
    for name, client, url, form, expected in _accesses(method, world):
        before = AuditEvent.objects.count()
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET, **form})
        statuses[name] = (response.status_code, expected)
        new_events = AuditEvent.objects.order_by("pk")[before:]
        counted[name] = [event.action for event in new_events]
    assert counted, "no record URLs found"
    assert {name: found for name, (found, _) in statuses.items()} == {
        name: expected for name, (_, expected) in statuses.items()
    }
    assert {name: len(actions) for name, actions in counted.items()} == dict.fromkeys(counted, 1), (
        counted
    )


def test_another_organisations_record_writes_no_audit_event(world):
    for name in _record_urls_a_practitioner_opens("GET"):
        client = sign_in_fully(_client(), world["users"][P])
        before = AuditEvent.objects.count()
        assert _request(client, "GET", _url(name, world["other"])).status_code == 404, name
        assert AuditEvent.objects.count() == before, name


def _first_allowed_role(name):
    for role in Role:
        status = POLICY[name]["GET"][role]
        status = status[0] if isinstance(status, tuple) else status
        if status == 200:
            return role
    return None


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name, rule in POLICY.items()
        if rule != PUBLIC and _first_allowed_role(name) is not None
    ),
)
def test_every_signed_in_page_is_stored_by_no_browser_or_proxy(name, world):
    client = sign_in_fully(_client(), world["users"][_first_allowed_role(name)])

    response = client.get(_url(name, world["own"]))

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control, cache_control


def test_the_session_cookie_a_signed_in_page_sets_ends_with_the_browser(world):
    client = sign_in_fully(_client(), world["users"][P])

    # A signed-in request saves the session (when it was last seen), so the cookie is set again.
    response = client.get(reverse("accounts:home"))

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]
