"""Sign-in lockout: three limits, each with a cool-off that doubles, counted in the Django cache.

django-axes still runs the sign-in side: its backend refuses a locked-out sign-in before the
password is checked, its middleware shows `accounts.views.locked_out`, and wrong authenticator
codes reach it as failed sign-ins. `LockoutHandler` (settings.AXES_HANDLER) decides who is locked
out, because django-axes 8.3 cannot say it: its lockout parameters share one failure limit (the
highest count among them is compared with AXES_FAILURE_LIMIT), and its cool-off is one length
for every lockout, with old attempts deleted by age, so nothing remembers a lockout to double.

A failed sign-in counts under three keys, each against its own limit
(settings.THRIVEGRIDS_SIGN_IN_LIMITS; 0 turns one off): the username from this address, the
username from any address, and this address with any username. A count lasts one base cool-off
from its first failure. A key that reaches its limit is locked for THRIVEGRIDS_LOCKOUT_MINUTES
× 2^(n-1), at most THRIVEGRIDS_LOCKOUT_MAX_HOURS, where n counts that key's lockouts; n is
forgotten once a whole cap has passed after a lockout ends. So guessing is slowed to a few tries
a day, and every lockout ends. A sign-in refused during a lockout (even with the right password)
is not counted, so it does not restart the cool-off; signing in resets nothing, so wrong codes
after a right password keep counting.

Staff lift lockouts with django-axes's commands (docs/adr/0002 lists them).
With the local-memory cache each process counts on its own: production sets CACHE_URL (Redis).
"""

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from axes.handlers.base import AbstractAxesHandler, AxesBaseHandler
from axes.helpers import get_client_username
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache

from thrivegrids.core.throttle import count

logger = logging.getLogger(__name__)

PREFIX = "lockout"
GENERATION = f"{PREFIX}:generation"
KINDS = ("username_address", "username", "address")


@dataclass(frozen=True)
class Lockout:
    """One locked key: its kind (one of KINDS) and the seconds left."""

    kind: str
    seconds: float

    @property
    def minutes(self):
        return math.ceil(self.seconds / 60)


def _digest(*parts):
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:40]


def _epoch_names(username, address):
    return (
        GENERATION,
        f"{PREFIX}:epoch:u:{_digest(username)}",
        f"{PREFIX}:epoch:a:{_digest(address)}",
    )


def keys(username, address):
    """The cache key of each limit this username and address count under, by kind.

    Keys carry reset counters (all, this username, this address), so a reset forgets every
    key it covers without listing them; usernames are case-folded, so "Pat" counts as "pat".
    """
    username, address = (username or "").casefold(), address or ""
    names = _epoch_names(username, address)
    found = cache.get_many(names)
    generation, user_epoch, address_epoch = (found.get(name, 0) for name in names)
    base = f"{PREFIX}:{generation}"
    candidates = {
        "username_address": f"{base}:ua:{user_epoch}:{address_epoch}:{_digest(username, address)}"
        if username and address
        else "",
        "username": f"{base}:u:{user_epoch}:{_digest(username)}" if username else "",
        "address": f"{base}:a:{address_epoch}:{_digest(address)}" if address else "",
    }
    limits = settings.THRIVEGRIDS_SIGN_IN_LIMITS
    return {kind: key for kind, key in candidates.items() if key and limits[kind] > 0}


def _longest(lockouts):
    return max(lockouts, key=lambda lockout: lockout.seconds, default=None)


def current_lockout(username, address):
    """The longest lockout now holding this username or address (any of its keys), or None."""
    found = keys(username, address)
    until = cache.get_many([f"{key}:until" for key in found.values()])
    now = time.time()
    return _longest(
        Lockout(kind, until[f"{key}:until"] - now)
        for kind, key in found.items()
        if until.get(f"{key}:until", 0) > now
    )


