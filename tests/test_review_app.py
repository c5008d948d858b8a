"""`loc review --serve` without a browser: the guard over plain HTTP against the real
server, and the library side (`loc.review_app.session`) on its own."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import review_project

import loc
from loc.catalog import model, notes, po
from loc.documents import labels
from loc.review_app import preview, session

FEES = "Fees rose 5% in March."
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


def _request(server, method: str, path: str, *, headers: dict | None = None, body: bytes | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def _cookie(server) -> dict:
    """The headers of a browser that opened the printed address: the token cookie."""
    status, headers, _ = _request(server, "GET", f"/?token={server.token}")
    assert status == 303
    return {"Cookie": headers["set-cookie"].split(";")[0]}


def _csrf(server, cookie: dict) -> str:
    status, _, body = _request(server, "GET", "/review?lang=de&doc=update", headers=cookie)
    assert status == 200
    return body.decode().split('<meta name="csrf" content="')[1].split('"')[0]


def _entry_id(project, msgid: str) -> tuple[str, str]:
    entry = next(e for e in po.load(project.po_path("de", "update")).po if e.msgid == msgid)
    return session.entry_id(entry), session.version(entry)


def _approve_body(project, msgid: str = THANKS, text: str = "Danke für Ihr Vertrauen.") -> bytes:
    key, base = _entry_id(project, msgid)
    change = {"lang": "de", "doc": "update", "id": key, "base": base, "action": "approve", "text": text}
    return json.dumps(change).encode()


def _post_headers(server, cookie: dict, **extra) -> dict:
    return {
        **cookie,
        "Origin": f"http://127.0.0.1:{server.port}",
        "Content-Type": "application/json",
        "X-CSRF-Token": _csrf(server, cookie),
        **extra,
    }


# ---- the guard, over HTTP ----------------------------------------------------


def test_the_printed_address_opens_the_app_and_moves_the_token_into_a_strict_cookie(server):
    assert server.url.startswith(f"http://127.0.0.1:{server.port}/?token=")
    status, headers, _ = _request(server, "GET", f"/?token={server.token}")
    assert status == 303 and "token" not in headers["location"]
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=strict" in headers["set-cookie"]
    status, headers, _ = _request(server, "GET", "/review?lang=de&doc=update", headers=_cookie(server))
    assert status == 200
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"


def test_a_request_without_the_token_is_refused(server):
    for path in (
        "/",
        "/review?lang=de&doc=update",
        "/api/entries?lang=de&doc=update",
        "/static/review-app.js",
    ):
        status, _, body = _request(server, "GET", path)
        assert status == 403, path
        assert b"Fees" not in body
    status, _, _ = _request(server, "GET", "/?token=wrong" + server.token[5:])
    assert status == 403


def test_a_wrong_host_header_is_refused_even_with_the_token(server):
    """DNS rebinding: a page from evil.example that resolves to 127.0.0.1."""
    cookie = _cookie(server)
    status, _, body = _request(
        server,
        "GET",
        "/api/entries?lang=de&doc=update",
        headers={**cookie, "Host": f"evil.example:{server.port}"},
    )
    assert status == 421
    assert b"Fees" not in body
    status, _, _ = _request(server, "GET", "/api/entries?lang=de&doc=update", headers={**cookie, "Host": ""})
    assert status == 421


def test_a_cross_site_post_is_refused_and_changes_nothing(server, project):
    cookie = _cookie(server)
    before = project.po_path("de", "update").read_bytes()
    body = _approve_body(project)
    for headers in (
        _post_headers(server, cookie, Origin="http://evil.example"),  # another site's page
        {**_post_headers(server, cookie), "Origin": ""},  # no origin at all
        {k: v for k, v in _post_headers(server, cookie).items() if k != "X-CSRF-Token"},  # no CSRF token
        _post_headers(server, cookie, **{"X-CSRF-Token": "forged"}),
        _post_headers(server, cookie, **{"Content-Type": "text/plain"}),  # a form-like simple request
    ):
        status, _, _ = _request(server, "POST", "/api/change", headers=headers, body=body)
        assert status in (403, 415), headers
    assert project.po_path("de", "update").read_bytes() == before
    status, _, _ = _request(server, "POST", "/api/change", headers=_post_headers(server, cookie), body=body)
    assert status == 200  # the same change from the page itself is saved
    assert project.po_path("de", "update").read_bytes() != before


def test_no_request_reads_or_writes_outside_the_served_catalogs(server, project):
    cookie = _cookie(server)
    for query in (
        "lang=../../..&doc=update",
        "lang=de&doc=../../pyproject",
        "lang=de&doc=%2Fetc%2Fpasswd",
        "lang=fr&doc=update",  # a language not served
    ):
        status, _, body = _request(server, "GET", f"/api/entries?{query}", headers=cookie)
        assert status == 404, query
        assert b"tool.loc" not in body and b"root:" not in body
    status, _, _ = _request(server, "GET", "/static/..%2F..%2Fcli.py", headers=cookie)
    assert status == 404
    status, _, body = _request(
        server, "GET", "/review?lang=%3Cscript%3Ex()%3C/script%3E&doc=update", headers=cookie
    )
    assert status == 404 and b"<script" not in body


def test_serve_binds_loopback_unless_a_host_is_given(project):
    server = loc.serve_review(project, ["de"])
    assert server.socket.getsockname()[0] == "127.0.0.1" and not server.public
    server.socket.close()
    public = loc.serve_review(project, ["de"], host="0.0.0.0")
    assert public.public
    public.socket.close()


def test_the_cli_warns_when_serving_beyond_this_machine(project):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "loc",
            "review",
            "--serve",
            "--host",
            "0.0.0.0",
            "-C",
            str(project.config.root),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        warning = process.stderr.readline()
        address = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(10)
    assert warning.startswith("loc: warning: listening on 0.0.0.0")
    assert address.startswith("Review at http://127.0.0.1:") and "?token=" in address


def test_host_and_port_without_serve_are_a_command_line_mistake(project):
    from conftest import loc as cli

    result = cli(project.config.root, "review", "--host", "0.0.0.0")
    assert result.exit_code == 2


# ---- the library side --------------------------------------------------------


def _change(project, msgid: str, action: str, **fields) -> session.Outcome:
    key, base = _entry_id(project, msgid)
    fields.setdefault("base", base)
    return session.Session(project, ["de"]).apply(
        session.Change("de", "update", key, action=action, **fields)
    )


def _entry(project, msgid: str):
    return next(e for e in po.load(project.po_path("de", "update")).po if e.msgid == msgid and not e.obsolete)


def test_reject_makes_a_suggestion_untranslated_and_forgets_its_machine_origin(project):
    assert _change(project, FEES, "reject").status == "saved"
    entry = _entry(project, FEES)
    assert (entry.msgstr, entry.fuzzy, notes.provenance(entry)) == ("", False, None)


def test_a_translator_comment_keeps_locs_own_lines(project):
    assert _change(project, FEES, "comment", comment="checked with legal").status == "saved"
    entry = _entry(project, FEES)
    assert notes.person_comment(entry) == "checked with legal"
    assert notes.provenance(entry).engine == "argos"


def test_save_keeps_an_edit_for_review(project):
    assert _change(project, FEES, "save", text="Die Gebühren stiegen um 5 %.").status == "saved"
    entry = _entry(project, FEES)
    assert entry.fuzzy and entry.msgstr == "Die Gebühren stiegen um 5 %."
    assert notes.is_edited(entry)


def test_an_error_refuses_approval_and_writes_nothing_without_the_override(project):
    before = project.po_path("de", "update").read_bytes()
    outcome = _change(project, FEES, "approve")
    assert outcome.status == "refused"
    assert [p["check"] for p in outcome.problems] == ["numbers"]
    assert project.po_path("de", "update").read_bytes() == before
    assert _change(project, FEES, "approve", override=True).status == "saved"
    assert notes.override(_entry(project, FEES)) == ["numbers"]


def test_a_change_against_an_older_version_of_the_entry_is_a_conflict_and_writes_nothing(project):
    _, old = _entry_id(project, THANKS)
    assert _change(project, THANKS, "approve", text="Danke.").status == "saved"
    after_first = project.po_path("de", "update").read_bytes()
    outcome = _change(project, THANKS, "approve", text="Vielen Dank.", base=old)
    assert outcome.status == "conflict"
    assert outcome.entry["target"] == "Danke."  # theirs, to show beside the reviewer's own
    assert project.po_path("de", "update").read_bytes() == after_first


def test_an_unknown_action_is_refused(project):
    with pytest.raises(loc.LocError):
        _change(project, FEES, "delete")


def test_the_app_queue_is_the_order_status_review_gives(project):
    view = session.Session(project, ["de"]).view("de", "update")
    sources = {entry["id"]: entry["source"] for entry in view["entries"]}
    queue = [sources[key] for key in view["queue"]]
    listed = [item.msgid for item in loc.status(project, ["de"], review=10).review]
    assert queue[: len(listed)] == listed
    assert queue[len(listed) :] == ["Prices include VAT.", THANKS]  # then what needs a translation


def test_placeholders_shown_as_formatting_and_as_tokens_when_broken():
    marks = labels.describe(
        {"<g1>": "**", "</g1>": "**", "<g2>": "[", "</g2>": "](https://e.org)", "<x3/>": "`x`"}
    )
    shown = labels.formatted("Click <g1>Save</g1> or <g2>here</g2> <x3/>.", marks)
    assert shown == (
        'Click <strong class="ph-bold" title="**…**">Save</strong> or '
        '<span class="ph-link" title="https://e.org">here</span> <code title="`x`">x</code>.'
    )
    assert "‹bold" in labels.formatted("Click Save</g1> <g1>.", marks)
    assert labels.problems("</g1>x<g1> <g2>a</g2> <x3/> <x9/>", marks) == [
        "</g1> comes before <g1>",
        "<x9/> is not in the source",
    ]
    assert labels.problems("<g1>x</g1>", marks) == ["missing <g2> </g2> <x3/>"]


def test_placeholder_labels_escape_hostile_markup():
    marks = labels.describe({"<g1>": '<a href="javascript:x()" title="&quot;><script>">', "</g1>": "</a>"})
    shown = labels.formatted("<g1><img src=x onerror=alert(1)></g1>", marks)
    assert "<img" not in shown and "<script>" not in shown
    assert 'title="javascript:x()"' in shown  # a target to read on hover, never a live link
    assert "<a " not in shown


def test_preview_keeps_only_allowed_markup_and_no_script_runs_from_it(tmp_path):
    from loc.documents import Document, html

    text = (
        '<html><head><script>bad()</script></head><body onload="bad()"><p>Read <a href="javascript:bad()" '
        'onclick="bad()">this</a> <img src=x onerror="bad()" alt="a picture">.</p><iframe src="x"></iframe>'
        "<style>p{}</style><!-- note --></body></html>"
    )
    document = Document("a.html", text, tuple(html.parse(text, 10000)))
    numbers = {segment.text: (n, "") for n, segment in enumerate(document.segments)}
    shown = preview.render(document, numbers)
    for word in (
        "<script",
        "bad()<",
        "onload",
        "onclick",
        "onerror",
        "iframe",
        "style",
        "href",
        "<img",
        "note",
    ):
        assert word not in shown, word
    assert (
        '<span class="seg" data-n="0">Read <span class="doc-link" title="javascript:bad()">this</span>'
        in shown
    )


def test_preview_marks_each_sentence_of_the_published_document(project):
    view = session.Session(project, ["de"]).view("de", "update")
    numbers = [int(n) for n in __import__("re").findall(r'data-n="(\d+)"', view["preview"])]
    assert sorted(numbers) == list(range(len(view["entries"])))
    assert "Quartalsbericht" in view["preview"]  # a reviewed translation, as compile publishes it


def test_importing_the_cli_does_not_import_the_web_stack():
    code = "import loc.cli, sys; print(sorted(m for m in ('starlette', 'uvicorn') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_serve_help_documents_the_options(project):
    from conftest import loc as cli

    result = cli(Path(project.config.root), "review", "--help")
    text = " ".join(result.output.split())
    assert "--serve" in text and "127.0.0.1" in text


def test_the_index_lists_each_language_and_document_with_names_escaped(project):
    hostile = "x<img src=x onerror=alert(1)>.txt"
    (project.config.root / "source" / hostile).write_text("Another page.\n", encoding="utf-8")
    loc.extract(project)
    server = loc.serve_review(project, ["de"])
    server.start()
    try:
        status, _, body = _request(server, "GET", "/", headers=_cookie(server))
    finally:
        server.stop()
    assert status == 200
    page = body.decode()
    assert "<img" not in page
    assert "source/x&lt;img src=x onerror=alert(1)&gt;.txt</code> → de" in page
    assert 'href="/review?lang=de&amp;doc=update"' in page


def test_an_entry_with_plural_forms_is_left_to_a_po_editor(project):
    path = project.po_path("de", "update")
    found = po.load(path)
    found.po.append(polib.POEntry(msgid="one file", msgid_plural="%d files", msgstr_plural={0: "", 1: ""}))
    found.save()
    outcome = _change(project, "one file", "approve", text="eine Datei")
    assert outcome.status == "refused" and outcome.problems[0]["check"] == "plural"
    assert _change(project, "one file", "comment", comment="ask Jo").status == "saved"


def test_serving_without_the_web_stack_installed_says_what_to_install(project, monkeypatch):
    from conftest import loc as cli

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed
    result = cli(project.config.root, "review", "--serve")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == "loc: error: loc review --serve needs Starlette and uvicorn: pip install 'loc[serve]'"
    )


def test_a_merge_conflict_is_in_the_queue_with_the_other_version_and_approving_resolves_it(project):
    found = po.load(project.po_path("de", "update"))
    entry = next(e for e in found.po if e.msgid == FEES)
    notes.conflict(entry, polib.POEntry(msgid=FEES, msgstr="Die Gebühren stiegen im März um 5 %."), "theirs")
    found.save()
    view = session.Session(project, ["de"]).view("de", "update")
    shown = next(e for e in view["entries"] if e["source"] == FEES)
    assert shown["state"] == "conflict" and shown["other"] == "Die Gebühren stiegen im März um 5 %."
    assert shown["id"] in view["queue"] and view["counts"]["conflict"] == 1
    assert _change(project, FEES, "approve", text=shown["other"]).status == "saved"
    assert model.state(_entry(project, FEES)) is model.State.REVIEWED
