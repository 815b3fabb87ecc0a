#!/usr/bin/env python3
"""A list to fuzz the JSON API on (scripts/api-fuzz).

Through the API of the site at URL, as a script would (its csrftoken cookie
and X-CSRFToken): a list with two items, the second one done. Prints what
the fuzzer needs to act as that script on that list.

usage: api_seed.py URL   prints "COOKIE TOKEN LIST_ID ITEM_ID" (the first item)
"""

import http.cookiejar
import json
import sys
import urllib.request

base = sys.argv[1]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
token = json.load(web.open(base + "/api/csrf"))["csrf_token"]


def send(method, path, body):
    request = urllib.request.Request(base + path, json.dumps(body).encode(), method=method,
        headers={"Content-Type": "application/json", "X-CSRFToken": token})
    return json.load(web.open(request))


made = send("POST", "/api/lists", {"text": "Buy peacock feathers"})
list_id = made["id"]
item = send("POST", f"/api/lists/{list_id}/items", {"text": "Go fishing"})
send("PATCH", f"/api/lists/{list_id}/items/{item['id']}", {"done": True})
cookie = next(c.value for c in jar if c.name == "csrftoken")
print(cookie, token, list_id, made["items"][0]["id"])
