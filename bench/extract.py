"""Extract and merge at scale: loc against txt2po (translate-toolkit), po4a, msgmerge and msgcat.

The corpus is one text of paragraphs whose sentences recombine the statement's sentences
(bench/data/statement.txt, fixed seed): many near-duplicates, some with numbers, the case
that makes fuzzy matching work hard. For every size it times, interleaving loc with its
peers so all see the same machine:

  fresh POT            no catalogs yet, no languages
  fresh POT + N PO     no catalogs yet, N languages
  no-op                the same source again (catalogs translated)
  one sentence edited  one word of one sentence changed
  2% edited            1.4% of sentences get a word changed, 0.6% a number changed
  merge in-process     loc's model.merge (timed alone, in a child) vs msgmerge on the files
  translator's save    one msgstr changed in each PO, then extract (msgmerge on the same files)
  status               loc status vs msgfmt --statistics on each PO
  check                loc check vs pofilter and msgfmt -c on each PO
  compile              loc compile (documents and MO files) vs po4a-translate + msgfmt per language
  translate, no work   loc translate --all on the reviewed catalogs (Argos, no model installed)
  lines changed        (untimed) one German PO of unreviewed machine suggestions, as `loc
                       translate` leaves it, and one of reviewed translations: the diff lines
                       of loc extract and of msgmerge, plain and --previous (on loc's new
                       POT), for one edited sentence and for the 2% edit (`--lines-only`:
                       just this)

loc runs as `loc extract -C DIR`. txt2po and po4a update their own catalogs (one unit per
paragraph); msgmerge gets loc's new POT and loc's catalogs (the merge alone, no
segmenting); msgcat reads and writes loc's resulting catalogs (GNU's I/O floor). Ratios
are against loc (peer / loc: above 1 means loc is faster). A missing peer prints n/a.

    .venv/bin/python bench/extract.py [--sizes 2000,10000] [--repeat 3] [--langs 3] [--lines-only]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
from common import Timings, load_average, ratio, run

ROOT = Path(__file__).resolve().parent.parent
# bench/translation.py would shadow translate-toolkit, which loc imports
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
STATEMENT = ROOT / "bench" / "data" / "statement.txt"
VENV = ROOT / ".venv" / "bin"
LOC = str(VENV / "loc")
LANGUAGES = ["de", "fr", "es", "it", "pt", "nl", "pl", "sv"]
NUMBER = re.compile(r"\d+")
MERGE_CHILD = """
import sys, time, json
from pathlib import Path
from loc.catalog import model, po
old, pot = po.load(Path(sys.argv[1])), po.load(Path(sys.argv[2]))
start = time.perf_counter()
merged, report = model.merge(old.po, pot.po, source_lang="en", threshold=0.6)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "fuzzy": report.fuzzy, "vetoed": report.vetoed, "new": report.new}))
"""


# ---- corpus -----------------------------------------------------------------------------


def corpus(size: int, seed: int = 10) -> list[list[str]]:
    """`size` distinct sentences in paragraphs of 3 to 7, spliced from the statement's."""
    from loc.segment import split

    pool = [s.split() for s in split(STATEMENT.read_text(encoding="utf-8")) if len(s.split()) >= 6]
    pool = [[w.rstrip(".!?") if i < len(words) - 1 else w for i, w in enumerate(words)] for words in pool]
    words = sorted({w for s in pool for w in s if w.isalpha()})
    rng = random.Random(seed)
    seen: dict[str, None] = {}
    while len(seen) < size:
        a, b = rng.choice(pool), rng.choice(pool)
        head, tail = a[: rng.randint(3, len(a) - 2)], b[rng.randint(2, len(b) - 3) :]
        body = [w for w in head + tail if w.strip(".!?")]
        if rng.random() < 0.3:
            body.insert(rng.randint(1, len(body) - 1), f"in {rng.randint(1990, 2030)}")
        if rng.random() < 0.2:
            body.insert(rng.randint(1, len(body) - 1), rng.choice(words))
        text = " ".join(body).rstrip(".!?,;: ")
        seen[text[0].upper() + text[1:] + "."] = None
    sentences = list(seen)
    paragraphs = []
    while sentences:
        take = rng.randint(3, 7)
        paragraphs.append(sentences[:take])
        sentences = sentences[take:]
    return paragraphs


