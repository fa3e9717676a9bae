"""Input fidelity and Taiwan usage: two checks of an answer against what the user actually wrote.

Input fidelity: every number the user gave (the case's hand-written or generated ``given`` list) is a calculation
input with origin ``user`` and that value, or the answer lists it in ``unused_inputs`` with the reason; and no
input is marked ``user`` unless the conversation holds that number. Taiwan usage: a zh-Hant answer reads as
OpenCC's Taiwan phrase conversion (s2twp) of itself — 硬體 not 硬件, 為 not 爲, 伺服器 not 服務器, 兆 not 萬億.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from assistant import numbers
from assistant.evaluation.dataset import Given, GoldenCase
from assistant.evaluation.units import dimension, variants
from assistant.textnorm import prepare

REL_TOL = 0.005

# s2twp turns a few words used correctly in this domain into others (参数 → 引數, the programming sense); both
# sides are folded through this table before comparing, so such pairs never count as a difference.
TAIWAN_SYNONYMS = {"引數": "參數", "臺": "台", "資料": "數據", "佔": "占", "最佳化": "優化", "檔案": "文件",
                   "摺合": "折合", "週": "周"}  # 折合 (to convert a sum) is the Taiwan form; 摺 is folding paper;
# Taiwan writes a week 週 ("8 週"), which s2twp cannot tell from the surname 周 and leaves as 周
# Taiwan writes 兆 for 10^12 where the mainland writes 万亿; s2twp leaves 萬億 as it is.
TAIWAN_EXTRA = {"萬億": "兆"}


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-12)


# what a number given as a bare "count" may count
COUNTED = frozenset({"people", "gpus", "items", "machines", "passes"})


def _compatible(given_unit: str, input_unit: str) -> bool:
    """Same dimension, or the same currency (CNY/GPU-hour given, CNY converted by a conversion input), or a bare
    count given for a count of people, cards, items or machines."""
    dg, di = dimension(given_unit)[0], dimension(input_unit)[0]
    return dg == di or given_unit.split("/")[0].casefold() == input_unit.split("/")[0].casefold() or \
        (dg == "count" and di in COUNTED)


def _inputs(answer: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    out = []
    for calc in answer.get("calculations") or []:
        if isinstance(calc, Mapping):
            for name, item in (calc.get("inputs") or {}).items():
                if isinstance(item, Mapping) and isinstance(item.get("value"), int | float):
                    out.append((f"{calc.get('tool', '?')}.{name}", item))
    return out


def _typed(item: Mapping[str, Any]) -> list[float]:
    """The values a user input stands for: its value, or both ends of a range the user gave ("$2-3")."""
    ends = [item.get("low"), item.get("high")]
    if all(isinstance(e, int | float) for e in ends):
        return [float(e) for e in ends]  # type: ignore[arg-type]
    return [float(item["value"])]


def _matches_given(g: Given, item: Mapping[str, Any]) -> bool:
    unit = str(item.get("unit") or "")
    if not _compatible(g.unit, unit):
        return False
    return any(_close(v, x) for x in _typed(item) for v in (*variants(g.value, g.unit), g.value))


def _explained(g: Given, answer: Mapping[str, Any]) -> bool:
    for u in answer.get("unused_inputs") or []:
        if isinstance(u, Mapping) and isinstance(u.get("value"), int | float) and u.get("reason") \
                and _close(float(u["value"]), g.value):
            return True
    return False


def _relative_factors(prepared: str) -> list[float]:
    from knowledge.vocabulary import vocabulary

    return [factor for words in vocabulary().relative.values() for word, factor in words.items()
            if prepare(word) in prepared]


def _conversation_values(case: GoldenCase, names: Iterable[str]) -> list[float]:
    values = [v for g in case.given for v in variants(g.value, g.unit)]
    texts = [case.user_input, *(t["content"] for t in case.turns if t.get("role") == "user")]
    for text in texts:
        # as typed, and with Chinese numerals written as digits (百分之四十 → 40%, 四成 → 4成, 一点二万 → 1.2万)
        for form in (text, prepare(text)):
            for m in numbers.extract(form, names, False):
                values.append(m.value)
                if m.percent:
                    values.append(m.value / 100)
        values += [float(x) / 10 for x in re.findall(r"(\d+(?:\.\d+)?)\s*成", prepare(text))]  # 四成 = 40%
        if re.search(r"cents?|美分|¢", text, re.IGNORECASE):
            values += [v / 100 for v in values]
        if re.search(r"\d\s*[毛角]", text):  # 8毛 is 0.8 yuan
            values += [v / 10 for v in values]
    # a follow-up's "twice as many", "翻倍": an earlier number times a small factor, in digits or in the words the
    # vocabulary reads as one; a node's power over its 8 accelerators: divided by one
    worded = [f for text in texts for f in _relative_factors(prepare(text))]  # "double" is the number 2 in words
    factors = [v for v in values if 0 < v <= 16] + worded
    return values + worded + [a * f for a in values for f in factors] + [a / f for a in values for f in factors]


def input_fidelity(case: GoldenCase, answer: Mapping[str, Any], names: Iterable[str] = ()) -> tuple[bool | None,
                                                                                                    list[str]]:
    """(ok, problems); None when the case gives no numbers or the answer is not a calculation/lookup answer."""
    if answer.get("status") != "answered":
        return None, []
    inputs = _inputs(answer)
    problems: list[str] = []
    for g in case.given:
        if any(item.get("origin") == "user" and _matches_given(g, item) for _, item in inputs):
            continue
        if _explained(g, answer):
            continue
        other = [f"{n} = {item['value']:g} ({item.get('origin')})" for n, item in inputs
                 if _compatible(g.unit, str(item.get("unit") or ""))]
        problems.append(f"user gave {g.text or g.value} ({g.value:g} {g.unit}): not used"
                        + (f"; answer used {', '.join(other[:3])}" if other else "") + ", and no reason given")
    allowed = _conversation_values(case, names)
    for name, item in inputs:
        if item.get("origin") != "user":
            continue
        typed = [variants(x, str(item.get("unit") or "")) for x in _typed(item)]
        if not all(any(_close(a, s) for a in allowed for s in shown) for shown in typed):
            problems.append(f"{name} = {item['value']:g} {item.get('unit', '')} is marked as given by the user, "
                            "but the conversation has no such number")
    if not case.given and not any(item.get("origin") == "user" for _, item in inputs):
        return None, []
    return not problems, problems


@lru_cache(maxsize=1)
def _opencc() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2twp")


def _fold(text: str) -> str:
    for a, b in TAIWAN_SYNONYMS.items():
        text = text.replace(a, b)
    return text


def taiwan_usage_problems(text: str) -> list[str]:
    """The spans of a zh-Hant text that Taiwan writes otherwise, as 'written→Taiwan form' (empty when none)."""
    t2s, s2twp = _opencc()
    text = numbers.CITATION_RE.sub(" ", text)
    taiwan = s2twp.convert(t2s.convert(text))
    for a, b in TAIWAN_EXTRA.items():
        taiwan = taiwan.replace(a, b)
    mine, theirs = _fold(text), _fold(taiwan)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mine, theirs, autojunk=False).get_opcodes():
        if op != "equal":
            pair = f"{mine[max(0, i1 - 1):i2 + 1]}→{theirs[max(0, j1 - 1):j2 + 1]}"
            if pair not in out:
                out.append(pair)
    return out
