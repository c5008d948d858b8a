"""How fast is loc's Argos engine, and how much of it survives the whole `loc translate`?

Engines: three ways through the same model, same decoding settings, interleaved round by
round (`--repeat`) so that all see the same machine; ratios are against the baseline measured
in the same round:

  1. loc       `ArgosEngine.translate(segments)`: length-sorted batches, parallel on inter_threads
  2. argos     `argostranslate.translate.translate(segment, "en", "de")`, one call per segment
  3. raw       `Translator.translate_batch` on pre-tokenised, pre-sorted batches (the ceiling)

End to end: `loc translate --lang de -C DIR` as a child process on a document of
`--document` distinct sentences (default 2,000), against `ArgosEngine.translate` alone on the
same 2,000 segments, masked as the CLI masks them (the engine-only rate; goal: end to end
>= 0.9x of it). The child runs with a `sitecustomize` shim that times, inside the same run,
the model load, the engine's calls, catalog opening and saving, so the split does not depend
on the machine staying quiet between two runs. Then one sentence is edited, `loc extract` and
`loc translate --lang de --fuzzy` run, and the one-segment run's time is split the same way.

The model has the shape and cost of Argos's standard en→de package (Transformer-base: 6+6
layers, d_model 512, 8 heads, FFN 2048, 50k vocabulary, int8) with random weights, built
offline by tests/support/build_argosmodel.py (with a MiniSBD splitter, so Argos's own path
runs offline; that needs `pip install onnx`) and installed into a temporary
ARGOS_PACKAGES_DIR (the index is 127.0.0.1:9: nothing is fetched). Random weights never emit
the end token, so every output runs to `max_decoding_length`: all paths get the same bound,
2 x the longest source in the batch + 10 tokens. Argos sets no bound of its own, so its
translator is wrapped to pass that bound (per call, from the call's own sentence); beam size
and length penalty match (Argos's settings and its hard-coded 0.2). Argos runs twice: with
loc's thread settings, and with its own defaults (inter_threads 1, intra_threads 0 = all cores).

Rates are segments/s: "best" from the fastest round, "median" over rounds. At the 9-12
segments/s loc.engines.argos records for an idle 2-core VM the defaults take about 10 minutes,
most of it the 2,000-segment end-to-end round (engine-only + CLI); a loaded machine can be ten
times slower: shrink --document and --segments there. `--profile` adds one CLI run under cProfile.

    .venv/bin/python bench/translation.py [--segments 120] [--argos-segments 24] [--repeat 3]
                                        [--document 2000] [--e2e-repeat 1] [--profile]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import load_average

ROOT = Path(__file__).resolve().parent.parent
# this file would shadow translate-toolkit, which loc imports
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
BUILDER = ROOT / "tests" / "support" / "build_argosmodel.py"
CORPUS = ROOT / "tests" / "data" / "statement.txt"
OUT = ROOT / "bench" / "out"
SHAPE = ["--layers", "6", "--d-model", "512", "--heads", "8", "--ffn", "2048", "--ct2-vocab", "50000"]


def main() -> None:
    from loc.engines.argos import MAX_BATCH_SIZE, default_threads

    inter, intra = default_threads()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=120, help="segments per round for loc and raw")
    parser.add_argument("--argos-segments", type=int, default=24, help="subset for Argos's path; 0 skips")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the engine comparison")
    parser.add_argument("--document", type=int, default=2000, help="sentences end to end; 0 skips")
    parser.add_argument("--e2e-repeat", type=int, default=1, help="rounds end to end (each ~2 x 200 s)")
    parser.add_argument("--profile", action="store_true", help="also run the CLI once under cProfile")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch", type=int, default=MAX_BATCH_SIZE, help="max_batch_size for loc and raw")
    parser.add_argument("--inter", type=int, default=inter)
    parser.add_argument("--intra", type=int, default=intra)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="loc-bench-argos-") as home:
        _isolate_argos(Path(home), args.beam)  # before anything imports argostranslate
        run(args, Path(home))


def run(args: argparse.Namespace, home: Path) -> None:
    from loc.engines.argos import packages

    package = _build_package()
    packages.install_file(package)
    print(
        f"model: {package.name} (random Transformer-base, int8); beam {args.beam}, batch {args.batch}, "
        f"inter_threads {args.inter}, intra_threads {args.intra}, {os.cpu_count()} cores",
        flush=True,
    )
    if args.repeat > 0 and args.segments > 0:
        compare_engines(args)
    if args.document > 0:
        end_to_end(args, home)


def compare_engines(args: argparse.Namespace) -> None:
    segments = make_segments(args.segments)
    argos = segments[: args.argos_segments]
    print(
        f"\n== engines: {len(segments)} segments (argos: the first {len(argos)}), {args.repeat} rounds; "
        f"{load_average()}",
        flush=True,
    )
    runners = {"loc": _loc_runner(segments, args), "raw": _raw_runner(segments, args)}
    if argos:
        runners["argos"] = _argos_runner(argos, args.inter, args.intra)
        runners["argos'"] = _argos_runner(argos, 1, 0)
    rates: dict[str, list[float]] = {name: [] for name in runners}
    ratios: dict[str, list[float]] = {}
    outputs: dict[str, list[str]] = {}
    for round_ in range(1, args.repeat + 1):
        for name, runner in runners.items():
            rate, texts = runner()
            rates[name].append(rate)
            outputs.setdefault(name, texts)
        line = "  ".join(f"{name} {rates[name][-1]:6.2f}" for name in runners)
        same = {"loc/raw": rates["loc"][-1] / rates["raw"][-1]}
        if argos:
            same["loc/argos"] = rates["loc"][-1] / rates["argos"][-1]
            same["loc/argos'"] = rates["loc"][-1] / rates["argos'"][-1]
        for key, value in same.items():
            ratios.setdefault(key, []).append(value)
        shown = "  ".join(f"{key} {value:5.2f}x" for key, value in same.items())
        print(f"round {round_}: seg/s {line} | {shown} | {load_average()}", flush=True)
    identical = sum(a == b for a, b in zip(outputs["loc"], outputs["raw"], strict=True))
    print(f"loc and raw outputs identical: {identical}/{len(segments)}")
    labels = {
        "loc": "(1) loc   ",
        "argos": f"(2) argos  inter {args.inter} intra {args.intra}",
        "argos'": "(2') argos inter 1 intra 0 (Argos's defaults)",
        "raw": "(3) raw   ",
    }
    for name in ("loc", "argos", "argos'", "raw"):
        if name in rates:
            print(
                f"{labels[name]:46} best {max(rates[name]):7.2f}  "
                f"median {statistics.median(rates[name]):7.2f} seg/s"
            )
    goals = {"loc/argos": "(1)/(2)  goal >= 8", "loc/argos'": "(1)/(2')", "loc/raw": "(1)/(3)  goal >= 0.9"}
    for key, label in goals.items():
        if key in ratios:
            values = ratios[key]
            print(
                f"{label:22} same-round ratios: min {min(values):5.2f}x  "
                f"median {statistics.median(values):5.2f}x  max {max(values):5.2f}x"
            )


def _loc_runner(segments: list[str], args: argparse.Namespace):
    from loc.engines.argos import ArgosEngine

    engine = ArgosEngine(
        "en",
        "de",
        beam_size=args.beam,
        max_batch_size=args.batch,
        inter_threads=args.inter,
        intra_threads=args.intra,
    )
    engine.translate(segments[:4])  # loads the model, warms up

    def once() -> tuple[float, list[str]]:
        start = time.perf_counter()
        outputs = engine.translate(segments)
        return len(segments) / (time.perf_counter() - start), [t.text for t in outputs]

    return once


def _raw_runner(segments: list[str], args: argparse.Namespace):
    import ctranslate2
    import sentencepiece

    from loc.engines.argos import LENGTH_PENALTY, packages

    [package] = packages.route("en", "de")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.package_path / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(package.package_path / "model"), inter_threads=args.inter, intra_threads=args.intra
    )
    options = dict(
        beam_size=args.beam, length_penalty=LENGTH_PENALTY, replace_unknowns=True, return_scores=True
    )
    translator.translate_batch([sp.encode(s, out_type=str) for s in segments[:4]], **options)  # warm-up

    def once() -> tuple[float, list[str]]:
        start = time.perf_counter()
        tokens = [sp.encode(s, out_type=str) for s in segments]
        order = sorted(range(len(tokens)), key=lambda i: -len(tokens[i]))
        size = max(1, min(args.batch, math.ceil(len(order) / args.inter)))
        batches = [order[k : k + size] for k in range(0, len(order), size)]
        jobs = [
            translator.translate_batch(
                [tokens[i] for i in batch],
                asynchronous=True,
                max_decoding_length=2 * max(len(tokens[i]) for i in batch) + 10,
                **options,
            )
            for batch in batches
        ]
        results = [pending.result() for job in jobs for pending in job]
        texts = [""] * len(segments)
        for i, result in zip((i for batch in batches for i in batch), results, strict=True):
            texts[i] = sp.decode_pieces(result.hypotheses[0])
        return len(segments) / (time.perf_counter() - start), texts

    return once


def _isolate_argos(home: Path, beam: int) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")
    os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never the network
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"
    os.environ["ARGOS_BEAM_SIZE"] = str(beam)


def _build_package() -> Path:
    folder = OUT / "transformer-base"
    package = folder / "translate-en_de-1_0.argosmodel"
    if not package.exists():
        print("building the model (a few seconds)...", flush=True)
        command = [sys.executable, str(BUILDER), "--out-dir", str(folder), "--corpus", str(CORPUS)]
        command += ["--sp-vocab", "300", "--mode", "random", "--version", "1.0", "--sbd", "minisbd", *SHAPE]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return package


def make_segments(count: int, seed: int = 7) -> list[str]:
    """Distinct statement sentences: the corpus's own, then word windows of 3-24 words from them,
    some with placeholders or as questions, in shuffled order."""
    text = CORPUS.read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 3]
    rng = random.Random(seed)
    found = dict.fromkeys(sentences)
    while len(found) < count:
        words = rng.choice(sentences).rstrip(".!?").split()
        size = rng.randint(3, min(24, len(words)))
        start = rng.randint(0, len(words) - size)
        window = words[start : start + size]
        if rng.random() < 0.2:
            window.insert(rng.randrange(len(window) + 1), rng.choice(["%(file_name)s", "{count}", "%s"]))
        window[0] = window[0][:1].upper() + window[0][1:]
        found[" ".join(window).rstrip(",;:") + rng.choice(".....?!")] = None
    segments = list(found)[:count]
    rng.shuffle(segments)
    return segments


class _Bounded:
    """Argos's translator with loc's bound on output length (Argos passes none)."""

    def __init__(self, translator):
        self.translator = translator
        self.calls = 0

    def translate_batch(self, source, *args, **options):
        self.calls += 1
        options["max_decoding_length"] = 2 * max(map(len, source)) + 10
        return self.translator.translate_batch(source, *args, **options)


def _argos_runner(segments: list[str], inter: int, intra: int):
    """Argos's public per-call path; its translator is the one Argos builds, plus the bound.
    Each runner has its own translator, swapped in for its round."""
    import ctranslate2
    from argostranslate import settings, translate

    underlying = translate.get_translation_from_codes("en", "de").underlying
    bounded = _Bounded(
        ctranslate2.Translator(
            str(underlying.pkg.package_path / "model"),
            device=settings.device,
            inter_threads=inter,
            intra_threads=intra,
        )
    )
    underlying.translator = bounded
    translate.translate("Warm up the sentence splitter.", "en", "de")

    def once() -> tuple[float, list[str]]:
        underlying.translator = bounded
        calls = bounded.calls
        start = time.perf_counter()
        texts = [translate.translate(segment, "en", "de") for segment in segments]
        rate = len(segments) / (time.perf_counter() - start)
        assert bounded.calls - calls >= len(segments), "Argos did not use the bounded translator"
        return rate, texts

    return once


# Loaded into the `loc` child through PYTHONPATH: times the parts of one run on the system's
# monotonic clock (shared with this process), written as JSON to $LOC_BENCH_SPLIT at exit.
SHIM = """
import atexit, json, os, time

