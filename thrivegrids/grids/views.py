"""Public grid pages: no login, cached whole and cacheable by a proxy (see caching.py)."""

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from thrivegrids.directory import public as directory
from thrivegrids.grids import changes, pdf
from thrivegrids.grids.caching import cached_public_response
from thrivegrids.grids.models import Grid, GridVersion, LocalOptionDetail, Topic
from thrivegrids.grids.presenters import Comparison, GridPresenter, needs_groups, topic_cards


@login_not_required
@require_safe
@cached_public_response
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


def _version(grid, number=None):
    """(version, latest published number): the named viewable version, or the latest; 404 if none."""
    latest = _latest_number(grid)
    if number is None:
        if latest is None:
            raise Http404("No published version")
        return GridVersion.objects.with_content().get(grid=grid, number=latest), latest
    version = get_object_or_404(
        GridVersion.objects.viewable().with_content(), grid=grid, number=number
    )
    return version, latest


def _presenter(request, version, latest_number, *, with_local_services=False):
    slug = settings.THRIVEGRIDS_SITE_ORGANISATION
    local = {}
    if slug:
        details = LocalOptionDetail.objects.filter(grid=version.grid, organisation__slug=slug)
        local = {detail.option_key: detail for detail in details}
    comparison = Comparison.from_request(
        request.GET.getlist("compare"), {option.key for option in version.options.all()}
    )
    local_services = place = None
    if with_local_services:
        place = directory.default_place()
        freshness = datetime.timedelta(days=settings.THRIVEGRIDS_DIRECTORY_FRESHNESS_DAYS)
        local_services = directory.services_for_options(
            {option.kind for option in version.options.all()},
            version.grid.topic.slug,
            place,
            ages=(version.age_min, version.age_max),
            checked_since=timezone.localdate() - freshness,
        )
    return GridPresenter(
        version,
        language=get_language(),
        comparison=comparison,
        local_details=local,
        latest_number=latest_number,
        local_services=local_services,
        local_place=place,
    )


def _grid_page(request, version, latest_number):
    presenter = _presenter(request, version, latest_number, with_local_services=True)
    return render(request, "grids/show_grid.jinja", {"grid": presenter})


@login_not_required
@require_safe
@cached_public_response
def show_grid(request, topic, setting):
    return _grid_page(request, *_version(_grid(topic, setting)))


@login_not_required
@require_safe
@cached_public_response
def show_grid_version(request, topic, setting, number):
    return _grid_page(request, *_version(_grid(topic, setting), number))


@login_not_required
@require_safe
@cached_public_response
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
    presenter = _presenter(request, version, latest_number)
    content = pdf.render_grid_pdf(request, presenter)
    response = HttpResponse(content, content_type="application/pdf")
    filename = (
        f"{version.grid.topic.slug}-{version.grid.setting}-v{version.number}-{get_language()}.pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_safe
@cached_public_response
def grid_pdf(request, topic, setting):
    return _pdf_response(request, *_version(_grid(topic, setting)))


@login_not_required
@require_safe
@cached_public_response
def grid_version_pdf(request, topic, setting, number):
    return _pdf_response(request, *_version(_grid(topic, setting), number))
