"""The golden set: load ``eval/golden.jsonl`` and validate every line, naming the line and field at fault.

One JSON object per line (design §7, field names after RAGAS): ``id, user_input, lang, kind, expected,
expected_status, reference_source_ids, turns, tags, derivation``; optional ``acceptable_source_ids`` lists
sources that may be cited without counting against precision (e.g. the formula's source in a calculation);
optional ``given`` lists the numbers the user typed (``{value, unit, text}``), written by a person or by the
paraphrase generator, never parsed by the product, for the input-fidelity metric; optional ``meta`` carries the
generator's bookkeeping (family, template, and for a metamorphic sibling the case it pairs with and the ratio).
A ``split:dev`` or ``split:test`` tag puts a case in the development or the held-out test split.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Lang = Literal["en", "zh-Hans", "zh-Hant"]
Kind = Literal["number", "range", "compare", "text", "refuse", "multi_turn"]
LANGS: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")
KINDS: tuple[str, ...] = ("number", "range", "compare", "text", "refuse", "multi_turn")
STATUSES: tuple[str, ...] = ("answered", "needs_input", "not_found", "out_of_scope", "invalid_input")
DEFAULT_REL_TOL = 0.02
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATASET = REPO_ROOT / "eval" / "golden.jsonl"


class DatasetError(ValueError):
    """The golden set is malformed; ``problems`` lists each one as 'line N (id): field: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the golden set:\n" + "\n".join(problems[:50]))


@dataclass(frozen=True)
class Expected:
    """One expected figure: a value with a relative tolerance, or a low–high range, in a unit."""

    unit: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    rel_tol: float = DEFAULT_REL_TOL

    @property
    def is_range(self) -> bool:
        return self.value is None

    def to_dict(self) -> dict[str, Any]:
        if self.is_range:
            return {"low": self.low, "high": self.high, "unit": self.unit}
        return {"value": self.value, "unit": self.unit, "rel_tol": self.rel_tol}


Keyword = tuple[str, ...]  # alternatives: any one of them must appear
SPLITS: tuple[str, ...] = ("dev", "test")


@dataclass(frozen=True)
class Given:
    """A number the user typed: its value in ``unit`` and how it was written."""

    value: float
    unit: str
    text: str = ""


