"""Public grid pages: no login, cacheable by a proxy because published versions never change."""

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from thrivegrids.grids import changes, pdf
from thrivegrids.grids.models import Grid, GridVersion, LocalOptionDetail, Topic
from thrivegrids.grids.presenters import Comparison, GridPresenter, needs_groups, topic_cards

RELEASE = "0.1.0"


@login_not_required
@require_safe
def list_topics(request):
    topics = Topic.objects.prefetch_related("grids")
    published = set(GridVersion.objects.published().values_list("grid_id", flat=True))
    context = {"topics": topic_cards(topics, published), "needs_groups": needs_groups()}
    return render(request, "grids/list_topics.jinja", context)


def _grid(topic, setting):
    return get_object_or_404(
        Grid.objects.select_related("topic"), topic__slug=topic, setting=setting
    )


def _latest_number(grid):
    return grid.versions.published().aggregate(latest=Max("number"))["latest"]


def _site_details(grid):
    slug = settings.THRIVEGRIDS_SITE_ORGANISATION
    if not slug:
        return {}
    details = LocalOptionDetail.objects.filter(grid=grid, organisation__slug=slug)
    return {detail.option_key: detail for detail in details}


def _etag(*parts):
    return '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'


def _render_version(request, version, *, latest_number, max_age):
    local = _site_details(version.grid)
    comparison = Comparison.from_request(
        request.GET.getlist("compare"), {o.key for o in version.options.all()}
    )
    etag = _etag(
        RELEASE,
        version.pk,
        version.status,
        get_language(),
        ",".join(comparison.chosen),
        comparison.error,
        latest_number,
        max((d.updated_at for d in local.values()), default=""),
    )
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    presenter = GridPresenter(
        version,
        language=get_language(),
        comparison=comparison,
        local_details=local,
        latest_number=latest_number,
    )
    response = render(request, "grids/show_grid.jinja", {"grid": presenter})
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@login_not_required
@require_safe
def show_grid(request, topic, setting):
    grid = _grid(topic, setting)
    latest_number = _latest_number(grid)
    if latest_number is None:
        raise Http404("No published version")
    version = GridVersion.objects.with_content().get(grid=grid, number=latest_number)
    return _render_version(
        request,
        version,
        latest_number=latest_number,
        max_age=settings.THRIVEGRIDS_GRID_CACHE_SECONDS,
    )


@login_not_required
@require_safe
def show_grid_version(request, topic, setting, number):
    grid = _grid(topic, setting)
    version = get_object_or_404(
        GridVersion.objects.viewable().with_content(), grid=grid, number=number
    )
    return _render_version(
        request,
        version,
        latest_number=_latest_number(grid),
        max_age=settings.THRIVEGRIDS_GRID_CACHE_SECONDS,
    )


@login_not_required
@require_safe
def show_changes(request, topic, setting):
    grid = _grid(topic, setting)
    versions = list(grid.versions.viewable().order_by("number").values_list("number", flat=True))
    if not versions:
        raise Http404("No published version")
    choice = changes.VersionChoice.from_request(request.GET, versions)
    comparison = None
    if choice.is_valid:
        queryset = GridVersion.objects.viewable().with_content().filter(grid=grid)
        comparison = changes.compare_versions(
            queryset.get(number=choice.from_number),
            queryset.get(number=choice.to_number),
            language=get_language(),
        )
    context = {
        "grid": grid,
        "topic": grid.topic,
        "versions": versions,
        "choice": choice,
        "comparison": comparison,
    }
    return render(request, "grids/show_changes.jinja", context)


def _pdf_response(request, version, latest_number):
    comparison = Comparison.from_request(
        request.GET.getlist("compare"), {o.key for o in version.options.all()}
    )
    local = _site_details(version.grid)
    presenter = GridPresenter(
        version,
        language=get_language(),
        comparison=comparison,
        local_details=local,
        latest_number=latest_number,
    )
    stamp = max((d.updated_at for d in local.values()), default="")
    content = pdf.grid_pdf(request, presenter, cache_key_parts=(RELEASE, stamp))
    response = HttpResponse(content, content_type="application/pdf")
    filename = (
        f"{version.grid.topic.slug}-{version.grid.setting}-v{version.number}-{get_language()}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = _etag(
        RELEASE, "pdf", version.pk, get_language(), ",".join(comparison.chosen), stamp
    )
    patch_cache_control(response, public=True, max_age=settings.THRIVEGRIDS_GRID_CACHE_SECONDS)
    return response


@login_not_required
@require_safe
def grid_pdf(request, topic, setting):
    grid = _grid(topic, setting)
    latest_number = _latest_number(grid)
    if latest_number is None:
        raise Http404("No published version")
    version = GridVersion.objects.with_content().get(grid=grid, number=latest_number)
    return _pdf_response(request, version, latest_number)


@login_not_required
@require_safe
def grid_version_pdf(request, topic, setting, number):
    grid = _grid(topic, setting)
    version = get_object_or_404(
        GridVersion.objects.viewable().with_content(), grid=grid, number=number
    )
    return _pdf_response(request, version, _latest_number(grid))
