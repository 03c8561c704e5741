"""No live share token or search term reaches a log line."""

import io
import logging

import pytest

from thrivegrids.core.log_redaction import RedactSecrets, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /s/Abc123_-xyz/ HTTP/1.1" 200', '"GET /s/[redacted]/ HTTP/1.1" 200'),
        ("Not Found: /ar/s/Abc123/summary.pdf", "Not Found: /ar/s/[redacted]/summary.pdf"),
        (
            '"POST /ar/p/Xy_9-z/review/ HTTP/1.1" 302',
            '"POST /ar/p/[redacted]/review/ HTTP/1.1" 302',
        ),
        (
            '"GET /s/4-young-person.sig_x/feedback/ HTTP/1.1"',
            '"GET /s/[redacted]/feedback/ HTTP/1.1"',
        ),
        (
            '"GET /records/?q=EV-0042&page=2 HTTP/1.1"',
            '"GET /records/?q=[redacted]&page=2 HTTP/1.1"',
        ),
        (
            '"GET /services/?kind=x&q=eating HTTP/1.1"',
            '"GET /services/?kind=x&q=[redacted] HTTP/1.1"',
        ),
        ('"GET /grids/low-mood/nhs/ HTTP/1.1"', '"GET /grids/low-mood/nhs/ HTTP/1.1"'),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


def test_a_log_record_with_arguments_is_redacted():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        ("GET /s/secret-token/ HTTP/1.1", 200),
        None,
    )

    RedactSecrets().filter(record)

    assert "secret-token" not in record.getMessage()
    assert "/s/[redacted]/" in record.getMessage()


def test_a_request_line_written_through_the_products_handler_is_redacted():
    """Through the handler LOGGING configures (the one runserver's request lines use)."""
    logger = logging.getLogger("django.server")
    # pytest adds capture handlers of its own; ours is the one with the redacting filter.
    (handler,) = [
        h for h in logger.handlers if any(isinstance(f, RedactSecrets) for f in h.filters)
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logger.warning('"GET /s/a-live-looking-token-123/ HTTP/1.1" 200')
        logging.getLogger("django.request").warning("Not Found: /records/?q=EV-0042")
    finally:
        handler.setStream(previous)

    written = stream.getvalue()
    assert "/s/[redacted]/" in written and "q=[redacted]" in written
    assert "a-live-looking-token" not in written and "EV-0042" not in written
