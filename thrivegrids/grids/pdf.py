"""A4 PDFs of grids with WeasyPrint.

Responses are cached whole by caching.cached_public_response; this module only renders.
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string


def render_grid_pdf(request, presenter):
    from weasyprint import CSS, HTML  # slow to import: wsgi.py imports it at worker start

    html = render_to_string("grids/grid_print.jinja", {"grid": presenter}, request=request)
    document = HTML(string=html, base_url=request.build_absolute_uri("/"))
    return document.write_pdf(stylesheets=[CSS(filename=finders.find("grids/grid-print.css"))])
