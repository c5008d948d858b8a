// loc review --serve: the page's script (no libraries). Text from catalogs and documents
// is set with textContent; the only HTML inserted is what the server built and escaped
// (the preview and the *_html fields).
"use strict";

const PLACEHOLDER = /<(\/?)g(\d+)>|<x(\d+)\/>/g;
const meta = (name) => document.querySelector(`meta[name="${name}"]`).content;
const LANG = meta("lang");
const DOC = meta("doc");
const CSRF = meta("csrf");
const QUEUE_SHOWN = 50;
const $ = (id) => document.getElementById(id);

let view = null;
let current = null; // the id of the entry in the panel
let checkTimer = null;
let pendingMine = null; // the text kept while a conflict is shown

function entryById(id) {
  return view.entries.find((e) => e.id === id);
}

async function load() {
  const response = await fetch(`/api/entries?lang=${encodeURIComponent(LANG)}&doc=${encodeURIComponent(DOC)}`);
  if (!response.ok) {
    say(`cannot load: ${response.status}`);
    return;
  }
  view = await response.json();
  render();
}

function render() {
  const counts = $("counts");
  counts.replaceChildren();
  const labels = { total: "sentences", ...view.states, flagged: "flagged" };
  for (const [key, label] of Object.entries(labels)) {
    const li = document.createElement("li");
    li.className = key;
    const n = document.createElement("span");
    n.className = "n";
    n.dataset.count = key;
    n.textContent = String(view.counts[key] ?? 0);
    const k = document.createElement("span");
    k.className = "k";
    k.textContent = label;
    li.append(n, k);
    counts.append(li);
  }
  $("preview").innerHTML = view.preview; // built and escaped by the server (preview.py)
  for (const span of $("preview").querySelectorAll(".seg")) {
    const entry = view.entries[Number(span.dataset.n)];
    if (!entry) continue;
    span.dataset.id = entry.id;
    span.classList.add(`st-${entry.state}`);
    if (entry.flagged) span.classList.add("flagged");
    span.tabIndex = -1;
    span.addEventListener("click", () => select(entry.id));
  }
  const queue = $("queue");
  queue.replaceChildren();
  for (const id of view.queue.slice(0, QUEUE_SHOWN)) {
    const entry = entryById(id);
    const li = document.createElement("li");
    li.dataset.id = id;
    const badge = document.createElement("span");
    badge.className = `badge ${entry.state}`;
    badge.textContent = view.states[entry.state];
    const source = document.createElement("span");
    source.className = "q-text";
    source.innerHTML = entry.source_html; // escaped by the server (labels.formatted)
    const target = document.createElement("span");
    target.className = "q-target";
    target.innerHTML = entry.target_html;
    const metaLine = document.createElement("span");
    metaLine.className = "q-meta";
    const names = [...new Set([...entry.problems.map((p) => p.check), ...entry.warnings])];
    metaLine.textContent = [entry.score === null ? "" : `score ${entry.score.toFixed(3)}`, names.join(", ")]
      .filter(Boolean)
      .join(" · ");
    li.append(badge, " ", source, target, metaLine);
    li.addEventListener("click", () => select(id));
    queue.append(li);
  }
  const more = view.queue.length - QUEUE_SHOWN;
  $("queue-more").textContent = more > 0 ? `${more} more` : view.queue.length ? "" : "Nothing left to review.";
  if (current && entryById(current)) select(current, false);
  else if (view.queue.length) select(view.queue[0], false);
}

function select(id, scroll = true) {
  const entry = entryById(id);
  if (!entry) return;
  current = id;
  for (const el of document.querySelectorAll(".current")) el.classList.remove("current");
  for (const el of document.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add("current");
  const seg = $("preview").querySelector(`.seg[data-id="${CSS.escape(id)}"]`);
  if (seg && scroll) seg.scrollIntoView({ block: "center" });
  $("panel").hidden = false;
  $("p-state").className = `badge ${entry.state}`;
  $("p-state").textContent = view.states[entry.state];
  $("p-score").textContent = entry.score === null ? "" : `score ${entry.score.toFixed(3)}`;
  $("p-detail").textContent = entry.detail;
  $("p-source").innerHTML = entry.source_html;
  $("p-where").textContent = entry.where;
  $("comment").value = entry.comment;
  fillEditor(entry.target, entry.placeholders);
  $("other").hidden = entry.other === null;
  $("other-text").textContent = entry.other ?? "";
  fillPalette(entry.placeholders);
  showProblems(entry.problems, entry.warnings);
  const glossary = $("p-glossary");
  glossary.replaceChildren(
    ...entry.glossary.map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }),
  );
  $("override").checked = false;
  $("conflict").hidden = true;
  pendingMine = null;
  say(entry.override.length ? `approved despite: ${entry.override.join(", ")}` : "");
}

