"""Checks added to the fuzzed contract run (tests/test_fuzz.py), loaded by schemathesis."""

import os

import schemathesis

SECRETS = [secret for secret in os.environ.get("CARICC_FUZZ_SECRETS", "").split("|") if secret]


@schemathesis.check
def no_unpublished_content(ctx, response, case):
    """No answer to an anonymous or keyed client holds a draft or a scheduled article."""
    body = response.content.decode("utf-8", "replace")
    leaked = [secret for secret in SECRETS if secret in body]
    if leaked:
        raise AssertionError(f"Unpublished content in the response: {', '.join(leaked)}")
    return True
