"""The browser's shortlist of services: a list of ids kept in the session.

The directory's pages add and remove services; a practitioner's conversation takes the list into
a summary and then empties it (empty_shortlist), so it cannot follow them to the next young person.
"""

from django.conf import settings

SHORTLIST_KEY = "directory_shortlist"
SHARED_KEY = "directory_shortlist_shared"


def shortlist_ids(request):
    """The services on this browser's shortlist (read without creating a session)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []
    return list(request.session.get(SHORTLIST_KEY, []))


def set_shortlist(request, ids):
    request.session[SHORTLIST_KEY] = list(ids)


def empty_shortlist(request):
    request.session.pop(SHORTLIST_KEY, None)
