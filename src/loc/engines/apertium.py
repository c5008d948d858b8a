"""Apertium (rule-based MT, Debian's `apertium` and its language-pair packages) behind the
Engine interface.

One long-lived pipeline per pair, in null-flush mode: each segment is written in Apertium's
stream format followed by a NUL, and every program of the pair's mode flushes its output at
that NUL. A response is therefore one segment's translation and nothing else: boundaries
cannot drift, and a pipeline that stops answering or dies is an error, never a shifted
translation. The pipeline is the pair's own mode file (`apertium-wblank-mode -z`), so the
stream is exactly what `apertium -f txt` would run, without its text (de)formatter, which
does not flush on NUL: loc writes and reads the stream format itself.

Writing the stream format ourselves decides what Apertium may touch. Mask tokens (``XZ0X``)
are sent as *superblanks* (``[XZ0X]``): Apertium's own way of passing inline formatting
through untranslated and in place, and the words around them are analysed as one sentence
(`XZ0X` sent as a word is an unknown noun that breaks the parse: "We XZ0X strongly XZ1X
defend" -> "Nosotros XZ0X fuertemente XZ1X defender"; as superblanks -> "XZ0X Fuertemente
XZ1X defendemos"). `bench/apertium.py` measures both ways on real documents.

Apertium marks what its dictionaries lack (``*word`` unknown, ``@word`` not in the
bilingual dictionary, ``#word`` not generated). Literal ``*``, ``#`` and ``@`` in the source
travel as superblanks too, so every mark in the output is Apertium's: they are removed from
the text and returned as warnings, the engine's confidence signal.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from loc import languages
from loc.engines import UNKNOWN_WORDS, Translation
from loc.errors import LocError

# how long one segment may take before the pipeline counts as hung (a long sentence takes ms)
DEADLINE = 60.0
_ESCAPE = set("\\[]^$/<>{}")  # reserved in the stream format: backslash-escaped
_BLANK = set("*#@")  # marks in the output: a literal one travels as a superblank
_TOKEN = re.compile(r"XZ\d+X")  # protect.mask's tokens, the only thing loc wants kept as is
_MODE = re.compile(r"^([a-z]{2,3})(?:_([A-Za-z]+))?-([a-z]{2,3})(?:_([A-Za-z]+))?$")


def datadir() -> Path:
    """Where Apertium's language data lives (APERTIUM_DATADIR, as `apertium -d` reads it)."""
    return Path(os.environ.get("APERTIUM_DATADIR") or "/usr/share/apertium")


@dataclass(frozen=True)
class Pair:
    """One installed translation direction: a mode file of an Apertium pair package."""

    mode: str  # "eng-spa": the name `apertium` takes
    source: str  # loc's codes: "en"
    target: str  # "es", or "en_US" for a mode such as spa-eng_US
    path: Path

    @property
    def package(self) -> str:
        """The Debian package the mode came from, e.g. apertium-eng-spa ("" when not known)."""
        return _owner(self.path)[0]

    @property
    def version(self) -> str:
        return _owner(self.path)[1]


def installed() -> list[Pair]:
    """Every translation direction the installed Apertium pairs offer."""
    modes = datadir() / "modes"
    found = []
    for path in sorted(modes.glob("*.mode")) if modes.is_dir() else ():
        parsed = _MODE.match(path.stem)
        if not parsed:
            continue  # a pair's debugging modes (eng-spa-tagger, …)
        source = languages.from_iso639_3(parsed.group(1), parsed.group(2))
        target = languages.from_iso639_3(parsed.group(3), parsed.group(4))
        if source and target:
            found.append(Pair(path.stem, source, target, path))
    return found


def find(source: str, target: str) -> Pair | None:
    """The installed direction for a pair of loc codes: the exact region first, then the
    language (`pt_BR` takes a `por` mode when there is no `por_BR`)."""
    pairs = installed()
    for wanted in dict.fromkeys((target, target.split("_")[0])):
        for pair in pairs:
            if pair.source == source.split("_")[0] and pair.target == wanted:
                return pair
    return None


