"""No live share token or search term reaches a log line."""

import logging

import pytest

from thrivegrids.core.log_redaction import RedactSecrets, redact


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /s/Abc123_-xyz/ HTTP/1.1" 200', '"GET /s/[redacted]/ HTTP/1.1" 200'),
        ("Not Found: /ar/s/Abc123/summary.pdf", "Not Found: /ar/s/[redacted]/summary.pdf"),
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


def test_the_products_log_handlers_redact(client, db, caplog, settings):
    handler_filters = settings.LOGGING["handlers"]["console"]["filters"]
    assert handler_filters == ["redact_secrets"]
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["console"]

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/s/a-live-looking-token-1234567890/")
    for record in caplog.records:
        RedactSecrets().filter(record)
        assert "a-live-looking-token" not in record.getMessage()