function chip(tag, placeholders) {
  const found = placeholders[tag];
  const span = document.createElement("span");
  span.className = `ph ph-${found ? found.kind : "bad"}`;
  span.contentEditable = "false";
  span.draggable = true;
  span.dataset.ph = tag;
  if (!found) span.textContent = tag;
  else if (tag.startsWith("</")) span.textContent = `${found.label}›`;
  else if (tag.startsWith("<g")) span.textContent = `‹${found.label}`;
  else span.textContent = found.label;
  span.title = found ? found.title : "not in the source";
  span.addEventListener("dragstart", (event) => {
    event.dataTransfer.setData("text/x-loc-placeholder", tag);
    dragged = span;
  });
  return span;
}

let dragged = null;

function fillEditor(text, placeholders) {
  const editor = $("editor");
  editor.replaceChildren();
  let position = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    editor.append(document.createTextNode(text.slice(position, match.index)));
    editor.append(chip(match[0], placeholders));
    position = match.index + match[0].length;
  }
  editor.append(document.createTextNode(text.slice(position)));
}

function fillPalette(placeholders) {
  const palette = $("palette");
  palette.replaceChildren();
  for (const tag of Object.keys(placeholders)) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "insert";
    button.dataset.ph = tag;
    button.append(chip(tag, placeholders));
    button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the caret
    button.addEventListener("click", () => insertPlaceholder(tag));
    palette.append(button);
  }
  palette.hidden = !Object.keys(placeholders).length;
}

function insertPlaceholder(tag) {
  const editor = $("editor");
  const entry = entryById(current);
  const node = chip(tag, entry.placeholders);
  const selection = window.getSelection();
  if (selection.rangeCount && editor.contains(selection.getRangeAt(0).startContainer)) {
    const range = selection.getRangeAt(0);
    range.deleteContents();
    range.insertNode(node);
    range.setStartAfter(node);
    range.collapse(true);
  } else {
    editor.append(node);
  }
  editor.focus();
  edited();
}

function editorText() {
  const parts = [];
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.nodeValue);
      else if (child.dataset && child.dataset.ph) parts.push(child.dataset.ph);
      else if (child.nodeName === "BR") parts.push(" ");
      else walk(child);
    }
  };
  walk($("editor"));
  return parts.join("").replace(/\u00a0/g, " ").replace(/\s+/g, " ").trim();
}

function showProblems(problems, warnings = []) {
  const list = $("p-problems");
  list.replaceChildren();
  for (const p of problems) {
    const li = document.createElement("li");
    li.className = p.severity;
    li.dataset.check = p.check;
    li.textContent = `${p.severity} · ${p.check}: ${p.message}`;
    list.append(li);
  }
  for (const w of warnings) {
    const li = document.createElement("li");
    li.className = "warning";
    li.dataset.check = "translation";
    li.textContent = `translation warning: ${w}`;
    list.append(li);
  }
  const errors = problems.some((p) => p.severity === "error");
  $("override-box").hidden = !errors;
  $("approve").classList.toggle("blocked", errors);
}

function edited() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkNow, 150);
}

async function checkNow() {
  const entry = entryById(current);
  const response = await post("/api/check", { lang: LANG, doc: DOC, id: entry.id, text: editorText() });
  if (response.ok) showProblems((await response.json()).problems);
}

function post(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": CSRF },
    body: JSON.stringify(body),
  });
}

