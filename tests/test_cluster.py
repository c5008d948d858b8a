"""`loc translate --cluster`: a real Ray head on 127.0.0.1 (two CPUs, so two worker actors),
the tiny test Argos package shipped to the workers, and catalogs compared byte for byte with
a local run's. The head's workers see an empty Argos package folder: the model they load is
the one the client sent."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import loc, make_project
from filelock import FileLock

import loc as api
from loc.engines import cluster
from loc.engines.cluster import ClusterEngine
from loc.project import Feedback
from loc.steps import translate

RAY = Path(sys.executable).parent / "ray"
# Two Ray heads on one machine are not isolated: each head's client proxy starts a server per
# client on the first free port from 23000, and gRPC's SO_REUSEPORT lets a second head's
# server bind the same port, so clients of the two heads cross. One head at a time: xdist
# keeps these tests on one worker with `--dist loadgroup`, and a lock covers the other modes.
pytestmark = pytest.mark.xdist_group("ray")
HEAD_LOCK = Path(tempfile.gettempdir()) / "loc-tests-ray-head.lock"
SETTINGS = '[tool.loc]\nlanguages = ["de"]\n'


@dataclass
class Head:
    address: str
    group: int  # the process group of the head's daemons


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture(scope="module", autouse=True)
def _no_ray_tokens():
    """A new local Ray (`--cluster local`) turns token authentication on and writes
    ~/.ray/auth_token, after which every `ray start` on the machine wants the token: the
    tests keep authentication off, for the head and this process, and leave HOME alone."""
    saved = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "disabled"
    yield
    if saved is None:
        del os.environ["RAY_AUTH_MODE"]
    else:
        os.environ["RAY_AUTH_MODE"] = saved


@pytest.fixture(scope="module")
def head():
    """`ray start --head` in a session of its own (all its daemons share its process group,
    which teardown kills), with every port chosen free: xdist workers each get their own."""
    lock = FileLock(HEAD_LOCK)
    lock.acquire(timeout=900)
    temp = Path(tempfile.mkdtemp(prefix="lr", dir="/tmp"))  # Ray's socket paths must stay short
    (temp / "empty").mkdir()
    gcs, client, *others = _free_ports(9)
    env = dict(os.environ, ARGOS_PACKAGES_DIR=str(temp / "empty"), RAY_USAGE_STATS_ENABLED="0")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        env[name] = str(temp / name.lower())
    command = [str(RAY), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={gcs}"]
    command += [f"--ray-client-server-port={client}", "--num-cpus=2", "--num-gpus=0"]
    command += ["--include-dashboard=false", "--disable-usage-stats", "--object-store-memory=200000000"]
    command += [f"--temp-dir={temp}"]
    names = ["dashboard-port", "dashboard-agent-listen-port", "dashboard-agent-grpc-port"]
    names += ["runtime-env-agent-port", "metrics-export-port", "node-manager-port", "object-manager-port"]
    command += [f"--{name}={port}" for name, port in zip(names, others, strict=True)]
    starter = subprocess.Popen(
        command, env=env, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        output, _ = starter.communicate(timeout=120)
        assert starter.returncode == 0, output.decode(errors="replace")[-2000:]
        _wait_for_port(client)
        yield Head(f"ray://127.0.0.1:{client}", starter.pid)
    finally:
        cluster.disconnect()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(starter.pid, signal.SIGKILL)
        shutil.rmtree(temp, ignore_errors=True)
        lock.release()


def _wait_for_port(port: int) -> None:
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise AssertionError(f"the Ray client server never listened on {port}")


def extracted(root: Path) -> Path:
    make_project(root, SETTINGS)
    assert loc(root, "extract").exit_code == 0
    return root


def catalog_bytes(root: Path) -> bytes:
    return (root / "locales" / "de" / "LC_MESSAGES" / "statement.po").read_bytes()


@pytest.fixture
def fresh(tmp_path, en_de) -> Path:
    """An extracted project, not yet translated: each run gets a copy, so every catalog
    has the same header (its PO-Revision-Date is the minute of the extract)."""
    return extracted(tmp_path / "fresh")


def copy_of(fresh: Path, root: Path) -> Path:
    shutil.copytree(fresh, root)
    return root


@pytest.fixture
def local_run(tmp_path, fresh) -> bytes:
    """The catalog a plain local `loc translate --lang de` writes."""
    root = copy_of(fresh, tmp_path / "local")
    assert loc(root, "translate", "--lang", "de").exit_code == 0
    return catalog_bytes(root)


class _AfterEachChunk(Feedback):
    """Calls `action(done)` after every chunk but the last."""

    def __init__(self, action):
        self.action = action

    def progress(self, label):
        def report(done, total):
            if 0 < done < total:
                self.action(done)

        return report


def test_a_cluster_run_writes_the_same_catalogs_as_a_local_run(tmp_path, head, fresh, local_run):
    root = copy_of(fresh, tmp_path / "remote")
    result = loc(root, "translate", "--lang", "de", "--cluster", head.address)
    assert result.exit_code == 0, result.output
    assert "de: 29 translated (29 sent to argos translate-en_de 1.0)" in result.stdout
    assert result.stderr == ""  # Ray's own log stays out of the user's terminal
    assert catalog_bytes(root) == local_run


def test_workers_killed_mid_run_have_their_shards_redone_and_nothing_is_lost(
    tmp_path, head, fresh, local_run
):
    import ray

    root = copy_of(fresh, tmp_path / "remote")
    engine = ClusterEngine(head.address, "en", "de", shard=1)  # 8 segments a call: four calls
    killed = []

    def kill(done):
        if not killed:  # after the first call, a crash: one worker's process dies
            first, second = engine.workers
            os.kill(first.pid, signal.SIGKILL)
            killed.extend([first, second])
        elif len(killed) == 2:  # after the second, an operator kills the other one
            ray.kill(killed[1].actor)
            killed.append(None)

    project = api.open(root, feedback=_AfterEachChunk(kill))
    report = translate.translate_language(project, "de", engine)
    assert len(killed) == 3
    assert report.translated == 29
    assert catalog_bytes(root) == local_run
    replaced = {worker.pid for worker in engine.workers}
    assert len(replaced) == 2 and not replaced & {killed[0].pid, killed[1].pid}


def test_a_worker_that_stops_without_dying_has_its_shards_redone_after_the_deadline(
    tmp_path, head, fresh, local_run
):
    root = copy_of(fresh, tmp_path / "remote")
    # a pool of its own (workers=2): the one before spent its spare workers on the killed ones
    engine = ClusterEngine(head.address, "en", "de", shard=1, workers=2, deadline=3)
    stopped = []

    def stop(done):
        if not stopped:  # after the first call, one worker freezes (SIGSTOP): alive, never answering
            stopped.append(engine.workers[0])
            os.kill(stopped[0].pid, signal.SIGSTOP)

    try:
        report = translate.translate_language(api.open(root, feedback=_AfterEachChunk(stop)), "de", engine)
    finally:
        for worker in stopped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
    assert report.translated == 29
    assert catalog_bytes(root) == local_run
    assert stopped[0].pid not in {worker.pid for worker in engine.workers}


def test_a_cluster_run_interrupted_on_the_client_resumes_where_it_stopped(tmp_path, head, fresh, local_run):
    root = copy_of(fresh, tmp_path / "remote")
    engine = ClusterEngine(head.address, "en", "de", shard=1)

    def interrupt(done):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        translate.translate_language(api.open(root, feedback=_AfterEachChunk(interrupt)), "de", engine)
    saved = catalog_bytes(root).decode()
    assert saved.count("loc: origin engine=argos") == 8  # the first call's, checkpointed
    (root / "pyproject.toml").write_text(SETTINGS + f'cluster = "{head.address}"\n')  # the setting
    result = loc(root, "translate", "--lang", "de")
    assert "de: 21 translated" in result.stdout, result.output
    assert catalog_bytes(root) == local_run


def test_an_unreachable_cluster_is_one_error_line(tmp_path, fresh):
    root = copy_of(fresh, tmp_path / "remote")
    [port] = _free_ports(1)  # nothing listens there
    result = loc(root, "translate", "--lang", "de", "--cluster", f"ray://127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"loc: error: cannot reach the Ray cluster at ray://127.0.0.1:{port} (Connection refused); "
        "is `ray start --head` running there?"
    ]
    assert "loc: origin" not in catalog_bytes(root).decode()


def test_cluster_local_starts_ray_on_this_machine(tmp_path, fresh, local_run):
    root = copy_of(fresh, tmp_path / "remote")
    try:
        result = loc(root, "translate", "--lang", "de", "--cluster", "local")
    finally:
        cluster.disconnect()
    assert result.exit_code == 0, result.output
    assert catalog_bytes(root) == local_run


# This test kills the module's head: it stays the last one here that needs it.
def test_a_head_killed_mid_run_ends_in_one_line_and_the_run_resumes(
    tmp_path, head, fresh, local_run, capfd, monkeypatch
):
    root = copy_of(fresh, tmp_path / "remote")
    cluster.disconnect()  # the next connection reads a short reconnection grace (Ray's default: 30 s)
    monkeypatch.setenv("RAY_CLIENT_RECONNECT_GRACE_PERIOD", "1")
    monkeypatch.setattr(cluster, "SHARD", 1)  # 8 segments a call: four calls
    real_run, calls = cluster._Pool.run, []

    def run(pool, shipped, shards, deadline):
        if any(shards):  # not the model's label, asked for with [[]]
            calls.append(shards)
            if len(calls) == 2:  # the first call is translated and saved; then the head dies
                os.killpg(head.group, signal.SIGKILL)
        return real_run(pool, shipped, shards, deadline)

    monkeypatch.setattr(cluster._Pool, "run", run)
    capfd.readouterr()
    result = loc(root, "translate", "--lang", "de", "--cluster", head.address)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"loc: error: lost the connection to the Ray cluster at {head.address} (")
    assert result.stderr.endswith("); what was translated is saved: run again to resume\n")
    assert len(result.stderr.splitlines()) == 1
    assert capfd.readouterr().err == ""  # nothing of Ray's own on the terminal
    assert catalog_bytes(root).decode().count("loc: origin engine=argos") == 8
    resumed = loc(root, "translate", "--lang", "de")  # on this machine, where the cluster left off
    assert "de: 21 translated" in resumed.stdout, resumed.output
    assert catalog_bytes(root) == local_run
