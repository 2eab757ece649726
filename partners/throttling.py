"""Request limits: anonymous clients by address, partners by key, signed-in users by account.

Rates are read at request time, so settings (and tests) can change them.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

from .models import PartnerKey


class CurrentRateMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


def is_keyed(request):
    return isinstance(request.auth, PartnerKey)


class AnonymousThrottle(CurrentRateMixin, throttling.AnonRateThrottle):
    def get_cache_key(self, request, view):
        if is_keyed(request):
            return None
        return super().get_cache_key(request, view)


class PartnerKeyThrottle(CurrentRateMixin, throttling.SimpleRateThrottle):
    scope = "partner"

    def get_cache_key(self, request, view):
        if not is_keyed(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SignedInThrottle(CurrentRateMixin, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
