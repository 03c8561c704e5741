"""A care and support plan as a FHIR R4 CarePlan, and its consent section as a Consent
(docs/fhir.md). The plan's latest agreed version is what a CarePlan shows (status active); a plan
never agreed shows its draft (status draft)."""

from fhir.resources.R4B.careplan import CarePlan as FhirCarePlan
from fhir.resources.R4B.consent import Consent

from thrivegrids.api.fhir.resources import english, reference
from thrivegrids.careplans.content import Competence, MaySee, PlanContent, YesNo
from thrivegrids.core.thrive import NeedsGroup

COMPETENCE_EXTENSION = "urn:thrivegrids:fhir:judged-able-to-decide"
CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# The plan's consent answer -> Consent.status.
CONSENT_STATUS = {YesNo.YES: "active", YesNo.NO: "rejected"}


def agreed_content(plan, versions):
    """(the content a CarePlan shows, the latest agreed version or None)."""
    latest = versions[-1] if versions else None
    return PlanContent.from_json(latest.content if latest else plan.content), latest


def _activities(content):
    activities = []
    for action in content.actions:
        if action.is_empty():
            continue
        detail = {"status": "unknown", "description": action.what or action.who}
        if action.who:
            detail["performer"] = [{"display": action.who}]
        if action.by_when:
            detail["scheduledString"] = action.by_when
        if action.service_name:
            detail["location"] = {"display": action.service_name}
        activities.append({"detail": detail})
    return activities


def _notes(content):
    worse = content.if_worse
    parts = [
        ("What matters to me", content.what_matters),
        ("What matters to the people around me", content.what_matters_to_others),
        ("What we chose", content.what_we_chose),
        ("If things get worse: signs to notice", worse.signs),
        ("If things get worse: what helps", worse.what_helps),
        ("If things get worse: who to contact", worse.who_to_contact),
    ]
    return [{"text": f"{title}: {text}"} for title, text in parts if text]


def care_plan(plan, *, versions, goal_ids) -> FhirCarePlan:
    """The plan: its sections as notes and activities, its goals, its needs-based group as a
    category (text only: THRIVE has no code system), its next review date as the period's end."""
    content, latest = agreed_content(plan, versions)
    data = {
        "resourceType": "CarePlan",
        "id": str(plan.pk),
        "status": "active" if latest else "draft",
        "intent": "plan",
        "title": "Care and support plan",
        "subject": reference("Patient", plan.young_person_id),
        "created": plan.created_at.isoformat(),
        "goal": [reference("Goal", pk) for pk in goal_ids],
        "activity": _activities(content),
        "note": _notes(content),
    }
    if latest:
        data["period"] = {"start": latest.agreed_at.isoformat()}
        data["identifier"] = [{"value": f"{plan.pk}-v{latest.number}"}]
    if (latest.next_review_on if latest else plan.next_review_on) is not None:
        review = latest.next_review_on if latest else plan.next_review_on
        data.setdefault("period", {})["end"] = review.isoformat()
    if content.needs_group in NeedsGroup.values:
        label = english(NeedsGroup(content.needs_group).label)
        data["category"] = [{"text": f"THRIVE needs-based group: {label}"}]
    return FhirCarePlan.model_validate({key: value for key, value in data.items() if value != []})


def _actors(content):
    actors = []
    for value in content.may_see:
        label = english(MaySee(value).label) if value in MaySee.values else value
        if value == MaySee.OTHER and content.may_see_other:
            label = content.may_see_other
        actors.append({"role": {"text": "May see the plan"}, "reference": {"display": label}})
    return actors


def consent(plan, *, versions) -> Consent:
    """Who the young person agreed may see the plan: permitted actors, the date, and for
    under-16s whether they were judged able to decide for themselves (an extension) and whether
    a parent or carer agreed (a verification)."""
    content, _latest = agreed_content(plan, versions)
    data = {
        "resourceType": "Consent",
        "id": str(plan.pk),
        "status": CONSENT_STATUS.get(content.consent, "proposed"),
        "scope": {"coding": [{"system": CONSENT_SCOPE_SYSTEM, "code": "patient-privacy"}]},
        "category": [{"text": "Who may see the care and support plan"}],
        "patient": reference("Patient", plan.young_person_id),
        "policyRule": {"coding": [{"system": ACT_CODE_SYSTEM, "code": "OPTIN"}]},
        "sourceReference": reference("CarePlan", plan.pk),
    }
    if content.consent_on:
        data["dateTime"] = content.consent_on.isoformat()
    if content.competence in Competence.values:
        data["extension"] = [{"url": COMPETENCE_EXTENSION, "valueCode": content.competence}]
    if content.parent_carer_agrees in YesNo.values:
        data["verification"] = [
            {
                "verified": content.parent_carer_agrees == YesNo.YES,
                "verifiedWith": {"display": "Parent or carer"},
            }
        ]
    actors = _actors(content)
    if actors:
        data["provision"] = {"type": "permit", "actor": actors}
    return Consent.model_validate(data)
