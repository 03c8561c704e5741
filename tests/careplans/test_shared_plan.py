"""The young person's copy of a plan: links made and stopped by staff, the page and PDF through a
link, rating a goal and asking for a review through it."""

import datetime
import io
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.accounts.factories import OrganisationFactory, member, sign_in_fully
from tests.records.factories import YoungPersonFactory
from thrivegrids.accounts.permissions import Role
from thrivegrids.careplans import links
from thrivegrids.careplans.models import (
    CarePlan,
    Goal,
    GoalRating,
    GoalSetBy,
    PlanLink,
    PlanVersion,
    RaterRole,
    RatingOccasion,
    Review,
    ReviewKind,
)
from thrivegrids.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SECTIONS = {
    "what_matters": "Getting back to football on Saturdays",
    "actions": [{"who": "Pat", "what": "Book a session with the school nurse", "by_when": "May"}],
    "if_worse": {"signs": "Not sleeping", "what_helps": "Talking to my sister"},
    "needs_group": "getting-help",
}


def make_plan(*, agreed=True, language="en", organisation=None):
    organisation = organisation or OrganisationFactory(
        name="Northtown CAMHS", contact_phone="0300 123 4567", contact_hours="Weekdays 9 to 5"
    )
    practitioner = member(Role.PRACTITIONER, organisation, first_name="Pat", last_name="Lee")
    young_person = YoungPersonFactory(
        organisation=organisation, local_reference="EV-SECRET-REF", preferred_language=language
    )
    plan = CarePlan.objects.create(
        organisation=organisation,
        young_person=young_person,
        practitioner=practitioner,
        content=SECTIONS,
        next_review_on=datetime.date(2027, 3, 1),
    )
    Goal.objects.create(
        plan=plan, number=1, text="Go to school every day", set_by=GoalSetBy.TOGETHER
    )
    if agreed:
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            content={**SECTIONS, "goals": [{"number": 1, "text": "Go to school every day"}]},
            agreed_at=timezone.now(),
            agreed_by=practitioner,
            next_review_on=datetime.date(2027, 3, 1),
        )
    return plan


def link_for(plan, language="en", days=30):
    _link, token = links.create_plan_link(
        by=plan.practitioner, plan=plan, days=days, language=language
    )
    prefix = "" if language == "en" else f"/{language}"
    return f"{prefix}/p/{token}/"


def assert_private(response):
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")
    assert response["Referrer-Policy"] in {"no-referrer", "same-origin"}


# Staff: making and stopping links


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def staff(client, plan):
    return sign_in_fully(client, plan.practitioner)


