"""The review page in a real browser: Debian's headless Chromium driven by Selenium.

Screenshots go to $LOC_TEST_ARTIFACTS (default: the test's tmp folder); with
$LOC_REVIEW_PNG set, the wide one is also written there (docs/review.png).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import chromium
import pytest
import review_project
from selenium.webdriver.common.by import By

import loc


@pytest.fixture(scope="module")
def chromium_session(tmp_path_factory):
    """One headless Chromium for a module's pages, which are files: what a page keeps
    (its scripts' globals) ends with it, and nothing reaches the next page but the window."""
    driver = chromium.driver(tmp_path_factory.mktemp("chromium-profile"))
    yield driver, driver.get_window_size()
    driver.quit()


@pytest.fixture
def browser(chromium_session):
    """The module's Chromium with the window a fresh one has."""
    driver, size = chromium_session
    driver.set_window_size(size["width"], size["height"])
    yield driver
    driver.get("about:blank")


@pytest.fixture
def artifacts(tmp_path) -> Path:
    folder = Path(os.environ.get("LOC_TEST_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def page(tmp_path) -> Path:
    root = review_project.build(tmp_path / "project")
    project = loc.open(root)
    (page,) = loc.review(project, ["de"]).pages
    return root / page


def test_review_page_in_a_browser_shows_counts_queue_and_problems(browser, page, artifacts):
    browser.get(page.as_uri())
    counts = {
        element.get_attribute("data-count"): element.text
        for element in browser.find_elements(By.CSS_SELECTOR, "#counts [data-count]")
    }
    assert counts == review_project.COUNTS
    queue = [item.text for item in browser.find_elements(By.CSS_SELECTOR, "#queue .q-text")]
    assert queue == [
        "The mobile app is available for Android and iOS.",
        "Fees rose 5% in March.",
        "Prices include VAT.",
        "Open <script>window.pwned=1</script> the settings page to change your plan.",
        "Our friendly support team answers within 24 hours.",
    ]
    # the first in the queue links to its sentence, which shows what is wrong with it
    browser.find_element(By.CSS_SELECTOR, "#queue li:first-child a").click()
    anchor = browser.execute_script("return location.hash").lstrip("#")
    flagged = browser.find_element(By.ID, anchor)
    assert "flagged" in flagged.get_attribute("class").split()
    problems = [item.text for item in flagged.find_elements(By.CSS_SELECTOR, ".problems li")]
    assert "translation warning: repeated=app" in problems
    assert any(text.startswith("warning · doublewords") for text in problems)
    fees = browser.find_element(
        By.XPATH, "//div[contains(@class,'seg')][.//div[@class='src'][contains(., 'Fees rose')]]"
    )
    assert "error · numbers: missing number 5; number not in the source 7" in fees.text
    assert "locales/de/LC_MESSAGES/update.po:17" in fees.text
    chromium.screenshot(browser, artifacts / "review-wide.png", 1200)
    if os.environ.get("LOC_REVIEW_PNG"):
        shutil.copy(artifacts / "review-wide.png", os.environ["LOC_REVIEW_PNG"])


def test_review_page_shows_markup_from_documents_as_text_and_runs_none_of_it(browser, page):
    browser.get(page.as_uri())
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.find_elements(By.TAG_NAME, "script") == []
    texts = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".src, .tgt")]
    assert "Open <script>window.pwned=1</script> the settings page to change your plan." in texts
    assert any("<script>window.pwned=1</script> die Einstellungsseite" in text for text in texts)


def test_review_page_fits_a_phone_screen(browser, page, artifacts):
    browser.set_window_size(390, 844)
    browser.get(page.as_uri())
    width = browser.execute_script("return window.innerWidth")
    overflow = browser.execute_script("return document.documentElement.scrollWidth")
    assert overflow <= width  # no sideways scrolling
    source, target = browser.find_elements(By.CSS_SELECTOR, ".seg")[0].find_elements(
        By.CSS_SELECTOR, ".src, .tgt"
    )
    assert target.location["y"] > source.location["y"]  # stacked, not side by side
    chromium.screenshot(browser, artifacts / "review-phone.png", 390)


def test_a_compiled_page_shows_the_catalogs_text_in_its_language_without_mojibake(browser, tmp_path):
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    (root / "source" / "users.html").write_text(
        '<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        "<title>Users and groups</title></head><body><h1>Users and groups</h1>"
        "<p>Every user has a home folder.</p><p>Read <tt>/etc/passwd</tt> first.</p></body></html>",
        encoding="ascii",
    )
    (root / "pyproject.toml").write_text("[tool.loc]\nlanguages = []\n")
    project = loc.open(root)
    loc.extract(project, ["en_XA"])
    loc.translate(project, ["en_XA"], engine="pseudo")
    [result] = loc.compile(project, ["en_XA"], include_fuzzy=True).languages
    assert result.published, result.reason
    catalog = {e.msgid: e.msgstr for e in project.load_catalog("en_XA", "users").po}
    browser.get((root / "build" / "en_XA" / "users.html").as_uri())
    assert browser.execute_script("return [document.documentElement.lang, document.characterSet]") == [
        "en-XA",
        "UTF-8",
    ]
    assert browser.title == catalog["Users and groups"]
    shown = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "h1, p")]
    assert shown == [
        catalog["Users and groups"],
        catalog["Every user has a home folder."],
        catalog["Read <x1/> first."].replace("<x1/>", "/etc/passwd"),
    ]
    assert all("⟦" in text for text in shown)
