"""Cold start and warm latency: `python -m bench.startup [--runs 3] [--asks 200]`.

* cold start, library: a fresh process from `python -c` to the first calculated answer;
* cold start, server (existing data dir): `cost-assistant serve` from spawn to /healthz answering (the port is
  open; every protection applies), to warm (keyword search and the answering stack loaded), to the first HTTP
  answer (asked the moment the port opens), to hybrid retrieval live, MCP and the chat page mounted;
* first run (empty data dir): the same, while the dense index is built for the first time;
* warm latency: calculation and lookup/explanation questions answered in-process and over HTTP.

Prints medians (this machine is shared and noisy); targets from the hardening issue are shown next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CALC = ["How many H100 GPU-hours to train a 70B model on 2T tokens?",
        "用1024张H100训练700亿参数、2万亿token的模型要多少天?",
        "What would it cost to train a 70B model on 2T tokens on H100s?",
        "訓練一個700億參數、2萬億token的模型,用A100要多少GPU小時?"]
OTHER = ["GPT-3训练耗电多少?", "How much electricity did GPT-3 use?", "为什么训练大模型这么贵?",
         "Why is training large models so expensive?"]
CLI = Path(sys.executable).with_name("cost-assistant")

_LIBRARY_PROBE = """
import time, json
t0 = time.perf_counter()
from assistant import Assistant
bot = Assistant()
t1 = time.perf_counter()
answer = bot.ask({question!r})
t2 = time.perf_counter()
print(json.dumps({{"import_init": t1 - t0, "first_answer": t2 - t1, "status": answer.status}}))
"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def library_cold_start(runs: int, env: dict[str, str]) -> list[float]:
    totals = []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _LIBRARY_PROBE.format(question=CALC[0])], env=env,
                             capture_output=True, text=True, check=True)
        totals.append(time.perf_counter() - start)
        parts = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  library: process {totals[-1]:.2f} s (import+init {parts['import_init']:.2f} s, first answer "
              f"{parts['first_answer'] * 1000:.0f} ms, {parts['status']})")
    return totals


MILESTONES = {  # name → what /healthz says once it is reached
    "warm": lambda h: h["warm"],
    "hybrid": lambda h: h["retrieval"] == "hybrid",
    "mcp": lambda h: h["mcp"] == "mounted",
    "chat": lambda h: h["chat_page"] == "mounted",
}
MILESTONE_TIMEOUT = 600.0  # a first run on a busy box has taken 2 minutes to build the dense index


