"""Debian's headless Chromium driven by Selenium, for the browser tests.

Needs the Debian packages `chromium` and `chromium-driver` (scripts/test installs them)."""

from __future__ import annotations

from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def driver(profile: Path) -> webdriver.Chrome:
    """A fresh headless browser with its own profile folder (cookies apart)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def screenshot(browser: webdriver.Chrome, path: Path, width: int) -> None:
    """The whole page at `width` CSS pixels."""
    browser.set_window_size(width, 900)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, height + 120)  # window chrome: the page itself gets `height`
    browser.save_screenshot(str(path))
