"""Settings for the CARICC site.

Everything that differs between a laptop and production comes from the
environment; the defaults are for local development on SQLite.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def cache_from_url(url):
    """redis://host:port/db, locmem:// (this process), file:///path, dummy:// (no caching)."""
    scheme = urlsplit(url).scheme
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": urlsplit(url).path,
            # Few entries live here (generations, request counts); culling scans them all.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "core.cache_backends.RedisCache", "LOCATION": url}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "caricc"}
    raise ImproperlyConfigured(f"CACHE_URL: unknown scheme {scheme!r}")


def env_list(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Off unless asked for: scripts/serve and the tests turn it on for local use.
DEBUG = env_bool("DJANGO_DEBUG", False)

# A fixed key is acceptable only for local development: it is public.
DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only-do-not-deploy"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is not a real secret key.")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin, so its translated fields appear in every form.
    "modeltranslation",
    # Before the admin too: its admin/base_site.html adds the editor's language choice.
    "caricc_site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "corsheaders",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reversion",
    "reversion_compare",
    "imagekit",
    # The article body's rich-text editor (its scripts and styles ship with it).
    "django_prose_editor",
    "core",
    "organizations",
    "news",
    "partners",
]

MIDDLEWARE = [
    "caricc_site.middleware.RequestLogMiddleware",
    "caricc_site.middleware.NullCharactersMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous readers' pages and API answers, before the rest of the stack is run; they
    # are stored with their Content-Security-Policy, which django-csp builds anew for every
    # response it sees.
    "caricc_site.middleware.PublicCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "caricc_site.middleware.ChosenLanguageMiddleware",
    "caricc_site.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "caricc_site.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Static files straight from the application server, compressed and cached for ever.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "caricc_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "caricc_site.context_processors.canonical_url",
                "caricc_site.context_processors.languages",
                "caricc_site.context_processors.language_offer",
            ],
        },
    },
]

WSGI_APPLICATION = "caricc_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # A connection kept by each worker (they serve one request at a time), checked
        # before reuse: opening one to PostgreSQL costs 1-2 ms of every request.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default" holds rendered pages and API answers; "shared" what every worker must agree
# on (request counts, the next scheduled publication), and "versions" the numbers the
# pages are checked against at every request: the content generation and the versions of
# the cache's tags. With CACHE_URL (Redis for several machines) all three are that cache.
# Without it, pages stay in each worker's memory, the shared part is a folder of files and
# the versions a file every process maps, so any number of workers on one machine see a
# change at once, with no server to install.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHE_DIR = Path(os.environ.get("DJANGO_CACHE_DIR", BASE_DIR / "var" / "cache"))
if CACHE_URL:
    CACHES = {
        "default": cache_from_url(CACHE_URL),
        "shared": cache_from_url(CACHE_URL),
        "versions": cache_from_url(CACHE_URL),
        # Pages from Redis also in each worker's memory, in front of it: a hit then costs no
        # round trip for the page (the generation and tags are still read from Redis).
        "local": cache_from_url(
            "dummy://" if CACHE_URL.startswith(("dummy:", "locmem:")) else "locmem://"
        ),
    }
else:
    CACHES = {
        "default": cache_from_url("locmem://"),
        "shared": cache_from_url(f"file://{CACHE_DIR}"),
        "versions": {
            "BACKEND": "core.cache_backends.VersionMap",
            "LOCATION": str(CACHE_DIR / "versions"),
        },
        "local": cache_from_url("dummy://"),  # the pages are in memory already
    }
# How long a public page or API response may be served from the cache. Any change by an
# editor invalidates it at once, and a scheduled article shortens it to its publication time.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "600"))

AUTHENTICATION_BACKENDS = [
    # django-axes first: repeated failed logins lock the account and address out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front of the site that append to X-Forwarded-For: the one setting
# that request limits, the login lock-out and the logs read a client's address by.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.clients.client_address"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date formats Django does not ship (Kazakh), used by pages, the admin and the API alike.
FORMAT_MODULE_PATH = ["caricc_site.formats"]
# Content (headlines, bodies, names) is translatable per field; what is not translated
# falls back to English, the language the register is kept in.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A text missing in the reader's language is shown in another: Kazakh readers read
# Russian before English; a story filed only in Russian still reaches English readers.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "ru", "kk"), "kk": ("ru", "en")}
MODELTRANSLATION_CUSTOM_FIELDS = ("SanitizedHTMLField",)
# The centre is in Almaty: dates on pages are the centre's dates.
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production (after collectstatic); plain files otherwise.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Serve uploaded images from Django itself: for development and production-like local runs.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Renditions of uploaded images are made when the image is saved, not on first view.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
# Wire files and images are small; anything larger is refused rather than buffered.
WIRE_FILE_MAX_BYTES = 1024 * 1024
LEAD_IMAGE_MAX_BYTES = 10 * 1024 * 1024
# How long a signed preview link for an unpublished article stays valid, in seconds.
ARTICLE_PREVIEW_MAX_AGE = int(os.environ.get("ARTICLE_PREVIEW_MAX_AGE", str(3 * 24 * 3600)))

# The organization whose news this site publishes; the home page presents it.
SITE_ORGANIZATION_SLUG = os.environ.get("SITE_ORGANIZATION_SLUG", "caricc")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.authentication.PartnerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "core.api.ModelPermissions",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.sync.SyncPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "core.api.LanguageFilter",
        "core.sync.UpdatedSinceFilter",
        "core.filters.FilterBackend",
        "core.api.BoundedSearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.FormatFirstNegotiation",
    # Writes are JSON (the browsable API posts its raw-data form as JSON too).
    "DEFAULT_PARSER_CLASSES": ["core.api.JSONParser"],
    # Anonymous clients by address, partners by key, editors by account.
    "DEFAULT_THROTTLE_CLASSES": [
        "partners.throttling.AnonymousThrottle",
        "partners.throttling.PartnerKeyThrottle",
        "partners.throttling.SignedInThrottle",
    ],
    "NUM_PROXIES": PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "partner": os.environ.get("API_PARTNER_RATE", "1200/minute"),
        "user": os.environ.get("API_USER_RATE", "600/minute"),
        # Unknown API keys from one address, before its keys are no longer tried.
        "wrong-key": os.environ.get("API_WRONG_KEY_RATE", "10/minute"),
    },
}

# Browsers on other sites may read the API (never write to it, never with cookies).
CORS_URLS_REGEX = r"^/api/(v1|schema)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "accept-language",
    "authorization",
    "if-modified-since",
    "if-none-match",
]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
CORS_PREFLIGHT_MAX_AGE = 86400

SPECTACULAR_SETTINGS = {
    "TITLE": "CARICC API",
    "DESCRIPTION": (
        "News, organizations, officials, positions and memberships published by the "
        "CARICC site. Reading is open to everyone; writing needs an account with the "
        "model permission."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.describe_parameters",
    ],
}

# Production hardening: applies whenever DEBUG is off.
if not DEBUG:
    if PROXY_COUNT:
        # Only a trusted proxy may say the client came over HTTPS.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script but the article editor's import map, which carries the page's nonce
# (sent only on pages that use it); inline style attributes remain for the admin and
# API docs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# One JSON object per line: easy to ship to any log store.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "caricc_site.logging.JSONFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Requests are logged once, structured, by RequestLogMiddleware.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # Says where its dictionaries are each time a worker first loads them.
        "pymorphy3": {"level": "WARNING"},
    },
}
