"""gunicorn settings for production (scripts/serve-production reads them)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Recycle workers now and then, so a slow leak never grows for ever; not so often that a
# busy site keeps losing the pages each worker holds in memory (at 2,000 requests a second
# a worker lives about two minutes).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 200_000))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 20
# Requests are logged as JSON by the application itself.
accesslog = None
errorlog = "-"
wsgi_app = "caricc_site.wsgi:application"
