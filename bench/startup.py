"""Cold start and warm latency: `python -m bench.startup [--runs 3] [--asks 200]`.

* cold start, library: a fresh process from `python -c` to the first calculated answer;
* cold start, server: `cost-assistant serve` from spawn to /healthz ready and to the first HTTP answer;
* warm latency: calculation and lookup/explanation questions answered in-process and over HTTP.

Prints medians (this machine is shared and noisy); targets from the hardening issue are shown next to them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
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


@contextmanager
def serving(env: dict[str, str], port: int) -> Iterator[str]:
    """`cost-assistant serve` on ``port``; yields its URL once /healthz answers (the warm-up is done)."""
    proc = subprocess.Popen([str(CLI), "serve", "--port", str(port), "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def server_cold_start(runs: int, env: dict[str, str], port: int) -> tuple[list[float], list[float]]:
    ready, first = [], []
    for _ in range(runs):
        start = time.perf_counter()
        with serving(env, port) as url:
            ready.append(time.perf_counter() - start)
            httpx.post(f"{url}/api/v1/chat", json={"question": CALC[1]}, timeout=60).raise_for_status()
            first.append(time.perf_counter() - start)
        print(f"  server: ready {ready[-1]:.2f} s, first answer {first[-1]:.2f} s after spawn")
    return ready, first


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold starts of each kind")
    parser.add_argument("--asks", type=int, default=200, help="warm questions of each kind")
    parser.add_argument("--port", type=int, default=7871)
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="a data dir with the sources ingested (default: ingest ../shared/sources into a temp dir)")
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
    lib = library_cold_start(args.runs, env)
    ready, first = server_cold_start(args.runs, env, args.port)
    warm = warm_in_process(args.asks)
    http = warm_http(args.asks, env, args.port)
    print()
    print(f"{'measure':<44}{'median':>10}{'p95':>10}   target")
    print(f"{'cold start: library, to first answer':<44}{statistics.median(lib):>9.2f}s{'':>10}   ≤ 6 s")
    print(f"{'cold start: server, spawn to ready':<44}{statistics.median(ready):>9.2f}s")
    print(f"{'cold start: server, spawn to first answer':<44}{statistics.median(first):>9.2f}s{'':>10}   ≤ 6 s")
    for name, times in warm.items():
        target = "≤ 30 ms" if name == "calculation" else ""
        print(f"{'warm in-process ' + name:<44}{statistics.median(times):>8.1f}ms{_pct(times, 0.95):>8.1f}ms   "
              f"{target}")
    print(f"{'warm HTTP /api/v1/chat, calculation':<44}{statistics.median(http):>8.1f}ms{_pct(http, 0.95):>8.1f}ms")


if __name__ == "__main__":
    main()