@dataclass(frozen=True)
class GoldenCase:
    id: str
    user_input: str
    lang: str
    kind: str
    expected_status: tuple[str, ...]
    figures: tuple[Expected, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    reference_source_ids: tuple[str, ...] = ()
    acceptable_source_ids: tuple[str, ...] = ()
    turns: tuple[dict[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    derivation: str = ""
    given: tuple[Given, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def split(self) -> str | None:
        return next((t.split(":", 1)[1] for t in self.tags if t.startswith("split:")), None)

    @property
    def question_tag(self) -> str | None:
        return next((t for t in self.tags if t.startswith("q:")), None)

    @property
    def answerable(self) -> bool:
        return "answered" in self.expected_status

    def history(self) -> list[dict[str, str]]:
        return [dict(t) for t in self.turns]


def _expected_figure(obj: Any, where: str, problems: list[str]) -> Expected | None:
    if not isinstance(obj, dict):
        problems.append(f"{where}: expected an object with value/unit or low/high/unit, got {type(obj).__name__}")
        return None
    unit = obj.get("unit")
    if not isinstance(unit, str) or not unit:
        problems.append(f"{where}: 'unit' is missing")
        return None
    nums = {k: obj.get(k) for k in ("value", "low", "high", "rel_tol")}
    for k, v in nums.items():
        if v is not None and (isinstance(v, bool) or not isinstance(v, int | float)):
            problems.append(f"{where}: '{k}' must be a number, got {v!r}")
            return None
    if nums["value"] is None and (nums["low"] is None or nums["high"] is None):
        problems.append(f"{where}: needs 'value' (with optional rel_tol) or both 'low' and 'high'")
        return None
    if nums["low"] is not None and nums["high"] is not None and nums["low"] > nums["high"]:
        problems.append(f"{where}: low {nums['low']} is above high {nums['high']}")
        return None
    rel = DEFAULT_REL_TOL if nums["rel_tol"] is None else float(nums["rel_tol"])
    if not 0 <= rel < 1:
        problems.append(f"{where}: rel_tol must be in [0, 1), got {rel}")
        return None
    return Expected(unit=unit, value=None if nums["value"] is None else float(nums["value"]),
                    low=None if nums["low"] is None else float(nums["low"]),
                    high=None if nums["high"] is None else float(nums["high"]), rel_tol=rel)


def _keywords(obj: Any, where: str, problems: list[str]) -> tuple[Keyword, ...]:
    out: list[Keyword] = []
    for i, item in enumerate(obj):
        alts = (item,) if isinstance(item, str) else tuple(item) if isinstance(item, list) else ()
        if not alts or not all(isinstance(a, str) and a.strip() for a in alts):
            problems.append(f"{where}[{i}]: a keyword is a non-empty string or a list of alternative strings")
            continue
        out.append(alts)
    return tuple(out)


def _given(obj: Any, where: str, problems: list[str]) -> tuple[Given, ...]:
    if not isinstance(obj, list):
        problems.append(f"{where}: a list of {{value, unit, text}}")
        return ()
    out = []
    for i, g in enumerate(obj):
        ok = isinstance(g, dict) and isinstance(g.get("unit"), str) and isinstance(g.get("value"), int | float) \
            and not isinstance(g.get("value"), bool)
        if not ok:
            problems.append(f"{where}[{i}]: needs a numeric 'value' and a 'unit'")
            continue
        out.append(Given(float(g["value"]), g["unit"], str(g.get("text", ""))))
    return tuple(out)


def parse_case(obj: Any, where: str, problems: list[str]) -> GoldenCase | None:
    """Validate one decoded JSON object; append problems and return None when it is unusable."""
    before = len(problems)
    if not isinstance(obj, dict):
        problems.append(f"{where}: each line must be a JSON object")
        return None
    cid = obj.get("id")
    if not isinstance(cid, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:-]*", cid or ""):
        problems.append(f"{where}: 'id' must be a non-empty identifier, got {cid!r}")
        cid = "?"
    where = f"{where} ({cid})"
    known = {"id", "user_input", "lang", "kind", "expected", "expected_status", "reference_source_ids",
             "acceptable_source_ids", "turns", "tags", "derivation", "given", "meta"}
    for extra in sorted(set(obj) - known):
        problems.append(f"{where}: unknown field {extra!r}")
    user_input = obj.get("user_input")
    if not isinstance(user_input, str):
        problems.append(f"{where}: 'user_input' must be a string")
    lang = obj.get("lang")
    if lang not in LANGS:
        problems.append(f"{where}: 'lang' must be one of {', '.join(LANGS)}, got {lang!r}")
    kind = obj.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}: 'kind' must be one of {', '.join(KINDS)}, got {kind!r}")
    status = obj.get("expected_status", "answered")
    statuses = (status,) if isinstance(status, str) else tuple(status) if isinstance(status, list) else ()
    if not statuses or any(s not in STATUSES for s in statuses):
        problems.append(f"{where}: 'expected_status' must be one of {', '.join(STATUSES)} (or a list), got {status!r}")
    figures: tuple[Expected, ...] = ()
    keywords: tuple[Keyword, ...] = ()
    expected = obj.get("expected")
    if kind == "text":
        if not isinstance(expected, list) or not expected:
            problems.append(f"{where}: 'expected' of a text case is a non-empty list of keywords")
        else:
            keywords = _keywords(expected, f"{where}: expected", problems)
    elif kind == "refuse":
        if expected not in (None, {}, []):
            problems.append(f"{where}: a refuse case has no expected figure (null)")
        if "answered" in statuses:
            problems.append(f"{where}: a refuse case cannot expect status 'answered'")
    elif kind in ("number", "range", "compare", "multi_turn") and "answered" in statuses:
        items = expected if isinstance(expected, list) else [expected]
        if kind == "compare" and (not isinstance(expected, list) or len(expected) < 2):
            problems.append(f"{where}: 'expected' of a compare case is a list of at least two figures")
        if kind == "multi_turn" and isinstance(expected, list) and expected and all(isinstance(x, str | list)
                                                                                  for x in expected):
            keywords = _keywords(expected, f"{where}: expected", problems)
        else:
            parsed = [_expected_figure(x, f"{where}: expected", problems) for x in items]
            figures = tuple(p for p in parsed if p is not None)
            if kind == "number" and figures and figures[0].is_range:
                problems.append(f"{where}: a number case needs 'value' (use kind 'range' for low/high)")
            if kind == "range" and figures and not figures[0].is_range:
                problems.append(f"{where}: a range case needs 'low' and 'high'")
    refs = obj.get("reference_source_ids", [])
    acc = obj.get("acceptable_source_ids", [])
    for name, val in (("reference_source_ids", refs), ("acceptable_source_ids", acc)):
        if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
            problems.append(f"{where}: '{name}' must be a list of source ids")
    turns = obj.get("turns", [])
    if not isinstance(turns, list) or not all(
        isinstance(t, dict) and t.get("role") in ("user", "assistant") and isinstance(t.get("content"), str)
        for t in turns
    ):
        problems.append(f"{where}: 'turns' must be a list of {{role: user|assistant, content: str}}")
        turns = []
    if kind == "multi_turn" and not turns:
        problems.append(f"{where}: a multi_turn case needs the earlier turns")
    tags = obj.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        problems.append(f"{where}: 'tags' must be a list of strings")
        tags = []
    derivation = obj.get("derivation", "")
    if not isinstance(derivation, str):
        problems.append(f"{where}: 'derivation' must be a string")
    elif "answered" in statuses and kind != "text" and not derivation.strip():
        problems.append(f"{where}: 'derivation' must give the arithmetic or source figure behind the expectation")
    given = _given(obj.get("given", []), f"{where}: given", problems)
    meta = obj.get("meta", {})
    if not isinstance(meta, dict):
        problems.append(f"{where}: 'meta' must be an object")
    splits = [t for t in tags if t.startswith("split:")]
    if len(splits) > 1 or any(t.split(":", 1)[1] not in SPLITS for t in splits):
        problems.append(f"{where}: at most one split tag, split:dev or split:test, got {splits}")
    if len(problems) > before:
        return None
    return GoldenCase(id=cid, user_input=user_input, lang=lang, kind=kind, expected_status=statuses,
                      figures=figures, keywords=keywords, reference_source_ids=tuple(refs),
                      acceptable_source_ids=tuple(acc), turns=tuple(turns), tags=tuple(tags),
                      derivation=derivation, given=given, meta=dict(meta), raw=obj)


def parse_lines(lines: Iterable[str], name: str = "<golden>") -> list[GoldenCase]:
    problems: list[str] = []
    cases: list[GoldenCase] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{name}: line {n}: not valid JSON: {exc.msg} (column {exc.colno})")
            continue
        case = parse_case(obj, f"{name}: line {n}", problems)
        if case is None:
            continue
        if case.id in seen:
            problems.append(f"{name}: line {n} ({case.id}): duplicate id (first on line {seen[case.id]})")
        seen[case.id] = n
        cases.append(case)
    if problems:
        raise DatasetError(problems)
    return cases


def load(path: str | Path = DEFAULT_DATASET) -> list[GoldenCase]:
    """Read and validate a golden JSONL file; raise DatasetError listing every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DatasetError([f"{path}: cannot be read: {exc}"]) from exc
    return parse_lines(text.splitlines(), path.name)


def filter_split(cases: Sequence[GoldenCase], split: str | None) -> list[GoldenCase]:
    """Cases of one split (``dev`` or ``test``); all of them for None or ``all``."""
    if split in (None, "all"):
        return list(cases)
    return [c for c in cases if c.split == split]


def filter_tags(cases: Sequence[GoldenCase], tags: Iterable[str]) -> list[GoldenCase]:
    """Cases carrying any of ``tags`` (a tag also matches the case's lang and kind)."""
    wanted = {t for t in tags if t}
    if not wanted:
        return list(cases)
    return [c for c in cases if wanted & {*c.tags, c.lang, c.kind, f"kind:{c.kind}", f"lang:{c.lang}"}]


def missing_languages(cases: Sequence[GoldenCase]) -> dict[str, list[str]]:
    """For each ``q:`` tag, the languages it lacks (empty dict when every question has all three forms)."""
    by_q: dict[str, set[str]] = defaultdict(set)
    for c in cases:
        if c.question_tag:
            by_q[c.question_tag].add(c.lang)
    return {q: sorted(set(LANGS) - langs) for q, langs in by_q.items() if set(LANGS) - langs}


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _han_runs(text: str, n: int) -> set[str]:
    """Every n-character window that lies inside a run of Han characters."""
    out: set[str] = set()
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", text):
        out.update(run[i:i + n] for i in range(len(run) - n + 1))
    return out


def copied_phrases(texts: Iterable[str], source_texts: Iterable[str], n: int = 12) -> list[str]:
    """Runs of ``n`` or more consecutive Han characters that appear verbatim in a source text.

    Both sides are compared in simplified script (so a simplified copy of a traditional source is caught), and
    pinyin annotations after a Han character (``數(shù)據(jù)``) are removed from the sources first.
    """
    import opencc

    t2s = opencc.OpenCC("t2s")
    windows: set[str] = set()
    for src in source_texts:
        clean = re.sub(r"(?<=[\u4e00-\u9fff])\([a-zA-Z\u00c0-\u024f\u0300-\u036f\s]+\)", "", src)
        windows |= _han_runs(t2s.convert(clean), n)
    found: list[str] = []
    for text in texts:
        found.extend(sorted(w for w in _han_runs(t2s.convert(text), n) if w in windows))
    return found


def converted_zh_hant(cases: Sequence[GoldenCase]) -> list[str]:
    """zh-Hant cases (question or an earlier user turn) that equal an OpenCC conversion of their zh-Hans sibling:
    machine conversions, not Traditional Chinese as Taiwan or Hong Kong readers write it. Texts without a Han
    character (an empty question, punctuation only) are left out: there is nothing to write differently."""
    import opencc

    converters = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2twp", "s2hk")]
    by_slug = {c.id.rsplit(".", 1)[0]: c for c in cases if c.lang == "zh-Hans"}
    found: list[str] = []
    for case in cases:
        sibling = by_slug.get(case.id.rsplit(".", 1)[0]) if case.lang == "zh-Hant" else None
        if sibling is None:
            continue
        ours = [case.user_input, *(t["content"] for t in case.turns if t["role"] == "user")]
        theirs = [sibling.user_input, *(t["content"] for t in sibling.turns if t["role"] == "user")]
        for mine, source in zip(ours, theirs, strict=False):
            if HAN.search(mine) and any(conv.convert(source) == mine for conv in converters):
                found.append(case.id)
                break
    return found
