"""Schemathesis hooks for recipe-api's contract run.

Authentication: every generated request that needs a credential gets the access token of a
user registered for the run and made an administrator (`recipe-api admin promote`, on the
server's database), so the `/admin/…` routes are exercised as well. Some operations under test end that credential on purpose
(logout, ending a session, changing the password), so the token is renewed by logging in
again every few seconds; requests made with a token that was just revoked get 401, which the
document allows.
"""

import os
import subprocess
import uuid

import requests
import schemathesis

BASE_URL = os.environ["CONTRACT_BASE_URL"]
PASSWORD = "contract-password-" + uuid.uuid4().hex
EMAIL = f"contract-{uuid.uuid4().hex[:12]}@example.com"


def _register_once():
    reply = requests.post(
        f"{BASE_URL}/users/register",
        json={"username": "contract", "email": EMAIL, "password": PASSWORD},
        timeout=30,
    )
    if reply.status_code not in (200, 409):
        raise RuntimeError(f"register failed: {reply.status_code} {reply.text}")


_register_once()


def _promote():
    """Makes the run's user an administrator, with the command line on the server's database."""
    subprocess.run(
        [os.environ["CONTRACT_BIN"], "admin", "promote", EMAIL],
        env={**os.environ, "DATABASE_URL": os.environ["CONTRACT_DATABASE_URL"]},
        check=True,
        capture_output=True,
        timeout=60,
    )


_promote()


def _login():
    """A new session of the run's user: its access and refresh tokens."""
    reply = requests.post(
        f"{BASE_URL}/users/login",
        json={"email": EMAIL, "password": PASSWORD},
        timeout=30,
    )
    reply.raise_for_status()
    return reply.json()


COOKIE = "__Secure-recipe-refresh"


def _cookie_session():
    """A new session kept in the cookie: the cookie's value."""
    reply = requests.post(
        f"{BASE_URL}/users/cookie",
        json={"refresh_token": _login()["refresh_token"]},
        timeout=30,
    )
    reply.raise_for_status()
    return reply.cookies[COOKIE]


@schemathesis.auth()
class AccessToken:
    """A fresh login's access token, renewed every few seconds."""

    refresh_interval = 3

    def get(self, case, context):
        return _login()["access_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


def _without_if_match(headers):
    return {k: v for k, v in headers.items() if k.lower() != "if-match"}


@schemathesis.hook
def before_add_examples(context, examples):
    """Send the schema's own examples without their `If-Match` (`map_case` does not see them).

    The document's example tag (`"v3"`) names a version the run's recipes rarely have: sent, it
    makes every example of a change a 412, and the tool then reports the change operations as
    rejecting valid data. Stale tags are still sent in generated negative cases.
    """
    for case in examples:
        if case.headers:
            case.headers = _without_if_match(case.headers)


@schemathesis.hook
def map_case(context, case):
    """Adjust generated *valid* requests where no schema can say what is valid.

    Leave `cursor` out of list requests and `If-Match` out of changes; give a refresh request a
    real refresh token, and a refresh from the session cookie a real cookie.
    A cursor is issued by the server and signed, and it continues exactly the query that
    produced it: no string drawn from its schema can be a valid one, so a positive case that
    carries a generated cursor would be refused (400) as it should be. Invalid cursors are
    still sent in negative cases, and real cursors are covered by the black-box test suite.
    """
    meta = case.meta
    if (
        meta is not None
        and meta.generation.mode.is_positive
        and case.query
        and "cursor" in case.query
    ):
        case.query = {k: v for k, v in case.query.items() if k != "cursor"}
    if (
        (meta is None or meta.generation.mode.is_positive)
        and case.headers
        and any(name.lower() == "if-match" for name in case.headers)
    ):
        # Like a cursor, a valid `If-Match` names the version the server last reported, which
        # no generated string can know; a stale one is refused with 412 as it should be.
        case.headers = _without_if_match(case.headers)
    if (
        meta is not None
        and meta.generation.mode.is_positive
        and case.operation.method.upper() == "POST"
        and case.operation.path in ("/users/refresh", "/users/cookie")
        and isinstance(case.body, dict)
    ):
        # A refresh token is a secret the server issued: give a valid case a real one.
        case.body = {**case.body, "refresh_token": _login()["refresh_token"]}
    if (
        meta is not None
        and meta.generation.mode.is_positive
        and case.operation.path == "/users/cookie/refresh"
    ):
        # The session cookie too: a real one, as the browser would send it.
        case.cookies = {**(case.cookies or {}), COOKIE: _cookie_session()}
    if (
        meta is not None
        and meta.generation.mode.is_positive
        and case.operation.path == "/users/me/password"
        and isinstance(case.body, dict)
    ):
        # Let a valid password change succeed: confirm with the real password and keep it, so
        # the run's login keeps working.
        case.body = {**case.body, "current_password": PASSWORD, "new_password": PASSWORD}
    if (
        meta is not None
        and meta.generation.mode.is_positive
        and case.operation.path == "/users/password/reset"
        and isinstance(case.body, dict)
    ):
        # A password the policy accepts (the document states no length: it is the server's
        # setting), so a generated token meets the token check: 403 invalid_reset_token.
        case.body = {**case.body, "new_password": PASSWORD}
    return case


@schemathesis.serializer("application/zip")
def zip_body(ctx, value):
    """An account archive's body is the generated bytes as they are (the server must refuse
    what is no archive with 422, never fail)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    return repr(value).encode()


@schemathesis.deserializer("application/zip")
def zip_answer(ctx, response):
    """An archive answer must be a zip (it starts with a local file header); the document
    describes it as binary text."""
    content = response.content
    if not content.startswith(b"PK\x03\x04"):
        raise ValueError("the archive is not a zip file")
    return content.decode("latin-1")
