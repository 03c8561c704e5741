"""A4 landscape PDFs of grids with WeasyPrint: the grid on the front page, the detail behind it.

Responses are cached whole by caching.cached_public_response; this module only renders.
"""

import re

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from thrivegrids.core.qr import qr_code_svg


def render_grid_pdf(request, presenter):
    from weasyprint import CSS, HTML  # slow to import: wsgi.py imports it at worker start

    # Paper cannot be updated: it points to the live grid, which always shows the latest version.
    live_url = request.build_absolute_uri(presenter.latest_href)
    context = {
        "grid": presenter,
        "live_url": live_url,
        "qr_code": qr_code_svg(live_url, size=QR_SIZE),
        "table": front_table(presenter),
        "translation_note": translation_note(presenter),
    }
    html = render_to_string("grids/grid_print.jinja", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    return document.write_pdf(stylesheets=[CSS(filename=finders.find("grids/grid-print.css"))])


def front_table(presenter):
    """The grid as the front page prints it: presenter.table(), each cell's sources as small
    superscript numbers (the reverse lists them), so the words of the cells get the room."""
    table = presenter.table()
    rows = [
        [head, *({"html": superscript_sources(cell["html"])} for cell in cells)]
        for head, *cells in table["rows"]
    ]
    return {"head": table["head"], "rows": rows}


# What GridPresenter writes after a cell's text: "Sources: 1, 2" (or "Source: 3" after a number).
# The QR code on the front: big enough to scan from paper, small beside the title.
QR_SIZE = "16mm"
_CELL_SOURCES = re.compile(
    r'\s*<span class="tg-cell-sources">[^<]*((?:<a [^>]*>[^<]*</a>(?:,\s*)?)*)</span>'
)


def superscript_sources(html):
    """Cell HTML with its "Sources: 1, 2" as a superscript "1,2" set against the last word (and
    without the label when a cell cites nothing)."""

    def superscript(match):
        if not match[1]:
            return ""
        references = re.sub(r"</a>,\s*<a", "</a>,<a", match[1])
        # A word joiner: WeasyPrint would otherwise break the line between "word." and "1",
        # leaving the numbers alone on a line of their own.
        return f'<sup class="tg-refs">\u2060{references}</sup>'

    # Safe: the presenter's own escaped markup, moved or dropped, in a fixed <sup>.
    return mark_safe(_CELL_SOURCES.sub(superscript, str(html)))  # noqa: S308


def translation_note(presenter):
    """The footer's word on the text's language: "English", or how far its translation has got."""
    language = get_language_info(presenter.language)["name_translated"]
    status = presenter.version.translation_status.get(presenter.language)
    if presenter.language == "en":
        return language
    if status is None:
        return _("%(language)s: not yet translated, shown in English") % {"language": language}
    if status == "draft":
        return _("%(language)s: draft translation") % {"language": language}
    return _("%(language)s: reviewed translation") % {"language": language}
