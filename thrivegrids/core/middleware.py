"""A request id on every request, so an audit event can be matched to its request in logs."""

import uuid


def request_id_middleware(get_response):
    def middleware(request):
        request.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        response = get_response(request)
        response["X-Request-ID"] = request.request_id
        return response

    return middleware
