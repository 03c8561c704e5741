"""Care and support plans: start one (pre-filled from the latest recorded conversation), save its
draft (no silent overwrite), agree it as an immutable version, and read it (each read audited).

Plans are fetched within the organisation only: another organisation's is a 404, with no event.
Every call here that reads or writes a plan writes exactly one audit event.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from thrivegrids.careplans import drafts
from thrivegrids.careplans.content import Action, PlanContent
from thrivegrids.careplans.models import MAX_GOALS, CarePlan, Goal, PlanVersion, RaterRole
from thrivegrids.conversations import public as conversations
from thrivegrids.core.audit import AuditAction, record_event
from thrivegrids.records import public as records

# Who may agree a plan with the practitioner.
AGREEING_ROLES = (RaterRole.YOUNG_PERSON, RaterRole.PARENT_CARER)


# Fetching for a page -------------------------------------------------------------------------


def _plans_of(organisation):
    return CarePlan.objects.for_organisation(organisation).select_related(
        "organisation", "young_person", "practitioner", "updated_by", "started_from"
    )


def plan_to_change(*, organisation, pk):
    """Plan `pk` of `organisation` for a service here to change (the service writes the audit
    event); Http404 for another organisation's."""
    return get_object_or_404(_plans_of(organisation), pk=pk)


def plan_for_reading(*, by, organisation, pk, request=None, purpose="view", details=None):
    """Plan `pk` of `organisation` for a page that shows it, with that page's one audit event
    (`purpose` names the page); Http404, and no event, for another organisation's."""
    plan = plan_to_change(organisation=organisation, pk=pk)
    record_plan_read(by=by, plan=plan, request=request, purpose=purpose, details=details)
    return plan


def record_plan_read(*, by, plan, request=None, purpose="view", details=None):
    """One event for a page that shows a plan; `purpose` names the page."""
    return record_event(
        by=by,
        action=AuditAction.PLAN_VIEW,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={"purpose": purpose, "young_person": plan.young_person_id, **(details or {})},
    )


def young_person_to_plan_for(*, organisation, pk):
    """Young person `pk` of `organisation` to start a plan for; Http404 for another's."""
    return records.young_person_to_change(organisation=organisation, pk=pk)


# Starting ------------------------------------------------------------------------------------


def latest_recorded_conversation(young_person):
    """The young person's latest recorded conversation, with what a plan takes from it."""
    return (
        conversations.Conversation.objects.filter(
            young_person=young_person, status=conversations.Conversation.Status.RECORDED
        )
        .prefetch_related("voices", "options_chosen", "services")
        .order_by("-held_on", "-recorded_at", "-pk")
        .first()
    )


def prefilled_content(conversation, language=None) -> PlanContent:
    """The plan's sections as the conversation left them: what matters to each voice, options
    chosen, the needs-based group, and the summary's services as actions. Every part can be
    changed on the plan's edit page."""
    if conversation is None:
        return PlanContent()
    voices = {voice.role: voice.what_matters.strip() for voice in conversation.voices.all()}
    role = conversations.VoiceRole
    others = [
        f"{role(name).label}: {voices[name]}"
        for name in (role.PARENT_CARER, role.PRACTITIONER)
        if voices.get(name)
    ]
    chosen = [
        option.text_in(language).get("name", option.key)
        for option in conversation.options_chosen.all()
    ]
    actions = [
        Action(
            what=_("Get in touch with %(service)s") % {"service": service.name},
            service=str(service.pk),
            service_name=service.name,
        )
        for service in sorted(conversation.services.all(), key=lambda service: service.name)
    ]
    return PlanContent(
        what_matters=voices.get(role.YOUNG_PERSON, ""),
        what_matters_to_others="\n".join(others),
        what_we_chose=", ".join(chosen),
        actions=actions,
        needs_group=conversation.needs_group,
    )


@transaction.atomic
def start_plan(*, by, young_person, request=None) -> CarePlan:
    """A new draft plan for the young person, with `by` as its practitioner, pre-filled from the
    latest recorded conversation (empty without one). One audit event."""
    conversation = latest_recorded_conversation(young_person)
    plan = CarePlan.objects.create(
        organisation=young_person.organisation,
        young_person=young_person,
        practitioner=by,
        started_from=conversation,
        content=prefilled_content(conversation).to_json(),
        revision=1,
        updated_by=by,
    )
    drafts.keep_revision(plan)
    record_event(
        by=by,
        action=AuditAction.PLAN_START,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={
            "young_person": young_person.pk,
            "started_from": conversation.pk if conversation else None,
        },
    )
    return plan


