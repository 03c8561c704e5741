"""Bearer secrets in links and API headers (summary and plan links, set-up links, API clients).

A token is 256 random bits, shown once; only its SHA-256 is stored, which is enough to look it up
(with that much randomness, no salt or slow hash is needed).
"""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
