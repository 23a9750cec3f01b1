"""Page budget for partners on slow connections (issue 18): the first visit of a partnership's
page and of "Mijn overzicht" (/overview), in Chromium, against the real app.

    .venv/bin/python bench/page_weight.py [--chromium /usr/bin/chromium] [--person EMAIL]

Not part of the test suite: it measures, prints a table and exits 1 when a page is over the
budget (150 KB transferred compressed, 20 requests, no web fonts, the page shown without
JavaScript too), else 0.

1. A fresh SQLite database in a temporary directory, migrated and seeded with the demo
   (`lmb db upgrade`, `lmb seed --demo`): the demo partnership Hoogstraten – Za-Kpota and its
   activities, and Lotte Maes (a contact of the partnerships) as the person logged in.
2. `gunicorn wsgi:app` (2 workers) on a free port of 127.0.0.1, as deployed behind a proxy.
3. Chromium through Playwright logs in once; each page is then opened in a fresh browser
   context with that login's cookies and an empty cache: a first visit. Every request the
   page makes is counted (document, style sheet, script, image, font, favicon...).

"Transferred" is what Chromium received (CDP Network.loadingFinished encodedDataLength:
headers and body). gunicorn sends bodies as they are; the proxy in front of it compresses
text (gzip), so "compressed" counts each response's headers as received plus its body gzipped
(level 6) when it is text (HTML, CSS, JavaScript, SVG, JSON), as received otherwise. The
budget is judged on "compressed".
"""

from __future__ import annotations

import argparse
import base64
import gzip
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BUDGET_BYTES = 150 * 1024
BUDGET_REQUESTS = 20
OVERVIEW = "/overview"
DEMO_PASSWORD = "demo-wachtwoord"  # noqa: S105 - the published demo password (lmb/demo.py)
TEXT_TYPES = ("text/", "javascript", "json", "svg", "xml")
LOG = Path(tempfile.gettempdir()) / "lmb-page-weight-gunicorn.log"


@dataclass
class Visit:
    path: str
    status: int = 0
    requests: list[dict] = field(default_factory=list)
    without_script: bool = False

    @property
    def transferred(self) -> int:
        return sum(r["encoded"] for r in self.requests)

    @property
    def compressed(self) -> int:
        return sum(r["compressed"] for r in self.requests)

    @property
    def fonts(self) -> list[str]:
        return [r["url"] for r in self.requests if r["type"] == "Font"]

    def within_budget(self) -> bool:
        return (
            self.compressed <= BUDGET_BYTES
            and len(self.requests) <= BUDGET_REQUESTS
            and not self.fonts
            and self.without_script
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(directory: Path) -> dict:
    env = {
        **os.environ,
        "LMB_SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'bench.db'}",
        "LMB_SECRET_KEY": secrets.token_hex(32),
        "LMB_SCHEDULER": "off",
        "LMB_BASE_URL": "http://127.0.0.1",
        # This checkout's code, also when the virtualenv installed another one.
        "PYTHONPATH": str(ROOT),
    }
    for command in (["db", "upgrade"], ["seed", "--demo"]):
        subprocess.run(
            [sys.executable, "-c", "from lmb.cli import main; main()", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return env


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(LOG, "w"),  # noqa: SIM115 - open while the server runs
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def compressed_size(headers_size: int, body: bytes, content_type: str) -> int:
    if any(kind in content_type for kind in TEXT_TYPES) and body:
        return headers_size + len(gzip.compress(body, compresslevel=6))
    return headers_size + len(body)


def first_visit(browser, base: str, state: dict, path: str) -> Visit:
    context = browser.new_context(base_url=base, storage_state=state)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    seen: dict[str, dict] = {}

    def on_request(event):
        seen[event["requestId"]] = {
            "url": event["request"]["url"],
            "type": event.get("type", "Other"),
            "encoded": 0,
            "headers": 0,
            "content_type": "",
        }

    def on_response(event):
        entry = seen.get(event["requestId"])
        if entry is not None:
            entry["content_type"] = event["response"].get("mimeType", "")
            entry["headers"] = len(event["response"].get("headersText", "")) or 300

    def on_finished(event):
        entry = seen.get(event["requestId"])
        if entry is not None:
            entry["encoded"] = int(event["encodedDataLength"])
            try:
                body = cdp.send("Network.getResponseBody", {"requestId": event["requestId"]})
                raw = body["body"]
                data = base64.b64decode(raw) if body.get("base64Encoded") else raw.encode()
            except Exception:  # noqa: BLE001 - a body Chromium no longer holds counts as sent
                data = b"\0" * max(0, entry["encoded"] - entry["headers"])
            entry["compressed"] = compressed_size(entry["headers"], data, entry["content_type"])

    cdp.on("Network.requestWillBeSent", on_request)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    response = page.goto(path, wait_until="load")
    page.wait_for_timeout(500)  # late requests (favicon) still count
    visit = Visit(path=path, status=response.status if response else 0)
    visit.requests = [
        {**entry, "compressed": entry.get("compressed", entry["encoded"])}
        for entry in seen.values()
    ]
    context.close()
    # The same page without JavaScript: it answers and shows its heading and content.
    context = browser.new_context(base_url=base, storage_state=state, java_script_enabled=False)
    page = context.new_page()
    response = page.goto(path)
    visit.without_script = (
        response is not None
        and response.status == 200
        and page.locator("main h1").count() == 1
        and len(page.locator("main").inner_text()) > 200
    )
    context.close()
    return visit


def log_in(browser, base: str, email: str) -> dict:
    context = browser.new_context(base_url=base)
    page = context.new_page()
    page.goto("/account/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    if "/account/login" in page.url:
        raise SystemExit(f"could not log in as {email}: {page.locator('main').inner_text()[:600]}")
    state = context.storage_state()
    context.close()
    return state


def report(visits: list[Visit]) -> bool:
    print(
        f"{'page':45} {'status':>6} {'requests':>8} {'transferred':>12} {'compressed':>11} "
        "fonts without-JS"
    )
    for visit in visits:
        print(
            f"{visit.path:45} {visit.status:>6} {len(visit.requests):>8} "
            f"{visit.transferred / 1024:>9.1f} KB {visit.compressed / 1024:>8.1f} KB "
            f"{len(visit.fonts):>5} {'works' if visit.without_script else 'FAILS'}"
        )
        for entry in visit.requests:
            print(
                f"    {entry['type']:12} {entry['encoded'] / 1024:7.1f} KB "
                f"{entry['compressed'] / 1024:7.1f} KB  {entry['url']}"
            )
    ok = all(visit.within_budget() for visit in visits)
    budget = (
        f"<= {BUDGET_BYTES // 1024} KB compressed, <= {BUDGET_REQUESTS} requests, no fonts, "
        "works without JavaScript"
    )
    print(f"budget ({budget}): {'met' if ok else 'NOT MET'}")
    return ok


def partnership() -> str:
    """The first demo partnership's page (the demo's own data, so the slug cannot drift)."""
    sys.path.insert(0, str(ROOT))
    from lmb.partnerships.demo import DEMO_PARTNERSHIPS

    return f"/partnerships/{DEMO_PARTNERSHIPS[0]['slug']}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--person", default="lotte@example.org")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = prepare(Path(tmp))
        port = free_port()
        server = serve(env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=args.chromium, headless=True, args=["--no-sandbox"]
                )
                state = log_in(browser, base, args.person)
                visits = [first_visit(browser, base, state, p) for p in (partnership(), OVERVIEW)]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0 if report(visits) else 1


if __name__ == "__main__":
    sys.exit(main())
