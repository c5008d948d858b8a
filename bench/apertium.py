"""Real machine translation measured: Apertium (eng-spa) on real documents through loc.

The documents: the press statement, the end-to-end test documents (tests/data/real_mt) and
the real Markdown and HTML documents of tests/data/documents (READMEs and manual pages from
installed packages): together over 500 sentences. For each way of handing protected text to
Apertium, in one run:

  masks as superblanks   loc's way: mask tokens travel as Apertium superblanks (`[XZ0X]`)
  masks as words         the same tokens sent as words (what an engine without blanks gets)
  no masking             the sentences as they are (`protect.mask` a no-op)

it prints the share of segments whose protected tokens (URLs, e-mail addresses,
placeholders, inline tags, do-not-translate terms) all come back byte-identical, the share
`loc check` flags (errors, and errors or warnings), and the problems per check.

False positives: 100 suggestions drawn with a fixed seed from the superblank run, each
flagged problem judged by hand as a real problem or not (bench/data/apertium_labels.json, keyed
by the suggestion's digest; a suggestion that is not there is reported as unlabelled, e.g.
after an Apertium upgrade changed it). `--label` prints the sample to label.

Speed: Apertium's segments/s against Argos's (a random-weight Transformer-base model of
Argos's en→de shape, built offline, as in bench/translation.py) on the same masked segments,
interleaved round by round, with the load average.

    .venv/bin/python bench/apertium.py [--repeat 3] [--argos-segments 48] [--label]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import load_average

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
LABELS = ROOT / "bench" / "data" / "apertium_labels.json"
OUT = ROOT / "bench" / "out"
SHAPE = ["--layers", "6", "--d-model", "512", "--heads", "8", "--ffn", "2048", "--ct2-vocab", "50000"]
WAYS = ("superblanks", "words", "no masking")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the speed comparison")
    parser.add_argument("--argos-segments", type=int, default=48, help="segments per Argos round")
    parser.add_argument("--label", action="store_true", help="print the false-positive sample to label")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="loc-bench-apertium-") as home:
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(home) / name.lower())
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(home) / "packages")
        os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never the network
        results = {way: survival(Path(home) / way.replace(" ", "-"), way) for way in WAYS}
        print_survival(results)
        print_errors(results["superblanks"])
        false_positives(results["superblanks"], label=args.label)
        if args.repeat:
            speed(results["superblanks"]["segments"], args)


# more real prose that every machine set up by scripts/setup-venv test has: the Markdown long
# descriptions of installed packages, and Debian's Python policy (package python3)
INSTALLED = ("rich", "sentencepiece", "pydantic")
DEBIAN = (Path("/usr/share/doc/python3/python-policy.html"),)


def documents() -> list[tuple[str, bytes]]:
    from importlib import metadata

    found = [(p.name, p.read_bytes()) for p in sorted((DATA / "real_mt").iterdir())]
    found.append(("statement.txt", (DATA / "statement.txt").read_bytes()))
    found += [  # Word and OpenDocument files are measured on their own
        (p.name, p.read_bytes())
        for p in sorted((DATA / "documents").glob("*.*"))
        if p.suffix in (".md", ".html") and p.name != "CREDITS.md"
    ]
    for name in INSTALLED:
        try:
            body = metadata.metadata(name).get_payload()
        except metadata.PackageNotFoundError:
            continue
        if body:
            found.append((f"{name}-description.md", body.encode("utf-8")))
    found += [(p.name, p.read_bytes()) for p in DEBIAN if p.exists()]
    return found


def make_project(root: Path) -> None:
    source = root / "source"
    source.mkdir(parents=True)
    for name, data in documents():
        (source / name).write_bytes(data)
    shutil.copy(DATA / "glossary.tbx", root / "glossary.tbx")
    (root / "pyproject.toml").write_text(
        '[tool.loc]\nlanguages = ["es"]\nglossary = "glossary.tbx"\nengines = { es = "apertium" }\n'
    )


def survival(root: Path, way: str) -> dict:
    import loc
    from loc import protect
    from loc.catalog import po
    from loc.engines import apertium
    from loc.steps import check as check_step
    from loc.steps import translate

    make_project(root)
    project = loc.open(root)
    loc.extract(project)
    real_mask, real_engine = protect.mask, translate.engines.create
    if way == "no masking":
        protect.mask = lambda text, terms=(): protect.Masked(text, ())
    if way == "words":
        translate.engines.create = lambda *a, **k: apertium.ApertiumEngine("en", "es", masks_as="words")
    try:
        started = time.perf_counter()
        [report] = loc.translate(project, ["es"]).languages
        seconds = time.perf_counter() - started
    finally:
        protect.mask, translate.engines.create = real_mask, real_engine
    terms = project.dnt_terms()
    entries = [
        (path.name, e)
        for path in sorted(project.config.locales.glob("es/LC_MESSAGES/*.po"))
        for e in po.load(path).po
        if e.msgid and not e.obsolete
    ]
    protected = 0
    damaged = set()
    for name, entry in entries:
        spans = Counter(s.text for s in protect.find(entry.msgid, terms))
        if spans:
            protected += 1
            if not all(entry.msgstr.count(t) >= n for t, n in spans.items()):
                damaged.add((name, entry.msgid))
    found = check_step.check_language(project, "es")  # with each problem's entry and catalog
    by_check = Counter(f.problem.check for f in found)
    errors = {(f.catalog.path.name, f.problem.entry.msgid) for f in found if f.problem.severity == "error"}
    flagged = {(f.catalog.path.name, f.problem.entry.msgid) for f in found}
    error_lines = [
        f"{f.catalog.path.name}:{f.problem.entry.linenum} [{f.problem.check}] {f.problem.message}"
        for f in found
        if f.problem.severity == "error"
    ]
    problems: dict[str, list[tuple[str, str]]] = {}
    for f in found:
        problems.setdefault(f.problem.entry.msgid, []).append((f.problem.check, f.problem.message))
    return {
        "way": way,
        "segments": [e.msgid for _, e in entries],
        "entries": [e for _, e in entries],
        "problems": problems,
        "protected": protected,
        "kept": protected - len(damaged),
        "unflagged": len(damaged - errors),
        "errors": len(errors),
        "flagged": len(flagged),
        "by_check": by_check,
        "error_lines": error_lines,
        "translated": report.translated,
        "seconds": seconds,
    }


def print_survival(results: dict) -> None:
    first = results["superblanks"]
    print(f"documents: {', '.join(name for name, _ in documents())}")
    counts = f"{len(first['segments'])} segments, {first['protected']} with protected tokens"
    print(f"{counts}; load {load_average()}")
    print(
        "| way | protected tokens all kept | damaged, no check error | segments with a check error "
        "| with any problem | by check |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    for way, r in results.items():
        total = len(r["segments"])
        checks = ", ".join(f"{name} {n}" for name, n in sorted(r["by_check"].items()))
        print(
            f"| {way} | {r['kept']}/{r['protected']} ({100 * r['kept'] / r['protected']:.1f}%) "
            f"| {r['unflagged']} "
            f"| {r['errors']}/{total} ({100 * r['errors'] / total:.1f}%) "
            f"| {r['flagged']}/{total} ({100 * r['flagged'] / total:.1f}%) | {checks} |"
        )


def print_errors(result: dict) -> None:
    print(f"\ncheck errors in loc's run ({result['way']}):")
    for line in result["error_lines"]:
        print(f"  {line}")


def _label_key(entry) -> str:
    from loc.catalog import notes

    return notes.digest(entry.msgid + "\x04" + entry.msgstr)


def _tally(entries, problems: dict, labels: dict) -> tuple[Counter[str], Counter[str], int]:
    """Per check: how often it flagged `entries`, how often wrongly by the labels, and how
    many flagged entries have no label."""
    flagged: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    unlabelled = 0
    for entry in entries:
        checks = [check for check, _ in problems.get(entry.msgid, [])]
        key = _label_key(entry)
        if checks and key not in labels:
            unlabelled += 1
            continue
        for check in checks:
            flagged[check] += 1
            wrong[check] += check not in labels[key]
    return flagged, wrong, unlabelled


def false_positives(result: dict, *, label: bool) -> None:
    sample = random.Random(16).sample(result["entries"], 100)
    labels = {k: v for k, v in json.loads(LABELS.read_text()).items() if not k.startswith("_")}
    if label:
        for entry in sample:
            key = _label_key(entry)
            print(
                json.dumps(
                    {
                        "key": key,
                        "msgid": entry.msgid,
                        "msgstr": entry.msgstr,
                        "problems": result["problems"].get(entry.msgid, []),
                    },
                    ensure_ascii=False,
                )
            )
        return
    flagged, wrong, unlabelled = _tally(sample, result["problems"], labels)
    every, every_wrong, every_unlabelled = _tally(result["entries"], result["problems"], labels)
    print(
        f"\nfalse positives, hand-labelled: in a seeded sample of 100 suggestions ({unlabelled} unlabelled), "
        f"and in every suggestion a check flagged ({every_unlabelled} unlabelled):"
    )
    print("| check | flagged in the sample | false positives | flagged in the run | false positives |")
    print("| --- | --- | --- | --- | --- |")
    for check in sorted(every | flagged):
        print(f"| {check} | {flagged[check]} | {wrong[check]} | {every[check]} | {every_wrong[check]} |")


def speed(segments: list[str], args: argparse.Namespace) -> None:
    from loc import protect
    from loc.engines import apertium
    from loc.engines.argos import ArgosEngine, packages

    packages.install_file(_argos_package())
    masked = [protect.mask(s).text for s in segments]
    few = masked[: args.argos_segments]
    rates: dict[str, list[float]] = {"apertium": [], "argos": []}
    engine = apertium.ApertiumEngine("en", "es")
    engine.translate(masked[:1])  # the pipeline's start is not a segment's cost
    argos = ArgosEngine("en", "de")
    argos.translate(few[:1])
    for _ in range(args.repeat):
        started = time.perf_counter()
        engine.translate(masked)
        rates["apertium"].append(len(masked) / (time.perf_counter() - started))
        started = time.perf_counter()
        argos.translate(few)
        rates["argos"].append(len(few) / (time.perf_counter() - started))
    engine.close()
    best = {name: max(r) for name, r in rates.items()}
    median = {name: statistics.median(r) for name, r in rates.items()}
    print(
        f"\nspeed, {args.repeat} interleaved rounds ({len(masked)} segments for Apertium, {len(few)} for "
        f"Argos's random Transformer-base, beam 4); load {load_average()}"
    )
    print("| engine | best segments/s | median segments/s | median vs Argos |")
    print("| --- | --- | --- | --- |")
    for name in rates:
        print(f"| {name} | {best[name]:.1f} | {median[name]:.1f} | {median[name] / median['argos']:.1f}x |")


def _argos_package() -> Path:
    folder = OUT / "transformer-base-nosbd"
    package = folder / "translate-en_de-1_0.argosmodel"
    if not package.exists():
        print("building the Argos model (a few seconds)...", flush=True)
        command = [
            sys.executable,
            str(ROOT / "tests" / "support" / "build_argosmodel.py"),
            "--out-dir",
            str(folder),
            "--corpus",
            str(DATA / "statement.txt"),
            "--sp-vocab",
            "300",
            "--mode",
            "random",
            "--version",
            "1.0",
            *SHAPE,
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return package


if __name__ == "__main__":
    main()