def record_failure(username, address):
    """Count one failed sign-in under each key; the longest lockout it started, or None."""
    limits = settings.THRIVEGRIDS_SIGN_IN_LIMITS
    window = settings.THRIVEGRIDS_LOCKOUT_MINUTES * 60
    # Only the failure that reaches the limit locks: failures sent at the same moment go past it,
    # and must not each count as another lockout, doubling the cool-off again and again.
    return _longest(
        _lock(kind, key)
        for kind, key in keys(username, address).items()
        if count(f"{key}:failures", timeout=window) == limits[kind]
    )


def _lock(kind, key):
    """Lock `key` for the base cool-off doubled once per earlier lockout, up to the cap."""
    base = settings.THRIVEGRIDS_LOCKOUT_MINUTES * 60
    cap = settings.THRIVEGRIDS_LOCKOUT_MAX_HOURS * 3600
    number = count(f"{key}:lockouts", timeout=2 * cap)
    seconds = min(base * 2 ** min(number - 1, 32), cap)
    cache.set(f"{key}:until", time.time() + seconds, timeout=seconds)
    cache.touch(f"{key}:lockouts", seconds + cap)
    cache.delete(f"{key}:failures")
    # No username or address in the log: the count and length are what operations need.
    logger.warning("Sign-in lockout number %d of one %s key, for %d s", number, kind, seconds)
    return Lockout(kind, seconds)


def _forget(key):
    cache.delete_many([f"{key}:failures", f"{key}:until", f"{key}:lockouts"])


def reset(*, username=None, address=None):
    """Lift lockouts and counts: of a username and address together, every key of a username
    or of an address, or (given neither) every key."""
    username = (username or "").casefold()
    user_epoch, address_epoch = _epoch_names(username, address or "")[1:]
    if username and address:
        pair = keys(username, address).get("username_address")
        if pair:
            _forget(pair)
    elif username:
        count(user_epoch, timeout=None)
    elif address:
        count(address_epoch, timeout=None)
    else:
        count(GENERATION, timeout=None)


def for_request(request, credentials=None):
    """The lockout that refused this request (noted when it was found), else the current one."""
    found = getattr(request, "sign_in_lockout", None)
    if found is None:
        address = getattr(request, "axes_ip_address", None)
        found = current_lockout(get_client_username(request, credentials), address)
    return found


def page_context(found):
    """What the locked-out page says: which limit held, and how long to wait (in hours from two
    hours up). With no lockout found (lifted meanwhile), the base cool-off of the first limit."""
    found = found or Lockout(KINDS[0], settings.THRIVEGRIDS_LOCKOUT_MINUTES * 60)
    minutes = found.minutes
    hours = math.ceil(minutes / 60) if minutes >= 120 else None
    return {"kind": found.kind, "minutes": minutes, "hours": hours}


class LockoutHandler(AbstractAxesHandler, AxesBaseHandler):
    """django-axes's handler (settings.AXES_HANDLER) over this module's counts."""

    def is_locked(self, request, credentials=None):
        username = get_client_username(request, credentials)
        found = current_lockout(username, request.axes_ip_address)
        if found is not None:
            request.sign_in_lockout = found
        return found is not None

    def get_failures(self, request, credentials=None):
        found = keys(get_client_username(request, credentials), request.axes_ip_address)
        counts = cache.get_many([f"{key}:failures" for key in found.values()])
        return max(counts.values(), default=0)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is None or self.is_whitelisted(request, credentials):
            return
        request.axes_credentials = credentials
        if request.axes_locked_out:
            return  # refused during a lockout: not counted, so the cool-off does not restart
        username = get_client_username(request, credentials)
        started = record_failure(username, request.axes_ip_address)
        if started is not None:
            request.axes_locked_out = True
            request.sign_in_lockout = started
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        """Signing in resets no count: wrong codes after a right password still count."""

    def user_logged_out(self, sender, request, user, **kwargs):
        """Nothing to record: the audit log has the sign-out."""

    def reset_attempts(self, *, ip_address=None, username=None, ip_or_username=False):
        if ip_or_username:
            for given in ({"username": username}, {"address": ip_address}):
                if any(given.values()):
                    reset(**given)
        else:
            reset(username=username, address=ip_address)
        return 1
