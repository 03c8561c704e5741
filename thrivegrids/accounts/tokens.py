"""Recovery codes for the second factor, and their stored hashes: a salted SHA-256
("salt$digest"), never the code as typed. (Set-up link tokens are core.secret_tokens.)
"""

import hashlib
import hmac
import secrets

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_GROUPS, RECOVERY_GROUP_LENGTH = 3, 4


def new_recovery_code() -> str:
    """Twelve characters (about 59 bits) in three groups of four: "abcd-efgh-jkmn"."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_LENGTH))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalise_recovery_code(typed: str) -> str:
    """What the person typed, without spaces, hyphens or capitals."""
    return "".join(ch for ch in typed.lower() if ch not in " -\t")


def looks_like_recovery_code(typed: str) -> bool:
    code = normalise_recovery_code(typed)
    length = RECOVERY_GROUPS * RECOVERY_GROUP_LENGTH
    return len(code) == length and all(ch in RECOVERY_ALPHABET for ch in code)


def hash_recovery_code(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256(f"{salt}:{normalise_recovery_code(code)}".encode()).hexdigest()
    return f"{salt}${digest}"


def recovery_code_matches(code: str, stored: str) -> bool:
    salt, _, _digest = stored.partition("$")
    return hmac.compare_digest(hash_recovery_code(code, salt), stored)
