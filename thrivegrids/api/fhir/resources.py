"""Our rows as FHIR R4 resources (docs/fhir.md), each built as a `fhir.resources.R4B` model, so a
resource that breaks the R4 structure fails here, not in the system that reads it.

Every text is written in English (the export's language, whatever the request's). Only what the
documented mapping names leaves: a Patient carries its local reference and NHS number, nothing
else that identifies the young person.
"""

from django.utils import translation
from fhir.resources.R4B.goal import Goal as FhirGoal
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from thrivegrids.careplans.coding import goal_score_concept
from thrivegrids.careplans.models import GoalOutcome, GoalSetBy, RaterRole

NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number"
# Our own identifier systems and extensions: URNs, since they name no web page.
LOCAL_REFERENCE_SYSTEM = "urn:thrivegrids:organisation:{slug}:local-reference"
INSTRUMENT_CANONICAL = "urn:thrivegrids:instrument:{slug}|{version}"
RATER_ROLE_EXTENSION = "urn:thrivegrids:fhir:rater-role"
GOAL_SET_BY_EXTENSION = "urn:thrivegrids:fhir:goal-set-by"
CODE_UNCONFIRMED_EXTENSION = "urn:thrivegrids:fhir:code-unconfirmed"
ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
OBSERVATION_CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
HIGHEST_SCORE = 10

# Who set a goal, in words, when it was not the young person (no RelatedPerson is made: we hold
# nothing about a parent or carer that a RelatedPerson could usefully carry).
SET_BY_DISPLAY = {
    GoalSetBy.PARENT_CARER: "Their parent or carer",
    GoalSetBy.TOGETHER: "The young person and their parent or carer together",
}
ROLE_DISPLAY = {
    RaterRole.YOUNG_PERSON: "Young person",
    RaterRole.PARENT_CARER: "Parent or carer",
    RaterRole.PRACTITIONER: "Practitioner",
}
# A goal's outcome at review -> (lifecycleStatus, achievementStatus code, its display).
OUTCOME_STATUS = {
    GoalOutcome.MET: ("completed", "achieved", "Achieved"),
    GoalOutcome.NOT_MET: ("completed", "not-achieved", "Not Achieved"),
    GoalOutcome.CHANGED: ("active", "in-progress", "In Progress"),
}


def english(label):
    """A translatable label, in English (the export's language)."""
    with translation.override("en"):
        return str(label)


def reference(resource_type, pk):
    return {"reference": f"{resource_type}/{pk}"}


def local_reference_system(organisation):
    return LOCAL_REFERENCE_SYSTEM.format(slug=organisation.slug)


def patient(young_person) -> Patient:
    """Minimal: the organisation's local reference, and the NHS number when it is known."""
    identifiers = [
        {
            "system": local_reference_system(young_person.organisation),
            "value": young_person.local_reference,
        }
    ]
    if young_person.nhs_number:
        identifiers.append({"system": NHS_NUMBER_SYSTEM, "value": young_person.nhs_number})
    return Patient.model_validate(
        {"resourceType": "Patient", "id": str(young_person.pk), "identifier": identifiers}
    )


def goal_score_code() -> dict:
    """The goal score concept from content/careplans/coding.yaml, as a CodeableConcept: with its
    SNOMED CT coding only when a code is filled in (text only until then, and marked unconfirmed
    unless the clinical coder confirmed it). No code is ever made up here."""
    concept = goal_score_concept()
    codeable = {"text": concept.display}
    if concept.code:
        codeable["coding"] = [
            {"system": concept.system, "code": concept.code, "display": concept.display}
        ]
    if not concept.confirmed:
        codeable["extension"] = [{"url": CODE_UNCONFIRMED_EXTENSION, "valueBoolean": True}]
    return codeable


def _rating_code(rating) -> dict:
    # The concept stored with the rating when it was made, so an old rating keeps its coding.
    current = goal_score_code()
    if rating.concept_code:
        current["coding"] = [
            {
                "system": rating.concept_system,
                "code": rating.concept_code,
                "display": current["text"],
            }
        ]
    return current


