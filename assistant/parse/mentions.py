"""Numbers in the text with the magnitude word, unit and rate around them (70B, 700亿, $2/GPU-hour, 五成)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from assistant.parse.lexicon import ACCELERATOR, MODEL, Lexicon, prepared
from assistant.question import (
    MONEY,
)
from knowledge.vocabulary import UnitForms, vocabulary

NUM_RE = re.compile(r"(?<![a-z0-9_.§¤\-])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")


@dataclass(frozen=True)
class Mention:
    """A number in the prepared text with what stands around it."""

    start: int
    end: int  # end of the number with its magnitude, unit and rate
    value: float  # magnitude, unit factor and rate applied
    text: str
    dimension: str | None  # e.g. "usd", "usd/gpu_time", "ratio"; None for a bare number
    magnitude: bool  # a magnitude word (B, 亿) followed the number
    low: float | None = None  # the ends of a range the user gave ("$2-3"); value is then its midpoint
    high: float | None = None


def _word_at(text: str, i: int, form: str) -> bool:
    """``form`` starts at ``i`` and, when it is Latin, is not the start of a longer word ("t" in "tokens")."""
    if not text.startswith(form, i):
        return False
    j = i + len(form)
    return not (form[-1:].isascii() and form[-1:].isalnum() and j < len(text) and text[j].isascii()
                and text[j].isalnum())


def _match(text: str, i: int, forms: Sequence[tuple[str, Any]]) -> tuple[str, Any] | None:
    """The first of ``forms`` (longest first) that starts at ``i``."""
    if i >= len(text):
        return None
    for form, what in _by_character(forms).get(text[i], ()):
        if _word_at(text, i, form) and not (form == "兆" and text.startswith("兆瓦", i)):
            return form, what
    return None


_INDEXES: dict[tuple[int, bool], tuple[Sequence[tuple[str, Any]], dict[str, list[tuple[str, Any]]]]] = {}


def _by_character(forms: Sequence[tuple[str, Any]], last: bool = False) -> dict[str, list[tuple[str, Any]]]:
    """The lexicon's form lists, grouped by first (or last) character in their order: a number is followed, or a
    text ends, with one of a few forms, not each of hundreds."""
    kept = _INDEXES.get((id(forms), last))
    if kept is None or kept[0] is not forms:  # keyed by identity: the lexicon's lists live as long as it does
        index: dict[str, list[tuple[str, Any]]] = {}
        for form, what in forms:
            index.setdefault(form[-1:] if last else form[:1], []).append((form, what))
        kept = _INDEXES[(id(forms), last)] = (forms, index)
    return kept[1]


def _skip(text: str, i: int, chars: str = " -") -> int:
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _chip_hours(text: str, start: int, chip: int, lex: Lexicon) -> list[tuple[str, UnitForms]]:
    """"18万H800卡时", "2M H100 hours", "150万A100(80GB)卡时": hours of the accelerator named at ``chip``, as
    GPU-hours written from ``start``; none when no hours follow the name."""
    k = _skip(text, chip, ACCELERATOR + " -")
    variant = re.match(r"\(\d+\s?gb\)\s?", text[k:])
    k += variant.end() if variant else 0
    hours = [(f, u) for f, u in _units_at(text, k, lex)
             if u.dimension == "gpu_time" or (u.dimension == "duration" and u.factor < 1)]
    if not hours:
        return []
    hour = next(u for u in lex.vocab.units if u.dimension == "gpu_time" and u.factor == 1)
    return [(text[start:k] + hours[0][0], hour)]


def _units_at(text: str, i: int, lex: Lexicon) -> list[tuple[str, UnitForms]]:
    """Every unit entry whose form starts at ``i`` (a form may name two dimensions: 块 yuan or cards)."""
    found = _match(text, i, lex.units)
    if found is None:
        return []
    form = found[0]
    return [(f, u) for f, u in _by_character(lex.units)[form[:1]] if f == form]


PER_HEAD_RE = re.compile(r"(?:人\s?/?\s?|person[- ]|head[- ]|fte[- ])(?=年|years?\b|yrs?\b)")
OF_TEXT_RE = re.compile(r"(?:of (?:raw |plain |utf-8 )?(?:text|data) )?(?:(?:in|into|for) )?")


def _denominator(text: str, i: int, lex: Lexicon) -> tuple[int, str, float] | None:
    """A rate's "per …" after position ``i``: (end, dimension, factor). "/卡时", "per kWh", "an hour", "每度"."""
    j = _skip(text, i, " ")
    j += len(OF_TEXT_RE.match(text, j).group(0))  # "4 bytes of raw text per token"
    for phrase in lex.gpu_hour_rates:
        if _word_at(text, j, phrase):
            return j + len(phrase), "gpu_time", 1.0
    per = next(((p, p) for p in lex.per if _word_at(text, j, p)), None)
    if per is None:
        return None
    k = _skip(text, j + len(per[0]), " ")
    head = PER_HEAD_RE.match(text, k)  # "$15万/人年", "$200k per person-year": a year of one person's pay
    k = head.end() if head else k
    period = _card_period(text, k, lex)
    if period is not None:
        return period[0], "gpu_time", period[1]
    named = _skip(text, k, ACCELERATOR + " -")  # "per H100 GPU-hour", "每张H800卡时"
    if named > k and _units_at(text, named, lex):
        k = named
    for form, unit in _units_at(text, k, lex):
        if unit.dimension in ("params", "items", "years", "tokens"):  # "30 tokens per parameter", "¥20 per item"
            return k + len(form), unit.dimension, 1.0
        if unit.dimension in ("gpu_time", "energy") or (unit.dimension == "duration" and unit.factor < 1):
            dim = "gpu_time" if unit.dimension == "duration" else unit.dimension
            factor = 1.0 if unit.dimension == "duration" else unit.factor
            return k + len(form), dim, factor
    return None


