"""The take-away summary as an A4 PDF (core.a4_pdf, as the plan's copy)."""

from thrivegrids.core.a4_pdf import render_a4_portrait


def render_summary_pdf(request, summary):
    return render_a4_portrait(
        request,
        template="conversations/summary_print.jinja",
        context={"summary": summary},
        language=summary.language,
        stylesheet="conversations/summary-print.css",
    )


def pdf_filename(summary):
    return f"summary-{summary.held_on:%Y-%m-%d}-{summary.language}.pdf"
