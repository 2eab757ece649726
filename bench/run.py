#!/usr/bin/env python3
"""Benchmark the production stack on this machine.

Builds (once) a SQLite database with the seed and --articles generated articles,
starts gunicorn as scripts/serve-production does, drives it with wrk from the same
machine (loopback only, a fixed time per endpoint), and prints, for each endpoint,
requests per second, p50/p99 latency and SQL queries per request, beside the
liveness endpoint measured in the same run, uncached and cached, and 304s.

    python bench/run.py                   # 100,000 articles, 8 s per endpoint
    python bench/run.py --articles 20000 --duration 4

Needs wrk (Debian: apt-get install wrk). Results also go to bench/results.md.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


# One key for the whole run: the sampled sync cursor is signed with it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)


def environment(database, cache_url):
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL=f"sqlite:///{database}",
        CACHE_URL=cache_url,
        # The load generator is one client; throttling would measure the throttle.
        API_ANON_RATE="100000000/minute",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(ROOT / "bench" / "static"),
    )
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env, articles):
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_seed")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    count = int(
        subprocess.run(
            [PYTHON, "manage.py", "shell", "-v0", "-c",
             "from news.models import Article; print(Article.objects.count())"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    )  # fmt: skip
    if count < articles:
        manage(env, "generate_content", "--articles", str(articles - count))


SAMPLE = """
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from news.models import Article
from organizations.models import Organization
from django.core import signing
from django.db.models import Count
from core.sync import CURSOR_SALT
article = Article.objects.published().order_by("-published_at")[500]
# Halfway through a partner's sync walk over every published article.
halfway = Article.objects.published().with_sync_time().order_by("changed_at", "pk")[
    Article.objects.published().count() // 2
]
position = [halfway.changed_at.isoformat(), halfway.pk]
cursor = signing.dumps(position, salt=CURSOR_SALT, compress=True)
body = Organization.objects.annotate(n=Count("memberships")).order_by("-n").first()
paths = {
    "liveness": "/health/live",
    "home": "/",
    "news list": "/news/",
    "news list, page 5,000": "/news/?page=5000",
    "article": article.get_absolute_url(),
    "organization": body.get_absolute_url(),
    "search": "/search/?q=heroin+seizure",
    "API list": "/api/v1/articles/",
    "API detail": f"/api/v1/articles/{article.slug}/",
    "API detail, ninjs": f"/api/v1/articles/{article.slug}/?format=ninjs",
    "API sync walk, halfway": f"/api/v1/articles/?cursor={cursor}&page_size=100",
    "Popolo export": "/api/v1/popolo/",
}
client = Client(HTTP_HOST="127.0.0.1")
queries = {}
for name, path in paths.items():
    with CaptureQueriesContext(connection) as captured:
        accept = "application/json" if "api" in path else "text/html"
        response = client.get(path, HTTP_ACCEPT=accept)
    assert response.status_code == 200, (path, response.status_code)
    queries[name] = len(captured)
print(json.dumps({"paths": paths, "queries": queries}))
"""


def sample(env):
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v0", "-c", SAMPLE],
        cwd=ROOT, env={**env, "CACHE_URL": "dummy://"}, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env, port, workers):
        self.url = f"http://127.0.0.1:{port}"
        # Something else listening there would answer the health check and be measured instead.
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise RuntimeError(f"port {port} is in use; choose another with --port")
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
        self.process = subprocess.Popen(
            [str(Path(PYTHON).with_name("gunicorn")), "--config", "gunicorn.conf.py"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + "/health/live", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url, duration, connections, headers=()):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout=30s"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, timeout=duration + 30
    ).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
    }


def etag(url, accept):
    request = urllib.request.Request(url, headers={"Accept": accept})
    urllib.request.urlopen(request).read()
    return urllib.request.urlopen(request).headers["ETag"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=8, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", type=Path, default=ROOT / "bench" / "bench.sqlite3")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    env = environment(args.database, "dummy://")
    prepare(env, args.articles)
    info = sample(env)
    paths, queries = info["paths"], info["queries"]
    rows = []
    # Uncached: no cache at all. Cached: per-worker memory, warmed by the first request.
    for phase, cache_url in [("uncached", "dummy://"), ("cached", "locmem://")]:
        server = Server(environment(args.database, cache_url), args.port, args.workers)
        try:
            results = {}
            for name, path in paths.items():
                accept = "application/json" if path.startswith("/api/") else "text/html"
                url = server.url + path
                wrk(url, 1, args.connections, [f"Accept: {accept}"])  # warm up
                results[name] = wrk(url, args.duration, args.connections, [f"Accept: {accept}"])
            if phase == "cached":
                for name in ["news list", "API list", "API detail"]:
                    path = paths[name]
                    accept = "application/json" if path.startswith("/api/") else "text/html"
                    tag = etag(server.url + path, accept)
                    results[f"{name}, 304"] = wrk(
                        server.url + path, args.duration, args.connections,
                        [f"Accept: {accept}", f"If-None-Match: {tag}"],
                    )  # fmt: skip
        finally:
            server.stop()
        ceiling = results["liveness"]["rps"]
        for name, result in results.items():
            base = name.replace(", 304", "")
            rows.append(
                (phase, name, result, ceiling, "-" if name.endswith("304") else queries[base])
            )

    lines = [
        f"{args.articles:,} articles requested, {args.workers} gunicorn workers, "
        f"wrk {args.connections} connections, {args.duration} s per endpoint, SQLite.",
        "",
        "| phase | endpoint | req/s | p50 ms | p99 ms | SQL queries | ratio to liveness |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for phase, name, result, ceiling, count in rows:
        flag = f" ({result['errors']} errors)" if result["errors"] else ""
        lines.append(
            f"| {phase} | {name}{flag} | {result['rps']:.0f} | {result['p50']:.1f} | "
            f"{result['p99']:.1f} | {count} | {result['rps'] / ceiling:.2f} |"
        )
    report = "\n".join(lines)
    print(report)
    (ROOT / "bench" / "results.md").write_text(report + "\n")


if __name__ == "__main__":
    main()