def _rate_of(dimension: str | None, per: str) -> bool:
    """Whether a number of ``dimension`` beside a "per ``per``" is a rate: money or grams per anything but a
    parameter or a token ("$2 per GPU-hour", "400 g/kWh"), tonnes per energy, tokens or bytes per parameter, bytes
    per token."""
    if dimension in MONEY | {"mass"}:
        return per not in ("params", "tokens")
    return (dimension == "emissions" and per == "energy") or (dimension in ("tokens", "bytes") and per == "params") \
        or (dimension == "bytes" and per == "tokens")


def _card_period(text: str, k: int, lex: Lexicon) -> tuple[int, float] | None:
    """"per H100 per month", "per GPU a week", "per card-month" from ``k`` (after the "per"): where it ends and
    the hours one card is rented for in that period."""
    start = k
    k = _skip(text, k, ACCELERATOR + " -")
    card = [f for f, u in _units_at(text, k, lex) if u.dimension == "gpus"]
    if card:
        k = _skip(text, k + len(card[0]), " -/")
    elif ACCELERATOR not in text[start:k]:
        return None
    again = next((p for p in lex.per if _word_at(text, k, p)), None)
    if again is not None:
        k = _skip(text, k + len(again), " ")
    for form, unit in _units_at(text, k, lex):
        if unit.dimension == "duration" and unit.factor >= 1:
            return k + len(form), unit.factor * 24
    return None


@lru_cache(maxsize=1024)
def _ending(form: str) -> re.Pattern[str]:
    """``form`` at the end of a text, as a whole word when it is Latin ("usd" is not the end of "thousd")."""
    boundary = r"(?<![a-z])" if form[:1].isalpha() and form.isascii() else ""
    return re.compile(boundary + re.escape(form) + "$")


