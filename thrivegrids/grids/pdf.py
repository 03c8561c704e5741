"""A4 PDFs of grids with WeasyPrint, cached because published versions never change."""

import hashlib

from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

PDF_CACHE_SECONDS = 60 * 60 * 24 * 7
PDF_LAYOUT_REVISION = "1"  # bump when the print template or stylesheet changes


def _stylesheet():
    return finders.find("grids/grid-print.css")


def render_grid_pdf(request, presenter):
    from weasyprint import CSS, HTML  # imported here: it is slow to import and only PDFs need it

    html = render_to_string("grids/grid_print.jinja", {"grid": presenter}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    return document.write_pdf(stylesheets=[CSS(filename=_stylesheet())])


def grid_pdf(request, presenter, *, cache_key_parts=()):
    """PDF bytes for a presenter; drafts are rendered fresh, published versions come from cache."""
    version = presenter.version
    if version.is_draft:
        return render_grid_pdf(request, presenter)
    key_source = "|".join(
        map(
            str,
            (
                PDF_LAYOUT_REVISION,
                version.pk,
                version.status,
                get_language(),
                ",".join(presenter.comparison.chosen),
                presenter.latest_number,
                *cache_key_parts,
            ),
        )
    )
    key = "grid-pdf:" + hashlib.sha256(key_source.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = render_grid_pdf(request, presenter)
        cache.set(key, content, PDF_CACHE_SECONDS)
    return content
