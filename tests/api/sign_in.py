"""Signs a sandbox user in through next-auth's own form flow and prints the session cookie.

    python3 tests/api/sign_in.py http://127.0.0.1:PORT admin@nura.local   ->  next-auth.session-token=...

Standard library only: it runs before (and outside) the schemathesis venv as well.
"""

import http.cookiejar
import json
import sys
import urllib.parse
import urllib.request

SANDBOX_PASSWORD = "nura-sandbox"


def session_cookie(base: str, email: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/api/auth/csrf", timeout=30) as r:
        csrf = json.load(r)["csrfToken"]
    form = urllib.parse.urlencode(
        {"csrfToken": csrf, "email": email, "password": SANDBOX_PASSWORD, "json": "true", "callbackUrl": "/"}
    ).encode()
    req = urllib.request.Request(
        f"{base}/api/auth/callback/sandbox",
        data=form,
        headers={"content-type": "application/x-www-form-urlencoded"},
        method="POST",
    )
    with opener.open(req, timeout=30) as r:
        r.read()
    for c in jar:
        if c.name.endswith("next-auth.session-token"):
            return f"{c.name}={c.value}"
    raise SystemExit(f"sign-in of {email} gave no session cookie")


if __name__ == "__main__":
    print(session_cookie(sys.argv[1].rstrip("/"), sys.argv[2]))
