"""The client address that failed logins are counted against (django-axes' AXES_CLIENT_IP_CALLABLE)."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, unless TRUSTED_PROXY_COUNT reverse proxies stand in front of the site.

    Each proxy appends the address it was reached from to X-Forwarded-For, so the entry that many places
    from the right is the client our outermost proxy saw. Entries further left were written by the client
    and are ignored, as is the whole header when no proxy is trusted."""
    remote_addr = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote_addr
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        # Not through every proxy: only the connection itself can be believed.
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr
