"""Compare a run with the committed ``eval/baseline.json`` and name every case whose verdict flipped."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evaluation.dataset import REPO_ROOT
from assistant.evaluation.scoring import CaseResult

DEFAULT_BASELINE = REPO_ROOT / "eval" / "baseline.json"


@dataclass
class BaselineDiff:
    fixed: list[str] = field(default_factory=list)  # failed in the baseline, pass now
    broken: list[str] = field(default_factory=list)  # passed in the baseline, fail now
    new: list[str] = field(default_factory=list)  # not in the baseline
    missing: list[str] = field(default_factory=list)  # in the baseline, not run now
    baseline_pass_rate: float | None = None

    @property
    def flipped(self) -> list[str]:
        return sorted(self.fixed + self.broken)

    def to_dict(self) -> dict[str, Any]:
        return {"fixed": self.fixed, "broken": self.broken, "new": self.new, "missing": self.missing,
                "flipped": self.flipped, "baseline_pass_rate": self.baseline_pass_rate}


def load(path: str | Path = DEFAULT_BASELINE) -> dict[str, Any] | None:
    p = Path(path)
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def compare(results: list[CaseResult], baseline: dict[str, Any] | None, *, partial: bool = False) -> BaselineDiff:
    """Flips against ``baseline['cases']`` (id -> bool). ``partial`` (a tag-filtered run) skips 'missing'."""
    diff = BaselineDiff()
    if baseline is None:
        diff.new = sorted(r.id for r in results)
        return diff
    before: dict[str, bool] = {k: bool(v) for k, v in (baseline.get("cases") or {}).items()}
    diff.baseline_pass_rate = baseline.get("pass_rate")
    seen = set()
    for r in results:
        seen.add(r.id)
        if r.id not in before:
            diff.new.append(r.id)
        elif before[r.id] and not r.passed:
            diff.broken.append(r.id)
        elif not before[r.id] and r.passed:
            diff.fixed.append(r.id)
    if not partial:
        diff.missing = sorted(set(before) - seen)
    for lst in (diff.fixed, diff.broken, diff.new):
        lst.sort()
    return diff


def make(results: list[CaseResult], answerer: str, dataset: str) -> dict[str, Any]:
    n = len(results)
    return {"version": 1, "answerer": answerer, "dataset": dataset,
            "pass_rate": (sum(r.passed for r in results) / n) if n else None,
            "cases": {r.id: r.passed for r in sorted(results, key=lambda r: r.id)}}


def save(data: dict[str, Any], path: str | Path = DEFAULT_BASELINE) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