async function change(action, extra = {}, base = null) {
  const entry = entryById(current);
  if (!entry) return;
  const body = { lang: LANG, doc: DOC, id: entry.id, base: base || entry.version, action, ...extra };
  const response = await post("/api/change", body);
  const answer = await response.json();
  if (answer.status === "saved") {
    say(`${action === "comment" ? "comment saved" : action + "d"}: ${entry.where}`);
    const position = view.queue.indexOf(entry.id);
    await load();
    if (action === "approve" || action === "reject") {
      const next = view.queue.find((id, i) => i >= position && id !== entry.id) || view.queue[0];
      if (next) select(next);
    }
  } else if (answer.status === "conflict") {
    showConflict(answer.entry, action, extra);
  } else if (answer.status === "refused") {
    showProblems(answer.problems);
    say("not approved: fix the errors, or tick “Approve anyway”");
  } else {
    say(answer.error || "that sentence is no longer in the catalog; reloading");
    await load();
  }
}

function showConflict(theirs, action, extra) {
  pendingMine = { action, extra, base: theirs.version };
  $("conflict").hidden = false;
  $("c-theirs").innerHTML = theirs.target_html || "<em>(untranslated)</em>";
  $("c-mine").textContent = extra.text ?? extra.comment ?? `(${action})`;
  say("conflict: choose a version");
}

function approve(withEdit) {
  // the server checks the text again and refuses errors without the override
  const extra = { override: $("override").checked };
  if (withEdit) extra.text = editorText();
  change("approve", extra);
}

function move(step) {
  if (!view || !view.queue.length) return;
  const at = view.queue.indexOf(current);
  const next = at < 0 ? 0 : Math.min(view.queue.length - 1, Math.max(0, at + step));
  select(view.queue[next]);
}

function say(text) {
  $("message").textContent = text;
}

function inField(target) {
  return target === $("editor") || $("editor").contains(target) || target.tagName === "TEXTAREA";
}

document.addEventListener("keydown", (event) => {
  if (!view) return;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    if (event.target === $("comment")) change("comment", { comment: $("comment").value });
    else approve(true);
    return;
  }
  if (event.key.toLowerCase() === "s" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    change("save", { text: editorText() });
    return;
  }
  if (event.key === "Escape") {
    event.target.blur();
    return;
  }
  if (inField(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key.toLowerCase();
  const actions = {
    j: () => move(1),
    arrowdown: () => move(1),
    k: () => move(-1),
    arrowup: () => move(-1),
    a: () => approve(false),
    r: () => change("reject"),
    e: () => focusEditor(),
    c: () => $("comment").focus(),
  };
  if (actions[key]) {
    event.preventDefault();
    actions[key]();
  }
});

function focusEditor() {
  const editor = $("editor");
  editor.focus();
  const range = document.createRange();
  range.selectNodeContents(editor);
  range.collapse(false);
  window.getSelection().removeAllRanges();
  window.getSelection().addRange(range);
}

function setUp() {
  const editor = $("editor");
  editor.addEventListener("input", edited);
  editor.addEventListener("paste", (event) => {
    event.preventDefault(); // plain text only: no markup from the clipboard
    document.execCommand("insertText", false, event.clipboardData.getData("text/plain"));
  });
  editor.addEventListener("dragover", (event) => event.preventDefault());
  editor.addEventListener("drop", (event) => {
    if (!dragged) return;
    event.preventDefault();
    const range = document.caretRangeFromPoint(event.clientX, event.clientY);
    const node = editor.contains(dragged) ? dragged : chip(dragged.dataset.ph, entryById(current).placeholders);
    if (range && editor.contains(range.startContainer)) range.insertNode(node);
    else editor.append(node);
    dragged = null;
    edited();
  });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) event.preventDefault(); // one line
  });
  $("approve").addEventListener("click", () => approve(true));
  $("save").addEventListener("click", () => change("save", { text: editorText() }));
  $("reject").addEventListener("click", () => change("reject"));
  $("save-comment").addEventListener("click", () => change("comment", { comment: $("comment").value }));
  $("keep-mine").addEventListener("click", () => {
    if (pendingMine) change(pendingMine.action, pendingMine.extra, pendingMine.base);
  });
  $("take-theirs").addEventListener("click", () => load());
  $("use-other").addEventListener("click", () => {
    const entry = entryById(current);
    fillEditor(entry.other, entry.placeholders);
    edited();
  });
  load();
}

setUp();