_split = {"started": time.monotonic(), "engine": 0.0, "load": 0.0, "open": 0.0, "save": 0.0,
          "calls": 0, "step_start": None, "step_end": None}


def _timed(owner, name, key, count=False):
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        start = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            _split[key] += time.monotonic() - start
            if count:
                _split["calls"] += 1

    setattr(owner, name, timed)


def _step(original):
    def timed(*args, **kwargs):
        _split["step_start"] = time.monotonic()
        try:
            return original(*args, **kwargs)
        finally:
            _split["step_end"] = time.monotonic()

    return timed


def _install():
    from loc.catalog.po import Catalog
    from loc.engines.argos import ArgosEngine, _Leg
    from loc.project import Project
    from loc.steps import translate

    _split["imported"] = time.monotonic()
    _timed(ArgosEngine, "translate", "engine", count=True)
    _timed(_Leg, "__init__", "load")
    _timed(Project, "open_catalog", "open")
    _timed(Catalog, "save", "save")
    translate.translate_language = _step(translate.translate_language)


def _write():
    _split["exit"] = time.monotonic()
    with open(os.environ["LOC_BENCH_SPLIT"], "w") as out:
        json.dump(_split, out)


if os.environ.get("LOC_BENCH_SPLIT"):
    _install()
    atexit.register(_write)
