"""Assistant latency after warm-up: every golden-set question once, p50/p95 overall and by intent.

Run: python -m bench.assistant [--rounds 3]
The index is built or opened and one question of each kind answered before timing starts. The machine is
shared, so the per-round medians matter more than any single figure.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "eval" / "golden.jsonl"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    start = time.perf_counter()
    from assistant import Assistant

    bot = Assistant()
    cases = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    for case in cases[:: max(1, len(cases) // 20)]:
        bot.ask(case["user_input"])
    print(f"warm-up (imports, index open, 20 questions): {time.perf_counter() - start:.1f} s")

    p50s, p95s = [], []
    by_intent: dict[str, list[float]] = defaultdict(list)
    for _ in range(args.rounds):
        times = []
        for case in cases:
            t = time.perf_counter()
            answer = bot.ask(case["user_input"], history=case.get("turns") or [])
            ms = (time.perf_counter() - t) * 1000
            times.append(ms)
            by_intent[answer.intent].append(ms)
        p50s.append(percentile(times, 0.5))
        p95s.append(percentile(times, 0.95))
    print(f"{len(cases)} questions × {args.rounds} rounds: p50 {statistics.median(p50s):.1f} ms, "
          f"p95 {statistics.median(p95s):.1f} ms (medians of per-round percentiles)")
    # later rounds re-ask what the caches (query embeddings, spelling) have seen; the first round has not
    print(f"first round, every question new: p50 {p50s[0]:.1f} ms, p95 {p95s[0]:.1f} ms")
    print(f"{'intent':18} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for intent, values in sorted(by_intent.items(), key=lambda kv: -len(kv[1])):
        print(f"{intent:18} {len(values):5} {percentile(values, 0.5):8.1f} {percentile(values, 0.95):8.1f}")


if __name__ == "__main__":
    main()
