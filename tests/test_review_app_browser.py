"""`loc review --serve` in a real browser: Debian's headless Chromium driven by Selenium,
against the app served by uvicorn on 127.0.0.1 (a free port) for each test.

Screenshots go to $LOC_TEST_ARTIFACTS (default: the test's tmp folder); with
$LOC_REVIEW_APP_PNG set to a folder, review-app.png and review-app-phone.png are also
written there (docs/).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import chromium
import polib
import pytest
import review_project
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

import loc
from loc.catalog import model, notes, po

MOBILE = "The mobile app is available for Android and iOS."
FEES = "Fees rose 5% in March."
PRICES = "Prices include VAT."
SCRIPT = "Open <script>window.pwned=1</script> the settings page to change your plan."
FRIENDLY = "Our friendly support team answers within 24 hours."
THANKS = "Thank you for your trust."


@pytest.fixture
def project(tmp_path) -> loc.Project:
    return loc.open(review_project.build(tmp_path / "project"))


@pytest.fixture
def server(project):
    server = loc.serve_review(project, ["de"])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser(tmp_path):
    driver = chromium.driver(tmp_path / "profile-1")
    yield driver
    driver.quit()


@pytest.fixture
def second_browser(tmp_path):
    driver = chromium.driver(tmp_path / "profile-2")
    yield driver
    driver.quit()


def _catalog(project: loc.Project) -> Path:
    return project.po_path("de", "update")


def _entries(project: loc.Project) -> dict[str, polib.POEntry]:
    return {e.msgid: e for e in po.load(_catalog(project)).po if not e.obsolete and e.msgid}


def _wait(browser, condition, seconds: float = 15):
    return WebDriverWait(browser, seconds).until(lambda driver: condition())


def _open(browser, server) -> None:
    browser.get(server.url)
    _wait(browser, lambda: browser.execute_script("return typeof view !== 'undefined' && view !== null"))


def _id(browser, source: str) -> str:
    return browser.execute_script("return view.entries.find(e => e.source === arguments[0]).id", source)


def _state(browser, source: str) -> str:
    return browser.execute_script("return view.entries.find(e => e.source === arguments[0]).state", source)


def _click_sentence(browser, source: str) -> None:
    """Click the sentence where the document shows it."""
    key = _id(browser, source)
    browser.find_element(By.CSS_SELECTOR, f'#preview .seg[data-id="{key}"]').click()
    _wait(browser, lambda: browser.execute_script("return current") == key)


def _keys(browser, *keys: str) -> None:
    ActionChains(browser).send_keys(*keys).perform()


def _approve(browser, source: str) -> None:
    _click_sentence(browser, source)
    _keys(browser, "a")
    _wait(browser, lambda: _state(browser, source) == "reviewed")


def _edit_and_approve(browser, source: str, text: str) -> None:
    _click_sentence(browser, source)
    _keys(browser, "e")
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    _keys(browser, text)
    ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    _wait(browser, lambda: _state(browser, source) == "reviewed")


def _msgfmt_check(path: Path) -> None:
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_keys_shown_on_the_page_move_through_the_queue(project, server, browser):
    _open(browser, server)
    queue = browser.execute_script("return view.queue")
    assert browser.execute_script("return current") == queue[0]  # the first to review is open
    _keys(browser, "j")
    _keys(browser, Keys.ARROW_DOWN)
    assert browser.execute_script("return current") == queue[2]
    _keys(browser, "k")
    assert browser.execute_script("return current") == queue[1]
    keys = browser.find_element(By.CSS_SELECTOR, ".keys").text
    for shown in ("J", "K", "A approve", "E edit", "Ctrl+Enter approve with edit", "R reject"):
        assert shown in keys


def test_approving_three_sentences_and_editing_one_changes_exactly_those_entries(
    project, server, browser, tmp_path
):
    before = {msgid: model.signature(e) for msgid, e in _entries(project).items()}
    _open(browser, server)
    for source in (MOBILE, SCRIPT, FRIENDLY):
        _approve(browser, source)
    _edit_and_approve(browser, FEES, "Die Gebühren stiegen im März um 5 %.")
    after = _entries(project)
    changed = {msgid for msgid, entry in after.items() if model.signature(entry) != before[msgid]}
    assert changed == {MOBILE, SCRIPT, FRIENDLY, FEES}
    assert after[FEES].msgstr == "Die Gebühren stiegen im März um 5 %."
    assert after[MOBILE].msgstr == review_project.LOOPED[1]  # approved as suggested
    assert not any(after[msgid].fuzzy for msgid in changed)
    assert after[FRIENDLY].previous_msgid is None  # approved: no earlier sentence any more
    assert notes.is_edited(after[FEES])  # the suggestion's origin is history now
    _msgfmt_check(_catalog(project))
    assert browser.find_element(By.CSS_SELECTOR, '#counts [data-count="reviewed"]').text == "6"


def test_a_language_reviewed_entirely_in_the_browser_is_published_by_compile(project, server, browser):
    _open(browser, server)
    _edit_and_approve(browser, MOBILE, "Die App gibt es für Android und iOS.")
    _approve(browser, SCRIPT)
    _approve(browser, FRIENDLY)
    _edit_and_approve(browser, FEES, "Die Gebühren stiegen im März um 5 %.")
    _edit_and_approve(browser, PRICES, "Die Preise enthalten die MwSt.")
    _edit_and_approve(browser, THANKS, "Danke für Ihr Vertrauen.")
    assert browser.find_element(By.CSS_SELECTOR, '#counts [data-count="reviewed"]').text == "8"
    assert browser.find_element(By.ID, "queue-more").text == "Nothing left to review."
    _msgfmt_check(_catalog(project))
    (result,) = loc.compile(project, ["de"]).languages
    assert result.published, result.reason
    published = (project.config.output / "de" / "update.txt").read_text(encoding="utf-8")
    assert "Danke für Ihr Vertrauen." in published
    assert "Die Gebühren stiegen im März um 5 %." in published
    assert "Thank you" not in published


def test_an_error_blocks_approval_until_the_reviewer_overrides_it_and_the_override_is_recorded(
    project, server, browser
):
    _open(browser, server)
    _click_sentence(browser, FEES)
    assert "error · numbers" in browser.find_element(By.ID, "p-problems").text
    _keys(browser, "a")
    _wait(browser, lambda: "not approved" in browser.find_element(By.ID, "message").text)
    assert _entries(project)[FEES].fuzzy  # nothing was written
    browser.find_element(By.ID, "override").click()
    browser.find_element(By.ID, "approve").click()
    _wait(browser, lambda: _state(browser, FEES) == "reviewed")
    entry = _entries(project)[FEES]
    assert not entry.fuzzy
    assert notes.override(entry) == ["numbers"]
    assert "# loc: approved despite numbers" in _catalog(project).read_text(encoding="utf-8")


def test_two_reviewers_on_different_sentences_both_keep_their_work(project, server, browser, second_browser):
    _open(browser, server)
    _open(second_browser, server)  # both pages loaded before either saves
    _edit_and_approve(browser, THANKS, "Danke für Ihr Vertrauen.")
    _edit_and_approve(second_browser, FEES, "Die Gebühren stiegen im März um 5 %.")
    entries = _entries(project)
    assert (entries[THANKS].msgstr, entries[THANKS].fuzzy) == ("Danke für Ihr Vertrauen.", False)
    assert (entries[FEES].msgstr, entries[FEES].fuzzy) == ("Die Gebühren stiegen im März um 5 %.", False)


def test_the_second_reviewer_of_a_sentence_is_shown_both_versions_and_chooses(
    project, server, browser, second_browser
):
    _open(browser, server)
    _open(second_browser, server)
    _edit_and_approve(browser, THANKS, "Danke für Ihr Vertrauen.")
    _click_sentence(second_browser, THANKS)
    _keys(second_browser, "e")
    _keys(second_browser, "Vielen Dank für Ihr Vertrauen.")
    ActionChains(second_browser).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
    conflict = second_browser.find_element(By.ID, "conflict")
    _wait(second_browser, conflict.is_displayed)
    assert second_browser.find_element(By.ID, "c-theirs").text == "Danke für Ihr Vertrauen."
    assert second_browser.find_element(By.ID, "c-mine").text == "Vielen Dank für Ihr Vertrauen."
    assert _entries(project)[THANKS].msgstr == "Danke für Ihr Vertrauen."  # the first stays until chosen
    second_browser.find_element(By.ID, "keep-mine").click()
    _wait(second_browser, lambda: _entries(project)[THANKS].msgstr == "Vielen Dank für Ihr Vertrauen.")
    assert not _entries(project)[THANKS].fuzzy


def test_a_whole_file_save_from_another_tool_while_the_page_is_open_is_kept_and_shown_after_refresh(
    project, server, browser
):
    _open(browser, server)
    # Poedit-style: the whole file rewritten in place, unwrapped, with one entry changed
    other = po.load(_catalog(project)).po
    entry = other.find(THANKS)
    entry.msgstr = "Danke für Ihr Vertrauen (aus Poedit)."
    _catalog(project).write_text(po.dumps(other, width=None), encoding="utf-8")
    _approve(browser, SCRIPT)  # the page still shows the state from before that save
    entries = _entries(project)
    assert entries[THANKS].msgstr == "Danke für Ihr Vertrauen (aus Poedit)."
    assert not entries[SCRIPT].fuzzy
    browser.refresh()
    _wait(browser, lambda: browser.execute_script("return typeof view !== 'undefined' && view !== null"))
    preview = browser.find_element(By.ID, "preview").text
    assert "Danke für Ihr Vertrauen (aus Poedit)." in preview
    _msgfmt_check(_catalog(project))


def test_placeholders_are_tokens_shown_as_their_formatting_and_a_dropped_one_blocks_approval(
    tmp_path, browser
):
    root = tmp_path / "md"
    (root / "source").mkdir(parents=True)
    (root / "source" / "guide.md").write_text(
        "Click **Save** to keep the [draft](https://example.com/d).\n", encoding="utf-8"
    )
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(root)
    loc.extract(project)
    loc.translate(project, ["de"], engine="pseudo")
    server = loc.serve_review(project, ["de"])
    server.start()
    try:
        _open(browser, server)
        editor = browser.find_element(By.ID, "editor")
        tokens = [chip.text for chip in editor.find_elements(By.CSS_SELECTOR, ".ph")]
        assert tokens == ["‹bold", "bold›", "‹link", "link›"]
        link = editor.find_elements(By.CSS_SELECTOR, ".ph-link")[0]
        assert link.get_attribute("title") == "https://example.com/d"
        assert browser.find_element(By.CSS_SELECTOR, "#preview strong").text == "Šááṽéé"  # bold, as published
        source = browser.find_element(By.ID, "p-source")
        assert source.find_element(By.TAG_NAME, "strong").text == "Save"
        assert "<g1>" not in source.text
        _keys(browser, "e")
        ActionChains(browser).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
        _keys(browser, "Klicken Sie auf Speichern, um den Entwurf zu behalten.")
        _wait(
            browser,
            lambda: (
                "error · render: cannot go into source/guide.md:1 (<g1>, </g1>, <g2>, </g2> missing)"
                in browser.find_element(By.ID, "p-problems").text
            ),
        )
        ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
        _wait(browser, lambda: "not approved" in browser.find_element(By.ID, "message").text)
        entry = next(e for e in po.load(project.po_path("de", "guide")).po if e.msgid)
        assert entry.fuzzy
        # the reviewer puts the tokens back where they belong, from the palette
        browser.execute_script(
            "const e = document.getElementById('editor'); e.textContent = 'Klicken Sie auf ';"
            "const r = document.createRange(); r.selectNodeContents(e); r.collapse(false);"
            "getSelection().removeAllRanges(); getSelection().addRange(r);"
        )
        palette = browser.find_element(By.ID, "palette")
        for tag, text in (
            ("<g1>", "Speichern"),
            ("</g1>", ", um den "),
            ("<g2>", "Entwurf"),
            ("</g2>", " zu behalten."),
        ):
            palette.find_element(By.CSS_SELECTOR, f'button[data-ph="{tag}"]').click()
            _keys(browser, text)
        _wait(browser, lambda: browser.find_element(By.ID, "p-problems").text == "")
        ActionChains(browser).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
        _wait(
            browser, lambda: not next(e for e in po.load(project.po_path("de", "guide")).po if e.msgid).fuzzy
        )
        entry = next(e for e in po.load(project.po_path("de", "guide")).po if e.msgid)
        assert entry.msgstr == "Klicken Sie auf <g1>Speichern</g1>, um den <g2>Entwurf</g2> zu behalten."
    finally:
        server.stop()


def test_a_placeholder_token_is_moved_by_dragging_it(tmp_path, browser):
    root = tmp_path / "md"
    (root / "source").mkdir(parents=True)
    (root / "source" / "guide.md").write_text("Click **Save** now.\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n')
    project = loc.open(root)
    loc.extract(project)
    found = po.load(project.po_path("de", "guide"))
    entry = next(e for e in found.po if e.msgid)
    entry.msgstr, entry.flags = "Klicken Sie jetzt auf <g1>Speichern</g1>.", ["fuzzy"]
    found.save()
    server = loc.serve_review(project, ["de"])
    server.start()
    try:
        _open(browser, server)
        # drag the closing token to just after "Klicken": a drop where the mouse lets go
        browser.execute_script(
            """
            const editor = document.getElementById('editor');
            const token = editor.querySelector('[data-ph="</g1>"]');
            const text = editor.firstChild;
            const range = document.createRange();
            range.setStart(text, 'Klicken'.length); range.setEnd(text, 'Klicken'.length + 1);
            const box = range.getBoundingClientRect();
            const data = new DataTransfer();
            token.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: data}));
            editor.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: data,
                clientX: box.left + 1, clientY: box.top + box.height / 2}));
            """
        )
        _wait(browser, lambda: "(</g1> comes before <g1>)" in browser.find_element(By.ID, "p-problems").text)
        assert browser.execute_script("return editorText()") == "Klicken</g1> Sie jetzt auf <g1>Speichern."
    finally:
        server.stop()


def test_the_app_shows_markup_from_documents_and_catalogs_as_text_and_runs_none_of_it(project, browser):
    found = po.load(_catalog(project))
    entry = next(e for e in found.po if e.msgid == THANKS)
    entry.msgstr = '<img src=x onerror="window.pwned=2">'
    entry.flags.append("fuzzy")
    notes.set_person_comment(entry, "<script>window.pwned=3</script>")
    found.save()
    server = loc.serve_review(project, ["de"])
    server.start()
    try:
        _open(browser, server)
        _click_sentence(browser, THANKS)
        assert browser.execute_script("return window.pwned === undefined")
        scripts = [s.get_attribute("src") for s in browser.find_elements(By.TAG_NAME, "script")]
        assert scripts == [f"http://127.0.0.1:{server.port}/static/review-app.js"]
        assert browser.find_elements(By.CSS_SELECTOR, "#preview img, #panel img") == []
        assert (
            browser.find_element(By.ID, "comment").get_attribute("value") == "<script>window.pwned=3</script>"
        )
        assert '<img src=x onerror="window.pwned=2">' in browser.find_element(By.ID, "preview").text
        _click_sentence(browser, SCRIPT)
        assert browser.find_element(By.ID, "p-source").text == SCRIPT
        assert browser.execute_script("return window.pwned === undefined")
    finally:
        server.stop()


def test_review_app_screenshots_at_desktop_and_phone_width(project, server, browser, tmp_path):
    folder = Path(os.environ.get("LOC_TEST_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    _open(browser, server)
    _click_sentence(browser, FEES)
    browser.set_window_size(1280, 1100)
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(folder / "review-app.png"))
    chromium.screenshot(browser, folder / "review-app-phone.png", 390)
    width = browser.execute_script("return window.innerWidth")
    assert (
        browser.execute_script("return document.documentElement.scrollWidth") <= width
    )  # no sideways scroll
    if os.environ.get("LOC_REVIEW_APP_PNG"):
        for name in ("review-app.png", "review-app-phone.png"):
            shutil.copy(folder / name, Path(os.environ["LOC_REVIEW_APP_PNG"]) / name)
