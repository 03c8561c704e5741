"""Fetching what the FHIR API shows, always within the API client's organisation (another
organisation's rows are never found), with a fixed number of queries per young person."""

from django.db.models import Prefetch

from thrivegrids.api.fhir import plans, resources
from thrivegrids.careplans.models import CarePlan, Goal, GoalRating
from thrivegrids.measures.models import Item, Response
from thrivegrids.records.models import YoungPerson


def young_person(organisation, pk):
    return (
        YoungPerson.objects.for_organisation(organisation)
        .select_related("organisation")
        .filter(pk=pk)
        .first()
    )


def young_person_by_identifier(organisation, system, value):
    people = YoungPerson.objects.for_organisation(organisation).select_related("organisation")
    if system == resources.NHS_NUMBER_SYSTEM and value.isdigit():
        return people.filter(nhs_number=value).first()
    if system == resources.local_reference_system(organisation):
        return people.filter(local_reference=value).first()
    return None


def _plans(organisation):
    ratings = GoalRating.objects.order_by("rated_on", "id")
    goals = Goal.objects.order_by("number").prefetch_related(Prefetch("ratings", queryset=ratings))
    return CarePlan.objects.for_organisation(organisation).prefetch_related(
        "versions", Prefetch("goals", queryset=goals)
    )


def _responses(organisation):
    items = Item.objects.order_by("position")
    return (
        Response.objects.for_organisations([organisation])
        .select_related("instrument")
        .prefetch_related(Prefetch("instrument__items", queryset=items))
        .order_by("answered_on", "id")
    )


def plan(organisation, pk):
    return _plans(organisation).filter(pk=pk).first()


def goal(organisation, pk):
    ratings = GoalRating.objects.order_by("rated_on", "id")
    return (
        Goal.objects.filter(plan__organisation=organisation, pk=pk)
        .select_related("plan")
        .prefetch_related(Prefetch("ratings", queryset=ratings))
        .first()
    )


def rating(organisation, pk):
    return (
        GoalRating.objects.filter(goal__plan__organisation=organisation, pk=pk)
        .select_related("goal__plan")
        .first()
    )


def response(organisation, pk):
    return _responses(organisation).filter(pk=pk).select_related("conversation").first()


# Building each kind of resource from the fetched rows: {type: function(rows) -> [resource]}.
def plans_of(person):
    return list(_plans(person.organisation).filter(young_person=person).order_by("created_at"))


def responses_of(person):
    return list(_responses(person.organisation).filter(conversation__young_person=person))


def goal_resources(plan_list, patient_id):
    return [
        resources.goal(goal, patient_id=patient_id, ratings=list(goal.ratings.all()))
        for plan in plan_list
        for goal in plan.goals.all()
    ]


def rating_resources(plan_list, patient_id):
    return [
        resources.rating(rating, patient_id=patient_id)
        for plan in plan_list
        for goal in plan.goals.all()
        for rating in goal.ratings.all()
    ]


def care_plan_resource(plan):
    versions = sorted(plan.versions.all(), key=lambda version: version.number)
    goal_ids = [goal.pk for goal in plan.goals.all()]
    return plans.care_plan(plan, versions=versions, goal_ids=goal_ids)


def consent_resource(plan):
    versions = sorted(plan.versions.all(), key=lambda version: version.number)
    return plans.consent(plan, versions=versions)


def response_resources(response_list, patient_id):
    return [
        resources.questionnaire_response(response, patient_id=patient_id)
        for response in response_list
    ]


def about_person(person, resource_type):
    """Every resource of `resource_type` about the young person (for a search)."""
    if resource_type == "QuestionnaireResponse":
        return response_resources(responses_of(person), person.pk)
    plan_list = plans_of(person)
    build = {
        "CarePlan": lambda: [care_plan_resource(plan) for plan in plan_list],
        "Consent": lambda: [consent_resource(plan) for plan in plan_list],
        "Goal": lambda: goal_resources(plan_list, person.pk),
        "Observation": lambda: rating_resources(plan_list, person.pk),
    }
    return build[resource_type]()


def everything(person):
    """The Patient and every resource about them, in a fixed order."""
    plan_list = plans_of(person)
    return [
        resources.patient(person),
        *[care_plan_resource(plan) for plan in plan_list],
        *goal_resources(plan_list, person.pk),
        *rating_resources(plan_list, person.pk),
        *[consent_resource(plan) for plan in plan_list],
        *response_resources(responses_of(person), person.pk),
    ]
