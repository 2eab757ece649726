"""Who is asking: the client's address, behind as many proxies as settings.PROXY_COUNT says.

Request limits, the login lock-out and the request log all read the address here, so a
client cannot choose its own by sending X-Forwarded-For: with no trusted proxy the
header is ignored, and with N proxies only the address the outermost one saw counts.
"""

from django.conf import settings


def client_address(request):
    """The address of the client that sent `request` (Django's or DRF's)."""
    meta = request.META
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if forwarded:
            # Each trusted proxy appended the address it saw; anything before is the client's say.
            return forwarded[-min(count, len(forwarded))]
    return meta.get("REMOTE_ADDR", "")
