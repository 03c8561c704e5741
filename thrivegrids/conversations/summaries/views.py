"""Signed-in pages for a conversation's take-away summary: see it, download it, share it by link.

Conversations are fetched only through the services, scoped to the active organisation, so
another organisation's conversation is a 404. Each request writes exactly one audit event (a read,
fetched with it, or the link change itself).
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thrivegrids.accounts.active import current_membership
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations import fetch, presenters
from thrivegrids.conversations.corrections import presenters as corrections_shown
from thrivegrids.conversations.corrections.services import with_corrections
from thrivegrids.conversations.models import SummaryLanguage
from thrivegrids.conversations.summaries import links
from thrivegrids.conversations.summaries import presenters as summary
from thrivegrids.conversations.summaries.forms import (
    DEFAULT_LIFETIME,
    LIFETIME_CHOICES,
    ChangeLinkForm,
    ShareLinkForm,
)
from thrivegrids.conversations.summaries.pdf import pdf_filename, render_summary_pdf
from thrivegrids.core.qr import qr_code_svg

NEW_LINK_SESSION_KEY = "tg_new_summary_link"


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def show_summary(request, pk):
    conversation = fetch.for_reading(request, pk, "summary")
    corrections = with_corrections(conversation)
    language = summary.summary_language(request.GET.get("language"), conversation)
    the_summary = summary.build_summary(conversation, language)
    context = {
        "conversation": conversation,
        "summary": the_summary,
        "body": summary.body_html(request, the_summary),
        "languages": [(code, label, code == language) for code, label in SummaryLanguage.choices],
        "can_share": current_membership(request).has_permission(Permission.EDIT_YOUNG_PEOPLE),
        "back_href": reverse("conversations:show_conversation", args=[conversation.pk]),
        # Staff see who corrected the record and why; the young person's summary says only when.
        "correction": corrections_shown.latest_note(corrections),
        "can_correct": conversation.may_be_corrected_by(current_membership(request)),
        "just_corrected": request.GET.get("corrected") == "1",
    }
    return _no_store(render(request, "conversations/summary.jinja", context))


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def summary_pdf(request, pk):
    conversation = fetch.for_reading(request, pk, "summary_pdf")
    language = summary.summary_language(request.GET.get("language"), conversation)
    the_summary = summary.build_summary(conversation, language)
    response = HttpResponse(render_summary_pdf(request, the_summary), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(the_summary)}"'
    return _no_store(response)


def shared_address(request, link, token):
    """The full address of a link, under its language's prefix (English /s/..., Arabic /ar/s/...)."""
    with translation.override(link.language):
        path = reverse("shared:show_shared_summary", kwargs={"token": token})
    return request.build_absolute_uri(path)


def link_rows(conversation, now=None):
    """Each link made for this conversation: its state, language, expiry and how often it was opened."""
    now = now or timezone.now()
    rows = []
    for link in conversation.summary_links.select_related("created_by"):
        if link.revoked_at is not None:
            state, live = _("Stopped"), False
        elif link.expires_at <= now:
            state, live = _("Expired"), False
        else:
            state, live = _("Works"), True
        rows.append(
            {
                "link": link,
                "state": state,
                "live": live,
                "language": link.get_language_display(),
                "made_by": presenters.person_name(link.created_by),
                "made_on": timezone.localdate(link.created_at),
                "expires_on": timezone.localdate(link.expires_at),
            }
        )
    return rows


def _share_page(request, conversation, form, *, new_link=None, done="", status=200):
    context = {
        "conversation": conversation,
        "form": form,
        "rows": link_rows(conversation),
        "lifetimes": LIFETIME_CHOICES,
        "new_link": new_link,
        "done": done,
        "back_href": reverse("summaries:show_summary", args=[conversation.pk]),
    }
    return _no_store(render(request, "conversations/summary_share.jinja", context, status=status))


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def share_summary(request, pk):
    if request.method == "POST":
        return _make_link(request, pk)
    conversation = fetch.for_reading(request, pk, "share")
    form = ShareLinkForm(initial=_share_initial(conversation))
    new_link = _new_link_once(request, conversation)
    done = request.GET.get("done", "")
    return _share_page(request, conversation, form, new_link=new_link, done=done)


def _share_initial(conversation):
    return {"lifetime": DEFAULT_LIFETIME, "language": conversation.summary_language}


def _make_link(request, pk):
    """Make a link and go back to the share page (which shows it once), or show the form again."""
    conversation = fetch.to_change(request, pk)
    form = ShareLinkForm(request.POST, initial=_share_initial(conversation))
    if form.is_valid():
        try:
            link, token = links.create_summary_link(
                by=request.user,
                conversation=conversation,
                lifetime=form.lifetime_delta(),
                language=form.cleaned_data["language"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The database keeps only the token's hash. The token waits in this user's session
            # for the one page that shows it (so refreshing that page cannot make another link).
            request.session[NEW_LINK_SESSION_KEY] = {"link": link.pk, "token": token}
            return redirect(reverse("summaries:share_summary", args=[conversation.pk]))
    return _share_page(request, fetch.for_reading(request, pk, "share"), form)


def _new_link_once(request, conversation):
    """The link just made for this conversation, taken out of the session as it is shown."""
    made = request.session.get(NEW_LINK_SESSION_KEY)
    if not made:
        return None
    link = conversation.summary_links.filter(pk=made["link"]).first()
    if link is None:
        return None  # made for another conversation: leave it for that page
    del request.session[NEW_LINK_SESSION_KEY]
    address = shared_address(request, link, made["token"])
    return {
        "link": link,
        "address": address,
        "qr": qr_code_svg(address),
        "expires_on": timezone.localdate(link.expires_at),
    }


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def change_summary_link(request, pk, link_pk):
    conversation = fetch.to_change(request, pk)
    link = get_object_or_404(conversation.summary_links, pk=link_pk)
    form = ChangeLinkForm(request.POST)
    if not form.is_valid():  # only a hand-made request: both forms send a choice
        return redirect("summaries:share_summary", conversation.pk)
    if form.cleaned_data["action"] == "revoke":
        links.revoke_summary_link(by=request.user, link=link, request=request)
        done = "revoked"
    else:
        links.change_summary_link_expiry(
            by=request.user, link=link, lifetime=form.lifetime_delta(), request=request
        )
        done = "changed"
    return redirect(reverse("summaries:share_summary", args=[conversation.pk]) + f"?done={done}")