def debian_packages(source: str, target: str) -> list[str]:
    """Debian packages that may hold a source->target pair, as Debian names them
    (apertium-eng-spa, apertium-en-gl, apertium-eu-en), in the order to try them."""
    names = []
    for s, t in (
        (languages.iso639_3(source), languages.iso639_3(target)),
        (source.split("_")[0], target.split("_")[0]),
    ):
        if s and t:
            names += [f"apertium-{s}-{t}", f"apertium-{t}-{s}"]
    return list(dict.fromkeys(names))


@functools.lru_cache
def packaged(source: str, target: str) -> str | None:
    """The Debian package for the pair that this machine's package lists know, or None
    (no apt, or no such pair in Debian). One apt-cache call for every candidate name:
    each call reads the package lists (seconds where apt keeps no cache)."""
    if not shutil.which("apt-cache"):
        return None
    names = debian_packages(source, target)
    done = subprocess.run(
        ["apt-cache", "show", "--no-all-versions", *names], capture_output=True, text=True, check=False
    )
    known = {line[8:].strip() for line in done.stdout.splitlines() if line.startswith("Package:")}
    return next((name for name in names if name in known), None)


@functools.lru_cache
def _owner(path: Path) -> tuple[str, str]:
    """(package, version) of the Debian package that installed a mode file."""
    if not shutil.which("dpkg-query"):
        return "", ""
    found = subprocess.run(["dpkg-query", "-S", str(path)], capture_output=True, text=True, check=False)
    package = found.stdout.split(":", 1)[0].strip() if found.returncode == 0 else ""
    if not package:
        return "", ""
    shown = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True, check=False
    )
    return package, shown.stdout.strip() if shown.returncode == 0 else ""


class ApertiumEngine:
    """Translates sentences with an installed Apertium pair, one pipeline for the engine's life."""

    name = "apertium"

    def __init__(self, source_lang: str, target_lang: str, *, masks_as: str = "blank"):
        """`masks_as`: "blank" sends mask tokens as superblanks (the default: kept and out of
        the grammar), "word" as unknown words (what an engine without superblanks sees)."""
        pair = find(source_lang, target_lang)
        if pair is None:
            raise LocError(f"no Apertium pair for {source_lang}→{target_lang} is installed")
        self.pair = pair
        self.masks_as = masks_as
        self._pipeline: _Pipeline | None = None

    @functools.cached_property
    def model(self) -> str:
        """The pair package and its version, e.g. "apertium-eng-spa 0.8.1-2"."""
        return f"{self.pair.package or 'apertium-' + self.pair.mode} {self.pair.version}".strip()

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        if self._pipeline is None:
            self._pipeline = _Pipeline(self.pair)
        streams = [_to_stream(text, self.masks_as) for text in texts]
        answers = iter(self._pipeline.run([s for s in streams if s]))
        results = []
        for text, stream in zip(texts, streams, strict=True):
            if not stream:
                results.append(Translation(text))
                continue
            translated, marked = _from_stream(next(answers))
            results.append(Translation(_tidy(translated, text), None, _warnings(marked)))
        return results

    def close(self) -> None:
        if self._pipeline is not None:
            self._pipeline.close()
            self._pipeline = None


def _to_stream(text: str, masks_as: str) -> str:
    """`text` in Apertium's stream format; "" for text with no words to translate."""
    if not text.strip():
        return ""
    out = []
    last = 0
    for token in _TOKEN.finditer(text):
        out.append(_escape(text[last : token.start()]))
        out.append(f"[{token.group()}]" if masks_as == "blank" else token.group())
        last = token.end()
    out.append(_escape(text[last:]))
    return "".join(out) + "[]"  # a final blank: the analyser flushes a last word only before one


def _escape(text: str) -> str:
    return "".join(f"[{c}]" if c in _BLANK else f"\\{c}" if c in _ESCAPE else c for c in text)


