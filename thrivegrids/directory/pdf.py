"""A4 PDFs of shared shortlists with WeasyPrint (the same approach as grids/pdf.py)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def shortlist_pdf(request, shortlist, services):
    from weasyprint import CSS, HTML  # slow to import: only when a PDF is asked for

    context = {"shortlist": shortlist, "services": services}
    html = render_to_string("directory/shortlist_print.jinja", context, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    stylesheet = CSS(filename=finders.find("directory/shortlist-print.css"))
    return document.write_pdf(stylesheets=[stylesheet])