"""


def end_to_end(args: argparse.Namespace, home: Path) -> None:
    from loc import protect
    from loc.engines.argos import ArgosEngine

    print(
        f"\n== end to end: `loc translate --lang de` on {args.document} sentences; {load_average()}",
        flush=True,
    )
    shim = home / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(SHIM)
    base = home / "project"
    sentences = make_segments(args.document, seed=11)
    _make_project(base, sentences)
    extract = _loc(["extract"], base)
    msgids = _msgids(base)
    print(
        f"document: {len(sentences)} sentences -> {len(msgids)} POT entries; "
        f"loc extract {extract['wall']:.1f} s"
    )
    masked = [protect.mask(m).text for m in msgids]  # what the CLI hands the engine (no glossary)
    engine = ArgosEngine("en", "de", beam_size=args.beam)  # the CLI's settings
    engine.translate(masked[:4])  # loads the model, warms up
    engine_rates, cli_rates, ratios = [], [], []
    for round_ in range(1, args.e2e_repeat + 1):
        start = time.perf_counter()
        engine.translate(masked)
        engine_rates.append(len(masked) / (time.perf_counter() - start))
        work = home / f"round-{round_}"
        shutil.copytree(base, work)
        cli = _loc(["translate", "--lang", "de", "--json"], work, shim)
        [report] = json.loads(cli["stdout"])["languages"]
        cli_rates.append(len(msgids) / cli["wall"])
        ratios.append(cli_rates[-1] / engine_rates[-1])
        print(
            f"round {round_}: engine-only {engine_rates[-1]:6.2f} seg/s  "
            f"end to end {cli_rates[-1]:6.2f} seg/s "
            f"({cli['wall']:.1f} s)  ratio {ratios[-1]:5.2f}x (goal >= 0.9)  --json sent {report['sent']}, "
            f"translated {report['translated']} | {load_average()}",
            flush=True,
        )
        print(_split_line(cli))
    if args.e2e_repeat > 1:
        print(
            f"end to end best {max(cli_rates):.2f} median {statistics.median(cli_rates):.2f} seg/s; "
            "engine-only "
            f"best {max(engine_rates):.2f} median {statistics.median(engine_rates):.2f}; ratio median "
            f"{statistics.median(ratios):.2f}x"
        )
    # one sentence edited, in the last round's translated project
    edited = _edit_one(work / "source" / "document.txt")
    extract = _loc(["extract"], work)
    print(f"edited one sentence ({edited!r}); loc extract {extract['wall']:.2f} s")
    fuzzy = _loc(["translate", "--lang", "de", "--fuzzy", "--json"], work, shim)
    [report] = json.loads(fuzzy["stdout"])["languages"]
    print(
        f"loc translate --fuzzy: sent {report['sent']} (goal 1), translated {report['translated']};\n"
        f"{_split_line(fuzzy)}"
    )
    if args.profile:
        _profile(base, home)


def _make_project(root: Path, sentences: list[str]) -> None:
    """One text document: paragraphs of up to five sentences, each paragraph checked to
    split back into exactly its sentences under loc's own rules."""
    from loc import segment

    paragraphs: list[list[str]] = [[]]
    for sentence in sentences:
        current = paragraphs[-1]
        if len(current) < 5 and segment.split(" ".join([*current, sentence])) == [*current, sentence]:
            current.append(sentence)
        else:
            paragraphs.append([sentence])
    (root / "source").mkdir(parents=True)
    text = "\n\n".join(" ".join(p) for p in paragraphs if p) + "\n"
    (root / "source" / "document.txt").write_text(text, encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.loc]\nlanguages = ["de"]\n', encoding="utf-8")


