"""Headless Debian Chromium for the browser tests (design §9): never `playwright install`, never the network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
ARTIFACTS = Path(os.environ.get("ASSISTANT_ARTIFACTS", Path(__file__).resolve().parents[1] / "artifacts"))
DOCS_SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium "
                                    "(apt-get install -y chromium fonts-noto-cjk)")


@contextmanager
def playwright() -> Iterator[Any]:
    """One Playwright driver; a process can run only one sync driver at a time, so share it per module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        yield p


def launch(driver: Any, profile: Path, **context: Any) -> Any:
    """A persistent context on a fresh profile directory; ``context`` goes to Playwright (locale, viewport…)."""
    return driver.chromium.launch_persistent_context(str(profile), executable_path=str(CHROMIUM), headless=True,
                                                     args=FLAGS, **context)


@contextmanager
def chromium(profile: Path, **context: Any) -> Iterator[Any]:
    with playwright() as driver:
        browser = launch(driver, profile, **context)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page: Any, name: str, full_page: bool = False, docs: bool = False) -> Path:
    """Save a screenshot under artifacts/screenshots/ (kept by CI) and return its path; ``docs`` also puts a copy
    reduced to a 64-colour palette (a few tens of kB) into docs/screenshots/ for the README."""
    path = ARTIFACTS / "screenshots" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)
    if docs:
        from PIL import Image

        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        with Image.open(path) as image:
            image.convert("RGB").quantize(64).save(DOCS_SHOTS / f"{name}.png", optimize=True)
    return path
