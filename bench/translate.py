"""How fast is loc's Argos engine? Three ways through the same model, same decoding settings:

  1. loc       `ArgosEngine.translate(segments)`: length-sorted batches, parallel on inter_threads
  2. argos     `argostranslate.translate.translate(segment, "en", "de")`, one call per segment
  3. raw       `Translator.translate_batch` on pre-tokenised, pre-sorted batches (the ceiling)

The model has the shape and cost of Argos's standard en→de package (Transformer-base: 6+6
layers, d_model 512, 8 heads, FFN 2048, 50k vocabulary, int8) with random weights, built
offline by tests/support/build_argosmodel.py (with a MiniSBD splitter, so Argos's own path
runs offline; that needs `pip install onnx`). Random weights never emit the end token, so
every output runs to `max_decoding_length`: all three paths get the same bound, 2 x the
longest source in the batch + 10 tokens. Argos sets no bound of its own, so its translator is
wrapped to pass that bound (per call, from the call's own sentence); beam size and length
penalty match (Argos's settings and its hard-coded 0.2). Argos runs twice: with loc's thread
settings, and with its own defaults (inter_threads 1, intra_threads 0 = all cores).

    .venv/bin/python bench/translate.py [--segments 1000] [--argos-segments 100]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT / "tests" / "support" / "build_argosmodel.py"
CORPUS = ROOT / "tests" / "data" / "statement.txt"
OUT = ROOT / "bench" / "out"
SHAPE = ["--layers", "6", "--d-model", "512", "--heads", "8", "--ffn", "2048", "--ct2-vocab", "50000"]


def main() -> None:
    from loc.engines.argos import MAX_BATCH_SIZE, default_threads

    inter, intra = default_threads()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--argos-segments", type=int, default=100, help="subset for Argos's path; 0 skips")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch", type=int, default=MAX_BATCH_SIZE, help="max_batch_size for loc and raw")
    parser.add_argument("--inter", type=int, default=inter)
    parser.add_argument("--intra", type=int, default=intra)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="loc-bench-argos-") as home:
        _isolate_argos(Path(home), args.beam)  # before anything imports argostranslate
        run(args)


def run(args: argparse.Namespace) -> None:
    from loc.engines.argos import packages

    package = _build_package()
    packages.install_file(package)
    segments = make_segments(args.segments)
    print(
        f"model: {package.name} (random Transformer-base, int8); {len(segments)} segments, "
        f"beam {args.beam}, batch {args.batch}, inter_threads {args.inter}, intra_threads {args.intra}, "
        f"{os.cpu_count()} cores"
    )

    loc_rate, loc_texts = bench_loc(segments, args)
    raw_rate, raw_texts = bench_raw(segments, args)
    same = sum(a == b for a, b in zip(loc_texts, raw_texts, strict=True))
    print(f"loc and raw outputs identical: {same}/{len(segments)}")
    print(f"(1) loc    {loc_rate:8.2f} seg/s")
    argos = segments[: args.argos_segments]
    if argos:
        matched = bench_argos(argos, args.inter, args.intra)
        defaults = bench_argos(argos, 1, 0)
        subset = f"first {len(argos)} segments"
        print(f"(2) argos  {matched:8.2f} seg/s  inter {args.inter} intra {args.intra}, {subset}")
        print(f"(2') argos {defaults:8.2f} seg/s  inter 1 intra 0 (Argos's defaults), {subset}")
    print(f"(3) raw    {raw_rate:8.2f} seg/s")
    if argos:
        print(f"(1)/(2)  = {loc_rate / matched:5.1f}x   (goal >= 8)")
        print(f"(1)/(2') = {loc_rate / defaults:5.1f}x")
    print(f"(1)/(3)  = {loc_rate / raw_rate:5.2f}x   (goal >= 0.9)")


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


def bench_loc(segments: list[str], args: argparse.Namespace) -> tuple[float, list[str]]:
    from loc.engines.argos import ArgosEngine

    engine = ArgosEngine(
        "en",
        "de",
        beam_size=args.beam,
        max_batch_size=args.batch,
        inter_threads=args.inter,
        intra_threads=args.intra,
    )
    engine.translate(segments[:4])  # warm-up
    start = time.perf_counter()
    outputs = engine.translate(segments)
    return len(segments) / (time.perf_counter() - start), [t.text for t in outputs]


def bench_raw(segments: list[str], args: argparse.Namespace) -> tuple[float, list[str]]:
    import ctranslate2
    import sentencepiece

    from loc.engines.argos import LENGTH_PENALTY, packages

    [package] = packages.route("en", "de")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.package_path / "sentencepiece.model"))
    translator = ctranslate2.Translator(
        str(package.package_path / "model"), inter_threads=args.inter, intra_threads=args.intra
    )
    tokens = [sp.encode(s, out_type=str) for s in segments]
    order = sorted(range(len(tokens)), key=lambda i: -len(tokens[i]))
    size = max(1, min(args.batch, math.ceil(len(order) / args.inter)))
    batches = [order[k : k + size] for k in range(0, len(order), size)]
    options = dict(
        beam_size=args.beam, length_penalty=LENGTH_PENALTY, replace_unknowns=True, return_scores=True
    )
    translator.translate_batch(tokens[:4], **options)  # warm-up
    start = time.perf_counter()
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
    rate = len(segments) / (time.perf_counter() - start)
    texts = [""] * len(segments)
    for i, result in zip((i for batch in batches for i in batch), results, strict=True):
        texts[i] = sp.decode_pieces(result.hypotheses[0])
    return rate, texts


class _Bounded:
    """Argos's translator with loc's bound on output length (Argos passes none)."""

    def __init__(self, translator):
        self.translator = translator
        self.calls = 0

    def translate_batch(self, source, *args, **options):
        self.calls += 1
        options["max_decoding_length"] = 2 * max(map(len, source)) + 10
        return self.translator.translate_batch(source, *args, **options)


def bench_argos(segments: list[str], inter: int, intra: int) -> float:
    """Argos's public per-call path; its translator is the one Argos builds, plus the bound."""
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
    start = time.perf_counter()
    for segment in segments:
        translate.translate(segment, "en", "de")
    rate = len(segments) / (time.perf_counter() - start)
    assert bounded.calls >= len(segments), "Argos did not use the bounded translator"
    return rate


if __name__ == "__main__":
    main()
