"""Request limits: anonymous clients by address, partners by key, signed-in users by account.

Rates are read at request time, so settings (and tests) can change them.
"""

from django.core.cache import caches
from rest_framework import throttling
from rest_framework.settings import api_settings

from core.clients import client_address

from .models import PartnerKey


class CurrentRateMixin:
    @property
    def cache(self):
        # Counted where every worker counts, or each would allow the whole rate again.
        return caches["shared"]

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_address(request)


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


class WrongKeyThrottle(CurrentRateMixin, throttling.SimpleRateThrottle):
    """Unknown keys sent from one address: past the limit, keys from it are not even tried.

    Only failures count, so a partner with a valid key is never slowed by this.
    """

    scope = "wrong-key"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request, view):
        # Like the parent, but looking only: a request counts when record_failure() says so.
        self.key = self.get_cache_key(request, view)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) < self.num_requests

    def record_failure(self):
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class SignedInThrottle(CurrentRateMixin, throttling.UserRateThrottle):
    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