def _per_card(piece: str, lex: Lexicon) -> bool:
    """A rate's lead-in that prices one card ("每卡每月", "per GPU per month"), not a period's spend that merely
    names GPUs ("每个月在云GPU上花")."""
    cards = sorted((f for f, u in lex.units if u.dimension == "gpus"), key=len, reverse=True)
    named = "|".join(map(re.escape, [ACCELERATOR, *cards]))
    return re.search(rf"(?:每|(?<![a-z])(?:per|each|a)\s)(?:一|个|個)?\s?(?:{named})", piece) is not None


def _before(text: str, start: int, lex: Lexicon) -> tuple[str | None, float, str | None, float, int]:
    """What stands right before a number: a currency ($, US$, RMB) and a rate ("每卡时", "每度电电价为").
    Returns (currency dimension, its factor, rate dimension, rate factor, where that lead-in starts)."""
    offset = max(0, start - 32)  # room for "each token is roughly" before its bytes
    head = text[offset:start].rstrip(" ")
    currency, cfactor, lead = None, 1.0, start
    for form, unit in _by_character(lex.units, last=True).get(head[-1:], ()):
        if unit.dimension not in MONEY or not head.endswith(form):
            continue
        found = _ending(form).search(head)
        if found:
            currency, cfactor, lead = unit.dimension, unit.factor, offset + found.start()
            break
    # a rate's lead-in stays in its clause
    per = re.search(r"(?:每|per\s|[1一]个\s?token|(?<![a-z])(?:each|every|a|one) token"
                    r"(?: is| covers| averages| takes)?)[^\d§¤,:;。!?]{0,16}$", head)
    if per:
        piece, at = head[per.start():], min(lead, offset + per.start())
        if any(phrase in piece for phrase in lex.gpu_hour_rates):
            return currency, cfactor, "gpu_time", 1.0, at
        def said(form: str) -> bool:  # a Latin form as a word ("per mtok" names no month, "m")
            return form in piece and (not form.isascii() or re.search(
                rf"(?<![a-z]){re.escape(form)}(?![a-z])", piece) is not None)

        periods = [u.factor for f, u in lex.units if said(f) and u.dimension == "duration" and u.factor >= 1]
        if periods and _per_card(piece, lex):
            return currency, cfactor, "gpu_time", max(periods) * 24, at  # "每卡每月1.5万元": per card-month
        for form, unit in lex.units:
            if len(form) == 1 and not form.isascii() and not re.search(f"每(?:一|个)?{form}", piece):
                continue  # "每个月云端额度 50万美金": the 度 of 额度 is no kilowatt-hour
            if said(form) and (unit.dimension in ("gpu_time", "energy", "params", "items", "tokens")
                                  or (unit.dimension == "duration" and unit.factor < 1)):
                if unit.dimension == "duration":
                    return currency, cfactor, "gpu_time", 1.0, at
                return currency, cfactor, unit.dimension, unit.factor, at
    return currency, cfactor, None, 1.0, lead


def mentions(text: str, lex: Lexicon) -> list[Mention]:
    """Every number in the (entity-masked) prepared text, read with its magnitude, unit and rate; a range
    ("$2-3 an hour", "35~45% MFU", "100万到150万卡时") as one mention at its midpoint with both ends."""
    out: list[Mention] = []
    for m in NUM_RE.finditer(text):
        if out and m.start() < out[-1].end:
            continue  # the 1 of "16美分1度" or "1万美元1张" belongs to the mention before it
        found = _ranged(text, m.start(), m.end(), lex) or _mention(text, m.start(), m.end(), lex)
        if found is not None:
            out.append(found)
    return [_in_unit_of(text, m, after) for m, after in pairwise(out)] + out[-1:]


OPTION_JOINT_RE = re.compile(r"\s?(?:vs\.?|versus|or|还是|或者|或是|或|/)\s?")


