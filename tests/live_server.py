"""Real `cost-assistant serve` processes on loopback for the API and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CLI = Path(sys.executable).with_name("cost-assistant")


_PORTS = os.environ.get("ASSISTANT_TEST_PORTS", "")  # "8710-8719": the range this checkout's tests may use
_turn = 0


def free_port() -> int:
    """A loopback port nothing listens on: one the OS picks, or, where several checkouts share a machine and
    ASSISTANT_TEST_PORTS names a range, the next free one of that range (in turn, so two calls before either
    port is bound get different ports)."""
    global _turn
    if not _PORTS:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]
    low, _, high = _PORTS.partition("-")
    ports = range(int(low), int(high or low) + 1)
    for i in range(len(ports)):
        port = ports[(_turn + i) % len(ports)]
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _turn = (_turn + i + 1) % len(ports)
        return port
    raise RuntimeError(f"no free port in ASSISTANT_TEST_PORTS={_PORTS}")


Health = dict[str, object]


def fully_loaded(health: Health) -> bool:
    """Everything that loads after the port opens is in place: the chat page, MCP and dense retrieval (or failed,
    which `live_server` reports)."""
    return "loading" not in (health["chat_page"], health["mcp"], health["dense_retrieval"])


def listening(_: Health) -> bool:
    """The port is open and /healthz answers; the rest may still be loading."""
    return True


@contextmanager
def live_server(data_dir: Path, log: Path, until: Callable[[Health], bool] = fully_loaded, **env: str) -> Iterator[str]:
    """Start the app with ``env`` added to the environment; yield its base URL once /healthz answers and ``until``
    holds for what it says. A part that failed to load stops it with the server's log."""
    port = free_port()
    environ = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), **env}
    with log.open("w") as out:
        proc = subprocess.Popen([str(CLI), "serve", "--port", str(port), "--log-level", "warning"], env=environ,
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # a busy 2-core box: Gradio alone has taken 35 s to load
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
            try:
                health = httpx.get(f"{url}/healthz", timeout=2).json()
                if health["errors"]:
                    raise RuntimeError(f"server failed to load {health['errors']}:\n{log.read_text()[-3000:]}")
                if until(health):
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not ready after 300 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Terminate politely, kill if it does not exit within 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


CHROMA = Path(sys.executable).with_name("chroma")


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """`chroma run` on loopback, returned once it accepts connections."""
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.2)
    stop(proc)
    raise RuntimeError("chroma server did not start within 30 s")
