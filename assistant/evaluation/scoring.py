"""Score one Answer dict (design §5) against one golden case: each metric on its own, then an overall verdict.

Metrics: status; numeric match after unit normalisation; range match; compare (every expected figure found);
text keywords; citation precision/recall against ``reference_source_ids``; citation support (each figure that
names a source is found in that source's cards, or in the citation's quote); unsupported-number rate (numbers in
the text that match no figure, calculation, cited source or the question); answer language and script; latency.
A case passes when status, the kind's correctness check and language all pass; citation and number-provenance
metrics are reported beside it and gated by thresholds on the aggregate.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from assistant import numbers
from assistant.evaluation.dataset import Expected, GoldenCase
from assistant.evaluation.fidelity import input_fidelity, taiwan_usage_problems
from assistant.evaluation.provenance import SourceIndex, index_for
from assistant.evaluation.units import dimension, normalise, variants
from knowledge.loader import KnowledgeBase

NON_SOURCE_ORIGINS = {"calculation", "user", "default", "input", "assumption", ""}
REFUSALS = {"needs_input", "not_found", "out_of_scope", "invalid_input"}


@dataclass
class CaseResult:
    id: str
    lang: str
    kind: str
    tags: list[str]
    user_input: str
    expected_status: list[str]
    status: str | None
    passed: bool
    status_ok: bool
    correct: bool | None  # the kind's check: numeric / range / compare / keywords (None when not applicable)
    numeric_error: float | None  # smallest relative error of a same-dimension figure (number kinds)
    language_ok: bool | None
    detected_language: str | None
    citation_precision: float | None
    citation_recall: float | None
    citation_support: float | None
    unsupported_numbers: list[str]
    numbers_in_text: int
    retrieval_recall: float | None
    latency_ms: float | None
    failures: list[str] = field(default_factory=list)
    answer_text: str = ""
    expected: Any = None
    derivation: str = ""
    error: str | None = None
    input_fidelity: bool | None = None  # every given number used (or explained), nothing else marked as given
    taiwan_usage: bool | None = None  # zh-Hant answers only: Taiwan vocabulary and standard forms
    figure_value: float | None = None  # the answer's figure closest to the first expected one, in base units
    metamorphic_ok: bool | None = None  # a generated sibling: changed by the calculators' ratio (set by the runner)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def unsupported_rate(self) -> float | None:
        return len(self.unsupported_numbers) / self.numbers_in_text if self.numbers_in_text else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["unsupported_rate"] = self.unsupported_rate
        return d


# ---------------------------------------------------------------- figures
def _answer_figures(answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    figs = answer.get("figures") or []
    return [f for f in figs if isinstance(f, Mapping) and isinstance(f.get("unit"), str)]


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(float(x)):
        return None
    return float(x)


def _interval(fig: Mapping[str, Any]) -> tuple[float, float] | None:
    """The figure's span in base units: [low, high], or [value, value]."""
    lo, hi, val = _num(fig.get("low")), _num(fig.get("high")), _num(fig.get("value"))
    unit = fig["unit"]
    if lo is not None and hi is not None:
        return normalise(lo, unit).value, normalise(hi, unit).value
    if val is not None:
        v = normalise(val, unit).value
        return v, v
    if lo is not None or hi is not None:
        b = normalise(lo if lo is not None else hi, unit).value  # type: ignore[arg-type]
        return b, b
    return None


def _central(fig: Mapping[str, Any]) -> float | None:
    val = _num(fig.get("value"))
    if val is not None:
        return normalise(val, fig["unit"]).value
    span = _interval(fig)
    return None if span is None else (span[0] + span[1]) / 2


def match_number(exp: Expected, figures: Iterable[Mapping[str, Any]]) -> tuple[bool, float | None]:
    """Is there a figure of the same dimension within ``rel_tol`` of the expected value? Returns (ok, best error)."""
    target = normalise(exp.value, exp.unit)  # type: ignore[arg-type]
    best: float | None = None
    for fig in figures:
        if dimension(fig["unit"])[0] != target.dimension:
            continue
        got = _central(fig)
        if got is None:
            continue
        err = abs(got - target.value) / abs(target.value) if target.value else abs(got)
        best = err if best is None else min(best, err)
    return (best is not None and best <= exp.rel_tol + 1e-12), best


