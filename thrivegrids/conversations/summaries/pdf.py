"""The take-away summary as an A4 PDF with WeasyPrint (the same approach as grids/pdf.py)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_summary_pdf(request, summary):
    """A4 portrait, in the summary's language (Arabic right to left with Noto fonts)."""
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is asked for

    with translation.override(summary.language):
        context = {"summary": summary, "printed_on": timezone.localdate()}
        html = render_to_string("conversations/summary_print.jinja", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    stylesheet = CSS(filename=finders.find("conversations/summary-print.css"))
    return document.write_pdf(stylesheets=[stylesheet])


def pdf_filename(summary):
    return f"summary-{summary.held_on:%Y-%m-%d}-{summary.language}.pdf"
