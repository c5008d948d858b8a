"""What each placeholder of a sentence stands for, and a sentence shown with its formatting.

A msgid holds `<g1>…</g1>` and `<x2/>` where the document has markup (docs/formats.md);
a reviewer should see bold as bold and a link with its target, never the tags. The
labels come from the source markup each placeholder replaces (`Segment.markup`), and
the HTML is built here from escaped pieces: the markup itself is never copied into it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from markupsafe import Markup, escape

from loc.documents import PLACEHOLDER, Document

_HTML_NAME = re.compile(r"<\s*([A-Za-z][A-Za-z0-9-]*)")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_MD_TARGET = re.compile(r"^\]\(\s*<?([^\s>)]*)")
_KINDS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "a": "link",
    "code": "code",
    "kbd": "code",
    "samp": "code",
    "s": "strike",
    "del": "strike",
    "strike": "strike",
    "img": "image",
    "br": "break",
}
_MARKDOWN = {
    "**": "bold",
    "__": "bold",
    "*": "italic",
    "_": "italic",
    "~~": "strike",
    "[": "link",
    "![": "image",
}
# kind -> the element a pair is shown as
_ELEMENTS = {"bold": "strong", "italic": "em", "strike": "s", "code": "code"}


@dataclass(frozen=True)
class Placeholder:
    """One placeholder: its kind (bold, italic, link, code, strike, image, break, tag),
    a short label for a token, and the detail shown on hover (a link's target, the markup)."""

    kind: str
    label: str
    title: str

    def as_dict(self) -> dict:
        return asdict(self)


Placeholders = dict[str, Placeholder]  # "<g1>", "</g1>", "<x2/>" -> what it stands for


def of_document(document: Document) -> dict[str, Placeholders]:
    """msgid -> its placeholders, for every sentence of the document that has some."""
    found: dict[str, Placeholders] = {}
    for segment in document.segments:
        if segment.markup and segment.text not in found:
            spans = {tag: document.text[start:end] for tag, start, end in segment.markup}
            found[segment.text] = describe(spans)
    return found


def describe(spans: dict[str, str]) -> Placeholders:
    """Labels for placeholders from the source markup each one replaces."""
    result: Placeholders = {}
    for tag, markup in spans.items():
        if tag.startswith("</"):
            continue
        if tag.startswith("<x"):
            result[tag] = _void(markup)
            continue
        closing = spans.get("</" + tag[1:], "")
        kind, title = _pair(markup, closing)
        result[tag] = Placeholder(kind, kind, title)
        result["</" + tag[1:]] = Placeholder(kind, kind, title)
    return result


def _pair(opening: str, closing: str) -> tuple[str, str]:
    stripped = opening.strip()
    name = _HTML_NAME.match(stripped)
    if name:
        kind = _KINDS.get(name.group(1).lower(), "tag")
        if kind == "link":
            return kind, _attribute(_HREF, stripped) or stripped
        return kind, stripped
    kind = _MARKDOWN.get(stripped, "tag")
    if kind in ("link", "image"):
        target = _MD_TARGET.match(closing.strip())
        return kind, target.group(1) if target else stripped + "…" + closing.strip()
    return kind, stripped + "…" + closing.strip()


def _void(markup: str) -> Placeholder:
    stripped = markup.strip()
    if stripped.startswith("`"):
        return Placeholder("code", stripped.strip("`").strip(), stripped)
    if stripped.startswith("!["):
        target = _MD_TARGET.match(stripped[stripped.find("]") :])
        return Placeholder("image", "image", target.group(1) if target else stripped)
    if stripped.startswith("<") and stripped.endswith(">") and "://" in stripped and " " not in stripped:
        return Placeholder("link", stripped[1:-1], stripped[1:-1])  # an autolink
    name = _HTML_NAME.match(stripped)
    if name:
        kind = _KINDS.get(name.group(1).lower(), "tag")
        if kind == "code":
            return Placeholder("code", re.sub(r"<[^>]*>", "", stripped), stripped)
        if kind == "image":
            return Placeholder("image", "image", _attribute(_SRC, stripped) or stripped)
        if kind == "break":
            return Placeholder("break", "line break", stripped)
        return Placeholder("tag", name.group(1).lower(), stripped)
    if stripped in ("\\", "") or set(stripped) <= {" ", "\\", "\n"}:
        return Placeholder("break", "line break", stripped)
    return Placeholder("tag", stripped[:20], stripped)


def _attribute(pattern: re.Pattern, markup: str) -> str:
    found = pattern.search(markup)
    return next((group for group in found.groups() if group is not None), "") if found else ""


def problems(text: str, placeholders: Placeholders) -> list[str]:
    """Why a translation's placeholders cannot be published as the document's markup:
    one the source does not have, one twice, one missing, a pair closed before opened
    or crossing another pair. The same rules `Document.render` follows."""
    found: list[str] = []
    seen: list[str] = []
    opened: list[str] = []
    for match in PLACEHOLDER.finditer(text):
        tag = match.group()
        if tag not in placeholders:
            found.append(f"{tag} is not in the source")
            continue
        if tag in seen:
            found.append(f"{tag} appears twice")
            continue
        seen.append(tag)
        if match.group(1):  # a closing tag
            partner = f"<g{match.group(2)}>"
            if partner not in seen:
                found.append(f"{tag} comes before {partner}")
            elif opened and opened[-1] != partner:
                found.append(f"{tag} closes across {opened[-1]}")
            if partner in opened:
                opened.remove(partner)
        elif tag.startswith("<g"):
            opened.append(tag)
    missing = [tag for tag in placeholders if tag not in seen]
    if missing:
        found.append("missing " + " ".join(missing))
    return found


def formatted(text: str, placeholders: Placeholders) -> Markup:
    """`text` as HTML with each placeholder pair as the formatting it stands for (bold as
    <strong>, a link as an underlined word with its target on hover, code as <code>);
    where the placeholders do not pair up, every one is shown as a token instead."""
    broken = bool(problems(text, placeholders))
    out: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(str(escape(text[position : match.start()])))
        tag = match.group()
        found = placeholders.get(tag)
        out.append(token(tag, found) if broken or found is None else _element(tag, found))
        position = match.end()
    out.append(str(escape(text[position:])))
    return Markup("".join(out))


def _element(tag: str, placeholder: Placeholder) -> str:
    """A placeholder of a well-formed sentence as HTML: formatting for a pair, the code
    or a token for a void one."""
    if tag.startswith("<x"):
        if placeholder.kind == "code":
            return f'<code title="{escape(placeholder.title)}">{escape(placeholder.label)}</code>'
        return token(tag, placeholder)
    name = _ELEMENTS.get(placeholder.kind, "span")
    if tag.startswith("</"):
        return f"</{name}>"
    return f'<{name} class="ph-{escape(placeholder.kind)}" title="{escape(placeholder.title)}">'


def token(tag: str, placeholder: Placeholder | None) -> str:
    """A placeholder shown as a token: ‹bold … bold›, a link's label, inline code."""
    if placeholder is None:
        return f'<span class="ph ph-bad" title="not in the source">{escape(tag)}</span>'
    if tag.startswith("</"):
        shown = f"{placeholder.label}›"
    elif tag.startswith("<g"):
        shown = f"‹{placeholder.label}"
    else:
        shown = placeholder.label
    return (
        f'<span class="ph ph-{escape(placeholder.kind)}" data-ph="{escape(tag)}" '
        f'title="{escape(placeholder.title)}">{escape(shown)}</span>'
    )
