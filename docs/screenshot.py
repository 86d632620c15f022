"""Take docs/screenshot.png: the example chronology in headless Chromium.

Usage: python docs/screenshot.py   (needs Debian's chromium and playwright)
"""

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.build import build
from generator.serve import serve_in_thread

REPO = Path(__file__).resolve().parent.parent

with tempfile.TemporaryDirectory() as folder:
    site = Path(folder) / "site"
    build(REPO, site)
    server = serve_in_thread(site)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        page.screenshot(path=str(REPO / "docs/screenshot.png"))
        browser.close()
    server.shutdown()
print("wrote docs/screenshot.png")
