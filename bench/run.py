#!/usr/bin/env python3
"""Benchmark the production stack on this machine.

Builds (once) a database with the seed and --articles generated articles (SQLite at
bench/bench.sqlite3, or --database-url), starts gunicorn as scripts/serve-production
does, drives it with wrk from the same machine (loopback only, a fixed time per
endpoint), and prints, for each endpoint, requests per second, p50/p99 latency and SQL
queries per request, with the cache off and on, and 304s.

Every figure is a ratio to the yardstick (bench/bare.py: a bare Django view behind
Django's default middleware, served by its own gunicorn with as many workers), measured
just before the endpoint, so that both meet the machine in the same state. The report
says which targets are met, and by how much the others are missed.

    python bench/run.py                   # 100,000 articles, 5 s per endpoint
    python bench/run.py --articles 20000 --duration 3
    python bench/run.py --gzip            # clients that take gzip, as browsers do

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


def environment(database_url, cache_url):
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url,
        CACHE_URL=cache_url,
        # The load generator is one client; throttling would measure the throttle.
        API_ANON_RATE="100000000/minute",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_STATIC_ROOT=str(ROOT / "bench" / "static"),
        DJANGO_CACHE_DIR=str(ROOT / "bench" / "cache"),
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
from organizations.models import Official, Organization
from django.core import signing
from django.db.models import Count
from core.sync import CURSOR_SALT
published = Article.objects.published().count()
article = Article.objects.published().order_by("-published_at")[min(500, published - 1)]
# Halfway through a partner's sync walk over every published article.
halfway = Article.objects.published().with_sync_time().order_by("changed_at", "pk")[
    published // 2
]
position = [halfway.changed_at.isoformat(), halfway.pk]
cursor = signing.dumps(position, salt=CURSOR_SALT, compress=True)
body = Organization.objects.annotate(n=Count("memberships")).order_by("-n").first()
official = Official.objects.annotate(n=Count("articles")).order_by("-n").first()
most_named = Article.objects.published().annotate(n=Count("organizations")).order_by("-n")[0]
paths = {
    "liveness": "/health/live",
    "home": "/",
    "news list": "/news/",
    "news list, page 5,000": "/news/?page=5000",
    # The deepest a page can be: as far from the start as from the end.
    "news list, middle page": f"/news/?page={published // 20 // 2}",
    "article": article.get_absolute_url(),
    # The seed, a briefing that names every member and observer state.
    "article naming most bodies": most_named.get_absolute_url(),
    "organization": body.get_absolute_url(),
    "official": official.get_absolute_url(),
    "search": "/search/?q=heroin+seizure",
    "API list": "/api/v1/articles/",
    "API list, middle page": f"/api/v1/articles/?page={published // 20 // 2}",
    "API detail": f"/api/v1/articles/{article.slug}/",
    "API detail, ninjs": f"/api/v1/articles/{article.slug}/?format=ninjs",
    "API sync walk, halfway": f"/api/v1/articles/?cursor={cursor}&page_size=100",
    "API memberships": "/api/v1/memberships/",
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
    GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

    def __init__(self, env, port, workers, command=None, ready="/health/live"):
        self.url = f"http://127.0.0.1:{port}"
        # Something else listening there would answer the health check and be measured instead.
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                raise RuntimeError(f"port {port} is in use; choose another with --port")
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
        self.process = subprocess.Popen(
            command or [self.GUNICORN, "--config", "gunicorn.conf.py"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url + ready, timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def worker_memory(self):
        """Resident memory of each of the master's workers, in MiB (Linux's /proc)."""
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                fields = dict(
                    line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
                )
            except OSError:
                continue
            if fields.get("PPid", "").strip() == str(self.process.pid):
                sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
        return sorted(sizes)

    @classmethod
    def yardstick(cls, port, workers):
        """bench/bare.py, as many workers, sync as the site's."""
        command = [
            cls.GUNICORN, "--chdir", "bench", "--workers", str(workers), "--worker-class", "sync",
            "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bare:application",
        ]  # fmt: skip
        return cls(dict(os.environ), port, workers, command=command, ready="/")


# What the site should reach, as a share of the yardstick; p99 limits in milliseconds.
OBJECTS = {
    "article", "article naming most bodies", "organization", "official", "API detail",
    "API detail, ninjs",
}  # fmt: skip
LISTS = {
    "home", "news list", "news list, page 5,000", "news list, middle page", "search",
    "API list", "API list, middle page", "API memberships",
    "API sync walk, halfway",
}  # fmt: skip
P99_LIMITS = {("uncached", "search"): 100, ("uncached", "Popolo export"): 1000}


def target(phase, name):
    if name == "liveness":
        return None
    if phase == "cached":
        return 0.8
    if name in OBJECTS:
        return 0.15
    if name in LISTS:
        return 0.10
    return None


