"""Finds the Chromium that Playwright drives: the machine's own, else one Playwright installs.

python -m tests.browser.chromium --ensure    exit 1 with a clear message when there is none
"""

import os
import subprocess
import sys
from pathlib import Path

SYSTEM_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
)
# Without these, Chromium keeps trying to reach Google's hosts, which this network refuses.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
NO_BROWSER_MESSAGE = (
    "No Chromium for the browser tests. Install the system package (apt-get install chromium) "
    "or let Playwright download one (python -m playwright install chromium), or point CHROMIUM_PATH at one."
)


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in SYSTEM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return playwright_managed_chromium()


def playwright_managed_chromium() -> str | None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        path = playwright.chromium.executable_path
    return path if path and Path(path).exists() else None


def ensure() -> int:
    found = find_chromium()
    if found is None:
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)
        found = find_chromium()
    if found is None:
        print(NO_BROWSER_MESSAGE, file=sys.stderr)
        return 1
    print(f"browser tests use {found}")
    return 0


if __name__ == "__main__":
    sys.exit(ensure() if "--ensure" in sys.argv else (0 if find_chromium() else 1))
