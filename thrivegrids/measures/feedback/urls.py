from django.urls import path

from thrivegrids.measures.feedback import views

app_name = "feedback"
urlpatterns = [
    path("<str:token>/feedback/", views.answer_feedback, name="answer_feedback"),
]
