"""The young person's copy of a plan as an A4 PDF (core.a4_pdf, as the summary's)."""

from thrivegrids.core.a4_pdf import render_a4_portrait


def render_plan_pdf(request, copy):
    return render_a4_portrait(
        request,
        template="careplans/plan_print.jinja",
        context={"copy": copy},
        language=copy.language,
        stylesheet="careplans/plan-print.css",
    )
