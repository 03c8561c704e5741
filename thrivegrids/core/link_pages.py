"""Headers for pages opened through a secret link (summaries, feedback, later plans).

The token is in the address, so the page must not be stored, indexed or sent on as a referrer.
"""

PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}


def private(response, **overrides):
    """Uncacheable, unindexed, no referrer: for every page reached through a secret link.

    `overrides` replace headers by name with underscores (Referrer_Policy="same-origin").
    """
    headers = PRIVATE_HEADERS | {name.replace("_", "-"): value for name, value in overrides.items()}
    for name, value in headers.items():
        response[name] = value
    return response
