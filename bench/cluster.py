"""How fast is `loc translate --cluster`? Segments/s on the same segments for the local engine
and for 1 and 2 Ray workers started on this machine (`--cluster local`), plus Ray's own cost:
the start (actors up, model shipped and loaded), a no-op shard's round trip, and each
worker's peak memory.

Each path is called the way `translate_language` calls an engine: the segments sorted by
length, in calls of `CHUNK` (64) segments for the local engine and of `ClusterEngine.chunk`
for the cluster (4 shards per worker). The model is a random Transformer built offline by
tests/support/build_argosmodel.py (`--shape base`: Argos's en→de shape, 6+6 layers,
d_model 512, 8 heads, FFN 2048, 50k vocabulary, int8; `--shape small`: 3+3 layers,
d_model 256, 4 heads, FFN 1024, 16k vocabulary). Random weights never emit the end token, so
every output runs to loc's bound (2 x the batch's longest source + 10 tokens): the cost per
segment is a worst case, the same on every path. That bound is per batch, and the shards make
other batches than one local call does, so on this model an output can differ from the local
run's ("same text", "+score" to the 4 decimals the catalogs keep): a trained model stops by
itself. (The tests check byte-identical catalogs with the copy model, which stops.)

    .venv/bin/python bench/cluster.py [--segments 2000] [--shape base|small] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# run as a script, bench/ leads sys.path, and bench/translation.py would shadow translate-toolkit's
# `translate` package that loc imports
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]
ROOT = BENCH.parent
BUILDER = ROOT / "tests" / "support" / "build_argosmodel.py"
CORPUS = ROOT / "tests" / "data" / "statement.txt"
OUT = ROOT / "bench" / "out"
SHAPES = {
    "base": ["--layers", "6", "--d-model", "512", "--heads", "8", "--ffn", "2048", "--ct2-vocab", "50000"],
    "small": ["--layers", "3", "--d-model", "256", "--heads", "4", "--ffn", "1024", "--ct2-vocab", "16000"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="base")
    parser.add_argument("--workers", default="1,2", help="Ray worker counts to run, comma-separated")
    parser.add_argument("--beam", type=int, default=4)
    args = parser.parse_args()
    os.chdir(ROOT)  # Ray puts the working folder on its workers' path: not bench/ (translate.py)
    with tempfile.TemporaryDirectory(prefix="loc-bench-cluster-") as home:
        for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            os.environ[name] = str(Path(home) / name.lower())
        os.environ["ARGOS_PACKAGES_DIR"] = str(Path(home) / "packages")
        os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"
        os.environ["ARGOS_DEVICE_TYPE"] = "cpu"
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # no ~/.ray/auth_token from a bench
        run(args)


def run(args: argparse.Namespace) -> None:
    from loc.engines.argos import default_threads, packages

    make_segments = _sibling("translate").make_segments  # the same segments as bench/translation.py

    package = _build_package(args.shape)
    packages.install_file(package)
    segments = sorted(make_segments(args.segments), key=len)  # translate_language's order
    inter, intra = default_threads()
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"model: random Transformer ({args.shape}: {' '.join(SHAPES[args.shape])}), int8; "
        f"{len(segments)} segments, beam {args.beam}; {os.cpu_count()} cores, load average {load}"
    )
    rows = []
    local_rate, local_out = bench_local(segments, args.beam)
    rows.append(
        (f"local (inter {inter}, intra {intra})", local_rate, "", "", "", len(segments), len(segments))
    )
    print(f"  load average now {' '.join(f'{value:.2f}' for value in os.getloadavg())}", flush=True)
    for count in (int(n) for n in args.workers.split(",")):
        result = bench_cluster(segments, args.beam, count)
        texts = sum(a[0] == b[0] for a, b in zip(local_out, result["out"], strict=True))
        same = sum(a == b for a, b in zip(local_out, result["out"], strict=True))
        rows.append(
            (
                f"ray, {count} worker{'s' if count > 1 else ''}",
                result["rate"],
                f"{result['start']:.1f}",
                f"{result['noop'] * 1000:.1f}",
                f"{result['rss']:.0f}",
                texts,
                same,
            )
        )
    print(
        f"{'path':<28} {'seg/s':>7} {'start s':>8} {'no-op ms':>9} {'MiB/worker':>11} {'same text':>10} "
        f"{'+score':>10}"
    )
    for name, rate, start, noop, rss, texts, same in rows:
        print(
            f"{name:<28} {rate:7.2f} {start:>8} {noop:>9} {rss:>11} {texts:>5}/{len(segments)} "
            f"{same:>5}/{len(segments)}"
        )


def _sibling(name: str):
    """A module of bench/, loaded by path: bench/ stays off sys.path (see above). `common`
    goes in under its own name, as bench/translation.py imports it."""
    if name != "common" and "common" not in sys.modules:
        _sibling("common")
    registered = name if name == "common" else f"bench_{name}"
    spec = importlib.util.spec_from_file_location(registered, BENCH / f"{name}.py")
    module = sys.modules[registered] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build_package(shape: str) -> Path:
    folder = OUT / f"cluster-{shape}"
    package = folder / "translate-en_de-1_0.argosmodel"
    if not package.exists():
        print(f"building the {shape} model...", flush=True)
        command = [sys.executable, str(BUILDER), "--out-dir", str(folder), "--corpus", str(CORPUS)]
        command += ["--sp-vocab", "300", "--mode", "random", "--version", "1.0", *SHAPES[shape]]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return package


def _calls(segments: list[str], size: int):
    for start in range(0, len(segments), size):
        yield segments[start : start + size]


def bench_local(segments: list[str], beam: int) -> tuple[float, list[tuple[str, str]]]:
    from loc.engines.argos import ArgosEngine
    from loc.steps.translate import CHUNK

    engine = ArgosEngine("en", "de", beam_size=beam)
    engine.translate(segments[:4])  # loads the model
    start = time.perf_counter()
    out = [t for call in _calls(segments, CHUNK) for t in engine.translate(call)]
    rate = len(segments) / (time.perf_counter() - start)
    print(f"  local: {rate:.2f} seg/s", flush=True)
    return rate, [(t.text, f"{t.score:.4f}") for t in out]


def bench_cluster(segments: list[str], beam: int, count: int) -> dict:
    from loc.engines import cluster

    started = time.perf_counter()
    engine = cluster.ClusterEngine("local", "en", "de", beam_size=beam, workers=count)
    engine.model  # noqa: B018 (Ray up, actors started, model shipped and loaded on each that answered)
    engine.translate(segments[: 2 * count])  # every actor loads the model
    start_seconds = time.perf_counter() - started
    rounds = 100
    begin = time.perf_counter()
    for _ in range(rounds):
        engine._run([[]])  # a shard of nothing: pickling, scheduling, the actor call, the reply
    noop = (time.perf_counter() - begin) / rounds
    begin = time.perf_counter()
    out = [t for call in _calls(segments, engine.chunk) for t in engine.translate(call)]
    rate = len(segments) / (time.perf_counter() - begin)
    rss = max(_peak_mib(worker.pid) for worker in engine.workers)
    cluster.disconnect()
    print(f"  ray, {count} worker(s): {rate:.2f} seg/s", flush=True)
    return {
        "rate": rate,
        "start": start_seconds,
        "noop": noop,
        "rss": rss,
        "out": [(t.text, f"{t.score:.4f}") for t in out],
    }


def _peak_mib(pid: int) -> float:
    """VmHWM: the worker process's peak resident memory (Ray worker + model + decoding)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    main()