def _in_unit_of(text: str, bare: Mention, other: Mention) -> Mention:
    """"1,024 vs 2,048 H100s", "30 or 45 days": a bare number set against one with a unit is in that unit."""
    typed = NUM_RE.match(other.text)
    if bare.dimension is None and not bare.magnitude and other.dimension is None and not other.magnitude and \
            text[other.end:other.end + 2].lstrip(" ")[:1] == ACCELERATOR and \
            OPTION_JOINT_RE.fullmatch(text[bare.end:other.start]):
        return replace(bare, dimension="gpus")  # "1,024 vs 2,048 H100s": the cards of that chip, both
    if bare.dimension is not None or bare.magnitude or other.dimension is None or other.magnitude or \
            other.low is not None or typed is None or not OPTION_JOINT_RE.fullmatch(text[bare.end:other.start]):
        return bare
    factor = other.value / float(typed.group(0)) if float(typed.group(0)) else 1.0
    return replace(bare, value=bare.value * factor, dimension=other.dimension)


MAX_CALENDAR_DAYS = 3650  # hours beyond ten years of calendar are accelerator-hours


# ("50亿甚至100亿美元", "5 or even 10 billion": the figure and the higher one it may reach, a range)
RANGE_RE = re.compile(r"\s*(?:-|–|—|~|～|〜|到|至|to|(?:甚至|乃至)(?:到|是|高达)?|or even|or possibly)\s*(?:\$\s?)?"
                      r"(\d+(?:\.\d+)?)")


CHANGE_RE = re.compile(r"(?:\bfrom|从|由)\s*(?:us\s?)?[$¥￥€]?\s*$")
# "MFU anywhere from 35% to 45%", "ranging from $2 to $3": a from … to that spans a range, not a change
SPREAD_RE = re.compile(r"(?:anywhere|somewhere|rang(?:e|es|ing)|var(?:y|ies|ying)|could be|might be|may be)\s+"
                       r"from\s*(?:us\s?)?[$¥￥€]?\s*$")
BETWEEN_RE = re.compile(r"(?:between |介于|介乎|在)\s*$")  # "介於 1.1 到 1.5": bare ends of a range, said to be one


RANGE_AFTER = ("之间", "都有可能", "都可能", "不等", "都有")  # "1.1 到 1.5 都有可能": bare ends said to be a range
SPAN_AFTER_RE = re.compile(rf"\s?\S{{0,4}}?(?:{'|'.join(RANGE_AFTER)}|不等)")
MAX_SPREAD = 10  # "1-100 GPUs" is two numbers, not a range anyone budgets with


def _factor_before(text: str, start: int, lex: Lexicon) -> bool:
    """"PUE 1.1-1.4", "mfu: 0.35 to 0.45": a share's or a factor's name right before bare ends says they span it."""
    before = text[max(0, start - 16):start]
    return any(m.end() >= len(before.rstrip(" :=")) for q in lex.vocab.quantities
               if q.dimension in ("ratio", "none") and q.id in lex.give_re for m in lex.give_re[q.id].finditer(before))