def edited(paragraphs: list[list[str]], words: int, numbers: int, seed: int = 11) -> list[list[str]]:
    """A copy with `words` sentences given one changed word and `numbers` a changed number."""
    rng = random.Random(seed)
    places = [(p, s) for p, para in enumerate(paragraphs) for s in range(len(para))]
    chosen = rng.sample(places, words + numbers)
    result = [list(para) for para in paragraphs]
    vocabulary = ["settlement", "regulator", "platform", "market", "agency", "lawsuit", "industry"]
    for n, (p, s) in enumerate(chosen):
        sentence = result[p][s]
        if n < words:
            tokens = sentence.split()
            i = rng.randrange(1, len(tokens) - 1)
            tokens[i] = rng.choice(vocabulary)
            result[p][s] = " ".join(tokens)
        elif NUMBER.search(sentence):
            result[p][s] = NUMBER.sub(lambda m: str(int(m.group()) + 1), sentence, count=1)
        else:
            result[p][s] = sentence[:-1] + " in 2021."
    return result


def text(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs) + "\n"


# ---- catalogs ---------------------------------------------------------------------------


def units(path: Path) -> tuple[int, int]:
    """(entries, fuzzy entries) of a PO file, header and obsolete entries left out."""
    if not path.exists():
        return 0, 0
    lines = path.read_text(encoding="utf-8").splitlines()
    entries = sum(1 for line in lines if line.startswith("msgid "))
    fuzzy = sum(1 for line in lines if line.startswith("#,") and "fuzzy" in line)
    return max(entries - 1, 0), fuzzy


def changed_lines(before: Path, after: Path) -> int | None:
    if not after.exists():
        return None
    if not before.exists():
        return len(after.read_text(encoding="utf-8").splitlines())
    out = subprocess.run(["diff", str(before), str(after)], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if line[:2] in ("< ", "> "))


def translate_all(paths: list[Path], loc_writer: bool) -> None:
    """Give every entry a translation, as a reviewed catalog would have."""
    for path in paths:
        if loc_writer:
            from loc.catalog import po

            catalog = po.load(path)
            for entry in catalog.po:
                if entry.msgid:
                    entry.msgstr = "«" + entry.msgid + "»"
            catalog.save()
        else:
            catalog = polib.pofile(str(path), wrapwidth=79)
            for entry in catalog:
                entry.msgstr = "«" + entry.msgid + "»"
            catalog.save()


# ---- tools ------------------------------------------------------------------------------


@dataclass
class Tool:
    """How one tool does one scenario: commands run in the project, the catalogs it writes
    (relative paths; the first one counts units)."""

    name: str
    commands: Callable[[list[str]], list[list[str]]]
    outputs: Callable[[list[str]], list[str]]
    compare: bool = True  # whether its outputs are updates of catalogs in the project


def po_path(lang: str) -> str:
    return f"locales/{lang}/LC_MESSAGES/doc.po"


LOC_TOOL = Tool(
    "loc",
    lambda langs: [[LOC, "extract", "-C", "."]],
    lambda langs: [po_path(lang) for lang in langs] or ["locales/doc.pot"],
)


def txt2po(fresh: bool) -> Tool:
    def commands(langs: list[str]) -> list[list[str]]:
        steps = [[str(VENV / "txt2po"), "-P", "source/doc.txt", "tt/doc.pot"]]
        for lang in langs:
            template = [] if fresh else ["-t", f"tt/{lang}.po"]
            steps.append([str(VENV / "pot2po"), *template, "-i", "tt/doc.pot", "-o", f"tt/{lang}.new.po"])
            steps.append(["mv", f"tt/{lang}.new.po", f"tt/{lang}.po"])
        return steps

    return Tool("txt2po", commands, lambda langs: [f"tt/{lang}.po" for lang in langs] or ["tt/doc.pot"])