def match_range(exp: Expected, figures: Iterable[Mapping[str, Any]]) -> tuple[bool, float | None]:
    """A figure of the same dimension whose value lies in the expected range, or whose low–high overlaps it."""
    dim = dimension(exp.unit)[0]
    lo = normalise(exp.low, exp.unit).value  # type: ignore[arg-type]
    hi = normalise(exp.high, exp.unit).value  # type: ignore[arg-type]
    slack = exp.rel_tol if exp.rel_tol != 0.02 else 0.005
    lo_t, hi_t = lo * (1 - slack) if lo >= 0 else lo * (1 + slack), hi * (1 + slack) if hi >= 0 else hi * (1 - slack)
    best: float | None = None
    for fig in figures:
        if dimension(fig["unit"])[0] != dim:
            continue
        span = _interval(fig)
        if span is None:
            continue
        if span[0] <= hi_t and span[1] >= lo_t:
            return True, 0.0
        mid = (lo + hi) / 2 or 1.0
        err = min(abs(span[0] - hi), abs(span[1] - lo)) / abs(mid)
        best = err if best is None else min(best, err)
    return False, best


def closest_value(exp: Expected, figures: Iterable[Mapping[str, Any]]) -> float | None:
    """The central value (base units) of the same-dimension figure nearest the expected one, on a log scale."""
    target = normalise(exp.value if exp.value is not None else math.sqrt(abs((exp.low or 0) * (exp.high or 0))) or
                       (exp.low or 0), exp.unit)
    best: tuple[float, float] | None = None
    for fig in figures:
        if dimension(fig["unit"])[0] != target.dimension:
            continue
        got = _central(fig)
        if got is None or got <= 0 or target.value <= 0:
            continue
        dist = abs(math.log(got / target.value))
        if best is None or dist < best[0]:
            best = (dist, got)
    return None if best is None else best[1]


def match_expected(exp: Expected, figures: list[Mapping[str, Any]]) -> tuple[bool, float | None]:
    return match_range(exp, figures) if exp.is_range else match_number(exp, figures)


# ---------------------------------------------------------------- text
@lru_cache(maxsize=1)
def _converters() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2tw")  # Taiwan standard forms: 峰 and 為 are Traditional


def fold(text: str) -> str:
    """NFKC, simplified script, case-folded, thousands separators removed: the form keywords are matched in."""
    t2s, _ = _converters()
    text = t2s.convert(unicodedata.normalize("NFKC", text)).casefold()
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


@lru_cache(maxsize=1)
def _taiwan() -> Any:
    import opencc

    return opencc.OpenCC("s2twp")


def keyword_hits(keywords: Iterable[tuple[str, ...]], text: str) -> list[tuple[str, ...]]:
    """The keyword groups none of whose alternatives appears in ``text``; a keyword also matches in its Taiwan
    wording (硬件 as 硬體), so a zh-Hant answer is not failed for writing as Taiwan writes."""
    folded = fold(text)
    return [alts for alts in keywords
            if not any(fold(a) in folded or fold(_taiwan().convert(a)) in folded for a in alts)]


HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> str | None:
    """en, zh-Hans or zh-Hant from the text itself; None when it has no letters at all."""
    text = numbers.CITATION_RE.sub(" ", text)
    han = HAN_RE.findall(text)
    words = LATIN_WORD_RE.findall(text)
    if not han and not words:
        return None
    if len(han) <= 0.5 * len(words):
        return "en"
    t2s, s2t = _converters()
    zh = "".join(han)
    traditional = sum(a != b for a, b in zip(zh, t2s.convert(zh), strict=False))
    simplified = sum(a != b for a, b in zip(zh, s2t.convert(zh), strict=False))
    if traditional > simplified:
        return "zh-Hant"
    if simplified > traditional:
        return "zh-Hans"
    return "zh"  # no script-specific characters: either script


def script_neutral_conversation(case: GoldenCase) -> bool:
    """Does nothing the user typed tell Simplified from Traditional ("查一下A100的HBM大小")? Then either script
    is a right answer."""
    t2s, s2t = _converters()
    said = "".join(HAN_RE.findall(" ".join([case.user_input, *(t["content"] for t in case.turns
                                                                if t.get("role") == "user")])))
    return bool(said) and t2s.convert(said) == said == s2t.convert(said)


def language_matches(expected: str, declared: Any, text: str) -> tuple[bool | None, str | None]:
    detected = detect_language(text)
    if detected is None and not declared:
        return None, None
    declared_ok = declared in (None, expected)
    if detected is None:
        return declared_ok, detected
    detected_ok = detected == expected or (detected == "zh" and expected.startswith("zh"))
    return declared_ok and detected_ok, detected


