"""Keep secrets and personal search terms out of every log line the product writes.

A live share link (`/s/<token>/`) is a bearer secret: anyone who reads it in a log can open a
young person's summary; a plan link (`/p/<token>/`) their care plan. So is an authenticator set-up link (`/accounts/set-up/<token>/`), which
adds a second factor to someone's account. A search term (`q=`) may be a young person's local
reference.
"""

import logging
import re

# /s/<token>/... (summary links, their PDFs and feedback links) and /p/<token>/... (care and
# support plans), in any language prefix.
SHARE_TOKEN = re.compile(r"(/[sp]/)[^/\s?\"']+")
# /set-up/<token>/ (authenticator set-up links), which let someone add a second factor.
SET_UP_TOKEN = re.compile(r"(/set-up/)[^/\s?\"']+")
# Search terms in a query string: q=..., up to the next & or space or quote.
SEARCH_TERM = re.compile(r"([?&]q=)[^&\s\"']*")


def redact(text):
    text = SHARE_TOKEN.sub(r"\1[redacted]", text)
    text = SET_UP_TOKEN.sub(r"\1[redacted]", text)
    return SEARCH_TERM.sub(r"\1[redacted]", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's message with share tokens and search terms redacted."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: leave it to the handler
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