def verdict(phase, name, ratio, p99):
    """What the report says of a row against its targets: met, or missed by how much."""
    said = []
    wanted = target(phase, name)
    if wanted is not None:
        if ratio >= wanted:
            said.append(f"met ({wanted:.2f})")
        else:
            said.append(
                f"missed: {ratio:.2f} of {wanted:.2f}, {wanted / max(ratio, 0.001):.1f}x short"
            )
    limit = P99_LIMITS.get((phase, name))
    if limit is not None:
        said.append(
            f"p99 under {limit} ms: met" if p99 < limit else f"p99 {p99:.0f} ms over {limit} ms"
        )
    return "; ".join(said)


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
    parser.add_argument("--duration", type=int, default=5, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="sync gunicorn workers")
    parser.add_argument("--port", type=int, default=8765, help="the site; the yardstick the next")
    parser.add_argument("--database", type=Path, default=ROOT / "bench" / "bench.sqlite3")
    parser.add_argument("--database-url", help="instead of --database: postgres://...")
    parser.add_argument(
        "--cache-url",
        default="",
        help="the cached phase's CACHE_URL (redis://...); by default the site's own: each "
        "worker's memory, a folder the workers share and the versions file they map",
    )
    parser.add_argument(
        "--only", action="append", metavar="ENDPOINT", help="measure this endpoint (repeatable)"
    )
    parser.add_argument("--phase", choices=["uncached", "cached"], help="measure one phase")
    parser.add_argument(
        "--gzip",
        action="store_true",
        help="send Accept-Encoding: gzip, as browsers and HTTP libraries do (cached answers "
        "then go gzipped); by default wrk asks for the bytes as they are",
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "bench" / "results.md", help="the report"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")

    database_url = args.database_url or f"sqlite:///{args.database}"
    engine = database_url.split(":", 1)[0]
    env = environment(database_url, "dummy://")
    prepare(env, args.articles)
    info = sample(env)
    paths, queries = info["paths"], info["queries"]
    rows = []
    memory = {}
    yardstick = Server.yardstick(args.port + 1, args.workers)
    try:
        # Cache off: every answer worked out. Cache on: warmed by the first request.
        for phase, cache_url in [("uncached", "dummy://"), ("cached", args.cache_url)]:
            if args.phase and phase != args.phase:
                continue
            server = Server(environment(database_url, cache_url), args.port, args.workers)
            try:
                measured = []
                encoding = ["Accept-Encoding: gzip"] if args.gzip else []
                for name, path in paths.items():
                    accept = "application/json" if path.startswith("/api/") else "text/html"
                    measured.append((name, server.url + path, [f"Accept: {accept}", *encoding]))
                if phase == "cached":
                    for name in ["news list", "API list", "API detail"]:
                        path = paths[name]
                        accept = "application/json" if path.startswith("/api/") else "text/html"
                        tag = etag(server.url + path, accept)
                        headers = [f"Accept: {accept}", f"If-None-Match: {tag}", *encoding]
                        measured.append((f"{name}, 304", server.url + path, headers))
                if args.only:
                    measured = [m for m in measured if m[0] in args.only]
                for name, url, headers in measured:
                    wrk(url, 1, args.connections, headers)  # warm up
                    bare = wrk(yardstick.url + "/", args.duration, args.connections)
                    result = wrk(url, args.duration, args.connections, headers)
                    base = name.replace(", 304", "")
                    count = "-" if name.endswith("304") else queries[base]
                    rows.append((phase, name, result, bare["rps"], count))
                memory[phase] = server.worker_memory()
            finally:
                server.stop()
    finally:
        yardstick.stop()

    cached_on = args.cache_url.split(":", 1)[0] or "memory, a shared folder and the versions file"
    lines = [
        f"{args.articles:,} articles requested, {args.workers} sync gunicorn workers, "
        f"wrk {args.connections} connections, {args.duration} s per endpoint, {engine}, "
        f"cached phase on {cached_on}" + (", clients asking for gzip." if args.gzip else "."),
        "",
        "| phase | endpoint | req/s | p50 ms | p99 ms | SQL queries | bare Django req/s "
        "| ratio | target |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    missed = []
    for phase, name, result, bare, count in rows:
        flag = f" ({result['errors']} errors)" if result["errors"] else ""
        ratio = result["rps"] / bare
        said = verdict(phase, name, ratio, result["p99"])
        if "miss" in said or "over" in said:
            missed.append(f"- {phase} {name}: {said}")
        lines.append(
            f"| {phase} | {name}{flag} | {result['rps']:.0f} | {result['p50']:.1f} | "
            f"{result['p99']:.1f} | {count} | {bare:.0f} | {ratio:.2f} | {said} |"
        )
    lines.append("")
    for phase, sizes in memory.items():
        shown = ", ".join(f"{size:.0f}" for size in sizes)
        lines.append(f"Resident memory per worker after the {phase} phase: {shown} MiB.")
    lines += ["", f"Targets missed: {len(missed)}", *missed]
    report = "\n".join(lines)
    print(report)
    args.output.write_text(report + "\n")


if __name__ == "__main__":
    main()
