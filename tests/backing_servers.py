"""Throwaway Redis and PostgreSQL servers on loopback, started from Debian's binaries for the tests and
`python -m bench.load`; nothing of them outlives the `with` block."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from live_server import free_port, stop

REDIS = shutil.which("redis-server")
_PG_BINDIRS = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name), reverse=True)
PG_BIN = Path(_PG_BINDIRS[0]) if _PG_BINDIRS else (Path(found).parent if (found := shutil.which("initdb")) else None)
MISSING_REDIS = "needs redis-server (apt-get install -y redis-server)"
MISSING_POSTGRES = "needs PostgreSQL's initdb and postgres (apt-get install -y postgresql)"


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} exited with {proc.returncode}\n{tail}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    stop(proc)
    raise RuntimeError(f"{what} did not accept connections on port {port} within 30 s")


def start_redis(port: int) -> subprocess.Popen:
    """`redis-server` on loopback without persistence, returned once it accepts connections."""
    if REDIS is None:
        raise RuntimeError(MISSING_REDIS)
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--daemonize", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_port(port, proc, "redis-server")
    return proc


@contextmanager
def redis_server() -> Iterator[str]:
    """A fresh Redis; yields its URL."""
    port = free_port()
    proc = start_redis(port)
    try:
        yield f"redis://127.0.0.1:{port}"
    finally:
        stop(proc)


@contextmanager
def postgres_server() -> Iterator[str]:
    """A fresh PostgreSQL cluster in a temporary directory (trust authentication, loopback only); yields its URL.

    PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (else `nobody`)."""
    if PG_BIN is None:
        raise RuntimeError(MISSING_POSTGRES)
    root = Path(tempfile.mkdtemp(prefix="cost-assistant-pg-"))
    user = None
    if os.geteuid() == 0:
        user = "postgres" if _user_exists("postgres") else "nobody"
        shutil.chown(root, user)
    data, log = root / "data", root / "postgres.log"
    try:
        done = subprocess.run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                               "--no-locale", "--no-sync"], capture_output=True, text=True, user=user, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed ({done.returncode}):\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
        port = free_port()
        with log.open("w") as out:
            proc = subprocess.Popen([str(PG_BIN / "postgres"), "-D", str(data), "-p", str(port), "-c",
                                     "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={root}"],
                                    stdout=out, stderr=subprocess.STDOUT, user=user)
        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        try:
            _wait_for_port(port, proc, "postgres", log)
            _wait_for_queries(url, proc, log)
            yield url
        finally:
            proc.send_signal(signal.SIGINT)  # "fast" shutdown: SIGTERM would wait for every client to leave
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_queries(url: str, proc: subprocess.Popen, log: Path) -> None:
    """The port opens while the server still starts up; wait until it answers a query."""
    import psycopg

    deadline = time.monotonic() + 30
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"postgres is not answering:\n{log.read_text(errors='replace')[-2000:]}") from None
            time.sleep(0.1)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True