def _msgids(root: Path) -> list[str]:
    import polib

    [pot] = (root / "locales").rglob("*.pot")
    return [e.msgid for e in polib.pofile(str(pot)) if e.msgid and not e.obsolete]


def _edit_one(document: Path) -> str:
    text = document.read_text(encoding="utf-8")
    words = text.split(" ")
    index = next(i for i in range(len(words) // 2, len(words)) if words[i].isalpha() and len(words[i]) > 4)
    old = words[index]
    words[index] = old[::-1]
    document.write_text(" ".join(words), encoding="utf-8")
    return f"{old} -> {words[index]}"


def _loc(arguments: list[str], root: Path, shim: Path | None = None) -> dict:
    """`loc ARGS -C root` as a child process: its wall time, stdout and (with `shim`) its split."""
    env = dict(os.environ)
    split = root / ".bench-split.json"
    if shim is not None:
        env["PYTHONPATH"] = str(shim)
        env["LOC_BENCH_SPLIT"] = str(split)
    start = time.monotonic()
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "loc"), *arguments, "-C", str(root)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    end = time.monotonic()
    if done.returncode != 0:
        raise SystemExit(
            f"loc {' '.join(arguments)} failed ({done.returncode}): {done.stderr.strip()[-500:]}"
        )
    result = {"wall": end - start, "stdout": done.stdout, "spawned": start, "ended": end}
    if shim is not None:
        result["split"] = json.loads(split.read_text())
        split.unlink()
    return result


def _split_line(run: dict) -> str:
    """Where one CLI run's wall time went, from the shim's clock readings."""
    s = run["split"]
    step = s["step_end"] - s["step_start"]
    engine = s["engine"] - s["load"]  # the model loads inside the engine's first call
    rest = step - s["engine"] - s["open"] - s["save"]
    parts = {
        "interpreter": s["started"] - run["spawned"],
        "imports": s["imported"] - s["started"],
        "CLI imports, config, lock, route": s["step_start"] - s["imported"],
        "open catalogs": s["open"],
        "model load": s["load"],
        f"engine ({s['calls']} calls)": engine,
        "masking, checks, filling": rest,
        "saving": s["save"],
        "after step (report, exit)": run["ended"] - s["step_end"],
    }
    shown = ", ".join(f"{name} {value:.2f}" for name, value in parts.items())
    return f"  split of {run['wall']:.2f} s: {shown}; engine share {engine / run['wall']:.1%}"


def _profile(base: Path, home: Path) -> None:
    """The CLI once more under cProfile (a fresh copy): the top functions by own time
    outside CTranslate2's decoding, and by cumulative time."""
    import pstats

    work = home / "profile"
    shutil.copytree(base, work)
    stats = home / "cli.prof"
    command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "cProfile", "-o", str(stats)]
    command += ["-m", "loc", "translate", "--lang", "de", "-C", str(work)]
    start = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    print(f"\n== cProfile of the CLI run ({time.monotonic() - start:.1f} s under the profiler)")
    shown = pstats.Stats(str(stats))
    shown.sort_stats("cumulative").print_stats(25)
    shown.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
