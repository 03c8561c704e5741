import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.accounts.factories import OrganisationFactory, UserFactory, member
from tests.conversations.factories import started_conversation
from tests.measures.factories import (
    a_day,
    frozen_at,
    load_demo_instruments,
    load_test_instrument,
    measure_text,
    recorded_conversation,
)
from thrivegrids.accounts.permissions import Permission, Role, role_has_permission
from thrivegrids.core.models import AuditEvent
from thrivegrids.grids.content import ContentError
from thrivegrids.measures import services
from thrivegrids.measures.models import Instrument, Response

pytestmark = pytest.mark.django_db

ALL_TOP = {
    "enough-information": 2,
    "what-matters": 2,
    "what-happens-next": 1,
    "sure-about-decision": 0,
}


def _young_peoples_instrument():
    return Instrument.objects.get(slug="thrivegrids-after-the-conversation")


def test_answers_are_stored_with_role_grid_versions_language_and_date(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    instrument = _young_peoples_instrument()
    events = AuditEvent.objects.count()

    [response] = services.record_responses(
        by=None,
        actor_label="feedback through a summary link",
        conversation=conversation,
        respondent_role="young_person",
        language="ar",
        answers_by_instrument={instrument: ALL_TOP},
        answered_on=a_day(),
    )

    shown = [row.version for row in conversation.grids.all()]
    assert response.organisation == conversation.organisation
    assert list(response.grid_versions.all()) == shown
    assert response.main_grid_version == shown[0]
    assert (response.language, response.answered_on) == ("ar", a_day())
    assert response.answers == ALL_TOP
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert event.action == "measures.response.record"
    assert event.actor_label == "feedback through a summary link"
    assert "2" not in str(event.details.get("instruments"))  # names, never answers


def test_a_second_answer_from_the_same_role_is_refused_and_stores_nothing(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    answers = {_young_peoples_instrument(): ALL_TOP}
    services.record_responses(
        by=None,
        conversation=conversation,
        respondent_role="young_person",
        language="en",
        answers_by_instrument=answers,
    )
    events = AuditEvent.objects.count()

    with pytest.raises(services.AlreadyAnswered):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role="young_person",
            language="en",
            answers_by_instrument=answers,
        )

    assert Response.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_parent_answers_separately_from_the_young_person(demo_grids):
    load_demo_instruments()
    conversation = recorded_conversation()
    answers = {_young_peoples_instrument(): ALL_TOP}
    for role in ("young_person", "parent_carer"):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role=role,
            language="en",
            answers_by_instrument=answers,
        )

    assert Response.objects.count() == 2


@pytest.mark.parametrize(
    "answers",
    [
        {"enough-information": 2},
        {**ALL_TOP, "what-matters": 7},
        {**ALL_TOP, "extra": 1},
    ],
)
def test_incomplete_or_impossible_answers_are_refused(demo_grids, answers):
    load_demo_instruments()
    conversation = recorded_conversation()

    with pytest.raises(ValidationError):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role="young_person",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): answers},
        )


def test_a_draft_conversation_takes_no_answers(demo_grids):
    load_demo_instruments()

    with pytest.raises(ValidationError):
        services.record_responses(
            by=None,
            conversation=started_conversation(),
            respondent_role="young_person",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
        )


def test_a_role_the_instrument_is_not_for_is_refused(demo_grids):
    load_demo_instruments()

    with pytest.raises(ValidationError):
        services.record_responses(
            by=None,
            conversation=recorded_conversation(),
            respondent_role="practitioner",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
        )


def test_an_instrument_with_answers_cannot_change_without_a_new_version(demo_grids, tmp_path):
    load_demo_instruments()
    services.record_responses(
        by=None,
        conversation=recorded_conversation(),
        respondent_role="young_person",
        language="en",
        answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
    )
    changed = tmp_path / "changed.yaml"
    source = Path("content/measures/after-the-conversation.yaml").read_text(encoding="utf-8")
    changed.write_text(source.replace("Partly", "A bit"), encoding="utf-8")

    with pytest.raises(CommandError):
        call_command("load_measures", str(changed), verbosity=0)

    assert _young_peoples_instrument().items.first().scale[1]["label"]["en"] == "Partly"


# The answering window ---------------------------------------------------------------------------


