"""The client's IP address, read the one way the project trusts proxies.

DJANGO_PROXY_COUNT (settings.THRIVEGRIDS_PROXY_COUNT) says how many proxies of ours append to
X-Forwarded-For. The outermost appends the address that connected to it and each
inner one appends the proxy before it, so the client is that many entries from the right;
anything further left came from the client and can be made up. With no proxies, or fewer entries
than proxies, the header is ignored and REMOTE_ADDR is used.

Sign-in lockout (accounts.lockout through django-axes's AXES_CLIENT_IP_CALLABLE) and the rate
limits (core.throttle) both use this function, so they agree on who the client is.
"""

from django.conf import settings


def client_ip(request):
    """The client's IP address: the trusted X-Forwarded-For entry, else REMOTE_ADDR ("" if none)."""
    proxies = settings.THRIVEGRIDS_PROXY_COUNT
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    hops = [hop for hop in hops if hop]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
