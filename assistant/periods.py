"""The spans an amount is stated for or asked over ("USD 14B a quarter", "per month", "一整年"), read from the
vocabulary's periods."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.vocabulary import Period, vocabulary


def asked_periods(prepared: str) -> list[Period]:
    """The periods a prepared question names, each once, in the order named."""
    return list({p.id: p for _, p in period_mentions(prepared)}.values())


@lru_cache(maxsize=1)
def _period_words() -> tuple[re.Pattern[str], dict[str, Period]]:
    by_word = {w: p for p in vocabulary().periods for w in p.asks.all()}
    words = sorted(by_word, key=len, reverse=True)
    # ("21年" is a year of the calendar, not one year; "1年capex": a Chinese word ends where Latin begins)
    return re.compile("|".join(rf"(?<![a-z\d.]){re.escape(w)}" + ("(?![a-z])" if w[-1:].isascii() else "")
                               for w in words)), by_word


def period_mentions(prepared: str) -> list[tuple[int, Period]]:
    """Where each period is named in a prepared question, in order ("$2M a quarter … over a full year"); the day of
    "一天24小时不停跑", a convention the calculations already keep, is none."""
    pattern, by_word = _period_words()
    kept = _conventions().sub(lambda m: " " * len(m.group(0)), prepared)
    return [(m.start(), by_word[m.group(0)]) for m in pattern.finditer(kept)]


@lru_cache(maxsize=1)
def _conventions() -> re.Pattern[str]:
    from assistant.textnorm import prepare

    words = sorted({prepare(w) for c in vocabulary().conventions for w in c.words.all()}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words) or r"(?!)")


def stated_period(metric: str, unit: str) -> Period | None:
    """The period a card's figure is stated per: its unit's ("USD/year") or its metric's ("quarterly_capex")."""
    per = unit.partition("/")[2]
    prefix = metric.split("_")[0]
    return next((p for p in vocabulary().periods if per in p.units or prefix in p.metrics), None)


HOURS_A_YEAR_RE = re.compile(r"(\d[\d.]*)\s?(?:working |work |billable )?(?:hours|hrs|h)\s?"
                             r"(?:a|per|each|every|/)\s?year|"
                             r"(?:一年|1年|每年|全年)(?:工作|上班)?\s?(\d[\d.]*)\s?个?(?:小时|钟头|工时)")


def hours_a_year(prepared: str) -> float | None:
    """The working hours in a year the user counts a yearly sum over ("assuming 2,000 working hours a year")."""
    m = HOURS_A_YEAR_RE.search(prepared)
    value = float(m.group(1) or m.group(2)) if m else 0.0
    return value if 0 < value <= 8784 else None
