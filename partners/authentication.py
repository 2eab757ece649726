from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import PartnerKey
from .throttling import WrongKeyThrottle

# Authentication schemes are case-insensitive (RFC 9110, 11.1).
KEYWORDS = ("api-key", "bearer")


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key <key>` (or `Bearer <key>`): a partner's system, read-only.

    A keyed request reads what the public reads, with the partner's higher limit.
    A wrong, revoked or expired key is refused outright rather than read as anonymous,
    so a partner learns at once that its key no longer works.
    """

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        keyword, _space, key = header.strip().partition(" ")
        if keyword.lower() not in KEYWORDS:
            return None
        key = key.strip()
        if not key:
            raise exceptions.AuthenticationFailed(_("The Authorization header holds no key."))
        guesses = WrongKeyThrottle()
        if not guesses.allow_request(request, None):
            raise exceptions.Throttled(guesses.wait())
        prefix = key.partition(".")[0]
        partner_key = PartnerKey.objects.filter(prefix=prefix).first()
        if partner_key is None or not partner_key.is_valid(key):
            guesses.record_failure()
            raise exceptions.AuthenticationFailed(_("This API key is not known."))
        if partner_key.revoked:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if partner_key.has_expired:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        partner_key.record_use()
        return AnonymousUser(), partner_key

    def authenticate_header(self, request):
        return 'Api-Key realm="api"'


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = PartnerKeyAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": str(
                _(
                    "A partner's key, sent as `Authorization: Api-Key <key>`. Keys are issued "
                    "by the centre's editors; keyed clients get a higher request limit."
                )
            ),
        }
