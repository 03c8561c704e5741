"""A request's conversation: in the active organisation only (404 otherwise), through the
services, so a page that shows it writes its one read event with the fetch."""

from thrivegrids.accounts.active import current_organisation
from thrivegrids.conversations import services


def for_reading(request, pk, purpose="view"):
    """The conversation for a page that shows it, with that page's one read event."""
    return services.conversation_for_reading(
        by=request.user,
        organisation=current_organisation(request),
        pk=pk,
        request=request,
        purpose=purpose,
    )


def to_change(request, pk):
    """The conversation for a change (its service writes the audit event)."""
    return services.conversation_to_change(organisation=current_organisation(request), pk=pk)