def _achievement(code, display):
    return {"coding": [{"system": ACHIEVEMENT_SYSTEM, "code": code, "display": display}]}


def _expressed_by(goal, patient_id):
    if goal.set_by == GoalSetBy.YOUNG_PERSON:
        return reference("Patient", patient_id)
    return {"display": SET_BY_DISPLAY.get(goal.set_by, goal.set_by)}


def goal(goal, *, patient_id, ratings) -> FhirGoal:
    """A plan's goal, in the words of whoever set it, aiming at a score of 10 (goal reached);
    its ratings are Observations, named in outcomeReference."""
    lifecycle, achievement = "active", None
    if goal.outcome in OUTCOME_STATUS:
        lifecycle, code, display = OUTCOME_STATUS[goal.outcome]
        achievement = _achievement(code, display)
    elif ratings:
        achievement = _achievement("in-progress", "In Progress")
    data = {
        "resourceType": "Goal",
        "id": str(goal.pk),
        "extension": [{"url": GOAL_SET_BY_EXTENSION, "valueCode": goal.set_by}],
        "lifecycleStatus": lifecycle,
        "description": {"text": goal.text},
        "subject": reference("Patient", patient_id),
        "startDate": goal.created_at.date().isoformat(),
        "expressedBy": _expressed_by(goal, patient_id),
        "target": [{"measure": goal_score_code(), "detailInteger": HIGHEST_SCORE}],
    }
    if achievement:
        data["achievementStatus"] = achievement
    if goal.outcome_reason:
        data["statusReason"] = goal.outcome_reason
    if goal.outcome_recorded_at:
        data["statusDate"] = goal.outcome_recorded_at.date().isoformat()
    if ratings:
        data["outcomeReference"] = [reference("Observation", rating.pk) for rating in ratings]
    return FhirGoal.model_validate(data)


def rating(rating, *, patient_id) -> Observation:
    """One goal progress score (0-10), on its date, with who rated it and on what occasion."""
    performer = (
        [reference("Patient", patient_id)]
        if rating.rater_role == RaterRole.YOUNG_PERSON
        else [{"display": ROLE_DISPLAY.get(rating.rater_role, rating.rater_role)}]
    )
    return Observation.model_validate(
        {
            "resourceType": "Observation",
            "id": str(rating.pk),
            "extension": [{"url": RATER_ROLE_EXTENSION, "valueCode": rating.rater_role}],
            "status": "final",
            "category": [
                {
                    "coding": [
                        {
                            "system": OBSERVATION_CATEGORY_SYSTEM,
                            "code": "survey",
                            "display": "Survey",
                        }
                    ]
                }
            ],
            "code": _rating_code(rating),
            "subject": reference("Patient", patient_id),
            "focus": [reference("Goal", rating.goal_id)],
            "effectiveDateTime": rating.rated_on.isoformat(),
            "performer": performer,
            "valueInteger": rating.score,
            "method": {"text": english(rating.get_occasion_display())},
        }
    )


def _response_author(response, patient_id):
    if response.respondent_role == RaterRole.YOUNG_PERSON:
        return reference("Patient", patient_id)
    return {"display": ROLE_DISPLAY.get(response.respondent_role, response.respondent_role)}


def questionnaire_response(response, *, patient_id) -> QuestionnaireResponse:
    """One person's answers to an SDM feedback instrument after a conversation: each item's
    key as linkId, its English wording, and the chosen value (higher is better)."""
    instrument = response.instrument
    items = [
        {
            "linkId": item.key,
            "text": item.text_in("en"),
            "answer": [{"valueInteger": response.answers[item.key]}],
        }
        for item in instrument.items.all()
        if isinstance(response.answers.get(item.key), int)
    ]
    data = {
        "resourceType": "QuestionnaireResponse",
        "id": str(response.pk),
        "questionnaire": INSTRUMENT_CANONICAL.format(
            slug=instrument.slug, version=instrument.version
        ),
        "status": "completed",
        "subject": reference("Patient", patient_id),
        "authored": response.answered_on.isoformat(),
        "source": _response_author(response, patient_id),
    }
    if items:
        data["item"] = items
    return QuestionnaireResponse.model_validate(data)