def test_staff_make_a_link_shown_once_with_a_qr_code(staff, plan):
    url = reverse("careplans:share_plan", args=[plan.pk])

    made = staff.post(url, {"days": "7", "language": "en"})
    shown = staff.get(url)
    again = staff.get(url)

    link = PlanLink.objects.get(plan=plan)
    assert made.status_code == 302
    assert "/p/" in shown.content.decode() and "<svg" in shown.content.decode()
    assert "/p/" not in again.content.decode()
    assert timezone.localdate(link.expires_at) == timezone.localdate() + datetime.timedelta(days=7)
    assert len(link.token_hash) == 64
    actions = list(
        AuditEvent.objects.filter(target_id=str(plan.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["plan_link.create", "plan_link.list", "plan_link.list"]


def test_share_page_suggests_the_young_persons_preferred_language(client):
    plan = make_plan(language="ar")
    sign_in_fully(client, plan.practitioner)

    response = client.get(reverse("careplans:share_plan", args=[plan.pk]))

    assert re.search(r'value="ar"\s+checked', response.content.decode())


@pytest.mark.parametrize("days", ["", "0", "366", "a week"])
def test_bad_number_of_days_is_refused_beside_the_field_and_kept(staff, plan, days):
    response = staff.post(
        reverse("careplans:share_plan", args=[plan.pk]), {"days": days, "language": "ar"}
    )

    assert response.status_code == 200
    assert "Enter how many days the link should work, from 1 to 365" in response.content.decode()
    assert re.search(r'value="ar"\s+checked', response.content.decode())
    assert not PlanLink.objects.exists()


def test_staff_stop_a_link(staff, client, plan):
    url = link_for(plan)
    link = PlanLink.objects.get()

    response = staff.post(reverse("careplans:stop_plan_link", args=[plan.pk, link.pk]))

    link.refresh_from_db()
    assert response.status_code == 302 and link.revoked_at is not None
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="plan_link.revoke").count() == 1


def test_another_organisations_plan_is_not_found(client, plan):
    stranger = member(Role.PRACTITIONER, OrganisationFactory())
    sign_in_fully(client, stranger)

    assert client.get(reverse("careplans:share_plan", args=[plan.pk])).status_code == 404
    assert (
        client.post(
            reverse("careplans:share_plan", args=[plan.pk]), {"days": "7", "language": "en"}
        ).status_code
        == 404
    )
    assert not PlanLink.objects.exists()


# The shared page


def test_shared_page_shows_the_agreed_plan_contacts_and_urgent_help(client, plan):
    response = client.get(link_for(plan))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Getting back to football on Saturdays" in page
    assert "Book a session with the school nurse" in page
    assert "Go to school every day" in page
    assert "0300 123 4567" in page and "Weekdays 9 to 5" in page  # the team's contact details
    assert "data-urgent-help" in page
    assert "Getting help" in page
    assert "EV-SECRET-REF" not in page
    assert "/records/" not in page and "/accounts/" not in page  # no way into signed-in pages
    assert_private(response)


def test_shared_page_shows_the_goal_chart_when_there_are_ratings(client, plan):
    url = link_for(plan)
    without = client.get(url).content.decode()
    GoalRating.objects.create(
        goal=plan.goals.get(),
        score=3,
        rated_on=timezone.localdate(),
        rater_role=RaterRole.YOUNG_PERSON,
        occasion=RatingOccasion.START,
    )

    page = client.get(url).content.decode()

    assert "tg-goal-chart__svg" not in without
    assert "tg-goal-chart__svg" in page
    assert "Your latest rating: 3 out of 10" in page


def test_without_an_agreed_version_the_page_says_so(client):
    plan = make_plan(agreed=False)

    page = client.get(link_for(plan)).content.decode()

    assert "There is no agreed plan yet" in page
    assert "Getting back to football" not in page  # the draft is never shown
    assert "data-urgent-help" in page


def test_each_view_writes_one_audit_event_and_counts(client, plan):
    url = link_for(plan)
    before = AuditEvent.objects.count()

    client.get(url)
    client.get(url)

    assert AuditEvent.objects.count() == before + 2
    assert AuditEvent.objects.latest("pk").action == "plan_link.view"
    assert PlanLink.objects.get().view_count == 2


def test_arabic_link_shows_an_arabic_right_to_left_page(client):
    plan = make_plan(language="ar")

    response = client.get(link_for(plan, language="ar"))

    page = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in page
    assert response["Content-Language"] == "ar"


def _not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    assert "data-urgent-help" in response.content.decode()
    assert_private(response)
    return response.content


def test_unknown_expired_and_stopped_links_get_the_same_404(client, plan):
    stopped_url = link_for(plan)
    links.revoke_plan_link(by=plan.practitioner, link=PlanLink.objects.get())
    expiring_url = link_for(plan, days=1)
    before = AuditEvent.objects.count()

    unknown = _not_found(client, "/p/no-such-token/")
    stopped = _not_found(client, stopped_url)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        expired = _not_found(client, expiring_url)

    assert unknown == stopped == expired
    assert AuditEvent.objects.count() == before


# Rating a goal and asking for a review through the link


def rate_url(page_url, number=1):
    return f"{page_url}goals/{number}/rate/"


def test_rating_a_goal_through_the_link(client, plan):
    url = link_for(plan)
    before = AuditEvent.objects.count()

    response = client.post(rate_url(url), {"goal-1-score": "6"})

    rating = GoalRating.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("?done=rated")
    assert (rating.score, rating.rater_role, rating.occasion) == (
        6,
        RaterRole.YOUNG_PERSON,
        RatingOccasion.LINK,
    )
    assert rating.recorded_by is None
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "goal.rate"
    assert "Your rating is saved" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("score", ["", "11", "-1", "six"])
def test_a_bad_rating_gets_a_message_beside_the_goal_and_nothing_is_lost(client, plan, score):
    url = link_for(plan)
    message = "Can we talk about school?"

    response = client.post(rate_url(url), {"goal-1-score": score, "message": message})

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        page.count("Choose a number from 0 (no progress) to 10 (goal reached)") == 2
    )  # summary, field
    assert 'href="#id_goal-1-score"' in page
    assert not GoalRating.objects.exists()
    assert AuditEvent.objects.latest("pk").action == "plan_link.view"


def test_a_goal_cannot_be_rated_before_the_plan_is_agreed_or_through_a_stopped_link(client):
    draft = make_plan(agreed=False)
    plan = make_plan()
    stopped = link_for(plan)
    links.revoke_plan_link(by=plan.practitioner, link=plan.links.get())

    assert client.post(rate_url(link_for(draft)), {"goal-1-score": "5"}).status_code == 404
    assert client.post(rate_url(stopped), {"goal-1-score": "5"}).status_code == 404
    assert client.post(rate_url(link_for(plan), number=3), {"goal-3-score": "5"}).status_code == 404
    assert not GoalRating.objects.exists()


def test_asking_for_a_review_through_the_link(client, plan):
    url = link_for(plan)
    before = AuditEvent.objects.count()

    response = client.post(f"{url}review/", {"message": "  Things changed at home  "})

    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("?done=review")
    assert review.kind == ReviewKind.REQUESTED and review.plan == plan
    assert review.requested_by_role == RaterRole.YOUNG_PERSON
    assert review.request_message == "Things changed at home"
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.latest("pk").action == "review.request"
    assert (
        "Your team knows you would like a review"
        in client.get(response["Location"]).content.decode()
    )


def test_too_long_a_review_message_is_refused_and_kept(client, plan):
    message = "x" * 1001

    response = client.post(f"{link_for(plan)}review/", {"message": message})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Your message must be 1000 characters or fewer" in page
    assert message in page
    assert not Review.objects.exists()


# The PDF


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages)), size


def test_english_pdf_is_a4_with_the_plan_and_contacts(client, plan):
    response = client.get(f"{link_for(plan)}plan.pdf")

    text, size = pdf_text(response)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert size == (595, 842)
    assert "Your care and support plan" in text
    assert "Getting back to football on Saturdays" in text
    assert "0300 123 4567" in text
    assert "EV-SECRET-REF" not in text
    assert_private(response)


def test_arabic_pdf_has_arabic_text(client):
    plan = make_plan(language="ar")

    response = client.get(f"{link_for(plan, language='ar')}plan.pdf")

    text, _size = pdf_text(response)
    assert response.status_code == 200
    assert re.search(r"[\u0600-\u06FF\uFE70-\uFEFF]{3,}", text)
    assert "Getting back to football on Saturdays" in text


def test_pdf_through_a_stopped_link_is_not_found(client, plan):
    url = link_for(plan)
    links.revoke_plan_link(by=plan.practitioner, link=plan.links.get())

    assert client.get(f"{url}plan.pdf").status_code == 404