def _from_stream(stream: str) -> tuple[str, list[tuple[str, str]]]:
    """Plain text from Apertium's output, and the marked words as (mark, word)."""
    out: list[str] = []
    marked: list[tuple[str, str]] = []
    i, n = 0, len(stream)
    while i < n:
        c = stream[i]
        if c == "\\" and i + 1 < n:
            out.append(stream[i + 1])
            i += 2
        elif c == "[":  # a superblank: its contents as they went in
            i += 1
            while i < n and stream[i] != "]":
                if stream[i] == "\\" and i + 1 < n:
                    i += 1
                out.append(stream[i])
                i += 1
            i += 1
        elif c in _BLANK:
            end = i + 1
            while end < n and (stream[end].isalnum() or stream[end] in "-'’_"):
                end += 1
            marked.append((c, stream[i + 1 : end]))
            i += 1  # the mark goes; the word stays
        else:
            out.append(c)
            i += 1
    return "".join(out), marked


def _tidy(translated: str, source: str) -> str:
    """Apertium leaves the blank of a dropped word (a Spanish subject pronoun, an English
    genitive): no space at the edges, and no double space the source did not have."""
    text = translated.strip()
    if "  " not in source:
        text = re.sub(r" {2,}", " ", text)
    return text


def _warnings(marked: list[tuple[str, str]]) -> tuple[str, ...]:
    unknown = [word for mark, word in marked if mark in "*@" and word]
    uninflected = [word for mark, word in marked if mark == "#" and word]
    found = []
    if unknown:
        found.append(UNKNOWN_WORDS + ",".join(dict.fromkeys(unknown)))
    if uninflected:
        found.append("not-inflected=" + ",".join(dict.fromkeys(uninflected)))
    return tuple(found)


class _Pipeline:
    """The pair's programs, chained by the shell as its mode file says, fed one NUL-ended
    segment after another by a writer thread while the caller reads the answers."""

    def __init__(self, pair: Pair):
        if not shutil.which("apertium-wblank-mode"):
            raise LocError("Apertium 3.8 or newer is needed (apertium-wblank-mode is missing)")
        made = subprocess.run(
            ["apertium-wblank-mode", "-z", str(pair.path)], capture_output=True, text=True, check=False
        )
        if made.returncode != 0 or not made.stdout.strip():
            raise LocError(f"cannot read the Apertium mode ({made.stderr.strip()})", pair.path)
        # $1: lt-proc's generation option (-g: with marks); $2: the tagger's extra option (none)
        script = made.stdout.replace("$1", "-g").replace("$2", "")
        self.pair = pair
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the pipeline)
        self.process = subprocess.Popen(
            ["bash", "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            start_new_session=True,  # its own process group: stopping it stops every program
        )
        self.stdin: IO[bytes] = self.process.stdin  # type: ignore[assignment]  # PIPE: never None
        self.stdout: IO[bytes] = self.process.stdout  # type: ignore[assignment]
        self._finalizer = weakref.finalize(self, _stop, self.process)
        self.pending = b""

    def run(self, streams: list[str]) -> list[str]:
        failure: list[BaseException] = []

        def write() -> None:
            try:
                for stream in streams:
                    self.stdin.write(stream.encode("utf-8") + b"\0")
                self.stdin.flush()
            except (BrokenPipeError, OSError) as error:
                failure.append(error)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        answers = [self._answer() for _ in streams]
        writer.join()
        if failure:
            raise self._died()
        return answers

    def _answer(self) -> str:
        out = self.stdout
        while b"\0" not in self.pending:
            ready, _, _ = select.select([out], [], [], DEADLINE)
            if not ready:
                raise LocError(f"apertium {self.pair.mode} gave no answer in {DEADLINE:.0f} s")
            chunk = os.read(out.fileno(), 1 << 16)
            if not chunk:
                raise self._died()
            self.pending += chunk
        answer, _, self.pending = self.pending.partition(b"\0")
        return answer.decode("utf-8", errors="replace")

    def _died(self) -> LocError:
        self.process.poll()
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip().splitlines()
        return LocError(f"apertium {self.pair.mode} stopped" + (f": {said[-1]}" if said else ""))

    def close(self) -> None:
        self._finalizer()
        self.errors.close()


def _stop(process: subprocess.Popen) -> None:
    """End of input ends every program of the pipeline; a hung one is killed with its group."""
    if process.poll() is None:
        try:
            process.stdin.close()  # type: ignore[union-attr]  # PIPE: never None
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
