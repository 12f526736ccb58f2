"""Screenshot pages of a running Rowad server as a given user, in several languages.

    python scripts/screenshots.py --user officer /people/ /people/1/ --lang ar fr --phone
PNG files land in test-artifacts/screenshots/manual/.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="officer")
    parser.add_argument("--password", default="rowad-demo-2026")
    parser.add_argument("--lang", nargs="+", default=["ar", "fr"])
    parser.add_argument("--phone", action="store_true")
    args = parser.parse_args()
    out = Path("test-artifacts/screenshots/manual")
    out.mkdir(parents=True, exist_ok=True)
    viewport = {"width": 390, "height": 844} if args.phone else {"width": 1366, "height": 900}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lang in args.lang:
            context = browser.new_context(viewport=viewport, base_url=args.base)
            context.add_cookies([{"name": "rowad_language", "value": lang, "url": args.base}])
            page = context.new_page()
            page.goto("/accounts/login/")
            page.fill("#id_username", args.user)
            page.fill("#id_password", args.password)
            page.click("form button[type=submit]")
            for path in args.paths:
                page.goto(path)
                name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
                target = out / f"{name}-{lang}{'-phone' if args.phone else ''}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
