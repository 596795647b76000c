"""Loads recipe-api's /docs page in headless Chromium and checks, from the browser's own network
log, that the page renders every operation of /openapi.json while requesting nothing from any
host but the server.

Usage: python3 docs_page.py BASE_URL CHROMIUM

Chromium's own background traffic (update checks, account probes) is switched off by flags where
it can be, and told apart from the page's requests by its network isolation key: every request
made on behalf of the page carries the page's site.
"""

import json
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

REQUIRED_ASSETS = ("swagger-ui-bundle.js", "swagger-initializer.js", "swagger-ui.css")


def main() -> int:
    base, chromium = sys.argv[1], sys.argv[2]
    origin = base.rstrip("/")
    site_host = urllib.parse.urlsplit(origin).hostname
    with urllib.request.urlopen(f"{origin}/openapi.json", timeout=30) as reply:
        document = json.load(reply)
    documented_paths = set(document["paths"])

    with tempfile.TemporaryDirectory() as work:
        netlog = Path(work) / "netlog.json"
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={work}/profile",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-client-side-phishing-detection",
            "--disable-features=AutofillServerCommunication,OptimizationHints,Translate,MediaRouter",
            f"--log-net-log={netlog}",
            "--virtual-time-budget=20000",
            "--dump-dom",
            f"{origin}/docs/",
        ]
        run = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if run.returncode != 0:
            print(run.stderr[-3000:], file=sys.stderr)
            print(f"chromium exited with {run.returncode}", file=sys.stderr)
            return 1
        dom = run.stdout
        log = json.loads(netlog.read_text())

    failures = []
    rendered = set(re.findall(r'data-path="([^"]+)"', dom))
    missing = documented_paths - rendered
    if missing:
        failures.append(f"the page did not render these paths: {sorted(missing)}")
    if "authorize" not in dom:
        failures.append("the page has no Authorize button")

    event_types = {number: name for name, number in log["constants"]["logEventTypes"].items()}
    page_requests = []
    for event in log["events"]:
        params = event.get("params", {})
        url = params.get("url")
        if event_types.get(event["type"]) != "URL_REQUEST_START_JOB" or url is None:
            continue
        isolation = params.get("network_isolation_key", "")
        if site_host in isolation or url.startswith(origin):
            page_requests.append(url)
    foreign = [url for url in page_requests if not url.startswith(origin + "/")]
    if foreign:
        failures.append(f"the page requested other hosts: {foreign}")
    for asset in REQUIRED_ASSETS:
        if not any(url.endswith(f"/docs/{asset}") for url in page_requests):
            failures.append(f"the page did not load {asset}")
    if f"{origin}/openapi.json" not in page_requests:
        failures.append("the page did not load /openapi.json")

    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    if failures:
        return 1
    print(
        f"docs page: {len(rendered)} paths rendered, {len(page_requests)} requests, "
        f"all to {origin}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
