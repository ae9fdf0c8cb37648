"""The sign-in and member-list flow with a client generated from openapi/openapi.json.

    openapi-python-client generate --path openapi/openapi.json --meta none --output-path <dir>/omg_client
    PYTHONPATH=<dir> python openapi/examples/client_flow.py http://127.0.0.1:8080

Registers a new organization, signs in, reads the account and the organization and lists its
members, with the generated code as it came out of the generator. Exits non-zero on any surprise.
"""

import sys
import uuid

from omg_client import AuthenticatedClient, Client
from omg_client.api.auth import login, me, register
from omg_client.api.dashboard import get_organization, list_members
from omg_client.models import AuthResponse, LoginRequest, Me, Organization, PageMember, RegisterRequest


def expect(value, kind, what):
    if not isinstance(value, kind):
        sys.exit(f"{what}: expected a {kind.__name__}, got {value!r}")
    return value


def main(base_url: str) -> None:
    email = f"client-{uuid.uuid4().hex[:12]}@example.com"
    password = "a generated client's passphrase"
    anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)

    body = RegisterRequest(email=email, password=password, name="Gen Client", organization_name="Generated Co")
    expect(register.sync(client=anonymous, body=body), AuthResponse, "register")

    signed_in = expect(login.sync(client=anonymous, body=LoginRequest(email=email, password=password)), AuthResponse, "login")
    if signed_in.mfa_required or not isinstance(signed_in.access_token, str):
        sys.exit(f"login: expected tokens, got {signed_in!r}")
    client = AuthenticatedClient(base_url=base_url, token=signed_in.access_token, raise_on_unexpected_status=True)

    account = expect(me.sync(client=client), Me, "me")
    if account.user.email != email or len(account.memberships) != 1:
        sys.exit(f"me: unexpected {account!r}")

    org = expect(get_organization.sync(client=client), Organization, "organization")
    if org.name != "Generated Co" or org.id != account.memberships[0].organization.id:
        sys.exit(f"organization: unexpected {org!r}")

    members = expect(list_members.sync(client=client, limit=10), PageMember, "members")
    names = [m.name for m in members.items]
    if names != ["Gen Client"]:
        sys.exit(f"members: expected the owner alone, got {names}")
    print(f"generated client: registered {email}, signed in, read /api/auth/me, {org.name}, members {names}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080")