def po4a() -> Tool:
    def commands(langs: list[str]) -> list[list[str]]:
        targets = [arg for lang in langs for arg in ("-p", f"p4/{lang}.po")] or ["-p", "p4/doc.pot"]
        return [["po4a-updatepo", "-f", "text", "-M", "UTF-8", "-m", "source/doc.txt", *targets]]

    return Tool(
        "po4a-updatepo", commands, lambda langs: [f"p4/{lang}.po" for lang in langs] or ["p4/doc.pot"]
    )


def msgmerge(fuzzy: bool) -> Tool:
    def commands(langs: list[str]) -> list[list[str]]:
        flags = ["-q"] if fuzzy else ["-q", "-N"]
        return [["msgmerge", *flags, "-U", "--backup=off", po_path(lang), "new.pot"] for lang in langs]

    return Tool(
        "msgmerge" if fuzzy else "msgmerge -N", commands, lambda langs: [po_path(lang) for lang in langs]
    )


def msginit() -> Tool:
    def commands(langs: list[str]) -> list[list[str]]:
        return [
            ["msginit", "--no-translator", "-l", lang, "-i", "new.pot", "-o", f"gi/{lang}.po"]
            for lang in langs
        ]

    return Tool("msginit", commands, lambda langs: [f"gi/{lang}.po" for lang in langs])


def msgcat() -> Tool:
    """Reads and writes the catalogs loc produced: the floor for catalog I/O in C."""

    def commands(langs: list[str]) -> list[list[str]]:
        files = ["after/locales/doc.pot"] + [f"after/{po_path(lang)}" for lang in langs]
        return [["msgcat", "-o", f"gc/{i}.po", name] for i, name in enumerate(files)]

    return Tool("msgcat", commands, lambda langs: ["gc/0.po"], compare=False)


# ---- scenarios --------------------------------------------------------------------------


def write_project(folder: Path, paragraphs: list[list[str]], langs: list[str]) -> None:
    (folder / "source").mkdir(parents=True, exist_ok=True)
    (folder / "source" / "doc.txt").write_text(text(paragraphs), encoding="utf-8")
    listed = ", ".join(f'"{lang}"' for lang in langs)
    (folder / "pyproject.toml").write_text(f'[tool.loc]\nlanguages = [{listed}]\nengine = "pseudo"\n')
    for sub in ("tt", "p4", "gi", "gc"):
        (folder / sub).mkdir(exist_ok=True)


def prepare(folder: Path, paragraphs: list[list[str]], langs: list[str], timeout: float) -> None:
    """A project whose catalogs (loc's, txt2po's, po4a's) are made and translated."""
    write_project(folder, paragraphs, langs)
    for tool, update in ((LOC_TOOL, LOC_TOOL), (txt2po(fresh=True), txt2po(fresh=False)), (po4a(), po4a())):
        outcome = run(tool.commands(langs), folder, timeout)
        if outcome.error:
            print(f"  ({tool.name} could not make its catalogs: {outcome.error})")
            continue
        outputs = [folder / path for path in tool.outputs(langs)]
        translate_all([p for p in outputs if p.exists()], loc_writer=tool is LOC_TOOL)
        run(update.commands(langs), folder, timeout)  # the catalogs in the tool's own layout


def scenario(
    title: str,
    before: Path | None,
    paragraphs: list[list[str]],
    langs: list[str],
    tools: list[Tool],
    args: argparse.Namespace,
    work: Path,
) -> None:
    """Time every tool on copies of `before` (or an empty project) with `paragraphs` as the source."""
    # loc's result, untimed: the POT msgmerge/msginit merge with and the catalogs msgcat copies
    reference = work / "reference"
    fresh_copy(before, reference, paragraphs, langs)
    made = run(LOC_TOOL.commands(langs), reference, args.timeout)
    if made.error:
        print(f"\n  {title}: loc failed, so no template for msgmerge/msginit/msgcat ({made.error})")
    timings = {tool.name: Timings() for tool in tools}
    results: dict[str, tuple] = {}
    for _ in range(args.repeat):
        for tool in tools:  # interleaved: each repeat runs every tool once
            project = work / "run"
            fresh_copy(before, project, paragraphs, langs)
            if (reference / "locales" / "doc.pot").exists():
                shutil.copy(reference / "locales" / "doc.pot", project / "new.pot")
                shutil.copytree(reference / "locales", project / "after" / "locales")
            outcome = run(tool.commands(langs), project, args.timeout)
            timings[tool.name].runs.append(outcome)
            if not outcome.error:
                outputs = tool.outputs(langs)
                before_root = before if before is not None else project / "none"
                results[tool.name] = (
                    units(project / outputs[0]),
                    [changed_lines(before_root / path, project / path) for path in outputs]
                    if tool.compare
                    else [None],
                )
    report(title, tools, timings, results)


