"""The multi-node path: a Ray head and a worker node started as separate processes on
127.0.0.1 (``ray start``), joined with ``--address``; the store ends as on one machine.

Each node has one CPU, so the two extraction actors run one on each node. The nodes'
processes (``ray start --block`` and all it starts) are ended by process group at the
end, with nothing left behind: ``ray stop`` would end every Ray process on the machine.
"""

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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitroom.config import Settings
from sitroom.engine import ray_extractor
from sitroom.process import ingest
from sitroom.store import Store

from .conftest import dump, ingest_cli

RAY = Path(sys.executable).with_name("ray")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ours(tag: str) -> list[int]:
    """Processes whose command line names ``tag`` (this test's temporary directory)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if tag in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """The address of a two-node cluster (a head and a worker, one CPU each) on 127.0.0.1."""
    temp = tempfile.mkdtemp(prefix="sitroom-ray-")
    port = _free_port()
    address = f"127.0.0.1:{port}"
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    common = ["--block", "--num-cpus", "1", "--node-ip-address", "127.0.0.1"]
    nodes: list[subprocess.Popen[bytes]] = []

    def start(*args: str) -> None:
        log = open(Path(temp) / f"node{len(nodes)}.log", "wb")  # noqa: SIM115
        nodes.append(
            subprocess.Popen(
                [str(RAY), "start", *args, *common],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a process group to end as one
            )
        )

    try:
        start("--head", "--port", str(port), "--temp-dir", temp, "--include-dashboard=false")
        _wait_for_nodes(address, 1, nodes, temp)
        start("--address", address)
        _wait_for_nodes(address, 2, nodes, temp)
        yield address
    finally:
        for node in reversed(nodes):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(node.pid, signal.SIGKILL)
            node.wait(timeout=30)
        for pid in _ours(temp):  # anything that left the groups
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        left = _ours(temp)
        shutil.rmtree(temp, ignore_errors=True)
        assert not left, f"Ray processes left running: {left}"


def _wait_for_nodes(
    address: str, count: int, nodes: list[subprocess.Popen[bytes]], temp: str
) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        dead = [n for n in nodes if n.poll() is not None]
        if dead:
            logs = "".join(p.read_text(errors="replace") for p in Path(temp).glob("node*.log"))
            pytest.fail(f"ray start exited ({dead[0].returncode}):\n{logs[-3000:]}")
        done = subprocess.run(
            [str(RAY), "status", "--address", address],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode == 0 and done.stdout.count("node_") >= count:
            return
        time.sleep(1)
    pytest.fail(f"the Ray cluster at {address} did not reach {count} nodes")


@pytest.fixture(scope="module")
def on_two_nodes(
    cluster: str,
    new_schema: Callable[[], str],
    inputs: list[str],
) -> tuple[str, set[str], set[str], Any]:
    """The inputs ingested with one extraction actor on each node: the store's URL, the
    cluster's live nodes, the nodes the actors ran on, and the summary."""
    url = new_schema()
    settings = Settings(db=url)
    store = Store.open(url)
    try:
        with ray_extractor(settings, address=cluster, shard=2) as pool:
            ray = pool.ray
            nodes = {n["NodeID"] for n in ray.nodes() if n["Alive"]}
            pool.start()
            placed = set(ray.get([a.node.remote() for a in pool.actors]))
            summary = ingest(inputs, store, settings, extract_with=pool, resolve_with=pool.resolve)
    finally:
        store.close()
    return url, nodes, placed, summary


def test_two_nodes_same_store_as_one_machine(
    on_two_nodes: tuple[str, set[str], set[str], Any],
    one_machine: tuple[list[str], str],
) -> None:
    url, nodes, placed, summary = on_two_nodes
    assert len(nodes) == 2
    assert placed == nodes  # an actor on each node
    assert (summary.new, summary.failed, summary.unchanged) == (10, [], 0)
    assert dump(url) == one_machine[0]


def test_cli_joins_the_cluster_at_address(
    cluster: str,
    on_two_nodes: tuple[str, set[str], set[str], Any],
    inputs: list[str],
    one_machine: tuple[list[str], str],
) -> None:
    # The inputs are stored already: the run joins the cluster, finds each unchanged, and
    # starts no actor.
    url = on_two_nodes[0]
    summary = ingest_cli(url, *inputs, "--engine", "ray", "--address", cluster)
    assert "unchanged 10" in summary and "new 0" in summary and "failed 0" in summary
    assert dump(url) == one_machine[0]
