#!/usr/bin/env python3
"""Signs a demo user in for scripts/check-api (Python stdlib only) and prints its access token.

    signin.py BASE_URL EMAIL            -> TOKEN
    signin.py --mfa BASE_URL EMAIL      -> TOKEN SECRET

The password is $OMG_DEMO_PASSWORD. With --mfa (the ADMIN: admin routes need two-factor
authentication) the account gets TOTP enrolled on the first sign-in (POST /api/auth/mfa/setup,
then /mfa/enable; the token stays valid), and later sign-ins answer the MFA step with a code from
the secret in $OMG_FUZZ_TOTP_SECRET. Also imported by hooks.py to sign in again during a run.
"""

import base64
import hashlib
import hmac
import http.client
import json
import os
import struct
import sys
import time
import urllib.parse

# Sign-ins come from another loopback address than the fuzzer (127.0.0.1): the server throttles
# sign-in attempts per IP, and the fuzzer's many wrong passwords would otherwise lock us out.
SOURCE_ADDRESS = os.environ.get("OMG_FUZZ_SIGNIN_FROM", "127.0.0.2")


class SignInError(Exception):
    pass


def totp(secret: str, step: int) -> str:
    """RFC 6238 code of a 30-second time step: HMAC-SHA-1, 6 digits."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def call(base: str, path: str, body: dict, token: str | None = None) -> tuple[int, dict | None]:
    """POSTs JSON; answers the status and the decoded body."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=(SOURCE_ADDRESS, 0))
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        conn.request("POST", path, json.dumps(body), headers)
        resp = conn.getresponse()
        data = resp.read()
    finally:
        conn.close()
    return resp.status, (json.loads(data) if data else None)


def enrol_mfa(base: str, token: str, password: str) -> str:
    """Turns TOTP on for the signed-in user; answers the secret."""
    status, setup = call(base, "/api/auth/mfa/setup", {"password": password}, token)
    if status != 200:
        raise SignInError(f"mfa/setup answered {status}: {setup}")
    secret = setup["secret"]
    status, out = call(base, "/api/auth/mfa/enable", {"code": totp(secret, int(time.time()) // 30)}, token)
    if status != 200:
        raise SignInError(f"mfa/enable answered {status}: {out}")
    return secret


def sign_in(base: str, email: str, password: str, mfa: bool = False, secret: str | None = None) -> tuple[str, str | None]:
    """Signs in (enrolling or answering TOTP when `mfa`); answers (access token, TOTP secret)."""
    status, res = call(base, "/api/auth/login", {"email": email, "password": password})
    if status != 200:
        raise SignInError(f"login of {email} answered {status}: {res}")
    if not res["mfa_required"]:
        token = res["access_token"]
        if mfa and not res["user"]["mfa_enabled"]:  # first sign-in, or an ADMIN reset our MFA
            secret = enrol_mfa(base, token, password)
        return token, secret
    if not secret:
        raise SignInError(f"{email} needs a TOTP code: set OMG_FUZZ_TOTP_SECRET")
    # A time step is accepted once per user (and one step either side of now): try this step and
    # the next, else wait for the following step. Wrong codes count towards the MFA throttle,
    # which a success resets, so this stays far below its lock.
    for _ in range(3):
        step = int(time.time()) // 30
        for candidate in (step, step + 1):
            body = {"mfa_token": res["mfa_token"], "code": totp(secret, candidate)}
            status, out = call(base, "/api/auth/mfa/verify", body)
            if status == 200:
                return out["access_token"], secret
        time.sleep(30.5 - time.time() % 30)
    raise SignInError(f"mfa/verify of {email} answered {status}: {out}")


def main() -> None:
    args = sys.argv[1:]
    mfa = args[:1] == ["--mfa"]
    base, email = args[1:] if mfa else args
    secret = os.environ.get("OMG_FUZZ_TOTP_SECRET") if mfa else None
    token, secret = sign_in(base, email, os.environ["OMG_DEMO_PASSWORD"], mfa, secret)
    print(token, secret) if mfa else print(token)


if __name__ == "__main__":
    main()