# Saving the draft ----------------------------------------------------------------------------


def _problems(plan, draft):
    """{form field: message} for a draft that cannot be saved."""
    problems = {}
    if len(draft.goals) > MAX_GOALS:
        problems["new_goal_text"] = _(
            "A plan can have up to %(count)s goals. Change or remove one to add another."
        ) % {"count": MAX_GOALS}
    if draft.next_review_on and draft.next_review_on < timezone.localdate():
        problems["next_review_day"] = _("The next review date must be today or in the future")
    kept = {goal.number for goal in draft.goals}
    rated = Goal.objects.filter(plan=plan, ratings__isnull=False).values_list("number", flat=True)
    for number in sorted(set(rated) - kept):
        problems[f"goal_{number}_text"] = _(
            "Goal %(number)s has been rated, so it cannot be removed: record at a review that it "
            "was met, not met or changed"
        ) % {"number": number}
    return problems


def _write(plan, draft, *, by):
    plan.content = draft.content.to_json()
    plan.next_review_on = draft.next_review_on
    plan.revision += 1
    plan.updated_by = by
    plan.save()
    goals = {goal.number: goal for goal in Goal.objects.filter(plan=plan)}
    wanted = {goal.number: goal for goal in draft.goals}
    Goal.objects.filter(plan=plan).exclude(number__in=wanted).delete()
    for number, goal_draft in wanted.items():
        goal = goals.get(number) or Goal(plan=plan, number=number)
        goal.text, goal.set_by = goal_draft.text, goal_draft.set_by
        goal.save()


@transaction.atomic
def save_plan_draft(
    *, by, plan, base_revision, draft, editor="", autosave=False, request=None
) -> CarePlan:
    """Save what the editor typed over the plan's draft, unless someone else saved since
    `base_revision` (EditConflict: nothing is written). `editor` is the page's token, so its own
    earlier saves are not someone else's. Raises ValidationError ({form field: message}) for a
    fourth goal, a review date in the past or removing a rated goal. One audit event."""
    plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
    base_revision = drafts.seen_revision(plan, base_revision, editor=editor, autosave=autosave)
    saved = drafts.draft_of(plan)
    if base_revision != plan.revision:
        raise drafts.EditConflict(
            plan, saved=saved, attempted=draft, base=drafts.draft_at(plan, base_revision)
        )
    problems = _problems(plan, draft)
    if problems:
        raise ValidationError(problems)
    changed = draft.fields_differing_from(saved)
    _write(plan, draft, by=by)
    drafts.keep_revision(plan, editor=editor, autosave=autosave)
    record_event(
        by=by,
        action=AuditAction.PLAN_SAVE_DRAFT,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={"changed": changed, "revision": plan.revision, "autosave": autosave},
    )
    return plan


# Agreeing ------------------------------------------------------------------------------------


@transaction.atomic
def agree_plan(*, by, plan, agreed_with, request=None) -> PlanVersion:
    """Agree the plan as it is saved now: a new immutable PlanVersion with its sections and goals,
    who agreed it (`by`), when, with whom (RaterRole values) and the next review date. Raises
    ValidationError ({form field: message}) without anyone agreeing, without goals or without a
    review date today or later. One audit event."""
    plan = CarePlan.objects.select_for_update().get(pk=plan.pk)
    draft = drafts.draft_of(plan)
    problems = {}
    if not agreed_with or set(agreed_with) - set(AGREEING_ROLES):
        problems["agreed_with"] = _("Choose who agreed the plan with you")
    if not draft.goals:
        problems["goals"] = _("Add at least one goal to the plan before agreeing it")
    if draft.next_review_on is None:
        problems["next_review_on"] = _("Set the next review date before agreeing the plan")
    elif draft.next_review_on < timezone.localdate():
        problems["next_review_on"] = _("The next review date must be today or in the future")
    if problems:
        raise ValidationError(problems)
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        content=drafts.draft_to_json(draft),
        agreed_at=timezone.now(),
        agreed_by=by,
        agreed_with=sorted(agreed_with),
        next_review_on=draft.next_review_on,
    )
    record_event(
        by=by,
        action=AuditAction.PLAN_AGREE,
        target=plan,
        organisation=plan.organisation,
        request=request,
        details={"version": version.number, "agreed_with": version.agreed_with},
    )
    return version
