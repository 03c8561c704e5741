"""The young person's copy of a plan as an A4 PDF with WeasyPrint (as the summary's PDF)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_plan_pdf(request, copy):
    """A4 portrait, in the copy's language (Arabic right to left with Noto fonts)."""
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is asked for

    with translation.override(copy.language):
        context = {"copy": copy, "printed_on": timezone.localdate()}
        html = render_to_string("careplans/plan_print.jinja", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    stylesheet = CSS(filename=finders.find("careplans/plan-print.css"))
    return document.write_pdf(stylesheets=[stylesheet])
