"""The young person's copy of a plan through a shared link (public, no sign-in): /p/<token>/,
/ar/p/<token>/, its PDF, and the two things it lets them do: rate a goal, ask for a review."""

from django.urls import path

from thrivegrids.careplans import shared_views

app_name = "shared_plans"
urlpatterns = [
    path("<str:token>/", shared_views.show_shared_plan, name="show_shared_plan"),
    path("<str:token>/plan.pdf", shared_views.shared_plan_pdf, name="shared_plan_pdf"),
    path(
        "<str:token>/goals/<int:number>/rate/",
        shared_views.rate_goal_through_link,
        name="rate_goal_through_link",
    ),
    path("<str:token>/review/", shared_views.ask_for_review, name="ask_for_review"),
]
