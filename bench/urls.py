"""The product's URLs plus two bench-only pages that serve as baselines in the same run."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from thrivegrids.config.urls import urlpatterns as product_urlpatterns


@login_not_required
@require_safe
def bare_page(request):
    """The baseline: a trivial Jinja2 template through the full middleware stack, no queries."""
    return render(request, "bench/bare.jinja", {"title": "Baseline"})


@login_not_required
@require_safe
def layout_page(request):
    """For reading the ratio only: the product's page shell (header, footer) with no grid in it."""
    return render(request, "bench/layout_only.jinja")


urlpatterns = [
    path("bench/bare/", bare_page),
    path("bench/layout/", layout_page),
    *product_urlpatterns,
]
