#!/usr/bin/env python3
"""Whether a Prometheus has scraped every replica (scripts/stack test).

Asks Prometheus's query API how many targets are up and how many requests
the replicas counted (superlists_http_requests_total), and says both on
stderr. An API that does not answer yet fails with its traceback.

usage: prometheus_scraped.py QUERY_URL EXPECTED_TARGETS
       QUERY_URL e.g. http://127.0.0.1:9090/api/v1/query; exits 0 once
       EXPECTED_TARGETS are up and some request was counted, else 1
"""

import json
import sys
import urllib.parse
import urllib.request


def query(q):
    url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": q})
    return json.load(urllib.request.urlopen(url, timeout=2))["data"]["result"]


up = sum(float(r["value"][1]) for r in query("up"))
counted = sum(float(r["value"][1]) for r in query("sum(superlists_http_requests_total)"))
print(f"check_prometheus: {up:.0f} of {sys.argv[2]} replicas up, {counted:.0f} requests counted", file=sys.stderr)
sys.exit(0 if up == float(sys.argv[2]) and counted > 0 else 1)