def read_side(before: Path, paragraphs: list[list[str]], langs: list[str], args, work: Path) -> None:
    """The commands that read catalogs, on the translated project, against GNU, translate-
    toolkit and po4a on the same catalogs (po4a on its own, which it needs)."""
    first = [po_path(langs[0])]
    quiet = "/dev/null"

    def each(template: Callable[[str], list[str]]) -> Callable[[list[str]], list[list[str]]]:
        return lambda langs: [template(lang) for lang in langs]

    def shell(command: str) -> list[str]:  # loc check's exit code says whether errors were found
        return ["sh", "-c", f"{command} >/dev/null; true"]

    status = [
        Tool("loc", lambda langs: [[LOC, "status", "-C", "."]], lambda langs: first, compare=False),
        Tool(
            "msgfmt --statistics",
            each(lambda lang: ["msgfmt", "--statistics", "-o", quiet, po_path(lang)]),
            lambda langs: first,
            compare=False,
        ),
    ]
    scenario("status (read only)", before, paragraphs, langs, status, args, work)
    check = [
        Tool("loc", lambda langs: [shell(f"{LOC} check -C .")], lambda langs: first, compare=False),
        Tool(
            "pofilter",
            each(lambda lang: [str(VENV / "pofilter"), "-i", po_path(lang), "-o", f"gc/{lang}.po"]),
            lambda langs: first,
            compare=False,
        ),
        Tool(
            "msgfmt -c",
            each(lambda lang: ["msgfmt", "-c", "-o", quiet, po_path(lang)]),
            lambda langs: first,
            compare=False,
        ),
    ]
    scenario("check (all translated)", before, paragraphs, langs, check, args, work)

    def po4a_compile(langs: list[str]) -> list[list[str]]:
        steps = []
        for lang in langs:
            steps.append(
                [
                    "po4a-translate",
                    "-f",
                    "text",
                    "-M",
                    "UTF-8",
                    "-m",
                    "source/doc.txt",
                    "-p",
                    f"p4/{lang}.po",
                    "-l",
                    f"gc/{lang}.txt",
                    "-k",
                    "0",
                ]
            )
            steps.append(["msgfmt", "-o", f"gc/{lang}.mo", po_path(lang)])
        return steps

    compile_tools = [
        Tool("loc", lambda langs: [[LOC, "compile", "-C", "."]], lambda langs: first, compare=False),
        Tool("po4a-translate+msgfmt", po4a_compile, lambda langs: first, compare=False),
    ]
    scenario("compile (documents + MO)", before, paragraphs, langs, compile_tools, args, work)
    nothing = [
        Tool(
            "loc",
            lambda langs: [[LOC, "translate", "--all", "--engine", "argos", "-C", "."]],
            lambda langs: first,
        ),
        Tool("loc status", lambda langs: [[LOC, "status", "-C", "."]], lambda langs: first, compare=False),
    ]
    scenario("translate --all, nothing to do (vs loc status)", before, paragraphs, langs, nothing, args, work)
    saved = work / "saved"
    shutil.rmtree(saved, ignore_errors=True)
    shutil.copytree(before, saved)
    for lang in langs:  # a translator's save: one translation changed, the file as the tool wrote it
        path = saved / po_path(lang)
        text = path.read_text(encoding="utf-8")
        at = text.index('msgstr "«', len(text) // 2)
        path.write_text(text[:at] + 'msgstr "«edited ' + text[at + len('msgstr "«') :], encoding="utf-8")
    savers = [LOC_TOOL, msgmerge(True), msgmerge(False)]
    scenario("translator's save, then extract", saved, paragraphs, langs, savers, args, work)


def fresh_copy(before: Path | None, target: Path, paragraphs: list[list[str]], langs: list[str]) -> None:
    shutil.rmtree(target, ignore_errors=True)
    if before is None:
        target.mkdir(parents=True)
    else:
        shutil.copytree(before, target)
    write_project(target, paragraphs, langs)


def report(title: str, tools: list[Tool], timings: dict[str, Timings], results: dict[str, tuple]) -> None:
    print(f"\n  {title}")
    loc = timings["loc"]
    loc_median = None if loc.error else loc.median
    for tool in tools:
        t = timings[tool.name]
        if t.error:
            print(f"    {tool.name:22} n/a ({t.error})")
            continue
        (entries, fuzzy), changes = results[tool.name]
        lines = "/".join("-" if n is None else str(n) for n in changes)
        versus = "" if tool.name == "loc" else ratio(t.median, loc_median)
        print(
            f"    {tool.name:22}{t.best:9.2f}{t.median:9.2f}{versus:>9}{t.rss_mib:9.0f}"
            f"{entries:>9}{fuzzy:>7}   {lines}"
        )


def merge_in_process(before: Path, paragraphs: list[list[str]], args: argparse.Namespace, work: Path) -> None:
    """loc's model.merge on one catalog, timed inside a child, against msgmerge on the same files."""
    reference = work / "reference"
    fresh_copy(before, reference, paragraphs, ["de"])
    run(LOC_TOOL.commands(["de"]), reference, args.timeout)  # the new POT
    old = before / po_path("de")
    pot = reference / "locales" / "doc.pot"
    python = str(VENV / "python")
    commands = {
        "loc model.merge": [[python, "-c", MERGE_CHILD, str(old), str(pot)]],
        "msgmerge": [["msgmerge", "-q", "-o", "out.po", str(old), str(pot)]],
        "msgmerge -N": [["msgmerge", "-q", "-N", "-o", "out.po", str(old), str(pot)]],
    }
    timings = {name: Timings() for name in commands}
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    detail = {}
    for _ in range(args.repeat):
        for name, argv in commands.items():
            outcome = run(argv, work, args.timeout)
            timings[name].runs.append(outcome)
            if outcome.error:
                continue
            if name.startswith("loc"):
                import json

                data = json.loads(outcome.stdout)
                seconds[name].append(data["seconds"])
                detail[name] = f"fuzzy {data['fuzzy']}, vetoed {data['vetoed']}, new {data['new']}"
            else:
                seconds[name].append(outcome.seconds)
                detail[name] = f"fuzzy {units(work / 'out.po')[1]}"
    print("\n  merge in-process, one language after the 2% edit (loc: model.merge alone; GNU: whole process)")
    base = sorted(seconds["loc model.merge"])
    loc_median = base[len(base) // 2] if base else None
    for name in commands:
        if timings[name].error:
            print(f"    {name:16} n/a ({timings[name].error})")
            continue
        values = sorted(seconds[name])
        median = values[len(values) // 2]
        versus = "" if name.startswith("loc") else ratio(median, loc_median)
        print(
            f"    {name:16}{values[0]:9.2f}{median:9.2f}{versus:>9}"
            f"{timings[name].rss_mib:9.0f}   {detail[name]}"
        )


def suggest_all(path: Path, reviewed: bool) -> None:
    """Every entry translated: reviewed, or a fuzzy machine suggestion with its origin."""
    from loc.catalog import notes, po

    catalog = po.load(path)
    for entry in catalog.po:
        entry.msgstr = "«" + entry.msgid + "»"
        if not reviewed:
            entry.flags = ["fuzzy"]
            notes.set_origin(entry, notes.Provenance("argos", "bench@1", -0.5, notes.digest(entry.msgstr)))
    catalog.save()


def lines_changed(size: int, args: argparse.Namespace) -> None:
    """Diff lines per PO after an edit: loc extract against msgmerge on the same files."""
    paragraphs = corpus(size)
    words, numbers = round(size * 0.014), round(size * 0.006)
    edits = {
        "one sentence edited": edited(paragraphs, 1, 0),
        f"2% edited ({words + numbers})": edited(paragraphs, words, numbers),
    }
    print(f"\n  lines changed in one PO, {size} sentences (diff lines: removed + added)")
    print(f"    {'catalog':<24}{'edit':<22}{'loc':>12}{'msgmerge':>12}{'--previous':>12}")
    with tempfile.TemporaryDirectory(prefix="loc-bench-lines-") as tmp:
        work = Path(tmp)
        for state, reviewed in (("machine suggestions", False), ("reviewed", True)):
            before = work / state.replace(" ", "-")
            write_project(before, paragraphs, ["de"])
            run(LOC_TOOL.commands(["de"]), before, args.timeout)
            suggest_all(before / po_path("de"), reviewed)
            run(LOC_TOOL.commands(["de"]), before, args.timeout)  # settled: a no-op from here
            for title, changed in edits.items():
                reference = work / "reference"  # the template loc makes of the edited document
                fresh_copy(before, reference, changed, ["de"])
                run(LOC_TOOL.commands(["de"]), reference, args.timeout)
                pot = str(reference / "locales" / "doc.pot")
                counts = {}
                for tool, argv in (
                    ("loc", LOC_TOOL.commands(["de"])),
                    ("msgmerge", [["msgmerge", "-q", "-U", "--backup=off", po_path("de"), pot]]),
                    (
                        "--previous",
                        [["msgmerge", "-q", "-U", "--previous", "--backup=off", po_path("de"), pot]],
                    ),
                ):
                    project = work / "run"
                    fresh_copy(before, project, changed, ["de"])
                    outcome = run(argv, project, args.timeout)
                    failed = outcome.error or None
                    counts[tool] = (
                        None if failed else changed_lines(before / po_path("de"), project / po_path("de"))
                    )
                shown = ["n/a" if n is None else str(n) for n in counts.values()]
                print(f"    {state:<24}{title:<22}" + "".join(f"{n:>12}" for n in shown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000", help="sentences per corpus, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--langs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per command before n/a")
    parser.add_argument(
        "--only",
        choices=["all", "extract", "read"],
        default="all",
        help="the extract scenarios or the readers",
    )
    parser.add_argument("--lines-only", action="store_true", help="only the lines-changed comparison")
    args = parser.parse_args()
    if args.lines_only:
        for size in (int(s) for s in args.sizes.split(",")):
            lines_changed(size, args)
        return
    langs = LANGUAGES[: args.langs]
    print(f"{load_average()}; {args.repeat} repeats, interleaved; {len(langs)} languages")
    print(
        "  columns: min s, median s, peer/loc median, peak RSS MiB, units (first catalog), fuzzy, "
        "lines changed per catalog"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        paragraphs = corpus(size)
        one = edited(paragraphs, 1, 0)
        words, numbers = round(size * 0.014), round(size * 0.006)
        two_percent = edited(paragraphs, words, numbers)
        print(f"\n== {size} sentences, {len(paragraphs)} paragraphs, {len(text(paragraphs))} characters")
        with tempfile.TemporaryDirectory(prefix="loc-bench-") as tmp:
            work = Path(tmp)
            updaters = [LOC_TOOL, txt2po(fresh=False), po4a(), msgmerge(True), msgmerge(False), msgcat()]
            before = work / "before"
            if args.only == "read":
                prepare(before, paragraphs, langs, args.timeout)
                read_side(before, paragraphs, langs, args, work)
                print(f"  {load_average()}")
                continue
            scenario(
                "fresh POT", None, paragraphs, [], [LOC_TOOL, txt2po(True), po4a(), msgcat()], args, work
            )
            creators = [LOC_TOOL, txt2po(True), po4a(), msginit(), msgcat()]
            scenario(f"fresh POT + {len(langs)} PO", None, paragraphs, langs, creators, args, work)
            prepare(before, paragraphs, langs, args.timeout)
            scenario("no-op extract", before, paragraphs, langs, updaters, args, work)
            scenario("one sentence edited", before, one, langs, updaters, args, work)
            scenario(
                f"2% edited ({words} words, {numbers} numbers)",
                before,
                two_percent,
                langs,
                updaters,
                args,
                work,
            )
            merge_in_process(before, two_percent, args, work)
            if args.only == "all":
                read_side(before, paragraphs, langs, args, work)
        lines_changed(size, args)
        print(f"  {load_average()}")


if __name__ == "__main__":
    main()