def test_late_answers_are_refused_and_store_nothing(demo_grids, time_machine):
    load_demo_instruments()
    conversation = recorded_conversation()
    frozen_at(time_machine, conversation.recorded_at + datetime.timedelta(days=14))
    events = AuditEvent.objects.count()

    with pytest.raises(services.AnsweringClosed):
        services.record_responses(
            by=None,
            conversation=conversation,
            respondent_role="young_person",
            language="en",
            answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
        )

    assert not Response.objects.exists()
    assert AuditEvent.objects.count() == events


def test_answers_on_the_last_day_of_the_window_are_taken(demo_grids, time_machine):
    load_demo_instruments()
    conversation = recorded_conversation()
    last_moment = conversation.recorded_at + datetime.timedelta(days=14, microseconds=-1)
    frozen_at(time_machine, last_moment)

    [response] = services.record_responses(
        by=None,
        conversation=conversation,
        respondent_role="young_person",
        language="en",
        answers_by_instrument={_young_peoples_instrument(): ALL_TOP},
    )

    assert response.answered_on == timezone.localdate(last_moment)


# Marking an instrument validated ----------------------------------------------------------------


def test_only_site_admins_may_mark_instruments_validated():
    assert [
        role for role in Role if role_has_permission(role, Permission.MARK_INSTRUMENT_VALIDATED)
    ] == [Role.SITE_ADMIN]


def test_a_site_admin_of_the_organisation_loads_a_validated_instrument_audited(db):
    team = OrganisationFactory()
    admin = member(Role.SITE_ADMIN, team)

    load_test_instrument(organisation=team, by=admin, slug="licensed", validated="true")

    instrument = Instrument.objects.get(slug="licensed")
    assert instrument.validated is True
    event = AuditEvent.objects.get(target_id=str(instrument.pk))
    assert (event.action, event.actor, event.organisation) == (
        "instrument.mark_validated",
        admin,
        team,
    )
    assert event.details["validated"] is True


@pytest.mark.parametrize("who", ["nobody", "practitioner", "site admin elsewhere", "staff"])
def test_anyone_else_cannot_load_a_validated_instrument(db, who):
    team = OrganisationFactory()
    by = {
        "nobody": lambda: None,
        "practitioner": lambda: member(Role.PRACTITIONER, team),
        "site admin elsewhere": lambda: member(Role.SITE_ADMIN),
        "staff": lambda: UserFactory(is_staff=True, is_superuser=True),
    }[who]()

    with pytest.raises(ContentError) as error:
        load_test_instrument(organisation=team, by=by, slug="licensed", validated="true")

    assert [str(p) for p in error.value.problems] == [
        f"test.yaml:4: validated: true can only be loaded by a site admin of {team.slug}: "
        "load it with --by USERNAME (a site admin there)"
    ]
    assert not Instrument.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_instrument_for_everyone_cannot_be_marked_validated(db):
    team = OrganisationFactory()

    with pytest.raises(ContentError) as error:
        load_test_instrument(by=member(Role.SITE_ADMIN, team), validated="true")

    assert "needs the organisation that holds the licence" in str(error.value)
    assert not Instrument.objects.exists()


def test_load_measures_refuses_a_validated_file_without_a_site_admin(db, tmp_path):
    team = OrganisationFactory()
    (tmp_path / "licensed.yaml").write_text(measure_text(slug="licensed", validated="true"))
    (tmp_path / "demo.yaml").write_text(measure_text(slug="demo"))
    errors = StringIO()

    with pytest.raises(CommandError, match="Nothing was loaded: 1 problem"):
        call_command("load_measures", str(tmp_path), organisation=team.slug, stderr=errors)

    assert (
        "licensed.yaml:4: validated: true can only be loaded by a site admin" in errors.getvalue()
    )
    assert not Instrument.objects.exists()


def test_load_measures_by_a_site_admin_marks_it_validated(db, tmp_path):
    team = OrganisationFactory()
    admin = member(Role.SITE_ADMIN, team)
    (tmp_path / "licensed.yaml").write_text(measure_text(slug="licensed", validated="true"))

    call_command(
        "load_measures", str(tmp_path), organisation=team.slug, by=admin.username, verbosity=0
    )

    assert Instrument.objects.get(slug="licensed").validated is True
    assert AuditEvent.objects.get().actor == admin


def test_load_measures_refuses_an_unknown_user(db, tmp_path):
    with pytest.raises(CommandError, match="No active user with the username 'nobody'"):
        call_command("load_measures", "content/measures", by="nobody")
