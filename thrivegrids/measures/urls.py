from django.urls import path

from thrivegrids.measures import views

app_name = "measures"
urlpatterns = [
    path("team/", views.team_page, name="team_page"),
    path(
        "conversations/<int:pk>/feedback/",
        views.answer_practitioner_feedback,
        name="answer_practitioner_feedback",
    ),
    path(
        "conversations/<int:pk>/feedback/links/",
        views.share_feedback_links,
        name="share_feedback_links",
    ),
]
