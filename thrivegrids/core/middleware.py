"""A request id on every request, so an audit event can be matched to its request in logs."""

import uuid

from django.contrib.auth import middleware as auth_middleware


def request_id_middleware(get_response):
    def middleware(request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        response = get_response(request)
        response["X-Request-ID"] = request.request_id
        return response

    return middleware


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's login-required default, checking the public marker before the user.

    Django's version reads request.user first, which touches the session and adds "Vary: Cookie"
    to public pages, so no proxy would cache a grid page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
