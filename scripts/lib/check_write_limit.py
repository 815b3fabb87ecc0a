#!/usr/bin/env python3
"""nginx's write limit, met by one client (scripts/stack test).

A burst of 150 POSTs meets the limit: some 429s, each with Retry-After, and
not before a good part of the burst allowance is spent (the tests before it
used some). Then a burst of 150 of the API's PATCHes, the allowance spent
already: 429s too, in JSON. The status counts of each burst go to stderr.

usage: check_write_limit.py URL   exits 0 if both bursts were limited so, else 1
"""

import sys
import urllib.error
import urllib.request

ok = True
writes = [("POST", "/lists/new", "application/x-www-form-urlencoded", b"text=x", "text/plain"),
          ("PATCH", "/api/lists/aaaaaaaaaaaaaaaa/items/0123456789abcdef", "application/json", b"{}", "application/json")]
for method, path, sent_type, body, limit_type in writes:
    codes, retry, typed = {}, 0, 0
    for _ in range(150):
        request = urllib.request.Request(sys.argv[1] + path, data=body, method=method, headers={"Content-Type": sent_type})
        try:
            code = urllib.request.urlopen(request, timeout=5).status
        except urllib.error.HTTPError as e:
            code = e.code
            if code == 429:
                retry += bool(e.headers.get("Retry-After"))
                typed += e.headers.get("Content-Type", "").startswith(limit_type)
        codes[code] = codes.get(code, 0) + 1
    limited = codes.get(429, 0)
    print(f"check_write_limit: 150 {method} {path} at once:", " ".join(f"{k}:{v}" for k, v in sorted(codes.items())), file=sys.stderr)
    some_passed = method != "POST" or limited <= 150 - 20
    ok = ok and 0 < limited and some_passed and retry == limited and typed == limited
sys.exit(0 if ok else 1)
