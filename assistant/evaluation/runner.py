"""Run a golden set through any answerer — a callable (question, history) -> Answer dict — and score it."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.evaluation import aggregate, baseline, report, thresholds
from assistant.evaluation.dataset import GoldenCase, filter_split, filter_tags
from assistant.evaluation.scoring import CaseResult, score
from knowledge.loader import KnowledgeBase

Answerer = Callable[[str, list[dict[str, str]]], Mapping[str, Any]]


def default_answerer() -> Answerer:
    """The product itself: ``assistant.Assistant().ask(q, history=...).to_dict()`` (imported only when used)."""
    from assistant import Assistant  # type: ignore[attr-defined]

    bot = Assistant()

    def answer(question: str, history: list[dict[str, str]]) -> Mapping[str, Any]:
        return bot.ask(question, history=history).to_dict()

    return answer


@dataclass
class RunResult:
    results: list[CaseResult]
    summary: dict[str, Any]
    violations: list[thresholds.Violation] = field(default_factory=list)
    diff: baseline.BaselineDiff | None = None
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations


def run(dataset: Sequence[GoldenCase], answerer: Answerer | None = None, *, tags: Sequence[str] = (),
        split: str | None = None,
        kb: KnowledgeBase | None = None, progress: bool = True, limit: int | None = None,
        threshold_config: Mapping[str, Mapping[str, float]] | None = None,
        baseline_data: dict[str, Any] | None = None, report_dir: str | Path | None = None,
        meta: dict[str, Any] | None = None) -> RunResult:
    """Ask every case (filtered by ``tags``), score it, summarise, gate on thresholds, diff against a baseline,
    and write the report when ``report_dir`` is given. An answerer exception fails that case, not the run."""
    from tqdm import tqdm

    answerer = answerer or default_answerer()
    cases = filter_tags(filter_split(dataset, split), tags)
    if limit is not None:
        cases = cases[:limit]
    results: list[CaseResult] = []
    for case in tqdm(cases, desc="eval", unit="case", disable=not progress, leave=False):
        start = time.perf_counter()
        error: str | None = None
        answer: Mapping[str, Any] | None = None
        try:
            answer = answerer(case.user_input, case.history())
            if not isinstance(answer, Mapping):
                raise TypeError(f"answerer returned {type(answer).__name__}, not a dict")
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            tb = traceback.format_exc(limit=3)
            error += "\n" + tb[-600:]
            answer = None
        elapsed = (time.perf_counter() - start) * 1000
        results.append(score(case, answer, latency_ms=elapsed, kb=kb, error=error))
    aggregate.apply_metamorphic(results)
    summary = aggregate.summarize(results)
    violations = thresholds.check(summary, dict(threshold_config)) if threshold_config else []
    partial = bool(tags) or limit is not None or split not in (None, "all")
    diff = baseline.compare(results, baseline_data, partial=partial) if baseline_data is not None else None
    out = RunResult(results, summary, violations, diff)
    if report_dir is not None:
        out.paths = report.write(report_dir, results, summary, diff=diff, violations=violations, meta=meta)
    return out
