"""Settings for the test suite: the site's own, for local use (debug on), with fast hashing."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from caricc_site.settings import *  # noqa: F403

if not os.environ.get("CACHE_URL"):
    # One process runs the tests: the shared part needs no folder and the versions no
    # file (test_production and test_version_map show them shared between processes).
    CACHES["shared"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "shared",
    }
    CACHES["versions"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "versions",
    }

# Passwords are hashed for real in the site; here hashing them slowly only costs time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