def _ranged(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """"2-3美元/卡时": the first number has no unit of its own and takes the second's magnitude, unit and rate."""
    i = end
    magnitude = _match(text, _skip(text, i, " "), lex.magnitudes)
    if magnitude is not None:
        i = _skip(text, i, " ") + len(magnitude[0])
    percent = magnitude is None and text.startswith("%", i)  # "35%~45%", "between 40% and 55%": each end a percent
    i += percent
    between = re.match(r"\s*and\s*(?:[$¥€]\s?)?(\d+(?:\.\d+)?)", text[i:]) \
        if re.search(r"between (?:us)?[$¥€]?\s?$", text[:start]) else None
    joint = between or RANGE_RE.match(text[i:])
    before = text[max(0, start - 30):start]
    if joint is None:
        return None
    # "went from $193B to $294B", "从350亿到400亿": a change, two numbers ("从1.99到3.49刀不等": a span)
    spread = SPAN_AFTER_RE.match(text, i + joint.end(1)) is not None
    if CHANGE_RE.search(before) and not SPREAD_RE.search(before) and not spread:
        return None
    s_start, s_end = i + joint.start(1), i + joint.end(1)
    if percent and not text.startswith("%", s_end):
        return None  # "50% to 1,000 GPUs": a percent, then another number
    if magnitude is not None and not text[_skip(text, s_end, " "):].startswith(magnitude[0]):
        return None  # "500k to 1M": two magnitudes, left as two numbers
    # each end read as if it stood alone: "$2-3 an hour" as "$2 an hour" and "$3 an hour"
    high = _mention(text[:start] + text[s_start:], start, start + s_end - s_start, lex)
    low = _mention(text[:start] + text[start:end] + text[s_end:], start, end, lex)
    bare = high is not None and (BETWEEN_RE.search(before) is not None or SPREAD_RE.search(before) is not None
                                 or _factor_before(text, start, lex)
                                 or text.startswith(RANGE_AFTER, _skip(text, high.end + s_start - start, " ")))
    if high is None or low is None or (high.dimension is None and not bare) or \
            low.dimension != high.dimension or not 0 < low.value < high.value <= MAX_SPREAD * low.value:
        return None
    stop = high.end + s_start - start
    return Mention(low.start, stop, (low.value + high.value) / 2, text[start:stop].strip(), high.dimension,
                   high.magnitude, low.value, high.value)


BARE_MONEY = frozenset({"蚊", "块", "元", "块钱", "dollars", "dollar", "bucks"})  # money words of no one currency


def _mention(text: str, number_start: int, number_end: int, lex: Lexicon) -> Mention | None:
    """The number at ``text[number_start:number_end]`` read with what follows and precedes it."""
    try:
        value = float(text[number_start:number_end])
    except ValueError:
        return None
    # "PUE 1.1 - kWh?": a dash standing free between spaces is a pause, not a joiner ("500-quadrillion-parameter")
    free_dash = re.match(r" +-+ ", text[number_end:]) is not None
    i = number_end if free_dash else _skip(text, number_end, " -")
    magnitude = _match(text, i, lex.magnitudes)
    if magnitude is not None and len(magnitude[0]) == 1 and i > number_end and \
            not _units_at(text, _skip(text, i + 1, " "), lex):
        magnitude = None  # "8,930 t location-based": a lone letter after a space, with no unit after it, is no tera
    if magnitude is None:
        i = _skip(text, number_end, " ")
    unit_here = _units_at(text, i, lex)
    if magnitude is not None and unit_here and len(unit_here[0][0]) > len(magnitude[0]):
        magnitude = None  # "98000千瓦时" is kWh, not 98000 thousand 瓦时
    if magnitude is not None:
        value *= float(magnitude[1])  # type: ignore[arg-type]
        i += len(magnitude[0])
    j = i if free_dash else _skip(text, i)
    j = _skip(text, j + 1, " ") if text.startswith("个", j) and not _units_at(text, j, lex) else j  # 个月, 个钟
    units = _units_at(text, j, lex)
    of = j + 1 if text.startswith("的", j) and text.startswith(ACCELERATOR, j + 1) else j  # "150万的A100卡时"
    if not units and text.startswith(ACCELERATOR, of):  # "18万H800卡时", "2M H100 hours": accelerator-hours
        units = _chip_hours(text, j, of, lex)
    named = re.match(r"(?:new |more |extra |of the |of our )?[a-z][a-z0-9-]* ", text[j:])
    between = text[j:j + named.end()].strip() if named else ""
    if not units and named and between not in lex.vocab.function_words.en and \
            text.startswith(ACCELERATOR, j + named.end()):  # "300k useful H100-hours": a word, then chip-hours
        units = _chip_hours(text, j, j + named.end(), lex)
    if not units and named and not magnitude and between not in lex.vocab.function_words.en and \
            between not in lex.vocab.per:  # "$28,000 a card" is a price per card
        # "2,000 Blackwell GPUs", "512 new GPUs": a chip family or an adjective between a count and GPUs
        counted = [(text[j:j + named.end()] + f, u) for f, u in _units_at(text, j + named.end(), lex)
                   if u.dimension == "gpus" and f.isascii()]
        units = counted[:1]
    classed = re.match(r"\s?(?:[个位名]\s?)?[\u4e00-\u9fff]{1,4}\s?(?=[a-z\u4e00-\u9fff])", text[j:])
    if not units and classed:  # "3 个标注 PM", "5位资深工程师": a classifier, a word, then the people counted
        units = [(text[j:j + classed.end()] + f, u) for f, u in _units_at(text, j + classed.end(), lex)
                 if u.dimension == "people"][:1]
    if not units and named and between not in lex.vocab.function_words.en and between not in lex.vocab.per:
        # "18T training tokens", "2 trillion unique tokens", "1M ideal GPU-hours", "10k SFT examples": a word
        # between a count and its tokens, GPU-hours or items
        units = [(text[j:j + named.end()] + f, u) for f, u in _units_at(text, j + named.end(), lex)
                 if u.dimension in ("tokens", "gpu_time", "items") and f.isascii()][:1]
    dimension: str | None = None
    end = i if magnitude else number_end
    currency, cfactor, rate_before, rfactor_before, lead = _before(text, number_start, lex)
    currency_dimension = currency
    if currency and units and all(u.dimension in ("people", "gpus", "items") for _, u in units):
        units = []  # "$3M staff", "a $12M GPU cluster": a sum spent on them, not millions of them
    if currency and units and units[0][1].dimension in MONEY and units[0][1].dimension != currency and \
            "  " in text[i:j]:
        units = []  # "$250k [in RMB at 7.1] yuan/USD": the money typed before, not another's across a masked span
    if units:
        form, unit = _pick_unit(units, text, j + len(units[0][0]), value)
        dimension, value, end = unit.dimension, value * unit.factor, j + len(form)
        if dimension == "duration" and unit.factor < 1 and value > MAX_CALENDAR_DAYS:
            dimension, value = "gpu_time", value * 24  # "150,000 hours" is no calendar: accelerator-hours
        if dimension in MONEY and currency:
            if form.strip() in BARE_MONEY and dimension != currency:  # "人民幣 8 蚊", "新台币 8 元": the one named
                dimension, value = currency, value / unit.factor * cfactor
            currency = None  # "$2.5 dollars": one currency
    elif currency:
        dimension, value = currency, value * cfactor
        currency = None
    if currency and dimension is None:
        dimension = currency
    if dimension is None and magnitude is not None and magnitude[1] == 1e12 and value >= 1e13 and \
            PEAK_BEFORE_RE.search(text, 0, number_start):
        dimension = "throughput"  # "A100(312T)", "H800按989T", "H20 BF16 148T": the chip's peak in tera-FLOP/s
    elif dimension is None and magnitude is None and 10 <= value <= 1e4 and "tflop" in text and \
            re.search(ACCELERATOR + r"(?:'s|\sat|\s?@)\s?$", text[:number_start]):
        dimension, value = "throughput", value * 1e12  # "148 TFLOPS vs the H800's 989", "B200 at 2250": its peak
    elif dimension is None and magnitude is None and 10 <= value <= 1e4 and \
            PEAK_BEFORE_RE.search(text, 0, number_start) and \
            re.search(r"bf16|fp16|fp8|tf32|峰值|tflop", text[max(0, number_start - 30):number_start]):
        dimension, value = "throughput", value * 1e12  # "H100 规格表上 BF16 有 1979 跟 989": its peaks, in tera
    start = lead
    rate = _denominator(text, end, lex)
    if rate is not None and _rate_of(dimension, rate[1]):
        end, den, factor = rate
        dimension, value = f"{dimension}/{den}", value / factor
    elif rate_before and _rate_of(dimension, rate_before):
        dimension, value = f"{dimension}/{rate_before}", value / rfactor_before
    else:
        start = number_start if dimension != currency_dimension or currency_dimension is None else lead
        if dimension in MONEY:  # "1万美元一张", "$30k apiece": a price per card, said after the amount
            each = re.match(r"\s*(1\s*(张|块|台|片)|each|apiece|a piece|a pop|/\s*(gpu|card|chip|卡|张)\b|"
                            r"per (gpu|card|chip|accelerator)\b)", text[end:])
            end = end + each.end() if each else end
    if dimension == "compute" and value < 1e6 and re.match(r"\s?(?:per|每|a|an)\b", text[end:]):
        return None  # "2 FLOPs per multiply-add": a count per operation, no compute budget
    if dimension == "emissions/energy":  # "0.5703 tCO2/MWh": tonnes per MWh are kilograms per kWh
        dimension, value = "mass/energy", value * 1000
    if dimension == "bytes" and value >= 1e6:
        dimension, value = "storage", value / 1e9  # "8,000 億 bytes" of text: a size, in GB
    elif dimension == "bytes":
        dimension = "bytes/params"  # "4 bytes each": what each parameter takes, the only bytes a run counts
    if dimension == "tokens" and PER_SECOND_RE.search(text[max(0, number_start - 16):number_start]):
        dimension = "token_rate"  # "每张卡每秒处理380个token": a speed, not an amount of data
    if dimension is None and value == 1 and re.match(r"[\u4e00-\u9fff]", text[number_end:number_end + 1] or " "):
        return None  # the 一 of 一个/一下/一次, turned into 1 by cn2an: an article, not a quantity
    if dimension == "gpus" and value == 1 and PRICE_AFTER_RE.match(text, end):
        return None  # "H100 一張 3.2 萬美元": the price of one card, not a cluster of one
    return Mention(start, end, value, text[number_start:end].strip(), dimension, magnitude is not None)


def _pick_unit(units: list[tuple[str, UnitForms]], text: str, after: int, value: float) -> tuple[str, UnitForms]:
    """块 is yuan before a price word or with decimals ("1.2块"), else a count of cards."""
    if len(units) == 1:
        return units[0]
    money = [u for u in units if u[1].dimension in MONEY]
    other = [u for u in units if u not in money]
    tail = text[after:after + 6]
    head = text[max(0, after - 16):after]
    context = prepared(tuple(vocabulary().money_context))
    # "一块H100多少钱", "H100一块大概卖多少钱": a card, whatever the price words around it
    named = tail[:1] in (ACCELERATOR, MODEL) or re.search(ACCELERATOR + r"\s?[\d.]+\s?\S{1,2}$", head) is not None
    if other and (named or re.match(r"\s?(gpu|卡|显卡|芯片)", tail)):
        return other[0]
    if money and (not float(value).is_integer() or re.match(r"\s*(钱|/|每|一|1)", tail)
                  or any(w in head or w in tail for w in context)):
        return money[0]
    return other[0] if other else units[0]


# between a chip's name and a bare number in T: brackets, a precision, 按/约/为 — what names the chip's peak
PEAK_BEFORE_RE = re.compile(ACCELERATOR + r"(?:[\s(（:：]|按|约|約|为|為|是|取|的|bf16|fp16|fp8|tf32|稠密|dense|"
                            r"峰值|算力|规格表上?|规格|数据手册上?|datasheet|spec sheet|有|标|写|"
                            r"\d+(?:\.\d+)?\s?(?:跟|和|与|或|、|,|and|or|vs\.?))*$")


PRICE_AFTER_RE = re.compile(r"\s?(?:芯片|显卡|卡|gpu)?\s?(?:要价|要|卖|售价|报价|价格|是|约|大约)?\s?"
                            r"(?:[$¥€]\s?[\d.]|[\d.]+\s?(?:万|千|k)?\s?(?:美元|美金|元|刀|usd|\$))")


PER_SECOND_RE = re.compile(r"每秒(?:钟)?(?:每(?:张|块)?卡)?(?:能|可以|大约|大概|约|应该|应当|要|会)?"
                           r"(?:处理|跑到|跑|吃|训练|训|有)?(?:了|掉)?(?:约|大约|大概)?\s*$")
