"""Staff: share the young person's copy of a plan by link and QR code; stop a link.

Plans are fetched within the active organisation (another organisation's is a 404). Each request
writes exactly one audit event: the read of the page, the link made, or the link stopped.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from thrivegrids.accounts.active import current_organisation
from thrivegrids.accounts.decorators import require_permission
from thrivegrids.accounts.permissions import Permission
from thrivegrids.careplans import links
from thrivegrids.careplans.models import CarePlan
from thrivegrids.careplans.share_forms import DEFAULT_DAYS, PlanLinkForm
from thrivegrids.core.qr import qr_code_svg

NEW_LINK_SESSION_KEY = "tg_new_plan_link"


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _person_name(user):
    return user.get_full_name().strip() or user.get_username()


def link_rows(plan, now=None):
    """Each link made for this plan: its state, language, expiry and how often it was opened."""
    now = now or timezone.now()
    languages = dict(links.LINK_LANGUAGES)
    rows = []
    for link in plan.links.select_related("created_by"):
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
                "language": languages.get(link.language, link.language),
                "made_by": _person_name(link.created_by),
                "made_on": timezone.localdate(link.created_at),
                "expires_on": timezone.localdate(link.expires_at),
            }
        )
    return rows


def _read(request, pk):
    return links.plan_for_sharing(
        by=request.user, organisation=current_organisation(request), pk=pk, request=request
    )


def _page(request, plan, form, *, new_link=None, done=""):
    context = {
        "plan": plan,
        "form": form,
        "rows": link_rows(plan),
        "new_link": new_link,
        "done": done if done in {"stopped"} else "",
    }
    return _no_store(render(request, "careplans/share_plan.jinja", context))


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_http_methods(["GET", "POST"])
def share_plan(request, pk):
    if request.method == "POST":
        return _make_link(request, pk)
    plan = _read(request, pk)
    initial = {"days": DEFAULT_DAYS, "language": links.link_language_for(plan.young_person)}
    new_link = _new_link_once(request, plan)
    return _page(
        request,
        plan,
        PlanLinkForm(initial=initial),
        new_link=new_link,
        done=request.GET.get("done", ""),
    )


def _make_link(request, pk):
    """Make a link and go back to the share page (which shows it once), or show the form again."""
    plan = get_object_or_404(
        CarePlan.objects.for_organisation(current_organisation(request)), pk=pk
    )
    form = PlanLinkForm(request.POST)
    if form.is_valid():
        try:
            link, token = links.create_plan_link(
                by=request.user,
                plan=plan,
                days=form.cleaned_data["days"],
                language=form.cleaned_data["language"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The database keeps only the token's hash. The token waits in this user's session
            # for the one page that shows it (so refreshing that page cannot make another link).
            request.session[NEW_LINK_SESSION_KEY] = {"link": link.pk, "token": token}
            return redirect("careplans:share_plan", plan.pk)
    return _page(request, _read(request, pk), form)


def _new_link_once(request, plan):
    """The link just made for this plan, taken out of the session as it is shown."""
    made = request.session.get(NEW_LINK_SESSION_KEY)
    if not made:
        return None
    link = plan.links.filter(pk=made["link"]).first()
    if link is None:
        return None  # made for another plan: leave it for that page
    del request.session[NEW_LINK_SESSION_KEY]
    with translation.override(link.language):
        path = reverse("shared_plans:show_shared_plan", kwargs={"token": made["token"]})
    address = request.build_absolute_uri(path)
    return {
        "link": link,
        "address": address,
        "qr": qr_code_svg(address),
        "expires_on": timezone.localdate(link.expires_at),
    }


@require_permission(Permission.EDIT_YOUNG_PEOPLE)
@require_POST
def stop_plan_link(request, pk, link_pk):
    plan = get_object_or_404(
        CarePlan.objects.for_organisation(current_organisation(request)), pk=pk
    )
    link = get_object_or_404(plan.links, pk=link_pk)
    links.revoke_plan_link(by=request.user, link=link, request=request)
    return redirect(reverse("careplans:share_plan", args=[plan.pk]) + "?done=stopped")
