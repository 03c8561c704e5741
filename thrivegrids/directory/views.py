"""Public directory pages: search, a service, reporting a problem, and shortlists. No login.

Searching and reading never write the session; only the shortlist does, and it is read only when
the visitor already has a session cookie.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from thrivegrids.directory import (
    pdf,
    presenters,
    problem_reports,
    search,
    shared_shortlists,
    throttle,
)
from thrivegrids.directory.forms import (
    OriginForm,
    ProblemReportForm,
    ServiceSearchForm,
    ShortlistChangeForm,
)
from thrivegrids.directory.models import Service, Shortlist
from thrivegrids.directory.shortlist import SHARED_KEY, set_shortlist, shortlist_ids

PER_PAGE = 20
REPORTS_PER_HOUR = 5
SHARES_PER_HOUR = 20
RESULTS_TARGET = "search-results"


def _search_query(request):
    """The search's query string without empty fields or the page number."""
    query = request.GET.copy()
    for name in list(query):
        values = [value for value in query.getlist(name) if value]
        if values and name != "page":
            query.setlist(name, values)
        else:
            del query[name]
    return query


def _results(request, form):
    criteria = form.criteria()
    services = search.find_services(criteria, now=timezone.now())
    page = Paginator(services, PER_PAGE).get_page(request.GET.get("page"))
    query = _search_query(request)
    shortlisted = set(shortlist_ids(request))
    return {
        "heading": presenters.results_heading(page.paginator.count),
        "order": presenters.order_note(criteria),
        "cards": [
            presenters.service_card(
                s, origin=criteria.origin, shortlisted=shortlisted, now=timezone.now()
            )
            for s in page.object_list
        ],
        "pagination": presenters.pagination(page, query),
    }


def _search_page(request, form, context):
    # The places the "near" field suggests: read here, not while the template renders.
    context = context | {"place_names": form.place_names()}
    return render(request, "directory/search_services.jinja", context)


@login_not_required
@require_safe
def search_services(request):
    form = ServiceSearchForm(request.GET)
    results = _results(request, form) if form.is_valid() else None
    context = {
        "form": form,
        "results": results,
        "next": request.get_full_path(),
        "shortlist_size": len(shortlist_ids(request)),
    }
    htmx = request.htmx
    if htmx and htmx.target == RESULTS_TARGET and not htmx.history_restore_request:
        if results is not None:
            response = render(request, "directory/partials/search_results.jinja", context)
            query = _search_query(request).urlencode()
            response["HX-Push-Url"] = request.path + (f"?{query}" if query else "")
        else:  # show the errors beside their fields: swap the whole page body
            response = _search_page(request, form, context)
            response["HX-Retarget"] = response["HX-Reselect"] = "#maincontent"
            response["HX-Reswap"] = "outerHTML"
    else:
        response = _search_page(request, form, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_not_required
@require_safe
def show_service(request, service_id):
    service = get_object_or_404(Service.objects.full_records(), pk=service_id)
    page = presenters.ServicePage(
        service,
        today=timezone.localdate(),
        now=timezone.now(),
        freshness_days=settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS,
        origin=OriginForm(request.GET).origin(),
    )
    context = {
        "service": page,
        "in_shortlist": str(service.pk) in shortlist_ids(request),
        "next": request.get_full_path(),
    }
    return render(request, "directory/show_service.jinja", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def report_problem(request, service_id):
    service = get_object_or_404(Service, pk=service_id)
    form = ProblemReportForm(request.POST or None)
    limited = False
    if form.is_valid():
        limited = not throttle.allow(request, "report", limit=REPORTS_PER_HOUR)
        if not limited:
            problem_reports.report_problem(service=service, request=request, **form.cleaned_data)
            return redirect("directory:problem_reported", service_id=service.pk)
    context = {"service": service, "form": form, "limited": limited}
    return render(
        request, "directory/report_problem.jinja", context, status=429 if limited else 200
    )


@login_not_required
@require_safe
def problem_reported(request, service_id):
    service = get_object_or_404(Service, pk=service_id)
    return render(request, "directory/problem_reported.jinja", {"service": service})


def _change_shortlist(request, add):
    form = ShortlistChangeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Choose a service.")
    service = get_object_or_404(Service, pk=form.cleaned_data["service"])
    ids = [pk for pk in shortlist_ids(request) if pk != str(service.pk)]
    if add:
        ids = (ids + [str(service.pk)])[-shared_shortlists.MAX_SHORTLIST :]
    set_shortlist(request, ids)
    if request.htmx:
        context = {"card": {"id": str(service.pk), "name": service.name, "in_shortlist": add}}
        context |= {"next": form.cleaned_data["next"], "shortlist_size": len(ids), "oob": True}
        return render(request, "directory/partials/shortlist_button.jinja", context)
    next_url = form.cleaned_data["next"]
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = presenters.shortlist_url()
    return redirect(next_url)


@login_not_required
@require_POST
def add_to_shortlist(request):
    return _change_shortlist(request, add=True)


@login_not_required
@require_POST
def remove_from_shortlist(request):
    return _change_shortlist(request, add=False)


def _shortlist_context(request, ids):
    services = search.for_cards(Service.objects.filter(pk__in=ids))
    cards = [
        presenters.service_card(s, shortlisted=set(ids), now=timezone.now())
        for s in presenters.in_order(services, ids)
    ]
    return {"cards": cards, "next": request.get_full_path()}


@login_not_required
@require_safe
def show_shortlist(request):
    context = _shortlist_context(request, shortlist_ids(request))
    return render(request, "directory/show_shortlist.jinja", context)


@login_not_required
@require_POST
def share_shortlist(request):
    ids = shortlist_ids(request)
    if not ids:
        return redirect("directory:show_shortlist")
    shared = request.session.get(SHARED_KEY) or {}
    if shared.get("ids") == ids and Shortlist.objects.filter(token=shared.get("token")).exists():
        return redirect("directory:show_shared_shortlist", token=shared["token"])
    if not throttle.allow(request, "share", limit=SHARES_PER_HOUR):
        context = _shortlist_context(request, ids) | {"limited": True}
        return render(request, "directory/show_shortlist.jinja", context, status=429)
    shortlist = shared_shortlists.share_shortlist(service_ids=ids, request=request)
    request.session[SHARED_KEY] = {"ids": ids, "token": shortlist.token}
    return redirect("directory:show_shared_shortlist", token=shortlist.token)


def _shared_pages(token):
    shortlist = get_object_or_404(Shortlist, token=token)
    ids = [str(pk) for pk in shortlist.entries.values_list("service_id", flat=True)]
    services = Service.objects.full_records().filter(pk__in=ids)
    pages = [
        presenters.ServicePage(
            service,
            today=timezone.localdate(),
            now=timezone.now(),
            freshness_days=settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS,
        )
        for service in presenters.in_order(services, ids)
    ]
    return shortlist, pages


@login_not_required
@require_safe
def show_shared_shortlist(request, token):
    shortlist, pages = _shared_pages(token)
    context = {"shortlist": shortlist, "services": pages, "share_url": request.build_absolute_uri()}
    return render(request, "directory/show_shared_shortlist.jinja", context)


@login_not_required
@require_safe
def shared_shortlist_pdf(request, token):
    shortlist, pages = _shared_pages(token)
    response = HttpResponse(pdf.shortlist_pdf(request, shortlist, pages), "application/pdf")
    filename = f"shortlist-{shortlist.created_at:%Y-%m-%d}-{get_language()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
