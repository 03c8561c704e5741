"""Signed-in pages for a conversation's take-away summary: see it, download it, share it by link.

Conversations are fetched only through Conversation.objects.for_organisation(the active
organisation), so another organisation's conversation is a 404. Each request writes exactly one
audit event (a read, or the link change itself).
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thrivegrids.accounts.active import current_membership, current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.conversations import presenters, services, summary
from thrivegrids.conversations.models import Conversation, SummaryLanguage
from thrivegrids.conversations.summary_pdf import pdf_filename, render_summary_pdf
from thrivegrids.core.qr import qr_code_svg

LIFETIME_CHOICES = [
    ("1", _("1 day")),
    ("7", _("7 days")),
    ("30", _("30 days")),
    ("90", _("90 days")),
]
DEFAULT_LIFETIME = "30"


class ShareLinkForm(forms.Form):
    lifetime = forms.ChoiceField(
        label=_("How long should the link work?"),
        choices=LIFETIME_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how long the link should work")},
    )
    language = forms.ChoiceField(
        label=_("Language of the summary"),
        choices=SummaryLanguage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language of the summary")},
    )

    def lifetime_delta(self):
        return datetime.timedelta(days=int(self.cleaned_data["lifetime"]))


class ChangeLinkForm(forms.Form):
    action = forms.ChoiceField(choices=[("change_expiry", "change_expiry"), ("revoke", "revoke")])
    lifetime = forms.ChoiceField(
        label=_("Make the link work for"), choices=LIFETIME_CHOICES, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "change_expiry" and not cleaned.get("lifetime"):
            raise ValidationError(_("Choose how long the link should work"))
        return cleaned


def _conversation(request, pk):
    conversations = Conversation.objects.for_organisation(current_organisation(request))
    return get_object_or_404(
        conversations.select_related("organisation", "created_by", "young_person"), pk=pk
    )


def _conversation_href(conversation):
    return reverse("conversations:show_conversation", args=[conversation.pk])


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def show_summary(request, pk):
    conversation = _conversation(request, pk)
    language = summary.summary_language(request.GET.get("language"), conversation)
    the_summary = summary.build_summary(conversation, language)
    services.record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="summary"
    )
    context = {
        "conversation": conversation,
        "summary": the_summary,
        "body": summary.body_html(request, the_summary),
        "languages": [(code, label, code == language) for code, label in SummaryLanguage.choices],
        "can_share": current_membership(request).has_permission(Permission.EDIT_YOUNG_PEOPLE),
        "back_href": _conversation_href(conversation),
    }
    return _no_store(render(request, "conversations/summary.jinja", context))


@require_permission(Permission.VIEW_YOUNG_PEOPLE)
@require_safe
def summary_pdf(request, pk):
    conversation = _conversation(request, pk)
    language = summary.summary_language(request.GET.get("language"), conversation)
    the_summary = summary.build_summary(conversation, language)
    services.record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="summary_pdf"
    )
    response = HttpResponse(render_summary_pdf(request, the_summary), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(the_summary)}"'
    return _no_store(response)


NEW_LINK_SESSION_KEY = "tg_new_summary_link"


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
    conversation = _conversation(request, pk)
    initial = {"lifetime": DEFAULT_LIFETIME, "language": conversation.summary_language}
    form = ShareLinkForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            link, token = services.create_summary_link(
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
    services.record_conversation_read(
        by=request.user, conversation=conversation, request=request, purpose="share"
    )
    new_link = _new_link_once(request, conversation) if request.method == "GET" else None
    done = request.GET.get("done", "") if request.method == "GET" else ""
    return _share_page(request, conversation, form, new_link=new_link, done=done)


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
    conversation = _conversation(request, pk)
    link = get_object_or_404(conversation.summary_links, pk=link_pk)
    form = ChangeLinkForm(request.POST)
    if not form.is_valid():  # only a hand-made request: both forms send a choice
        return redirect("summaries:share_summary", conversation.pk)
    if form.cleaned_data["action"] == "revoke":
        services.revoke_summary_link(by=request.user, link=link, request=request)
        done = "revoked"
    else:
        lifetime = datetime.timedelta(days=int(form.cleaned_data["lifetime"]))
        services.change_summary_link_expiry(
            by=request.user, link=link, lifetime=lifetime, request=request
        )
        done = "changed"
    return redirect(reverse("summaries:share_summary", args=[conversation.pk]) + f"?done={done}")