# ---------------------------------------------------------------- citations and provenance
def _citations(answer: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [c for c in answer.get("citations") or [] if isinstance(c, Mapping)]


def citation_scores(case: GoldenCase, answer: Mapping[str, Any]) -> tuple[float | None, float | None]:
    cited = {str(c.get("source_id")) for c in _citations(answer) if c.get("source_id")}
    ref = set(case.reference_source_ids)
    ok = ref | set(case.acceptable_source_ids)
    precision = len(cited & ok) / len(cited) if cited else (None if not ref else 0.0)
    recall = len(cited & ref) / len(ref) if ref else None
    return precision, recall


def _in_source(fig: Mapping[str, Any], source_id: str, index: SourceIndex, quotes: list[str]) -> bool:
    span = _interval(fig)
    if span is None:
        return False
    dim = dimension(fig["unit"])[0]
    for sf in index.of(source_id):
        if dimension(sf.unit)[0] != dim:
            continue
        for x in (sf.value, sf.low, sf.high):
            if x is None:
                continue
            v = normalise(x, sf.unit).value
            if any(abs(v - s) <= 0.005 * max(abs(v), abs(s)) + 1e-12 for s in span):
                return True
        if sf.low is not None and sf.high is not None and sf.value is None:
            lo, hi = normalise(sf.low, sf.unit).value, normalise(sf.high, sf.unit).value
            if lo <= span[0] and span[1] <= hi and _num(fig.get("value")) is not None:
                return True
    wanted = [w for x in (fig.get("value"), fig.get("low"), fig.get("high")) if _num(x) is not None
              for w in variants(float(x), fig["unit"])]
    return any(numbers.matches(m, wanted) for q in quotes for m in numbers.extract(q, index.names, False))


def citation_support(answer: Mapping[str, Any], index: SourceIndex) -> tuple[float | None, list[str]]:
    """Share of sourced figures found in the cited source (cards, cases, hardware, defaults, or the quote)."""
    cites = _citations(answer)
    quotes_by_src: dict[str, list[str]] = {}
    for c in cites:
        quotes_by_src.setdefault(str(c.get("source_id")), []).append(str(c.get("quote") or ""))
    checked = supported = 0
    problems: list[str] = []
    for fig in _answer_figures(answer):
        origin = str(fig.get("origin") or "")
        if origin in NON_SOURCE_ORIGINS:
            continue
        checked += 1
        label = f"{fig.get('label', '?')} = {fig.get('value', fig.get('low'))} {fig['unit']} [{origin}]"
        if origin not in quotes_by_src:
            problems.append(f"figure not backed by a citation of its source: {label}")
        elif not _in_source(fig, origin, index, quotes_by_src[origin]):
            problems.append(f"cited source does not contain the figure: {label}")
        else:
            supported += 1
    for c in cites:
        sid = str(c.get("source_id") or "")
        if sid and sid not in index.known_sources and not c.get("quote"):
            problems.append(f"citation [{c.get('n')}] names an unknown source {sid!r} and quotes nothing")
    return (supported / checked if checked else None), problems


def _allowed_values(case: GoldenCase, answer: Mapping[str, Any], index: SourceIndex) -> tuple[list[float], list[str]]:
    values: list[float] = []
    texts: list[str] = [case.user_input, *(t["content"] for t in case.turns if t.get("role") == "user")]
    for fig in _answer_figures(answer):
        for x in (fig.get("value"), fig.get("low"), fig.get("high")):
            if _num(x) is not None:
                values.extend(variants(float(x), fig["unit"]))
    for calc in answer.get("calculations") or []:
        if not isinstance(calc, Mapping):
            continue
        texts.append(str(calc.get("formula") or ""))
        texts.extend(str(s) for s in calc.get("steps") or [])
        for item in [*(calc.get("inputs") or {}).values(), calc.get("result") or {}]:
            if isinstance(item, Mapping):
                for x in (item.get("value"), item.get("low"), item.get("high")):
                    if _num(x) is not None:
                        values.extend(variants(float(x), str(item.get("unit") or "")))
            elif _num(item) is not None:
                values.append(float(item))
    error = answer.get("error")
    if isinstance(error, Mapping):  # an invalid_input answer quotes the accepted limits from its error field
        texts.extend(str(v) for v in error.values())
    for c in _citations(answer):
        texts.append(str(c.get("quote") or ""))
        texts.extend(index.said_by(str(c.get("source_id") or "")))
        for sf in index.of(str(c.get("source_id") or "")):
            for x in (sf.value, sf.low, sf.high):
                if x is not None:
                    values.extend(variants(x, sf.unit))
    for t in texts:
        values.extend(m.value for m in numbers.extract(t, index.names, False))
    return values, texts


def unsupported_numbers(case: GoldenCase, answer: Mapping[str, Any], index: SourceIndex) -> tuple[list[str], int]:
    """Numbers in the answer text traceable to nothing: not a figure, calculation, cited source or the question."""
    text = str(answer.get("answer") or "")
    mentions = numbers.extract(text, index.names)
    allowed, _ = _allowed_values(case, answer, index)
    return [m.text for m in mentions if not numbers.matches(m, allowed)], len(mentions)


def retrieval_recall(case: GoldenCase, answer: Mapping[str, Any], k: int = 5) -> float | None:
    """Recall@k of reference sources among ``answer['retrieved']`` (optional field: ids or {source_id})."""
    retrieved = answer.get("retrieved")
    if not isinstance(retrieved, list) or not case.reference_source_ids:
        return None
    ids = [r if isinstance(r, str) else str(r.get("source_id")) for r in retrieved[:k]
           if isinstance(r, str | Mapping)]
    return len(set(ids) & set(case.reference_source_ids)) / len(set(case.reference_source_ids))


# ---------------------------------------------------------------- one case
def score(case: GoldenCase, answer: Mapping[str, Any] | None, *, latency_ms: float | None = None,
          kb: KnowledgeBase | None = None, error: str | None = None) -> CaseResult:
    """Score ``answer`` (an Answer dict, or None when the answerer failed) against ``case``."""
    index = index_for(kb)
    answer = answer or {}
    failures: list[str] = []
    status = answer.get("status") if isinstance(answer.get("status"), str) else None
    status_ok = status in case.expected_status
    if not status_ok:
        failures.append(f"status {status!r}, expected {' or '.join(case.expected_status)}")
    text = str(answer.get("answer") or "")
    figures = _answer_figures(answer)

    correct: bool | None = None
    numeric_error: float | None = None
    if case.answerable and case.figures:
        oks: list[bool] = []
        for exp in case.figures:
            ok, err = match_expected(exp, figures)
            oks.append(ok)
            if err is not None:
                numeric_error = err if numeric_error is None else max(numeric_error, err)
            if not ok:
                want = (f"{exp.value:g} {exp.unit} ±{exp.rel_tol:.0%}" if not exp.is_range
                        else f"{exp.low:g}–{exp.high:g} {exp.unit}")
                close = f" (closest off by {err:.1%})" if err is not None else " (no figure in that dimension)"
                failures.append(f"missing figure {want}{close}")
        correct = all(oks)
    if case.answerable and case.keywords:
        missing = keyword_hits(case.keywords, text)
        if missing:
            failures.append("missing keywords: " + "; ".join("|".join(m) for m in missing))
        correct = (correct is not False) and not missing

    needs_language = bool(HAN_RE.search(case.user_input) or LATIN_WORD_RE.search(case.user_input))
    language_ok, detected = (None, None)
    if text.strip() and (needs_language or case.answerable):
        expected_lang = case.lang
        if case.lang.startswith("zh") and answer.get("language") in ("zh-Hans", "zh-Hant") \
                and script_neutral_conversation(case):
            expected_lang = str(answer.get("language"))  # nothing in what the user typed tells the scripts apart
        language_ok, detected = language_matches(expected_lang, answer.get("language"), text)
        if language_ok is False:
            failures.append(f"language: declared {answer.get('language')!r}, text reads as {detected!r}, "
                            f"expected {case.lang}")
    precision, recall = citation_scores(case, answer)
    support, support_problems = citation_support(answer, index)
    failures.extend(support_problems)
    unsupported, n_numbers = unsupported_numbers(case, answer, index)
    if unsupported:
        failures.append("unsupported numbers in text: " + ", ".join(unsupported))
    fidelity, fidelity_problems = input_fidelity(case, answer, index.names) if case.answerable else (None, [])
    failures.extend(f"input fidelity: {p}" for p in fidelity_problems)
    taiwan: bool | None = None
    if case.lang == "zh-Hant" and text.strip() and not (answer.get("language") == "zh-Hans"
                                                         and script_neutral_conversation(case)):
        tw_problems = taiwan_usage_problems(text)
        taiwan = not tw_problems
        if tw_problems:
            failures.append("not Taiwan usage: " + ", ".join(tw_problems[:12]))
    lat = _num(answer.get("latency_ms"))
    if latency_ms is not None:
        lat = latency_ms if lat is None else lat
    if error:
        failures.insert(0, f"answerer raised: {error}")
    passed = status_ok and correct is not False and language_ok is not False and taiwan is not False and not error
    expected: Any = ([e.to_dict() for e in case.figures] if case.figures
                     else [list(k) for k in case.keywords] if case.keywords else None)
    return CaseResult(
        id=case.id, lang=case.lang, kind=case.kind, tags=list(case.tags), user_input=case.user_input,
        expected_status=list(case.expected_status), status=status, passed=passed, status_ok=status_ok,
        correct=correct, numeric_error=numeric_error, language_ok=language_ok, detected_language=detected,
        citation_precision=precision, citation_recall=recall, citation_support=support,
        unsupported_numbers=unsupported, numbers_in_text=n_numbers,
        retrieval_recall=retrieval_recall(case, answer), latency_ms=lat, failures=failures, answer_text=text,
        expected=expected, derivation=case.derivation, error=error, input_fidelity=fidelity, taiwan_usage=taiwan,
        figure_value=closest_value(case.figures[0], figures) if case.figures else None, meta=dict(case.meta),
    )
