"""Schemathesis hooks of scripts/check-api (loaded through SCHEMATHESIS_HOOKS).

Sends the bearer token of the run's user ($OMG_FUZZ_EMAIL) to the operations that declare the
bearer scheme: first the token the script signed in with ($OMG_FUZZ_TOKEN), then one from a fresh
sign-in (signin.py) whenever schemathesis asks for a new one.
`retry_on=[401]` is schemathesis' reactive re-authentication: after a 401 it fetches a new token and
replays the request once, so an operation that ends the session (logout, …) cannot leave every
later request of the run unauthenticated. Cases that leave the token out on purpose are not retried.
"""

import os
import sys

import schemathesis

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import signin  # noqa: E402


def declares_bearer(ctx) -> bool:
    """Whether the document says the operation takes the bearer token (the others go without)."""
    return any("bearer" in requirement for requirement in ctx.operation.definition.raw.get("security", []))


@schemathesis.auth(retry_on=[401]).apply_to(declares_bearer)
class FuzzUser:
    def __init__(self) -> None:
        self.token = os.environ["OMG_FUZZ_TOKEN"]
        self.secret = os.environ.get("OMG_FUZZ_TOTP_SECRET") or None

    def get(self, case, context):
        token, self.token = self.token, None
        if token:
            return token
        print(f"check-api: signing in again as {os.environ['OMG_FUZZ_EMAIL']}", file=sys.stderr)
        token, self.secret = signin.sign_in(
            os.environ["OMG_FUZZ_BASE"],
            os.environ["OMG_FUZZ_EMAIL"],
            os.environ["OMG_DEMO_PASSWORD"],
            mfa=self.secret is not None,
            secret=self.secret,
        )
        return token

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
