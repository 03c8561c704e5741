"""The take-away summary opened through a shared link: no sign-in, nothing beyond the summary.

The link's language decides the page's. Unknown, expired and stopped links all get the same
friendly 404, so a visitor cannot tell which. Every answer is uncacheable, unindexed and sends no
referrer (the token is in the address); no answer touches the session or sets a cookie. Each
successful view writes exactly one audit event (with the link's lookup).
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from thrivegrids.conversations.summaries import presenters as summary
from thrivegrids.conversations.summaries.links import summary_link_for_viewing
from thrivegrids.conversations.summaries.pdf import pdf_filename, render_summary_pdf
from thrivegrids.core.link_pages import private
from thrivegrids.core.throttle import limit_link_page_requests


def _not_found(request):
    return private(render(request, "conversations/shared_not_found.jinja", status=404))


def _feedback_href(token):
    """The feedback questions for this link (in the active language, so the link's own)."""
    return reverse("feedback:answer_feedback", kwargs={"token": token})


@login_not_required
@limit_link_page_requests
@require_safe
def show_shared_summary(request, token):
    link = summary_link_for_viewing(token, request=request, purpose="summary")
    if link is None:
        return _not_found(request)
    with translation.override(link.language):
        the_summary = summary.build_summary(link.conversation, link.language)
        context = {
            "summary": the_summary,
            "body": summary.body_html(request, the_summary, feedback_href=_feedback_href(token)),
            "pdf_href": reverse("shared:shared_summary_pdf", kwargs={"token": token}),
        }
        response = render(request, "conversations/shared_summary.jinja", context)
    response["Content-Language"] = link.language
    return private(response)


@login_not_required
@limit_link_page_requests
@require_safe
def shared_summary_pdf(request, token):
    link = summary_link_for_viewing(token, request=request, purpose="pdf")
    if link is None:
        return _not_found(request)
    the_summary = summary.build_summary(link.conversation, link.language)
    response = HttpResponse(render_summary_pdf(request, the_summary), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(the_summary)}"'
    return private(response)
