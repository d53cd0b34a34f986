"""
Schemathesis hooks for test/api/schemathesis.test.ts (loaded through SCHEMATHESIS_HOOKS).

They teach the generator the few rules a JSON Schema cannot state, and keep the run on this
machine. Schemathesis re-validates a case after `before_call`, so an edited case is still judged
as positive or negative by the document itself.

- URLs: a business website is fetched in preflight and a callback URL receives events. Any http(s)
  URL is pointed at the simulator (loopback), never at a generated host.
- Timings: an escalation must not come after its deadline (cross-field, docs/api.md). Each
  escalation/deadline pair gets one value; durations are kept between 1 s and 30 days so that a
  generated `0.001ms` poll does not spin the shared dev server.
- portingWindowStart must lie in the future and within 90 days: one hour from now.
- pageToken: only tokens the API handed out are valid (checksummed); well-formed generated ones are
  dropped (the first page is listed), malformed ones stay as negative cases.

Two kinds of failure are accepted, and only those: a schema-valid command whose content the live
migration refuses (`/problems/update-rejected`, e.g. a number list that does not match the WABA;
the document declares that 422 with its reason codes; no schema can know a WABA's numbers), and a
batch whose items fail their kind's start schema once the batch's defaults are merged in
(`/problems/invalid-batch-items`, declared too; no JSON Schema can state the merge). A
command at the wrong time (`WrongStep`) is a 409 Conflict, which the checks accept as it is.
"""

import os
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import schemathesis

SIMULATOR = os.environ["SIMULATOR_URL"].rstrip("/")
TARGETS = {
    "businessWebsite": f"{SIMULATOR}/sites/schemathesis-shop",
    "callbackUrl": f"{SIMULATOR}/callbacks/schemathesis",
}
DURATION = re.compile(r"^([0-9]+(?:\.[0-9]+)?) *([a-zA-Z]*)$")
UNIT_MS = {"": 1, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
MIN_MS, MAX_MS = 1000, 30 * 86_400_000


def duration_ms(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    if not isinstance(value, str):
        return None
    m = DURATION.match(value)
    if not m:
        return None
    unit = m.group(2).lower()
    key = unit if unit in ("", "ms") else unit[0]
    return float(m.group(1)) * UNIT_MS[key] if key in UNIT_MS else None


def fix_timings(timings):
    for key, value in list(timings.items()):
        ms = duration_ms(value)
        if ms is not None and not MIN_MS <= ms <= MAX_MS:
            timings[key] = "1h"
    for key in [k for k in timings if k.endswith("EscalateAfter")]:
        deadline = key[: -len("EscalateAfter")] + "Deadline"
        timings[deadline] = timings[key]
    for key in [k for k in timings if k.endswith("Deadline")]:
        escalate = key[: -len("Deadline")] + "EscalateAfter"
        timings.setdefault(escalate, timings[key])
    if "twoFaSla" in timings or "twoFaDeadline" in timings:
        value = timings.get("twoFaSla", timings.get("twoFaDeadline"))
        timings["twoFaSla"] = timings["twoFaDeadline"] = timings["twoFaEscalateAfter"] = value


def is_http_url(value):
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


PAGE_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,4096}$")


@schemathesis.hook
def before_call(context, case, kwargs):
    # A generated page token is never one the API gave out (it carries a checksum): a well-formed
    # one is dropped, so the case lists the first page; a malformed one stays, as a negative case.
    query = case.query
    if isinstance(query, dict) and isinstance(query.get("pageToken"), str) and PAGE_TOKEN.match(query["pageToken"]):
        del query["pageToken"]
    body = case.body
    if not isinstance(body, dict):
        return
    fix_start(body)
    if isinstance(body.get("windowStart"), str):
        body["windowStart"] = an_hour_from_now()
    # A batch: each item, and the defaults merged into them, is a start request of its own.
    items = body.get("items") if isinstance(body.get("items"), list) else []
    defaults = body.get("defaults") if isinstance(body.get("defaults"), dict) else {}
    for start in [*items, *defaults.values()]:
        if isinstance(start, dict):
            fix_start(start)


def an_hour_from_now():
    return (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def fix_start(body):
    for field, target in TARGETS.items():
        if is_http_url(body.get(field)):
            body[field] = target
    if isinstance(body.get("timings"), dict):
        fix_timings(body["timings"])
    if isinstance(body.get("portingWindowStart"), str):
        body["portingWindowStart"] = an_hour_from_now()


@schemathesis.hook
def filter_failure(context, failure, case, response):
    code = getattr(failure, "code", None)
    if code not in ("ST202", "ST101"):
        return True
    try:
        problem = response.json()
    except Exception:
        return True
    if not isinstance(problem, dict):
        return True
    if code == "ST101":
        # The dev server is shared: the list links to numbers and WABAs whose entities other test
        # files created on their own task queues, whose workers are gone. Such an entity cannot
        # answer, and the API says so with its documented 503; any other server error counts.
        return not (
            response.status_code == 503
            and problem.get("type") == "/problems/service-unavailable"
            and "did not answer" in str(problem.get("detail", ""))
        )
    return problem.get("type") not in ("/problems/update-rejected", "/problems/invalid-batch-items")
