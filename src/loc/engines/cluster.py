"""Argos translation on a Ray cluster: an Engine whose `translate` runs in shards on Ray actors.

`ClusterEngine` is an Engine like any other, so `steps.translate.translate_language` runs
unchanged on the client: masking, provenance, checkpoints and the compare-before-replace save
of every catalog stay on this machine, and the cluster only sees sentence strings. Each call
is split into shards that a pool of actors translates, each actor holding one CTranslate2
translator (an `ArgosEngine`); the results come back in order, each shard's once.

Why Ray core actors rather than Ray Data's `map_batches`: translate_language hands over one
chunk at a time and waits for it (its checkpoints count whole chunks), so what matters is the
latency of one call, not the throughput of a stream; a Ray Data pipeline per chunk would pay
its planning and start-up on every call. Actors keep the model loaded between calls and
between languages, results are put back in order by shard index, and a dead actor is a
`RayActorError` on exactly the shards it held, which are sent again to a live actor.

The model travels with the job: the client packs the installed package folder(s) for the pair
into one tar, `ray.put`s it once, and each actor unpacks it into a temporary folder after
checking its sha256; no node downloads or installs anything, and no node reads Argos's
package folder. Every node needs loc installed (`pip install loc[cluster]`, the same version).

Ray is imported here only, inside functions: the default install does not need it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import math
import os
import shutil
import socket
import tarfile
import tempfile
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from loc.engines import Translation
from loc.errors import LocError

LOCAL = "local"  # `--cluster local`: start Ray on this machine
SHARD = 16  # segments per actor call on a CPU: two of ArgosEngine's batches of 8
GPU_SHARD = 256  # on a GPU: four batches of GPU_BATCH
GPU_BATCH = 64
IN_FLIGHT = 2  # shards queued on each actor, so none waits for a round trip between two
SHARDS_PER_WORKER = 4  # per engine call (`chunk`): the slowest shard of a call is a small tail
ATTEMPTS = 3  # tries of one shard, on different actors, before the run stops
CONNECT_TIMEOUT = 10.0  # seconds to reach the head's port
START_TIMEOUT = 120.0  # seconds for the workers to start (a busy cluster may not have room)
# seconds an actor with shards in flight may go without returning one before it counts as stuck
# (SIGSTOPped, its node frozen): it is killed and its shards are redone by the others. Until an
# actor has returned a shard of the current model, the model's transfer and load count too.
DEADLINE = 120.0
LOAD_DEADLINE = 600.0
DEVICES = ("auto", "cpu", "cuda")


class ClusterEngine:
    """Argos on a pool of Ray actors; `address` is "ray://HOST:PORT", "HOST:PORT" or "local".

    `workers` (default: as many as the cluster has CPUs, or GPUs on "cuda") actors are
    started on first use and kept for the next language.
    """

    name = "argos"

    def __init__(
        self,
        address: str,
        source_lang: str,
        target_lang: str,
        *,
        beam_size: int = 4,
        device: str = "auto",
        workers: int | None = None,
        shard: int | None = None,
        deadline: float = DEADLINE,
    ):
        if device not in DEVICES:
            raise LocError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
        self._address = address
        self._pair = (source_lang, target_lang)
        self._beam_size = beam_size
        self._device = device
        self._workers = workers
        self._shard = shard
        self._deadline = deadline
        self._shipped: _Shipped | None = None
        self._label: str | None = None

    @property
    def model(self) -> str:
        if self._label is None:
            with _connection(self._address):
                self._label = self._run([[]])[0][0]
        return self._label

    @property
    def chunk(self) -> int:
        """Segments per call that keep every actor busy (translate_language asks)."""
        with _connection(self._address):
            pool = self._pool()
        return len(pool.actors) * SHARDS_PER_WORKER * self._shard_size(pool)

    @property
    def workers(self) -> list[Worker]:
        """The actors now in the pool, with their host and process id."""
        with _connection(self._address):
            return list(self._pool().actors.values())

    def translate(self, texts: Sequence[str]) -> list[Translation]:
        if not texts:
            return []
        with _connection(self._address):
            pool = self._pool()
            size = max(1, min(self._shard_size(pool), math.ceil(len(texts) / max(1, len(pool.actors)))))
            shards = [list(texts[start : start + size]) for start in range(0, len(texts), size)]
            return [translation for _, found in self._run(shards) for translation in found]

    def _shard_size(self, pool: _Pool) -> int:
        return self._shard or (GPU_SHARD if pool.device == "cuda" else SHARD)

    def _pool(self) -> _Pool:
        return _session(self._address).pool(self._device, self._workers)

    def _run(self, shards: list[list[str]]) -> list[tuple[str, list[Translation]]]:
        pool = self._pool()
        if self._shipped is None:
            self._shipped = _ship(*self._pair, beam_size=self._beam_size)
        results = pool.run(self._shipped, shards, self._deadline)
        self._label = results[0][0]
        return results


@dataclass
class Worker:
    """One actor of the pool: the handle, and where it runs."""

    actor: Any
    host: str
    pid: int


@dataclass(frozen=True)
class _Shipped:
    """The packages of a pair as one tar in Ray's object store; `data` holds the ObjectRef
    inside a list, so that Ray hands it to the actor as a reference (fetched once per
    actor), not as 100 MB of bytes copied into every call."""

    digest: str
    legs: tuple[str, ...]  # the package folders in the tar, in route order
    pair: tuple[str, str]
    beam_size: int
    data: list[Any] = field(compare=False)


def _ship(source_lang: str, target_lang: str, *, beam_size: int) -> _Shipped:
    import ray

    from loc.engines.argos import packages

    route = packages.route(source_lang, target_lang)
    buffer = io.BytesIO()
    legs = []
    with tarfile.open(fileobj=buffer, mode="w") as tar:  # weights barely compress
        for index, pkg in enumerate(route):
            legs.append(f"{index}-{Path(pkg.package_path).name}")
            tar.add(str(pkg.package_path), arcname=legs[-1])
    data = buffer.getvalue()
    return _Shipped(
        hashlib.sha256(data).hexdigest(),
        tuple(legs),
        (source_lang, target_lang),
        beam_size,
        [ray.put(data)],
    )


class _Session:
    """This process's connection to one cluster, and its pool of actors."""

    def __init__(self, address: str, *, owned: bool = False):
        self.address = address
        self.owned = owned  # connected by loc, so loc disconnects it
        self._pool: _Pool | None = None

    def pool(self, device: str, workers: int | None) -> _Pool:
        wanted = (device, workers)
        if self._pool is None or self._pool.wanted != wanted:
            if self._pool is not None:
                self._pool.close()
            self._pool = _Pool(device, workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None


_current: _Session | None = None


def _session(address: str) -> _Session:
    """Connected once per process; another address (a test's next cluster) reconnects. A
    program that connected to Ray itself keeps its connection: loc uses it as it is."""
    global _current
    ray = _ray()
    if ray.is_initialized():
        if _current is None:
            _current = _Session(address)
        if _current.address == address or not _current.owned:
            return _current
    disconnect()
    try:
        if address == LOCAL:
            quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
            ray.init(address="local", include_dashboard=False, **quiet)
        else:
            _reachable(address)
            # Ray Client streams the server's log to this terminal: its warnings are Ray's business
            logging.getLogger("ray.util.client.logsclient").addFilter(_errors_only)
            # and logs its own reconnection attempts and failures, ahead of loc's one line about them
            logging.getLogger("ray.util.client").setLevel(logging.CRITICAL)
            try:
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
            except ConnectionError as error:
                # the head starts a server process per client, and now and then that start
                # fails ("Initialization failure from server"); a second try gets a new one
                if "timeout" in str(error):
                    raise
                ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
        with contextlib.suppress(Exception):
            ray.shutdown()
        hint = ""
        if isinstance(error, ConnectionError):  # what a head that wants a token looks like to a client
            hint = "; if the cluster uses token authentication, set RAY_AUTH_MODE=token and RAY_AUTH_TOKEN"
        raise LocError(f"cannot connect to the Ray cluster at {address} ({_one_line(error)}){hint}") from None
    _current = _Session(address, owned=True)
    return _current


def _errors_only(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.ERROR


@contextlib.contextmanager
def _connection(address: str):
    """A connection lost mid-run (the head killed, the network gone) is one LocError; the
    session is forgotten, so that nothing calls Ray through the dead client again."""
    global _current
    try:
        yield
    except ConnectionError as error:  # what Ray Client raises once it gives up reconnecting
        _current = None
        with contextlib.suppress(Exception):
            _ray().shutdown()
        raise LocError(
            f"lost the connection to the Ray cluster at {address} ({_one_line(error)}); "
            "what was translated is saved: run again to resume"
        ) from None


def disconnect() -> None:
    """Stop this process's actors and leave the cluster (a local Ray stops with it)."""
    global _current
    if _current is None:
        return
    _current.close()
    owned, _current = _current.owned, None
    ray = _ray()
    if owned and ray.is_initialized():
        ray.shutdown()


def _ray():
    try:
        import ray
    except ImportError:
        raise LocError("--cluster needs Ray: install loc[cluster]") from None
    return ray


def _reachable(address: str) -> None:
    """A bounded check before Ray's own connect, which retries for half a minute or more."""
    parsed = urlsplit(address if "://" in address else f"ray://{address}")
    try:
        host, port = parsed.hostname, parsed.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise LocError(f"--cluster takes ray://HOST:PORT, HOST:PORT or local, not {address!r}")
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT):
            pass
    except OSError as error:
        reason = "timed out" if isinstance(error, TimeoutError) else (error.strerror or str(error))
        raise LocError(
            f"cannot reach the Ray cluster at {address} ({reason}); is `ray start --head` running there?"
        ) from None


class _Pool:
    """The actors, and the loop that keeps IN_FLIGHT shards on each and redoes lost ones."""

    def __init__(self, device: str, workers: int | None):
        ray = _ray()
        self.wanted = (device, workers)
        resources = ray.cluster_resources()
        gpus, cpus = int(resources.get("GPU", 0)), int(resources.get("CPU", 0))
        if device == "cuda" and not gpus:
            raise LocError("device = cuda, but the Ray cluster has no GPUs")
        self.device = "cuda" if device == "cuda" or (device == "auto" and gpus) else "cpu"
        count = workers or (gpus if self.device == "cuda" else cpus)
        if count < 1:
            raise LocError("the Ray cluster has no CPUs for loc's workers")
        self.actors: dict[Any, Worker] = {}
        self._class = ray.remote(_Translator)
        self._pending_ready: dict[Any, Any] = {}  # replacement actors' ready() answers
        self._warm: set[tuple[Any, str]] = set()  # (actor, model digest) that has returned a shard
        self.spares = count  # replacements for actors that die, before the pool shrinks instead
        started = [self._start() for _ in range(count)]
        _, late = ray.wait([ref for _, ref in started], num_returns=count, timeout=START_TIMEOUT)
        for actor, ref in started:
            if ref in late:
                ray.kill(actor)
                continue
            try:
                self._admit(actor, ray.get(ref))
            except ray.exceptions.RayError as error:
                raise LocError(
                    f"the Ray workers cannot start ({_last_line(error)}); install loc[cluster] on every node"
                ) from None
        if not self.actors:
            raise LocError(f"no Ray worker started within {START_TIMEOUT:.0f} s; is the cluster busy?")

    def _start(self):
        gpu = self.device == "cuda"
        actor = self._class.options(num_cpus=1, num_gpus=1 if gpu else 0, max_restarts=0).remote(self.device)
        return actor, actor.ready.remote()

    def _admit(self, actor, ready: tuple[str, str, int]) -> None:
        from loc import __version__

        version, host, pid = ready
        if version != __version__:
            raise LocError(f"the Ray workers run loc {version}, this machine loc {__version__}: install one")
        self.actors[actor] = Worker(actor, host, pid)

    def _lost(self, actor) -> None:
        """A dead actor leaves the pool; a new one takes its place while spares last."""
        if self.actors.pop(actor, None) is None:
            return  # already replaced: its other shards fail the same way
        _ray().kill(actor)
        if self.spares:
            self.spares -= 1
            fresh, ready = self._start()
            self.actors[fresh] = Worker(fresh, "", 0)  # its shards queue while it starts
            self._pending_ready[ready] = fresh

    def run(
        self, shipped: _Shipped, shards: list[list[str]], deadline: float
    ) -> list[tuple[str, list[Translation]]]:
        ray = _ray()
        todo = deque(range(len(shards)))
        tries = [0] * len(shards)
        done: dict[int, tuple[str, list[Translation]]] = {}
        running: dict[Any, tuple[int, Any]] = {}
        load = dict.fromkeys(self.actors, 0)
        since: dict[Any, float] = {}  # a busy actor -> when it was last given work idle, or answered
        while todo or running:
            for _ in range(IN_FLIGHT):  # round robin: a small call still reaches every actor
                for actor in list(self.actors):
                    if todo and load.setdefault(actor, 0) < IN_FLIGHT:
                        index = todo.popleft()
                        tries[index] += 1
                        running[actor.translate.remote(shipped, shards[index])] = (index, actor)
                        load[actor] += 1
                        since.setdefault(actor, time.monotonic())
            if not running:
                raise LocError("every Ray worker has died; see the cluster's logs (`ray logs`)")
            limits = {actor: self._limit(actor, shipped, deadline) for actor in since}
            wait = min(since[actor] + limits[actor] for actor in since) - time.monotonic()
            ready, _ = ray.wait(list(running), num_returns=1, timeout=max(0.0, wait))
            if not ready:
                now = time.monotonic()
                for actor in [a for a in since if now >= since[a] + limits[a]]:
                    del since[actor]
                    self._lost(actor)  # killed: whatever it still answers is ignored
                    for ref, (index, owner) in list(running.items()):
                        if owner is actor:
                            del running[ref]
                            load[actor] -= 1
                            if tries[index] >= ATTEMPTS:
                                raise LocError(
                                    f"a shard got no answer from {ATTEMPTS} Ray workers in "
                                    f"{limits[actor]:g} s each; is the cluster overloaded?"
                                )
                            todo.appendleft(index)
                continue
            [finished] = ready
            index, actor = running.pop(finished)
            load[actor] -= 1
            if load[actor]:
                since[actor] = time.monotonic()
            else:
                since.pop(actor, None)
            try:
                done[index] = ray.get(finished)
                self._warm.add((actor, shipped.digest))
            except ray.exceptions.RayActorError as error:  # died, or unreachable: try another
                self._lost(actor)
                if tries[index] >= ATTEMPTS:
                    raise LocError(
                        f"a shard failed on {ATTEMPTS} Ray workers, the last: {_one_line(error)}"
                    ) from None
                todo.appendleft(index)  # redone first, on another actor
            except ray.exceptions.RayTaskError as error:
                raise LocError(f"on a Ray worker: {_one_line(error.cause or error)}") from None
        self._admit_restarted()
        return [done[index] for index in range(len(shards))]

    def _limit(self, actor, shipped: _Shipped, deadline: float) -> float:
        """How long `actor` may take for its next shard: longer while it loads the model."""
        return deadline if (actor, shipped.digest) in self._warm else max(deadline, LOAD_DEADLINE)

    def _admit_restarted(self) -> None:
        """Replacement actors that have answered by now get their host and pid filled in."""
        ray = _ray()
        for ref, actor in list(self._pending_ready.items()):
            ready, _ = ray.wait([ref], timeout=0)
            if ready and actor in self.actors:
                with contextlib.suppress(ray.exceptions.RayError):
                    self.actors[actor] = Worker(actor, *ray.get(ref)[1:])
                del self._pending_ready[ref]

    def close(self) -> None:
        ray = _ray()
        if ray.is_initialized():  # else ray.kill would start a Ray of its own on this machine
            for actor in self.actors:
                with contextlib.suppress(Exception):
                    ray.kill(actor)
        self.actors.clear()


class _Translator:
    """A Ray actor: one ArgosEngine on a node, for the last model it was sent."""

    def __init__(self, device: str):
        self.device = device
        self.engine = None
        self.key: tuple | None = None
        self.folder: Path | None = None

    def ready(self) -> tuple[str, str, int]:
        from loc import __version__

        return __version__, socket.gethostname(), os.getpid()

    def translate(self, shipped: _Shipped, texts: list[str]) -> tuple[str, list[Translation]]:
        key = (shipped.digest, shipped.beam_size)
        if self.key != key:
            self._load(shipped)
            self.key = key
        return self.engine.model, self.engine.translate(texts)

    def _load(self, shipped: _Shipped) -> None:
        import ray
        from argostranslate.package import Package

        from loc.engines.argos import MAX_BATCH_SIZE, ArgosEngine

        data = ray.get(shipped.data[0])
        if hashlib.sha256(data).hexdigest() != shipped.digest:
            raise LocError("the model arrived damaged (sha256 mismatch); run again")
        self.engine = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = Path(tempfile.mkdtemp(prefix="loc-model-"))
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(self.folder, filter="data")
        gpu = self.device == "cuda"
        engine = ArgosEngine(
            *shipped.pair,
            beam_size=shipped.beam_size,
            max_batch_size=GPU_BATCH if gpu else MAX_BATCH_SIZE,
            inter_threads=1,  # one CPU per actor: parallelism is more actors
            intra_threads=1,
            device=self.device,
            route=[Package(self.folder / leg) for leg in shipped.legs],
        )
        engine.model  # noqa: B018 (load the translators now, while the files are fresh)
        self.engine = engine


def _last_line(error: BaseException) -> str:
    """A worker's traceback ends with the exception itself."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[-1][:300] if lines else type(error).__name__


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0][:300] if lines else type(error).__name__
