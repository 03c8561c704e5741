from django.urls import path

from thrivegrids.measures import feedback_views

app_name = "feedback"
urlpatterns = [
    path("<str:token>/feedback/", feedback_views.answer_feedback, name="answer_feedback"),
]
