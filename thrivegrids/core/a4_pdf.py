"""A4 portrait documents from a template with WeasyPrint: the take-away summary and the young
person's copy of a plan. `core/a4-portrait.css` holds the page, fonts and headings they share;
each passes its own stylesheet for the rest."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_a4_portrait(request, *, template, context, language, stylesheet):
    """The PDF bytes of `template` in `language` (Arabic right to left with Noto fonts)."""
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is asked for

    with translation.override(language):
        html = render_to_string(
            template, {**context, "printed_on": timezone.localdate()}, request=request
        )
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    stylesheets = [
        CSS(filename=finders.find(name)) for name in ("core/a4-portrait.css", stylesheet)
    ]
    return document.write_pdf(stylesheets=stylesheets)