def _spawn(env: dict[str, str], port: int) -> subprocess.Popen:
    with socket.socket() as probe:  # a server left on the port would answer for ours and make every figure ~0
        probe.bind(("127.0.0.1", port))
    return subprocess.Popen([str(CLI), "serve", "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _port_open(url: str) -> None:
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.02)


def _watch(url: str, start: float, seen: dict[str, float], stop: threading.Event) -> None:
    """Record when /healthz first shows each milestone (polled every 0.1 s), until all are seen or ``stop``."""
    with httpx.Client(timeout=10) as client:
        while not stop.is_set() and not MILESTONES.keys() <= seen.keys():
            health = client.get(f"{url}/healthz").json()
            if health["errors"]:
                raise RuntimeError(f"a part failed to load: {health['errors']}")
            now = time.perf_counter() - start
            for name, reached in MILESTONES.items():
                if name not in seen and reached(health):
                    seen[name] = now
            time.sleep(0.1)


def cold_start(env: dict[str, str], port: int) -> dict[str, float]:
    """Seconds from spawn to each milestone: port (healthz answers), first answer (a text question with
    citations, asked as soon as the port opens), and those of MILESTONES."""
    url = f"http://127.0.0.1:{port}"
    start = time.perf_counter()
    proc = _spawn(env, port)
    seen: dict[str, float] = {}
    stop = threading.Event()
    try:
        _port_open(url)
        seen["port"] = time.perf_counter() - start
        watcher = threading.Thread(target=_watch, args=(url, start, seen, stop), daemon=True)
        watcher.start()
        answer = httpx.post(f"{url}/api/v1/chat", json={"question": OTHER[0]}, timeout=120).json()
        if answer["status"] != "answered" or not answer["citations"]:
            raise RuntimeError(f"the first answer was not a cited one: {answer['status']}")
        seen["answer"] = time.perf_counter() - start
        watcher.join(MILESTONE_TIMEOUT)
    finally:
        stop.set()
        _stop(proc)
    return seen


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[str]:
    """`cost-assistant serve` on ``port``; yields its URL once everything has loaded (warm HTTP latency)."""
    proc = _spawn(env, port)
    url = f"http://127.0.0.1:{port}"
    seen: dict[str, float] = {}
    try:
        _port_open(url)
        _watch(url, time.perf_counter(), seen, threading.Event())
        yield url
    finally:
        _stop(proc)


COLUMNS = ("port", "warm", "answer", "hybrid", "mcp", "chat")


def server_cold_starts(runs: int, env: dict[str, str], port: int, label: str,
                       data_dir: Path | None = None) -> dict[str, list[float]]:
    """``runs`` cold starts; with ``data_dir``, each in a new empty data directory under it (a first run)."""
    out: dict[str, list[float]] = {name: [] for name in COLUMNS}
    for i in range(runs):
        run_env = env
        if data_dir is not None:
            empty = data_dir / f"first-run-{i}"
            run_env = {**env, "ASSISTANT_DATA_DIR": str(empty)}
        seen = cold_start(run_env, port)
        for name in COLUMNS:
            if name in seen:
                out[name].append(seen[name])
        print(f"  {label}: " + ", ".join(f"{name} {seen[name]:.2f} s" if name in seen else f"{name} —"
                                          for name in COLUMNS))
    return out


def warm_in_process(asks: int) -> dict[str, list[float]]:
    from assistant import Assistant

    bot = Assistant()
    bot.warm_up()
    for q in CALC + OTHER:
        bot.ask(q)
    out: dict[str, list[float]] = {"calculation": [], "lookup/explain": []}
    for i in range(asks):
        for name, questions in (("calculation", CALC), ("lookup/explain", OTHER)):
            start = time.perf_counter()
            bot.ask(questions[i % len(questions)])
            out[name].append((time.perf_counter() - start) * 1000)
    return out


def warm_http(asks: int, env: dict[str, str], port: int) -> list[float]:
    times = []
    with serving(env, port) as url, httpx.Client(base_url=url, timeout=60) as client:
        for i in range(asks):
            start = time.perf_counter()
            client.post("/api/v1/chat", json={"question": CALC[i % len(CALC)]}).raise_for_status()
            times.append((time.perf_counter() - start) * 1000)
    return times


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):>9.2f}s" if values else f"{'—':>10}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold starts of each kind")
    parser.add_argument("--asks", type=int, default=200, help="warm questions of each kind")
    parser.add_argument("--port", type=int, default=7871)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="a data dir with the sources ingested (default: ingest ../shared/sources into a temp dir)")
    parser.add_argument("--first-runs", type=int, default=None,
                        help="cold starts on an empty data dir (default: --runs); each waits for its dense index")
    parser.add_argument("--servers-only", action="store_true", help="only the server cold starts")
    args = parser.parse_args()
    data = args.data_dir
    if data is None:
        data = Path(tempfile.mkdtemp(prefix="bench-startup-"))
        sources = Path(__file__).resolve().parents[2] / "shared" / "sources"
        subprocess.run([str(CLI), "ingest", str(sources)], env={**os.environ, "ASSISTANT_DATA_DIR": str(data)},
                       check=True, capture_output=True)
    os.environ["ASSISTANT_DATA_DIR"] = str(data)
    env = {**os.environ, "ASSISTANT_RATE_LIMIT": "off", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    print(f"data dir {data} (index built; cold starts load it from disk)")
    lib = [] if args.servers_only else library_cold_start(args.runs, env)
    existing = server_cold_starts(args.runs, env, args.port, "server")
    with tempfile.TemporaryDirectory(prefix="bench-first-run-") as empty:
        first_runs = args.runs if args.first_runs is None else args.first_runs
        first = server_cold_starts(first_runs, env, args.port, "first run", Path(empty))
    print()
    print(f"{'cold start: server, spawn to … (median s)':<44}{'existing':>10}{'empty dir':>10}   target")
    names = {"port": "/healthz answers (ready)", "warm": "warm (keyword search loaded)",
             "answer": "first answer (text, cited)", "hybrid": "hybrid retrieval live", "mcp": "MCP mounted",
             "chat": "chat page mounted"}
    targets = {"port": "≤ 3 s (existing)", "answer": "≤ 5 s (empty dir)"}
    for key, name in names.items():
        print(f"{'  ' + name:<44}{_median(existing[key])}{_median(first[key])}   {targets.get(key, '')}")
    if args.servers_only:
        return
    warm = warm_in_process(args.asks)
    http = warm_http(args.asks, env, args.port)
    print()
    print(f"{'measure':<44}{'median':>10}{'p95':>10}   target")
    print(f"{'cold start: library, to first answer':<44}{statistics.median(lib):>9.2f}s{'':>10}   ≤ 6 s")
    for name, times in warm.items():
        target = "≤ 30 ms" if name == "calculation" else ""
        print(f"{'warm in-process ' + name:<44}{statistics.median(times):>8.1f}ms{_pct(times, 0.95):>8.1f}ms   "
              f"{target}")
    print(f"{'warm HTTP /api/v1/chat, calculation':<44}{statistics.median(http):>8.1f}ms{_pct(http, 0.95):>8.1f}ms")


if __name__ == "__main__":
    main()
