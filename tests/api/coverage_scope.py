"""The operations whose coverage phase a caller skips in `make api-fuzz`: those it may not call at all.

Schemathesis' coverage phase sends every negative and boundary case of every parameter and body field
(about 1,300 requests). For an operation the caller's role may not call in any environment, each of
them is the same 401/403 before any parsing, so it checks nothing the fuzzing phase (which runs for
every operation, positive and negative) does not; skipping it keeps seven callers within minutes. The
operations a role may call get the whole coverage phase as that role.

    python3 tests/api/coverage_scope.py access.json ROLE   ->  TOML [[operations]] sections

access.json is {"actions": [...], "roles": {"viewer": ["portal.view", ...], ...}} from lib/domain/roles
(scripts/test/api-fuzz.sh writes it); ROLE "none" may call only the public and metrics-token operations.
"""

import json
import sys

access = json.load(open(sys.argv[1], encoding="utf-8"))
role = sys.argv[2]
allowed = set(access["roles"].get(role, [])) | ({"signed-in"} if role in access["roles"] else set())
for action in [*access["actions"], "signed-in"]:
    if action in allowed:
        continue
    print(f'[[operations]]\ninclude-by = {json.dumps("/x-nura-access == " + json.dumps(action))}\n'
          "phases.coverage.enabled = false\n")
