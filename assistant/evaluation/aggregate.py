"""Summaries of case results: pass rates with Wilson 95% intervals per language, kind and tag; metric means;
latency percentiles."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from assistant.evaluation.scoring import CaseResult

Z95 = 1.959963984540054


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (0, 0 when n is 0)."""
    if n <= 0:
        return 0.0, 0.0
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0-100) of ``values``; None when empty."""
    xs = sorted(values)
    if not xs:
        return None
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def _rate(results: Iterable[CaseResult], pred: Callable[[CaseResult], bool | None]) -> dict[str, Any]:
    vals = [v for v in (pred(r) for r in results) if v is not None]
    k, n = sum(bool(v) for v in vals), len(vals)
    lo, hi = wilson(k, n)
    return {"n": n, "k": k, "rate": (k / n) if n else None, "ci95": [lo, hi]}


def _mean(values: Iterable[float | None]) -> float | None:
    xs = [v for v in values if v is not None]
    return sum(xs) / len(xs) if xs else None


def metrics(results: Sequence[CaseResult]) -> dict[str, Any]:
    """Every headline metric over ``results``."""
    lat = [r.latency_ms for r in results if r.latency_ms is not None]
    numbers_total = sum(r.numbers_in_text for r in results)
    unsupported_total = sum(len(r.unsupported_numbers) for r in results)
    return {
        "cases": len(results),
        "pass": _rate(results, lambda r: r.passed),
        "status_accuracy": _rate(results, lambda r: r.status_ok),
        "numeric_accuracy": _rate(results, lambda r: r.correct if r.kind in ("number", "range", "compare", "multi_turn")
                                  and "answered" in r.expected_status else None),
        "keyword_accuracy": _rate(results, lambda r: r.correct if r.kind == "text" else None),
        "refusal_accuracy": _rate(results, lambda r: r.status_ok if "answered" not in r.expected_status else None),
        "language_accuracy": _rate(results, lambda r: r.language_ok),
        "citation_precision": _mean(r.citation_precision for r in results),
        "citation_recall": _mean(r.citation_recall for r in results),
        "citation_support": _mean(r.citation_support for r in results),
        "retrieval_recall_at_5": _mean(r.retrieval_recall for r in results),
        "input_fidelity": _rate(results, lambda r: r.input_fidelity),
        "taiwan_usage": _rate(results, lambda r: r.taiwan_usage),
        "metamorphic": _rate(results, lambda r: r.metamorphic_ok),
        "unsupported_number_rate": (unsupported_total / numbers_total) if numbers_total else 0.0,
        "errors": sum(1 for r in results if r.error),
        "latency_ms": {"p50": percentile(lat, 50), "p95": percentile(lat, 95), "n": len(lat)},
    }


def _group(results: Sequence[CaseResult], key: Callable[[CaseResult], Iterable[str]]) -> dict[str, Any]:
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        for k in key(r):
            groups[k].append(r)
    return {k: metrics(v) for k, v in sorted(groups.items())}


def _prefixed(prefix: str) -> Callable[[CaseResult], list[str]]:
    return lambda r: [t.split(":", 1)[1] for t in r.tags if t.startswith(prefix)]


def apply_metamorphic(results: Sequence[CaseResult], rel_tol: float = 0.02) -> None:
    """Mark each generated sibling (``meta.pair``): did its figure change by the calculators' ratio?"""
    by_id = {r.id: r for r in results}
    for r in results:
        pair, ratio = r.meta.get("pair"), r.meta.get("ratio")
        base = by_id.get(pair) if isinstance(pair, str) else None
        if base is None or not isinstance(ratio, int | float):
            continue
        a, b = base.figure_value, r.figure_value
        r.metamorphic_ok = bool(a and b) and abs((b / a) / ratio - 1) <= rel_tol  # type: ignore[operator]
        if not r.metamorphic_ok:
            r.failures.append(f"metamorphic: answer changed ×{(b / a) if a and b else float('nan'):.4g} when the "
                              f"calculators change ×{ratio:.4g} (pair {pair})")


def summarize(results: Sequence[CaseResult]) -> dict[str, Any]:
    """Overall metrics plus the same per language, kind, split, calculator, template and other tag (``q:`` and
    ``template:`` tags are left out of by_tag)."""
    hidden = ("q:", "template:", "split:", "calc:", "family:")
    return {
        "overall": metrics(results),
        "by_lang": _group(results, lambda r: [r.lang]),
        "by_kind": _group(results, lambda r: [r.kind]),
        "by_split": _group(results, _prefixed("split:")),
        "by_split_lang": _group(results, lambda r: [f"{s} {r.lang}" for s in _prefixed("split:")(r)]),
        "by_calc": _group(results, _prefixed("calc:")),
        "by_calc_lang": _group(results, lambda r: [f"{c} {r.lang}" for c in _prefixed("calc:")(r)]),
        "by_template": _group(results, _prefixed("template:")),
        "by_tag": _group(results, lambda r: [t for t in r.tags if not t.startswith(hidden)]),
    }
