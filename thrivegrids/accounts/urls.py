from django.urls import path

from thrivegrids.accounts import set_up_links, views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/code/", views.verify, name="verify"),
    path("sign-in/set-up/", views.set_up, name="set_up"),
    path("sign-in/recovery-code/", views.use_recovery_code, name="use_recovery_code"),
    path("set-up/<str:token>/", set_up_links.open_set_up_link, name="open_set_up_link"),
    path("set-up-links/", set_up_links.list_set_up_links, name="list_set_up_links"),
    path(
        "set-up-links/<int:user_pk>/",
        set_up_links.create_set_up_link,
        name="create_set_up_link",
    ),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.session_ended, name="session_ended"),
    path("session/", views.session_status, name="session_status"),
    path("session/keep-alive/", views.keep_alive, name="keep_alive"),
    path("organisation/", views.choose_organisation, name="choose_organisation"),
]
