"""Take README's screenshots of the example chronology in Debian's Chromium.

Run from the repository: python docs/screenshots.py (needs the test extras and chromium).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.build import build
from generator.serve import serve_in_thread

REPO = Path(__file__).resolve().parent.parent
SHOTS = {  # file: (width, colour scheme, page)
    "screenshot.png": (1440, "light", ""),
    "screenshot-dark.png": (1440, "dark", ""),
    "screenshot-phone.png": (375, "light", ""),
    "screenshot-phone-dark.png": (375, "dark",
                                  "events/2024-10-07-kim-jong-un-birthday-greetings-to-putin/"),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build(REPO, site)
        server = serve_in_thread(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox"])
            for name, (width, scheme, path) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": 900},
                                        color_scheme=scheme)
                page.goto(base + path)
                page.screenshot(path=str(REPO / "docs" / name))
                page.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
