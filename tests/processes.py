"""Python in a process of its own, as another worker of the site would be."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(*arguments, environment=None, timeout=120):
    """Run python with these arguments in the project's folder; what it printed. A failure
    fails the test, with what the process said."""
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def local_environment(**settings):
    """This environment with the local defaults (no DJANGO_ settings, no cache server),
    DEBUG on and `settings` besides."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "CACHE_URL"
    }
    environment.update(DJANGO_DEBUG="1", **settings)
    return environment
