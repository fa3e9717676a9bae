"""Parse: a question (and the conversation before it) → a typed ``Question``.

Every word comes from the vocabulary table (``knowledge/vocabulary.yaml``). A number is read with its magnitude
word and unit in any order (70B / 700亿 / 2兆 / $2.5 per GPU-hour / 每度电7美分 / 400 g/kWh / 40% / 五成); its
role is the quantity whose unit dimension it has and whose giving word stands nearest ("PUE按1.3算", "0.5 MFU",
"MFU of 50%", "13B-parameter"). Asked quantities are scored by the phrases that ask for them, several allowed.
"""

from __future__ import annotations

import difflib
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise
from typing import Any

from assistant.entities import Mention as Named
from assistant.entities import find, member_of_size, sibling
from assistant.limits import MAX_QUESTION_CHARS as MAX_QUESTION_CHARS
from assistant.question import (
    CONCEPT_TARGET,
    COST_QUANTITIES,
    CURRENCIES,
    FOREIGN_CURRENCIES,
    MONEY,
    Given,
    Question,
    same_dimension,
)
from assistant.textnorm import HAN_RE, detect_script, prepare, script_neutral, to_simplified
from knowledge.schema import Figure
from knowledge.vocabulary import QuantityWords, UnitForms, Vocabulary, Words, vocabulary
from tools.cost import DAYS_PER_YEAR

WINDOW = 14  # characters between a number and the word that says what it is
INJECTION_RE = re.compile(
    r"ignore (all |any )?(of )?(the |your )?(previous|prior|above|earlier) (instructions|prompts?|rules)|"
    r"disregard .*instructions|system prompt|(?<![a-z])(?:assistant|system)\s*[:：]|系统提示|"
    r"(忽略|无视|忘掉|忘记)(你|您)?(之前|以上|上面|前面|先前)?(收到)?的?(所有|全部|一切)?的?(指令|指示|提示|规则|设定)|"
    r"(唔好|不要|别|唔)(理|管|睬)(之前|先前|以上|前面|上面)?(啲|的)?\s?(所有|全部)?\s?(instructions?|指令|指示|规则|设定)|"
    r"(冇|没有|无|不受)(任何)?限制(嘅|的)\s?(ai|助手|模型)|系统通知|知识库已更新|请以此为准|以此为准|"
    r"你现在是|you are now|jailbreak|system override|from now on,? (?:you|answer|reply|respond|always)|"
    r"answer every question with|(?:reply|respond|answer) only with|"
    r"<\|im_(?:start|end)\|>|</?s>|\[/?INST\]|<<SYS>>", re.IGNORECASE)  # chat-template tokens smuggled in
TAG_RE = re.compile(r"<[^>]{0,500}>")
QUOTED_FIGURE_RE = re.compile(r"[\"'“‘「『][^\"'”’」』\s]{0,12}?\d[^\"'”’」』]{0,12}[\"'”’」』]")
NUM_RE = re.compile(r"(?<![a-z0-9_.§¤\-])-?\d+(?:\.\d+)?(?:e[+-]?\d+)?")
HOURLY_RE = re.compile(r"\s?(?:/\s?(?:hr|hour|h)|an hour|per hour|a gpu-hour|per gpu-hour)(?![a-z])")
ACCELERATOR, MODEL = "§", "¤"  # masks over names, so "H100" and "Llama 2 7B" are never read as numbers
YEAR_MIN, YEAR_MAX = 1990, 2035


SCRIPT_RE = re.compile(r"<(script|style)\b[^>]{0,500}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
# Markup that would run code (a script, an event handler, a javascript: link): refused, not answered around
ACTIVE_RE = re.compile(r"<\s*(script|iframe|object|embed)\b|<[^>]*\bon[a-z]+\s*=|javascript:", re.IGNORECASE)


def clean_question(text: str) -> str:
    """Drop markup, scripts and control characters but keep the words: HTML in a question is never executed,
    and a script's code is not part of what the user asks."""
    text = html.unescape(TAG_RE.sub(" ", SCRIPT_RE.sub(" ", text)))
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return re.sub(r"\s+", " ", text).strip()


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


@dataclass(frozen=True)
class Lexicon:
    """The vocabulary's phrases in prepared form, longest first, ready to match."""

    vocab: Vocabulary
    magnitudes: tuple[tuple[str, float], ...]
    units: tuple[tuple[str, UnitForms], ...]
    per: tuple[str, ...]
    gpu_hour_rates: tuple[str, ...]
    asks: tuple[tuple[str, str], ...]  # (phrase, quantity id)
    gives: dict[str, tuple[str, ...]]
    ask_any: re.Pattern[str]  # every asking phrase, longest first, found at every position (a lookahead)
    ask_ids: dict[str, tuple[str, ...]]  # phrase -> quantities it asks for
    give_re: dict[str, re.Pattern[str]]  # quantity -> its giving words
    fillers: re.Pattern[str]  # words between a named quantity and the question word after it, at a text's end
    filler_runs: re.Pattern[str]  # Chinese filler words right before a question word, anywhere
    counter: re.Pattern[str]  # a counting word right after a number ("两次", "3 rounds")


@lru_cache(maxsize=8192)  # the vocabulary is finite: every word list it holds fits
def prepared(words: tuple[str, ...]) -> tuple[str, ...]:
    """Vocabulary words in the matching form (once per word list)."""
    return tuple(prepare(w) for w in words)


def _bounded(phrase: str) -> str:
    """A phrase as a pattern; Latin letters at its edges must not run into a longer word ("h" is not in "the")."""
    left = r"(?<![a-z])" if phrase[:1].isascii() and phrase[:1].isalpha() else ""
    right = r"(?![a-z])" if phrase[-1:].isascii() and phrase[-1:].isalpha() else ""
    if right and re.search(r"[a-z]{5}$", phrase) and not phrase.endswith("s"):
        right = r"s?" + right  # "estimates" is "estimate" (short words stay exact: "times" is no "time")
    # Chinese text often spaces the Latin words inside it ("每 GPU 小时"): a space may stand at such a seam
    parts = re.split(r"(?<=[\u4e00-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u4e00-\u9fff])", phrase)
    return left + r"\s?".join(re.escape(p) for p in parts) + right


SEAM_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s(?=[a-z0-9])|(?<=[a-z0-9])\s(?=[\u4e00-\u9fff])")


def _unspaced(text: str) -> str:
    """A matched phrase as the vocabulary writes it: no space at a Chinese–Latin seam ("多少 gpu 小时")."""
    return SEAM_RE.sub("", text)


def _alternation(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return re.compile("|".join(_bounded(p) for p in ordered) or r"(?!)")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    v = vocabulary()
    longest = lambda items: tuple(sorted(items, key=lambda p: len(p[0]), reverse=True))  # noqa: E731
    asks = longest((prepare(w), q.id) for q in v.quantities for w in q.asks.all())
    ask_ids: dict[str, tuple[str, ...]] = {}
    for phrase, qid in asks:
        ask_ids[phrase] = tuple(dict.fromkeys((*ask_ids.get(phrase, ()), qid)))  # 差几多 reads as 差多少, also listed
    gives = {q.id: tuple(sorted({prepare(w) for w in q.gives.all()}, key=len, reverse=True)) for q in v.quantities}
    # A Chinese unit noun before a bare number gives it too ("GPU时数48万", "卡时：50万"), for the dimension's plain
    # quantity (English writes the noun after the number, where the unit itself is read).
    plain: set[str] = set()
    for q in v.quantities:
        if q.input and q.dimension not in ("ratio", "none", "money", *MONEY) and q.dimension not in plain:
            plain.add(q.dimension)
            nouns = {prepare(f) for f, u in v.unit_forms if u.dimension == q.dimension and not f.isascii()}
            gives[q.id] = tuple(sorted(set(gives[q.id]) | nouns, key=len, reverse=True))
    return Lexicon(
        v,
        longest((k.casefold(), f) for k, f in v.magnitudes.items()),  # as written: "million" is the word itself
        longest((prepare(form), u) for form, u in v.unit_forms),
        tuple(sorted({prepare(p) for p in v.per}, key=len, reverse=True)),
        tuple(sorted({prepare(p) for p in v.gpu_hour_rates}, key=len, reverse=True)),
        asks,
        gives,
        re.compile("(?=(" + _alternation(ask_ids).pattern + "))"),
        ask_ids,
        {qid: _alternation((*words, ACCELERATOR) if qid == "gpus" else words) for qid, words in gives.items()},
        re.compile(f"(?:{_alternation(prepared(tuple(v.asking_fillers.all()))).pattern}|\\s)+$"),
        re.compile(f"(?:{_alternation(prepared(tuple(v.asking_fillers.zh))).pattern})+"
                   f"(?=(?:{_alternation(p for p in prepared(tuple(v.question_words.zh)) if p != '?').pattern}))"),
        re.compile(rf"\s?(?:{_alternation(prepared(tuple(v.counters.all()))).pattern})"),
    )


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


def _units_at(text: str, i: int, lex: Lexicon) -> list[tuple[str, UnitForms]]:
    """Every unit entry whose form starts at ``i`` (a form may name two dimensions: 块 yuan or cards)."""
    found = _match(text, i, lex.units)
    if found is None:
        return []
    form = found[0]
    return [(f, u) for f, u in _by_character(lex.units)[form[:1]] if f == form]


def _denominator(text: str, i: int, lex: Lexicon) -> tuple[int, str, float] | None:
    """A rate's "per …" after position ``i``: (end, dimension, factor). "/卡时", "per kWh", "an hour", "每度"."""
    j = _skip(text, i, " ")
    for phrase in lex.gpu_hour_rates:
        if _word_at(text, j, phrase):
            return j + len(phrase), "gpu_time", 1.0
    per = next(((p, p) for p in lex.per if _word_at(text, j, p)), None)
    if per is None:
        return None
    k = _skip(text, j + len(per[0]), " ")
    period = _card_period(text, k, lex)
    if period is not None:
        return period[0], "gpu_time", period[1]
    named = _skip(text, k, ACCELERATOR + " -")  # "per H100 GPU-hour", "每张H800卡时"
    if named > k and _units_at(text, named, lex):
        k = named
    for form, unit in _units_at(text, k, lex):
        if unit.dimension in ("params", "items", "years"):  # "30 tokens per parameter", "¥20 per item", "$300k/yr"
            return k + len(form), unit.dimension, 1.0
        if unit.dimension in ("gpu_time", "energy") or (unit.dimension == "duration" and unit.factor < 1):
            dim = "gpu_time" if unit.dimension == "duration" else unit.dimension
            factor = 1.0 if unit.dimension == "duration" else unit.factor
            return k + len(form), dim, factor
    return None


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


def _before(text: str, start: int, lex: Lexicon) -> tuple[str | None, float, str | None, float, int]:
    """What stands right before a number: a currency ($, US$, RMB) and a rate ("每卡时", "每度电电价为").
    Returns (currency dimension, its factor, rate dimension, rate factor, where that lead-in starts)."""
    offset = max(0, start - 16)
    head = text[offset:start].rstrip(" ")
    currency, cfactor, lead = None, 1.0, start
    for form, unit in _by_character(lex.units, last=True).get(head[-1:], ()):
        if unit.dimension not in MONEY or not head.endswith(form):
            continue
        found = _ending(form).search(head)
        if found:
            currency, cfactor, lead = unit.dimension, unit.factor, offset + found.start()
            break
    per = re.search(r"(?:每|per\s)[^\d§¤,:;。!?]{0,10}$", head)  # a rate's lead-in stays in its clause
    if per:
        piece, at = head[per.start():], min(lead, offset + per.start())
        if any(phrase in piece for phrase in lex.gpu_hour_rates):
            return currency, cfactor, "gpu_time", 1.0, at
        periods = [u.factor for f, u in lex.units if f in piece and u.dimension == "duration" and u.factor >= 1]
        if periods and (ACCELERATOR in piece or any(f in piece for f, u in lex.units if u.dimension == "gpus")):
            return currency, cfactor, "gpu_time", max(periods) * 24, at  # "每卡每月1.5万元": per card-month
        for form, unit in lex.units:
            if form in piece and (unit.dimension in ("gpu_time", "energy", "params", "items")
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
    return out


MAX_CALENDAR_DAYS = 3650  # hours beyond ten years of calendar are accelerator-hours
MAX_ITEM_TOKENS = 1e5  # beside a count of examples, a token count this small is each example's length
RANGE_RE = re.compile(r"\s*(?:-|–|—|~|～|〜|到|至|to)\s*(?:\$\s?)?(\d+(?:\.\d+)?)")
CHANGE_RE = re.compile(r"(?:\bfrom|从|由)\s*(?:us\s?)?[$¥￥€]?\s*$")
MAX_SPREAD = 10  # "1-100 GPUs" is two numbers, not a range anyone budgets with


def _ranged(text: str, start: int, end: int, lex: Lexicon) -> Mention | None:
    """"2-3美元/卡时": the first number has no unit of its own and takes the second's magnitude, unit and rate."""
    i = end
    magnitude = _match(text, _skip(text, i, " "), lex.magnitudes)
    if magnitude is not None:
        i = _skip(text, i, " ") + len(magnitude[0])
    percent = magnitude is None and text.startswith("%", i)  # "35%~45%", "between 40% and 55%": each end a percent
    i += percent
    between = re.match(r"\s*and\s*(\d+(?:\.\d+)?)", text[i:]) if text[:start].endswith("between ") else None
    joint = between or RANGE_RE.match(text[i:])
    if joint is None or CHANGE_RE.search(text[max(0, start - 12):start]):
        return None  # "went from $193B to $294B", "从350亿到400亿": a change, two numbers
    s_start, s_end = i + joint.start(1), i + joint.end(1)
    if percent and not text.startswith("%", s_end):
        return None  # "50% to 1,000 GPUs": a percent, then another number
    if magnitude is not None and not text[_skip(text, s_end, " "):].startswith(magnitude[0]):
        return None  # "500k to 1M": two magnitudes, left as two numbers
    # each end read as if it stood alone: "$2-3 an hour" as "$2 an hour" and "$3 an hour"
    high = _mention(text[:start] + text[s_start:], start, start + s_end - s_start, lex)
    low = _mention(text[:start] + text[start:end] + text[s_end:], start, end, lex)
    if high is None or low is None or high.dimension is None or \
            low.dimension != high.dimension or not 0 < low.value < high.value <= MAX_SPREAD * low.value:
        return None
    stop = high.end + s_start - start
    return Mention(low.start, stop, (low.value + high.value) / 2, text[start:stop].strip(), high.dimension,
                   high.magnitude, low.value, high.value)


def _mention(text: str, number_start: int, number_end: int, lex: Lexicon) -> Mention | None:
    """The number at ``text[number_start:number_end]`` read with what follows and precedes it."""
    try:
        value = float(text[number_start:number_end])
    except ValueError:
        return None
    i = _skip(text, number_end, " -")  # "500-quadrillion-parameter"
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
    j = _skip(text, i)
    j = _skip(text, j + 1, " ") if text.startswith("个", j) and not _units_at(text, j, lex) else j  # 个月, 个钟
    units = _units_at(text, j, lex)
    of = j + 1 if text.startswith("的", j) and text.startswith(ACCELERATOR, j + 1) else j  # "150万的A100卡时"
    if not units and text.startswith(ACCELERATOR, of):  # "18万H800卡时", "2M H100 hours": accelerator-hours
        k = _skip(text, of, ACCELERATOR + " -")
        variant = re.match(r"\(\d+\s?gb\)\s?", text[k:])  # "150万A100(80GB)卡时"
        k += variant.end() if variant else 0
        hours = [(f, u) for f, u in _units_at(text, k, lex)
                 if u.dimension == "gpu_time" or (u.dimension == "duration" and u.factor < 1)]
        if hours:
            form = hours[0][0]
            hour = next(u for u in lex.vocab.units if u.dimension == "gpu_time" and u.factor == 1)
            units = [(text[j:k] + form, hour)]
    named = re.match(r"(?:new |more |extra |of the |of our )?[a-z][a-z0-9-]* ", text[j:])
    between = text[j:j + named.end()].strip() if named else ""
    if not units and named and not magnitude and between not in lex.vocab.function_words.en and \
            between not in lex.vocab.per:  # "$28,000 a card" is a price per card
        # "2,000 Blackwell GPUs", "512 new GPUs": a chip family or an adjective between a count and GPUs
        counted = [(text[j:j + named.end()] + f, u) for f, u in _units_at(text, j + named.end(), lex)
                   if u.dimension == "gpus" and f.isascii()]
        units = counted[:1]
    if not units and named and between not in lex.vocab.function_words.en:
        # "18T training tokens", "2 trillion unique tokens": a word between a count and its tokens
        units = [(text[j:j + named.end()] + f, u) for f, u in _units_at(text, j + named.end(), lex)
                 if u.dimension == "tokens" and f.isascii()][:1]
    dimension: str | None = None
    end = i if magnitude else number_end
    currency, cfactor, rate_before, rfactor_before, lead = _before(text, number_start, lex)
    currency_dimension = currency
    if currency and units and all(u.dimension in ("people", "gpus", "items") for _, u in units):
        units = []  # "$3M staff", "a $12M GPU cluster": a sum spent on them, not millions of them
    if units:
        form, unit = _pick_unit(units, text, j + len(units[0][0]), value)
        dimension, value, end = unit.dimension, value * unit.factor, j + len(form)
        if dimension == "duration" and unit.factor < 1 and value > MAX_CALENDAR_DAYS:
            dimension, value = "gpu_time", value * 24  # "150,000 hours" is no calendar: accelerator-hours
        if dimension in MONEY and currency:
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
    start = lead
    rate = _denominator(text, end, lex)
    if rate is not None and ((dimension in MONEY | {"mass"} and rate[1] != "params")
                             or (dimension in ("tokens", "bytes") and rate[1] == "params")):
        end, den, factor = rate
        dimension, value = f"{dimension}/{den}", value / factor
    elif rate_before and ((dimension in MONEY | {"mass"} and rate_before != "params") or (dimension in ("tokens",
                          "bytes") and rate_before == "params")):
        dimension, value = f"{dimension}/{rate_before}", value / rfactor_before
    else:
        start = number_start if dimension != currency_dimension else lead
        if dimension in MONEY:  # "1万美元一张", "$30k apiece": a price per card, said after the amount
            each = re.match(r"\s*(1\s*(张|块|台|片)|each|apiece|a piece|/\s*(gpu|card|chip|卡|张)\b|"
                            r"per (gpu|card|chip|accelerator)\b)", text[end:])
            end = end + each.end() if each else end
    if dimension == "bytes":
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


# ---------------------------------------------------------------- roles
def _compatible(q: QuantityWords, dimension: str | None, magnitude: bool, value: float) -> bool:
    if dimension is None:
        if magnitude:  # "70B", "2T", "2k" with no unit: a count of parameters, tokens, hours or cards
            # … or "峰值989T": a peak in tera-FLOP/s, named by its word
            # … or "殘值 2 萬", "预算200万": a sum whose word says it is money, its currency the question's
            return q.dimension in ("params", "tokens", "gpu_time", "usd", "usd/years") or \
                (q.dimension == "gpus" and value < 1e7) \
                or (q.dimension == "throughput" and value >= 1e13)
        if q.dimension == "ratio":
            return 0 <= value <= 1  # a bare share is a fraction ("0.4 MFU"); 40 would need a %
        if q.dimension in ("params", "tokens"):
            return value >= 1e6  # "4.0" is a version, not a model size; sizes come with B, 亿 or a noun
        if q.dimension == "compute":
            return value >= 1e18  # "2.4E+24 training FLOPs": only a compute budget is that large
        if q.dimension == "tokens/params":
            return 1 <= value <= 1000  # "token和参数的比例按40算": a ratio its words name
        if q.dimension == "gpus" and not float(value).is_integer():
            return False  # "不是3.1": a version, never a count of cards
        # a noun before the number names these ("GPU时数35000", "用电量120万", "功耗700")
        return q.dimension in ("none", "gpus", "duration", "years", "people", "gpu_time", "energy", "power")
    return same_dimension(dimension, q.dimension)


def _breaks(between: str) -> int:
    """Clause breaks between a number and a word: "总参数5100亿，激活参数…" ties 5100亿 to 总参数."""
    return sum(between.count(c) for c in ",;，；、。:：") + between.count(". ")  # "mfu 0.35. days?": a full stop


def _distance(text: str, mention: Mention, words: re.Pattern[str], spans: list[tuple[int, int]],
              inside: bool = True) -> float | None:
    """Characters between the mention and the nearest giving word, not reaching past another number; a word
    inside the mention ("13b-parameter") counts unless ``inside`` is False ("翻倍" is not a multiplier)."""
    lo = max([e for s, e in spans if e <= mention.start], default=0)
    hi = min([s for s, e in spans if s >= mention.end], default=len(text))
    best: float | None = None
    for m in words.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        if s >= mention.end:
            if _breaks(text[mention.end:s]) and any(0 <= start - e <= 2 for start, _ in spans if start > e):
                continue  # "220亿、数据 10兆": past a comma, a word right before the next number gives that one
            # past a break, a word after the number belongs to the next clause more than a word right before it
            gap = s - mention.end + 5 * _breaks(text[mention.end:s])
        elif e <= mention.start:
            gap = mention.start - e + 1 + 3 * _breaks(text[e:mention.start])  # after says more than before
            if mention.dimension is not None and not text[e:mention.start].strip():
                gap = -0.5  # a qualifier right before a number outranks the unit noun inside it ("激活320亿参数")
        elif inside:
            gap = 0  # the word is part of the mention ("13b-parameter")
        else:
            continue
        gap -= (e - s) / 100  # at one distance the longer word names it: "激活参数" over "参数"
        if gap <= WINDOW and (best is None or gap < best):
            best = gap
    return best


def _roles(text: str, found: list[Mention], prefer: set[str], lex: Lexicon,
           local: str | None = None, pay: str | None = None) -> tuple[dict[str, Given], list[str]]:
    """Assign each mention to one quantity: unit dimension first, then the nearest giving word, then what the
    asked quantities need; a year (2024) is a date, not an input."""
    given: dict[str, Given] = {}
    unread: list[str] = []
    spans = [(m.start, m.end) for m in found]
    quantities = [q for q in lex.vocab.quantities if q.input and q.input not in PAIR]  # a pair is read as one
    order = {q.id: i for i, q in enumerate(quantities)}  # on a tie, a dimension's plain quantity (params, not active)
    # numbers with a unit take their roles first: a bare number near a word ("power of 64 nodes") must not take
    # the role a number with that unit fills ("700 W per GPU")
    for m in sorted(found, key=lambda m: m.dimension is None):
        if m.dimension is None and not m.magnitude and HOURLY_RE.match(text, m.end):
            m = replace(m, dimension="usd/gpu_time")  # "our quote is 2.49/hr per card": a price with its $ left off
        if m.dimension in (None, "years") and not m.magnitude and float(m.value).is_integer() \
                and YEAR_MIN <= m.value <= YEAR_MAX and _dated(text, m):
            continue
        if m.dimension is None and m.magnitude and "params" not in given and \
                re.search(r"(?<![a-z])an?\s$", text[:m.start]):
            # "token count for a 13B?", "an 8B on 15T tokens": a size in billions after "a" names the model
            given["params"] = Given("params", m.value, lex.vocab.by_id["params"].unit, m.text, low=m.low, high=m.high)
            continue
        bare_text = re.fullmatch(r"[\d.]+", m.text) is not None  # "1亿美元1次": a currency read from before it
        if (m.dimension is None and (lex.counter.match(text, m.end) or _counts_other(text, m))) or \
                (bare_text and lex.counter.match(text, m.end)):
            continue  # "两次耗电量", "3 rounds", "3 scenarios": how many of something, not an input
        candidates = [q for q in quantities if _compatible(q, m.dimension, m.magnitude, m.value)
                      and (q.id not in given or given[q.id].value == 1)  # a "一张" may yield to the real count
                      and not (q.id == "years_ahead" and m.dimension is None)]  # "a 6 in the formula" is no span
        if m.dimension is None and _phrases(tuple(lex.vocab.node_words.all())).match(text[m.end:].lstrip(" 台个部")):
            candidates = [q for q in candidates if q.id == "gpus"]  # "power of 64 nodes": a count, not the power
        if re.match(r"(1个|one\b|an?\b)", m.text) and candidates and not _plausible(candidates[0].id, m, lex):
            continue  # "一个参数配多少token": a rate's "per one", not a model of one parameter
        # "租金改成3美元", "如果電價係0.06呢": an amount, or a bare number, right by a rate's word is that rate
        bare = m.dimension is None and not m.magnitude
        rates = [q for q in quantities if (m.dimension in MONEY or bare) and q.dimension.split("/")[0] in MONEY |
                 {"mass"} and "/" in q.dimension and q.id not in given]  # "因子0.1呢": a grid's factor too
        # what the asked quantity needs may take a number that no word names ("花2100万美元租B200…最优模型")
        scored = [(10, False, order[q.id], q.id) for q in candidates if q.id in prefer and not q.worded]
        worded = []
        named_near = False
        for q in candidates + rates:
            gap = _distance(text, m, lex.give_re[q.id], spans)  # gpus: also "1024 H100s"
            before = gap is not None and _word_before(text, m, lex.give_re[q.id])
            if gap is not None and (q in candidates or before):  # what the asked quantity needs wins a near tie
                worded.append((gap + (0 if q.id in prefer else 4), q.id not in prefer, order[q.id], q.id))
                # "MFU is only 0.6": named by a word before it ("8B 其实只需要多少token" asks tokens, gives none)
                named_near = named_near or (gap <= 10 and lex.give_re[q.id].search(text, max(0, m.start - 14),
                                                                                   m.start) is not None)
        if any(w[3] in prefer for w in worded) or named_near:
            # "PUE had been 1.5", "what if MFU is only 0.6?": a number its word names, not a needed one unnamed
            scored = []
        scored += worded
        # the nearest fitting role, unless its range rules the number out and another role takes it
        # ("单卡采购价3.5万美元…每卡时成本": 35,000 is a price per card, not per GPU-hour)
        ranked = sorted(scored)
        # a price or a bare number may fit another role better; an absurd size stays what it is, and is refused,
        # and so does a bare number right by its word ("PUE设0.5" is a PUE too low, not 0.5 kWh said elsewhere)
        money = (m.dimension or "").split("/")[0] in MONEY
        reach = ranked[0][0] + 2 if m.dimension is None and ranked else None
        # a sum too large for any role, with no count to price ("we paid $12M for our cluster"), is an amount
        # ("一张报价2.8万美元，买256张": a sum no rate can be is the price of each card counted)
        fallback = "amount" if ranked and money and "gpus" not in given else \
            next((q.id for q in candidates if money and _plausible(q.id, m, lex)), ranked[0][3] if ranked else None)
        worded_ids = {q.id for q in quantities if q.worded}
        ranked = [r for r in ranked if r[3] not in worded_ids or _plausible(r[3], m, lex)]  # never forced on
        chosen = next((r[3] for r in ranked if not (money or reach is not None) or (_plausible(r[3], m, lex)
                       and (reach is None or r[0] <= reach))), fallback) if ranked else \
            _default_role(m, [q for q in candidates if not q.worded], prefer, given)
        if chosen is None and any(g.value == 1 and q.id == k for k, g in given.items() for q in quantities
                                  if _compatible(q, m.dimension, m.magnitude, m.value)):
            chosen = next(k for k, g in given.items() if g.value == 1)  # "一张…建一个10,424卡的集群": the count
        if chosen is None and m.dimension == "years" and "days" not in given and "days" in prefer:
            # "a cluster … runs for a year": no life or team to take it, so it is the time the run lasts
            given["days"] = Given("days", m.value * DAYS_PER_YEAR, "day", m.text, low=m.low, high=m.high)
            continue
        if chosen is None:
            if m.value == 1 and "gpus" in given and m.dimension in (None, "gpus"):
                continue  # "64张H100，一张以3.4万美元计": the one of "each one", once the count is known
            if not (m.dimension is None and float(m.value).is_integer() and YEAR_MIN <= m.value <= YEAR_MAX):
                unread.append(m.text)  # "its 2024 range": a year no role takes is a date, not a lost input
            continue
        unit = lex.vocab.by_id[chosen].unit
        currency = (m.dimension or "").split("/")[0]
        if currency == "cny" and local and re.search(r"[元块]", m.text):
            currency = local.lower()  # "新台幣4元": a bare 元 is the dollar the question names
        if chosen == "salary" and m.dimension is None and pay:
            currency = pay  # "每人月薪4万": pay with no currency is in the money where the asker lives
        if currency in MONEY - {"usd"}:
            unit = currency.upper() + unit[3:] if unit.startswith("USD") else currency.upper()
        given[chosen] = Given(chosen, m.value, unit, m.text, low=m.low, high=m.high)
    return given, unread


PAIR = ("larger", "smaller")


def _change_not_share(asked: list[str], text: str, lex: Lexicon) -> list[str]:
    """"涨了百分之多少", "降幅是百分之几": a percent of change, not a part of a whole, unless a word marks one ("占",
    "share of")."""
    changes = set(_comparisons()) - {"share"}
    if "share" in asked and changes & set(asked) and not _words_in(text, lex.vocab.share_marks.all()):
        return [a for a in asked if a != "share"]
    return asked


@lru_cache(maxsize=1)
def _comparisons() -> frozenset[str]:
    """Quantities asked of two figures (difference, growth, multiple, reduction): their calculators take a pair."""
    from tools.registry import CALCULATORS

    return frozenset(c.output for c in CALCULATORS.values() if c.needs == (PAIR,))


def _pay(q: Question, found: list[Mention], text: str, lex: Lexicon) -> None:
    """"$15k a month", "月薪1.5万": a salary paid monthly is twelve times that a year; "3个质检", "3 ML engineers":
    beside a salary, a count of people named by their role is the team."""
    salary = q.given.get("salary")
    monthly = lex.vocab.per_month
    roles = _phrases(tuple(lex.vocab.staff_roles.all())).pattern
    if salary is None:
        # "4 contractors at $15k/month each": a sum a month beside people counted by role is their pay
        paid = next((k for k in ("purchase_price", "amount") if k in q.given), None)
        at = text.find(q.given[paid].text) if paid else -1
        counted = re.search(rf"\d\s?(?:个|名|位)?\s?(?:{roles})", text)
        if paid is None or at < 0 or counted is None or not re.match(
                rf"\s*(?:{_phrases(tuple(monthly.all())).pattern})", text[at + len(q.given[paid].text):]):
            return
        price = q.given.pop(paid)
        salary = q.given["salary"] = replace(price, quantity="salary", unit=f"{price.unit}/year")
    at = next((m for m in found if m.text == salary.text), None)
    if at is not None and not salary.text.endswith("× 12"):  # read once, however often the reading is asked
        before, after = text[max(0, at.start - 8):at.start], text[at.end:at.end + 12]
        if _words_in(before, monthly.zh) or re.match(rf"\s*(?:{_phrases(tuple(monthly.all())).pattern})", after):
            q.given["salary"] = replace(salary, value=salary.value * 12, text=f"{salary.text} × 12",
                                        low=salary.low and salary.low * 12, high=salary.high and salary.high * 12)
    if "staff" in q.given:
        return
    for m in found:
        taken = next((k for k, g in q.given.items() if g.text == m.text), None)
        if taken in ("staff", "salary") or not float(m.value).is_integer() or not 1 <= m.value <= 1e5 or \
                (m.dimension not in (None, "gpus") and taken is not None):
            continue
        if re.match(rf"\s?(?:个|名|位)?\s?(?:[a-z]{{1,5}}\s)?(?:{roles})", text[m.end:m.end + 16]) or \
                re.fullmatch(rf"[\d.]+\s?(?:个|名|位)?\s?(?:{roles})", m.text):
            if taken is not None:
                del q.given[taken]
            q.given["staff"] = Given("staff", m.value, "person", m.text)
            q.unread = [u for u in q.unread if u != m.text]
            return


def _addends(text: str, found: list[Mention], lex: Lexicon) -> tuple[list[Given], list[Mention]]:
    """"Three runs used 1.3M, 2M and 6.4M GPU-hours: how many in total?": figures in one unit, and words that ask
    for their sum, are added up, not taken as inputs of a calculation."""
    dimension = next((m.dimension for m in reversed(found) if m.dimension is not None), None) or \
        next(iter(_asked_dimensions(text, [(m.start, m.end) for m in found], lex)), None)  # "GPU-hours: 19K, 2.4M"
    if dimension is None:  # "租卡350萬、電費40萬…都是台幣": bare sums in the one currency named beside them
        named = {u.dimension for f, u in lex.units if u.dimension in MONEY and len(f) > 1 and _words_in(text, [f])}
        dimension = named.pop() if len(named) == 1 else None
    money_words = [*lex.vocab.cost_sums.all(), *lex.vocab.cost_words.all(), *lex.vocab.by_id["budget"].gives.all()]
    if dimension is None and _words_in(text, money_words) and _words_in(text, lex.vocab.family_totals.all()) and \
            len(found) >= 2 and all(m.dimension is None and m.magnitude for m in found):
        # "adding up our budget: compute 1.8M, data 350k…": sums of money with no currency, in the asker's
        dimension = "cny" if HAN_RE.search(text) else "usd"
    totals = [*lex.vocab.family_totals.all(), *(lex.vocab.cost_sums.all() if dimension in MONEY else ())]
    if len(found) < 2 or not _words_in(text, totals):  # "租卡850万元、标注120万…总成本多少": costs listed, summed
        return [], found
    unit = next((u.base for u in lex.vocab.units if u.dimension == dimension), None)
    # "1.3M, 2M and 6.4M GPU-hours": bare sizes in a list take the unit written after the last; "three runs"
    # counts the figures, it is not one of them
    listed = [m for m in found if m.dimension in (dimension, None) and (m.magnitude or m.value >= 10)]
    between = [text[a.end:b.start] for a, b in pairwise(listed)]
    other_units = [f for f, u in lex.units if u.dimension != dimension and len(f) > 1]
    if all(m.dimension == dimension for m in listed):
        other_units = []  # "compute $2.1M, data $400k, staff $1.5M": each figure has its unit; words between name it
    # a unit right after a figure is that figure's; a word just before the next ("data 350k, staff 900k") names it
    suffix = _phrases(tuple(other_units)) if other_units else None
    if any(len(gap) > 40 or _words_in(gap, list(lex.vocab.family_totals.all())) or
           (suffix is not None and suffix.match(gap.lstrip(" "))) for gap in between):
        # "405B total and 11B active on 9T tokens", "7万亿token，模型是总参数3400亿": different things, no list
        return [], found
    others = [m for m in found if m not in listed]
    if unit is None or len(listed) < 2 or any(m.dimension not in (None, dimension) for m in others):
        return [], found  # "…on 2T tokens, total cost?": numbers of several kinds are a calculation's inputs
    if len(listed) < 3 and not _words_in(text, lex.vocab.add_up.all()):
        return [], found  # "$4M final run plus $3M staff: total development cost?" is a calculation's total
    return [Given("figures", m.value, unit, m.text) for m in listed], []


def _ratio_named(text: str, m: Mention, lex: Lexicon) -> bool:
    """"有效训练时间占比0.8", "MFU 0.4": a bare number right after a share's or factor's word is that share."""
    return any(lex.give_re[q.id].search(text, max(0, m.start - 12), m.start) is not None
               for q in lex.vocab.quantities if q.dimension in ("ratio", "none") and q.id in lex.give_re)


def _compared_pair(text: str, found: list[Mention],
                   lex: Lexicon) -> tuple[dict[str, Given], list[str], list[Mention]]:
    """"From $193B to $294B, what's the growth?", "8192张卡是1376张卡的几倍?": two numbers in one unit, compared,
    are the pair the comparison takes, not two inputs of a calculation (nor is their unit what is asked)."""
    if len(found) < 2 or not _words_in(text, [w for c in _comparisons() for w in lex.vocab.by_id[c].asks.all()]):
        return {}, [], found
    for m in found:
        same = [n for n in found if n.dimension == m.dimension]
        if len(found) == 2 and len(same) == 1 and any(n.dimension is None for n in found) and \
                not any(n.dimension is None and _ratio_named(text, n, lex) for n in found) and \
                (not any(n.magnitude for n in found) or 0.01 <= found[0].value / (found[1].value or 1) <= 100):
            same = found  # "8,000 GPUs before and 2,000 now", "从350亿到400亿美元": the bare number is in the other's
            # unit; a "1.8T" beside 2,000 GPUs is a model's size, not a count of GPUs
        if m.dimension in (None, "ratio", "years") or len(same) != 2:
            continue
        wanted = _asked_dimensions(text, [(n.start, n.end) for n in found], lex)
        if wanted and m.dimension not in wanted:
            continue  # "两个电网因子，排放差多少吨？": tonnes asked, so each factor is an option, not the pair
        theirs = tuple(q.id for q in lex.vocab.quantities if q.dimension == m.dimension)
        asked = _change_not_share([a for a in _asked(text, [(n.start, n.end) for n in found], theirs, lex)
                                   if a in _comparisons()], text, lex)
        # a rate ("$3.49/hr vs $2.99/hr") compares in the unit of the quantity it prices
        unit = next((u.base for u in lex.vocab.units if u.dimension == m.dimension),
                    next((q.unit for q in lex.vocab.quantities if q.dimension == m.dimension), None))
        if asked and unit is not None:
            big, small = sorted(same, key=lambda n: -n.value)
            pair = {"larger": Given("larger", big.value, unit, big.text),
                    "smaller": Given("smaller", small.value, unit, small.text)}
            return pair, asked[:1], [n for n in found if n not in same]
    return {}, [], found


# between a chip's name and a bare number in T: brackets, a precision, 按/约/为 — what names the chip's peak
PEAK_BEFORE_RE = re.compile(ACCELERATOR + r"(?:[\s(（:：]|按|约|約|为|為|是|取|的|bf16|fp16|fp8|tf32|稠密|dense|"
                            r"峰值|算力)*$")
PRICE_AFTER_RE = re.compile(r"\s?(?:芯片|显卡|卡|gpu)?\s?(?:要价|要|卖|售价|报价|价格|是|约|大约)?\s?"
                            r"(?:[$¥€]\s?[\d.]|[\d.]+\s?(?:万|千|k)?\s?(?:美元|美金|元|刀|usd|\$))")
PER_SECOND_RE = re.compile(r"每秒(?:钟)?(?:每(?:张|块)?卡)?(?:能|可以|大约|大概|约)?(?:处理|跑|吃|训练|训)?(?:了|掉)?"
                           r"(?:约|大约|大概)?\s*$")
PER_ACCELERATOR_BEFORE_RE = re.compile(r"(?:每|一|单|(?<![\d.])1)(?:张卡|块卡|张|块|卡|颗)\s*(?:gpu|显卡|卡)?\s*"
                                       r"(?:(?:每|一)个?(?:小时|钟头|钟))?\s*(?:约|大约|是|为)?\s*(?:us)?\$?\s*$|"
                                       r"(?:per|each|a)\s*(?:gpu|card|chip)\s*$")
PER_ACCELERATOR_RE = re.compile(r"\s*(?:(?:per|/|an?|each)\s*(?:gpu|card|chip|accelerator)|每(?:张|块|卡|颗))")


def _per_node(q: Question, masked: str, lex: Lexicon) -> None:
    """"10.2 kW per node with 8 GPUs per node": a node's power over its accelerators is the power per accelerator,
    and the 8 is the node's size, not the cluster's. "一台8卡服务器27万美元": the server's price over its cards is
    the price per card, and the 8 cards are what was bought."""
    count = q.given.get("gpus")
    nodes = _phrases(tuple(lex.vocab.node_words.all()))
    if count is None or count.value > 16 or not nodes.search(masked):
        return
    at = masked.find(count.text)
    servers = nodes.match(masked[at + len(count.text):].lstrip(" 台个部")) and not re.search(r"gpu|card|卡", count.text)
    if at < 0 or not nodes.search(masked[max(0, at - 16):at + len(count.text) + 20]) or servers:
        return  # "16 servers with 8 H100s each": a count of servers, not the cards in one
    # a sum asked per GPU-hour ("an 8-GPU server costs $270k: per GPU-hour?") is the server's price too
    # "an 8x H100 node at $23.92/hour": the node's rate per hour, over its cards
    rate = q.given.get("price_per_gpu_hour")
    node_rate = ("price_per_gpu_hour",) if rate is not None and not re.search(r"gpu|card|卡|张|chip", rate.text) else ()
    for key in ("power_w", "purchase_price", *node_rate,
                *(("amount",) if q.hourly and "purchase_price" not in q.given else ())):
        figure = q.given.get(key)
        where = masked.find(figure.text) if figure is not None else -1
        if figure is None or (where >= 0 and (PER_ACCELERATOR_RE.match(masked, where + len(figure.text))
                                              or PER_ACCELERATOR_BEFORE_RE.search(masked[max(0, where - 12):where]))):
            continue  # "8 H100 per node, 700 W per GPU", "每张3万美元", "攤到每張 GPU 約": already each accelerator's
        if key == "price_per_gpu_hour":  # the count only divides the node's rate, which the calculator shows
            del q.given["gpus"], q.given[key]
            q.given["node_rate"] = replace(figure, quantity="node_rate", unit=figure.unit.split("/")[0] + "/hour")
            q.given["node_gpus"] = replace(count, quantity="node_gpus")
            work = q.given.keys() & {"gpu_hours", "days", "params", "flop", "budget"}
            q.asked = [] if work else ["price_per_gpu_hour"]  # "…per GPU-hour?": the node's rate over its cards
            continue
        if key == "amount":
            del q.given[key]
            key, figure = "purchase_price", replace(figure, quantity="purchase_price")
        if key != "power_w" and q.hourly:
            q.given.pop("gpus", None)  # the count only divides the price: a rate per GPU-hour is the same for many
        q.given[key] = replace(figure, value=figure.value / count.value, text=f"{figure.text} ÷ {count.text}")
        if key == "power_w":
            q.given.pop("gpus", None)
        else:  # the server's price is all that was bought: nothing is added for servers or networking
            q.left_out = q.left_out | {"servers", "networking"}


# "8卡H100伺服器", "an 8-GPU HGX box": the cards before the machine, a chip or a make between
CARDS_OF_NODE = rf"^\s*(?:卡|张|块|-?gpus?|-?cards?)?\s*{ACCELERATOR}*\s*(?:(?:hgx|dgx|mgx)\s?)?"


def _nodes_of(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """"64台服务器，每台8张H100", "32 servers with 8 H100s each": the cluster's accelerators are the servers
    times the accelerators in each."""
    words = _phrases(tuple(lex.vocab.node_words.all()))
    counts = [m for m in found if m.dimension in (None, "gpus") and not m.magnitude and float(m.value).is_integer()]
    # "要买64台": machines counted by 台, in a question about servers
    machines = words.search(masked) is not None
    # "an 8-GPU server", "8卡服务器": cards named right before the machine are what each holds, not machines
    node = next((m for m in counts if m.value > 1 and not re.search(r"(?:gpus?|cards?|卡)$", m.text) and (
        words.match(masked[m.end:m.end + 12].lstrip(" 台个部")) or (machines and m.text.endswith("台")))), None)
    each = next((m for m in counts if m is not node and 1 < m.value <= 16 and (
        words.search(masked[max(0, m.start - 12):m.start])
        or re.search(r"each|per (node|server|machine|box)|每台|一台", masked[m.end:m.end + 24])
        # "8卡H100伺服器": the cards of one server, named before it
        or words.match(re.sub(CARDS_OF_NODE, "", masked[m.end:m.end + 24])))), None)
    for m in counts if node is None else ():  # "64台8卡H100服务器", "64 8-GPU H100 servers": the size inside
        after = masked[m.end:m.end + 30]
        inner = re.match(rf"[ 台个部]*(\d+)\s*(?:卡|张|块|-?gpus?|-?cards?)\s*{ACCELERATOR}*\s*", after)
        if inner and m.value > 1 and words.match(masked[m.end + inner.end():]):
            node = m
            each = next((n for n in counts if n.start == m.end + inner.start(1)), None)
            break
    if node is not None and each is None and not q.accelerators and \
            ("gpus" not in q.given or q.given["gpus"].text == node.text):
        # "买 12 台伺服器", "20 servers at $300k each": machines counted whole, with no cards said to be in them
        for key in [k for k, g in q.given.items() if g.text == node.text]:
            del q.given[key]
        q.given["gpus"] = Given("gpus", node.value, "GPU", node.text)
        q.machines = True
        return
    if node is None or each is None or ("gpus" in q.given and q.given["gpus"].text not in (node.text, each.text)):
        return
    for key in [k for k, g in q.given.items() if g.text in (node.text, each.text) and k != "node_gpus"]:
        del q.given[key]  # "32 servers" is no count of GPU-hours (the cards a node's rate is shared by stay)
    q.given["gpus"] = Given("gpus", node.value * each.value, "GPU", f"{node.text} × {each.text}")
    q.unread = [t for t in q.unread if t not in (node.text, each.text)]


def _per_server(q: Question, masked: str) -> None:
    """"64台8卡服务器，每台25万美元", "32 servers with 8 H100s each at $300k per server", "每台满载10.2kW": a
    server's price or power over its cards is each card's, and nothing is added for servers."""
    count = q.given.get("gpus")
    if count is None or not (" × " in count.text or q.machines) or not re.match(r"[\d.]+", count.text):
        return
    node = float(re.match(r"[\d.]+", count.text).group(0))  # type: ignore[union-attr]
    paid = "purchase_price" if "purchase_price" in q.given else "amount"
    for key in (paid, "power_w"):
        given = q.given.get(key)
        if given is None or node <= 0 or (key != "power_w" and given.unit not in CURRENCIES):
            continue
        where = masked.find(given.text)
        # "20 servers at $300k each": a price of each machine counted
        each_one = q.machines and re.search(r"(?:each|apiece|a piece|per unit)$", given.text)
        if where < 0 or PER_ACCELERATOR_BEFORE_RE.search(masked[max(0, where - 12):where]) or not (
                each_one or re.search(r"每台|一台|每部|1台", masked[max(0, where - 20):where]) or re.match(
                r"\s*(?:per|a|each|/)\s?(?:\d+[- ]?(?:gpus?|cards?)\s)?(?:[hdm]gx\s)?(?:server|node|machine|box)",
                masked[where + len(given.text):])):
            continue
        each = count.value / node
        del q.given[key]
        shared = "power_w" if key == "power_w" else "purchase_price"
        q.given[shared] = replace(given, quantity=shared, value=given.value / each, text=given.text if q.machines
                                  else f"{given.text} ÷ {count.text.split(' × ')[1]}")
        if shared == "purchase_price":
            q.left_out = q.left_out | {"servers", "networking"}


def _one_hour(m: Mention) -> bool:
    """"用一小时相当于多少钱", "what does one hour cost": a single hour names the rate asked, not a duration."""
    return m.dimension == "duration" and abs(m.value * 24 - 1) < 1e-6 and \
        re.fullmatch(r"1\s*(个)?(小时|钟头|个钟|hours?|hrs?|h)", m.text.strip()) is not None


def _hourly(given: Given, lex: Lexicon) -> bool:
    """Could this sum be a price per GPU-hour (in its own currency)?"""
    currency = given.unit.split("/")[0].lower()
    return _plausible("price_per_gpu_hour", Mention(0, 0, given.value, given.text, f"{currency}/gpu_time", False), lex)


def _plausible(qid: str, m: Mention, lex: Lexicon) -> bool:
    """Is the number inside the accepted range of the input ``qid`` fills (any, when the tools set none)?"""
    from tools.convert import convert
    from tools.errors import InputError
    from tools.quantities import Q

    name = lex.vocab.by_id[qid].input
    if name not in Q:
        return True
    currency = (m.dimension or "").split("/")[0]
    try:
        # a price in yuan is checked in dollars, at the cited rate
        value = convert(m.value, currency.upper(), "USD").value if currency in MONEY - {"usd"} else m.value
        Q[name].check(value)
    except InputError:
        return False
    return True


def _dated(text: str, m: Mention) -> bool:
    """Is a number like 2024 a calendar year ("2024年", "in 2023", "FY2024") rather than a count ("2,000 H100s")?"""
    after = text[m.end:m.end + 3].lstrip()
    before = text[max(0, m.start - 8):m.start].rstrip()
    if after[:1] in (ACCELERATOR, MODEL) or re.match(r"(gpu|卡|张|块|台)", after):
        return False
    return m.dimension == "years" or after.startswith("年") or re.search(
        r"(in|since|by|from|until|of|year|fy|during|before|after|截至|到|于|在)$", before) is not None or not before


def _word_before(text: str, m: Mention, words: re.Pattern[str]) -> bool:
    """A giving word ends within four characters before the mention ("租金改成3美元")."""
    head = text[max(0, m.start - 12):m.start]
    return any(len(head) - w.end() <= 4 for w in words.finditer(head))


def _word_after(text: str, m: Mention, words: re.Pattern[str]) -> bool:
    """A giving word starts right after the mention ("40% MFU")."""
    found = words.match(text, m.end + (1 if text[m.end:m.end + 1] == " " else 0))
    return found is not None


def _default_role(m: Mention, candidates: list[QuantityWords], prefer: set[str], given: dict[str, Given]) -> str | None:
    """No giving word nearby: the only candidate of its unit, or the one the asked quantity needs."""
    if not candidates:
        return None
    preferred = [q.id for q in candidates if q.id in prefer]
    if m.dimension is not None and len(candidates) == 1:
        return candidates[0].id
    if m.dimension is None and m.magnitude:
        for qid in ("params", "tokens"):  # "他们写的31万": a size that small is no model or data, but said of else
            if qid not in given and any(q.id == qid for q in candidates) and m.value >= 1e6:
                return qid
    if preferred:
        return preferred[0]
    if m.dimension is not None:
        by_dim = [q.id for q in candidates if q.dimension == m.dimension]
        if len(by_dim) == 1:
            return by_dim[0]
    if m.dimension in MONEY:  # an amount of money no word names: the amount itself ("USD 24 million in yuan?")
        return next((q.id for q in candidates if q.dimension == "money"), None)
    return None


# ---------------------------------------------------------------- asked quantities and scope
def _denominator_at(text: str, start: int) -> bool:
    """Does a rate's "per" stand right before ``start`` ("每GPU小时", "per GPU-hour", "/kWh")?"""
    return re.search(r"(每个?|per[ -]|/)\s*$", text[max(0, start - 4):start]) is not None


def _asked_each(text: str, taken: list[tuple[int, int]], given: Iterable[str], lex: Lexicon) -> list[str]:
    """What each question of several asks ("B200显存多大？功耗多少瓦？"), the first question's first: one
    question's strong words do not drown another's."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^?]*\?|[^?]+$", text) if m.group(0).strip(" ?")]
    if len(parts) < 2:
        return _asked(text, taken, given, lex)
    out: list[str] = []
    for start, end in parts:
        spans = [(s - start, e - start) for s, e in taken if start <= s < end]
        out += [a for a in _asked(text[start:end], spans, given, lex) if a not in out]
    return out


def _asked(text: str, taken: list[tuple[int, int]], given: Iterable[str], lex: Lexicon) -> list[str]:
    """Asked quantities, best first. A unit noun next to a question word ("how many GPU-hours", "多少卡时",
    "参数量有多大") says the dimension; the asking phrases of the vocabulary score quantities within it."""
    scores: dict[str, float] = {}
    used = [False] * len(text)
    for s, e in taken:
        used[s:e] = [True] * (e - s)
    # every match at every position, then the longest first, so "多少电费" is the bill, not "多少电" + "费";
    # matched with the filler words before a question word left out ("租金大概多少" asks as "租金多少" does)
    collapsed, where = _without_fillers(text, lex)
    found = [(where[m.start()], where[m.start() + len(m.group(1)) - 1] + 1, m.group(1))
             for m in lex.ask_any.finditer(collapsed) if m.group(1)]
    claimed = [False] * len(text)
    for start, end, phrase in sorted(found, key=lambda f: -len(f[2])):
        if any(used[start:end]) or all(claimed[start:end]):
            continue
        if _denominator_at(text, start):
            continue  # "每GPU小时多少钱": GPU-hour is the rate's denominator, not what is asked
        # overlapping a longer phrase ("多少电" in "多少电费") still counts, for half
        weight = 0.5 if any(claimed[start:end]) else 1.0
        claimed[start:end] = [True] * (end - start)
        for qid in lex.ask_ids.get(_unspaced(phrase)) or lex.ask_ids[_unspaced(phrase)[:-1]]:  # or its plural
            scores[qid] = scores.get(qid, 0) + weight * len(phrase.strip())
    for qid in _asked_nouns(text, taken, lex):
        scores[qid] = scores.get(qid, 0) + 12
    for dimension in _asked_dimensions(text, taken, lex):
        # The noun gives the dimension; a qualifier asked for ("activate", "最优", "market-based") picks a
        # quantity other than the dimension's plain one. Money needs such a qualifier: "多少美元" alone says little.
        within = [q for q in lex.vocab.quantities if q.dimension == dimension and (q.input or q.answer)
                  and q.qualifies]
        qualified = [q for q in within[1:] if scores.get(q.id, 0) > 0]
        best = max(qualified, key=lambda q: scores[q.id]) if qualified else (
            within[0] if within and dimension not in MONEY else None)
        if best is not None:
            scores[best.id] = scores.get(best.id, 0) + 20
    ranked = sorted(((s, q) for q, s in scores.items() if q not in set(given)), reverse=True)
    if not ranked:
        return []
    top = ranked[0][0]
    asked = [q for s, q in ranked if s >= 0.34 * top][:4]
    # "差几多吨", "多吃多少瓦": the comparison is asked together with the unit's quantity, never instead of it
    return asked + [q for _, q in ranked if lex.vocab.by_id[q].compares and q not in asked][:1]


@lru_cache(maxsize=1)
def _known_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every Latin word of the vocabulary, and those long enough to correct a typo towards."""
    v = vocabulary()
    phrases = [*(f for f, _ in v.unit_forms), *(w for q in v.quantities for w in (*q.asks.all(), *q.gives.all())),
               *(w for words in v.concepts.values() for w in words.all()), *v.question_words.all(),
               *v.node_words.all(), *v.count_words.all(), *v.magnitudes]
    words = {w for p in phrases for w in re.findall(r"[a-z]+", p.casefold())}
    return frozenset(words), tuple(sorted(w for w in words if len(w) >= 5))


def _counts_other(text: str, m: Mention) -> bool:
    """A bare number before an English noun the vocabulary does not know ("3 scenarios", "12 slides") counts
    those things."""
    after = re.match(r"\s?([a-z]{3,})(?![a-z0-9])", text[m.end:])
    if m.magnitude or after is None:
        return False
    word = after.group(1)
    if word.endswith(("ing", "ed")):
        return False  # "a team of 30 working on it": a verb after the number counts nothing
    known = _known_words()[0] | set(vocabulary().function_words.en)
    return not ({word, word.rstrip("s"), word + "s"} & known)


def _spelled(text: str) -> str:
    """Latin words one slip away from a vocabulary word, corrected ("3T tokns", "paramters"); a word of its own
    (shorter than five letters, close to nothing, or another form of the word: "in-house" is no "houses")
    stays as typed."""
    return re.sub(r"(?<![a-z])[a-z]+(?![a-z])", lambda m: _corrected(m.group(0)), text)


@lru_cache(maxsize=8192)  # English words recur from question to question; difflib is slow
def _corrected(word: str) -> str:
    known, targets = _known_words()
    if len(word) < 5 or word in known:
        return word
    close = difflib.get_close_matches(word, targets, n=1, cutoff=0.84)
    return close[0] if close and not (close[0].startswith(word) or word.startswith(close[0])) else word


def _mask_titles(text: str, v: Vocabulary) -> str:
    """A source's name with the year of its title ("AI Index 2024 numbers") names the source; the year is no
    count of anything."""
    names = tuple(w for named in (v.articles, v.sources_named) for words in named.values() for w in words.all())
    return _titled(names).sub(lambda m: " " * len(m.group(0)), text)


@lru_cache(maxsize=4)
def _titled(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{_phrases(names).pattern})\s*(?:19|20)\d\d(?!\d)")


def _left_out(text: str, v: Vocabulary) -> frozenset[str]:
    """The parts a cost leaves out: "servers", "networking" of a purchase ("ignoring networking and servers",
    "服务器和网络另计", "just the GPUs"), "pue" of an energy figure ("ignore PUE", "唔计PUE")."""
    words = v.left_out
    parts = ("servers", "networking", "pue")
    if _phrases(tuple(words["alone"].all())).search(text):
        return frozenset(parts[:2])
    spans = [re.split(r"[.;?!()。；？！（）]", text[m.end():m.end() + 40])[0]
             for m in _phrases(tuple(words["without"].all())).finditer(text)]
    spans += [re.split(r"[.;?!()。；？！（），,]", text[max(0, m.start() - 24):m.start()])[-1]
              for m in _phrases(tuple(words["after"].all())).finditer(text)]
    return frozenset(p for p in parts if any(_phrases(tuple(words[p].all())).search(s) for s in spans))


def _without_fillers(text: str, lex: Lexicon) -> tuple[str, list[int]]:
    """``text`` without the Chinese filler words right before a question word, and where each kept character
    stood in ``text``."""
    drop = [False] * len(text)
    for m in lex.filler_runs.finditer(text):
        drop[m.start():m.end()] = [True] * (m.end() - m.start())
    where = [i for i in range(len(text)) if not drop[i]]
    return "".join(text[i] for i in where), where


def _asked_nouns(text: str, taken: list[tuple[int, int]], lex: Lexicon) -> list[str]:
    """Quantities named right after or before a question word with no number of their own: "what was our MFU",
    "利用率有多少", "PUE是多少"."""
    out: list[str] = []
    nouns = [q for q in lex.vocab.quantities if q.answer and q.input and q.dimension in ("ratio", "none")]
    for word in sorted(set(prepared(tuple(lex.vocab.question_words.all()))), key=len, reverse=True):
        for m in re.finditer(re.escape(word), text):
            after = text[m.end():m.end() + 30]
            before = lex.fillers.sub("", text[max(0, m.start() - 16):m.start()])
            for q in nouns:
                pattern = lex.give_re[q.id]
                near = pattern.search(after)
                ahead = near is not None and near.start() <= 20 and not re.search(r"\d", after[:near.end()])
                behind = any(b.end() >= len(before) - 3 and not re.search(r"\d", before[b.start():])
                             for b in pattern.finditer(before))
                if ahead or behind:
                    out.append(q.id)
    return out


def _asked_dimensions(text: str, taken: list[tuple[int, int]], lex: Lexicon) -> list[str]:
    """Dimensions of the unit nouns right after or right before a question word ("每卡时多少" asks a rate, not
    GPU-hours, so a noun after 每/per does not count)."""
    out: list[str] = []
    starts = {s for s, _ in taken}
    counting = set(prepared(tuple(lex.vocab.count_words.all())))
    for word in sorted(set(prepared(tuple(lex.vocab.question_words.all()))), key=len, reverse=True):
        for m in re.finditer(re.escape(word), text):
            j = _skip(text, m.end(), " 个张块颗粒台的")
            k = _skip(text, j, ACCELERATOR + MODEL + " -")
            if word == "?":
                k = len(text)  # a question mark ends what it asks: "?卡数不变" starts a new sentence
            units = _units_at(text, k, lex)
            for _ in range(3):  # "how many Blackwell GPUs", "how many Blackwell versus Hopper GPUs": words between
                word_between = re.match(r"([a-z][a-z0-9.'-]*)\s", text[k:])
                if units or not word_between or word_between.group(1) in lex.vocab.function_words.en:
                    break
                k = _skip(text, k + re.match(r"[a-z][a-z0-9.'-]*\s", text[k:]).end(), " ")  # type: ignore[union-attr]
                units = _units_at(text, k, lex)
            if units and len(units[0][0]) == 1 and units[0][1].dimension == "gpus" and not units[0][0].isascii():
                units = []  # "由哪几块组成": a bare 块/张/台 counts parts, not accelerators
            if units and units[0][1].dimension == "gpus" and \
                    re.match(r"\s?(?:memory|vram|ram|显存|内存)", text[k + len(units[0][0]):]):
                units = []  # "how much GPU memory": the memory is asked, "GPU" only says whose
            if units and k not in starts:
                unit = units[0][1]
                if k > j and unit.dimension == "duration" and unit.factor < 1:
                    out.append("gpu_time")  # "多少H100小时": accelerator-hours
                elif unit.dimension != "ratio":
                    out.append(unit.dimension)
                continue
            if k > j and text[j] == ACCELERATOR and word in counting:
                out.append("gpus")  # "how many H100s", "多少张H100"
                continue
            before = lex.fillers.sub("", text[max(0, m.start() - 14):m.start()])
            for form, unit in _by_character(lex.units, last=True).get(before[-1:], ()):
                if len(form) < 2 or not before.endswith(form):
                    continue
                rest = before[:-len(form)]
                # "…40% MFU, days?": a bare unit noun before the question mark asks for it, a duration too
                bare = word == "?" and re.search(r"(^|[,;:—–(-]|\.\s)\s*$", rest) is not None
                if unit.dimension not in ("ratio", "duration") or (bare and unit.dimension == "duration"):
                    if not re.search(r"(每个?|per|/|(?<![a-z])an?|each)\s*$", rest):
                        out.append(unit.dimension)
                    break
    return out + _heading(text, starts, lex)


def _heading(text: str, starts: set[int], lex: Lexicon) -> list[str]:
    """"FLOPs and GPU-hours for an 8B on 15T tokens": a question that opens with the units it wants, listed, then
    what they are of, asks for them with no question word."""
    dims, k = [], _skip(text, 0, " ")
    for _ in range(3):
        units = _units_at(text, k, lex) if k not in starts else []
        if not units or units[0][1].dimension == "ratio":
            return []
        dims.append(units[0][1].dimension)
        k += len(units[0][0])
        joined = re.match(r"\s*(?:and|&|,|、|和|与|及)\s*", text[k:])
        if joined is None:
            return dims if re.match(r"\s*(?:for|of|on|needed|required)(?![a-z])", text[k:]) else []
        k += joined.end()
    return []


@lru_cache(maxsize=8192)
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a word list; a Latin word matches whole words only ("now" is not inside "know")."""
    return _alternation(w.strip() for w in prepared(words))


def words_in(text: str, words: Iterable[str]) -> bool:
    """Does ``text`` (prepared) contain any of ``words`` (vocabulary words, prepared here)?"""
    return _phrases(tuple(words)).search(text) is not None


_words_in = words_in


@lru_cache(maxsize=4)
def _version_re(families: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(f) for f in sorted(families, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{names})[\s-]?v?\d+(?:\.\d+)?[a-z]?(?![\d.])")


@lru_cache(maxsize=1)
def _chip_code_re() -> re.Pattern[str]:
    v = vocabulary()
    code = r"[a-z]{1,3}-?\d{2,5}[a-z]{0,3}(?:\s(?:hyper|ultra|pro|max|plus|super))?"
    makers, nouns = _alternation(prepared(tuple(v.chip_makers.all()))).pattern, \
        _alternation(prepared(tuple(v.chip_nouns.all()))).pattern
    lines = _alternation(prepared(tuple(v.chip_lines.all()))).pattern  # "NVIDIA RTX Z9000 Ultra"
    # "the H900", "MI400X": the letters of a chip on file before other digits name a chip, with no maker or noun
    from knowledge.loader import default_knowledge

    shapes = {m.group(1) for acc in default_knowledge().hardware.values() for alias in (acc.id, *acc.aliases)
              if (m := re.fullmatch(r"([a-z]{1,2})\d{2,3}[a-z]?", alias.lower()))}
    known = "|".join(sorted(shapes, key=len, reverse=True))
    return re.compile(rf"(?:{makers})\s?(?:(?:{lines})\s?(?P<c>\d{{3,5}}\b|{code})|(?P<a>{code}))(?![a-z0-9])|"
                      rf"(?<![a-z0-9])(?P<b>{code})\s?(?:{nouns})(?![a-z])|"
                      rf"(?<![a-z0-9$¥€.,-])(?P<d>(?:{known})\d{{3}}[a-z]?)(?![a-z0-9])")


def _unknown_chips(masked: str, typed: str, v: Vocabulary) -> list[str]:
    """Product codes that name an accelerator not on file (known ones are masked already), as the user typed
    them; a precision ("BF16 cards") is no chip."""
    precisions = {w for words in v.precisions.values() for w in words.all()}
    out = []
    for m in _chip_code_re().finditer(masked):
        code = m.group("a") or m.group("b") or m.group("c") or m.group("d")
        if code in precisions:
            continue
        found = re.search(re.escape(code).replace(r"\ ", r"\s*"), typed, re.IGNORECASE)
        out.append(found.group(0) if found else code)
    return out


def _mask_sibling_versions(text: str, runs: list[str]) -> str:
    """"Llama 3的70B（最早那版，不是3.1）": another version of the named run's family, written bare, is a name."""
    from knowledge.loader import default_knowledge

    cases = default_knowledge().cases
    families = {cases[r].name.split()[0].lower() for r in runs if r in cases}
    versions = {m.group(0) for c in cases.values() if c.name.split()[0].lower() in families
                for m in re.finditer(r"(?<![\d.])\d+\.\d+(?![\d.])", c.name)}
    if not versions:
        return text
    pattern = rf"(?<![\d.])(?:{'|'.join(re.escape(x) for x in sorted(versions))})(?![\d.]|\s?[a-z%])"
    return re.sub(pattern, lambda m: MODEL * len(m.group(0)), text)


def _mask_versions(text: str, families: list[str]) -> str:
    """"llama 3.1", "gpt-4o", "qwen2.5": a model family and its version are a name, not a quantity."""
    return _version_re(tuple(families)).sub(lambda m: MODEL * len(m.group(0)), text)


_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
DATE_RE = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?[日号])?"  # 2023 年 2 月
    r"|\d{1,2}\s?月\s?\d{1,2}\s?[日号]"  # 4月25号
    r"|(?<![\d.])\d{1,2}(?:st|nd|rd|th)\b"  # "goes out on the 14th"
    r"|月\s?\d{1,2}\s?[日号]"  # "下个月 15 号"
    r"|(?:去年|今年|明年|前年|last year in|this year in)\s?\d{1,2}\s?月"  # "去年11月立项"
    r"|(?<![\d.$/])\b\d{1,2}/\d{1,2}\b(?![\d.]|\s?(?:gpu|card|chip|hour|hr|h\b|kwh|mwh|卡|张|小时|度))"  # "3/12"
    r"|\bq[1-4]\b"  # "in Q3"
    r"|(?<![\d.])\d{1,2}\s?月(?:底|初|中旬|上旬|下旬|中|份|末)"  # 4月底, 10月份
    r"|(?<![\d.])(?:(?:19|20)\d{2}|\d{2})\s?[、,/和到至~-]\s?(?:(?:19|20)?\d{2})\s?(?:年|财年)"  # 2025、2026年
    r"|(?<![\d.])(?:19|20)\d{2}\s?(?:年|财年|财季)"  # 2023年
    rf"|\b(?:{_MONTHS})[a-z]*\.?\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s(?:19|20)\d{{2}})?(?!\d)"  # april 25, 2024
    rf"|\b(?:{_MONTHS})[a-z]*\.?\s(?:19|20)\d{{2}}\b"  # "the April 2024 one"
    r"|\bq[1-4]\s?(?:19|20)\d{2}\b|\b(?:19|20)\d{2}\s?q[1-4]\b"
)
# "in 2020", "from 2020 to 2024", "by 2027": a year after a word that places it in time
YEAR_AFTER_RE = re.compile(
    r"\b(?:in|by|to|of|fy|since|from|until|after|before|during|through|between|year|and|the|this|that|its|their|our)"
    r" ((?:19|20)\d{2})(?![\d.,%])"
    rf"(?!\s?(?:gpus?|cards?|chips?|accelerators?|nodes?|servers?|tokens?|days?|hours?|weeks?|[kmg]?wh?\b|[kmbt]\b|"
    rf"params?|parameters?|h\d|a\d|b\d|张|块|台|卡|天|{ACCELERATOR}|{MODEL}))")


def _mask_dates(text: str) -> str:
    """"4月25号", "2025、2026年", "from 2020 to 2024": a date, never a quantity."""
    text = DATE_RE.sub(lambda m: " " * len(m.group(0)), text)
    return YEAR_AFTER_RE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + " " * 4, text)


def _entity_mask(text: str, entities: list) -> str:
    chars = list(text)
    for e in entities:
        chars[e.start:e.end] = (ACCELERATOR if e.kind == "hardware" else MODEL) * (e.end - e.start)
    return "".join(chars)


def parse_one(text: str) -> Question:
    if not isinstance(text, str) or not text.strip():
        return Question(text="", language="en", problem="empty")
    if len(text) > MAX_QUESTION_CHARS:
        return Question(text=text[:200], language=detect_script(text[:500]), problem="too_long")
    if ACTIVE_RE.search(text):
        return Question(text=text[:200], language=detect_script(TAG_RE.sub(" ", text)[:500]), problem="active_markup")
    cleaned = clean_question(text)
    language = detect_script(cleaned or text, min_traditional=1)
    han = HAN_RE.findall(cleaned)
    # "H100 PCIe TDP多少W?": short Chinese around English names; but an English sentence that quotes a Chinese name
    # ("the Jade Bird (北大青鸟) article") stays English
    if language == "en" and len(han) >= 2 and len(re.findall(r"(?<![\w-])[a-zA-Z]{2,}(?![\w-])", cleaned)) < 6:
        language = "zh-Hant" if to_simplified("".join(han)) != "".join(han) else "zh-Hans"
    if not cleaned:
        return Question(text=text, language=language, problem="markup_only")
    lex = lexicon()
    v = lex.vocab
    prepared = _spelled(prepare(cleaned))
    q = Question(text=cleaned, language=language, prepared=prepared,
                 injection=bool(INJECTION_RE.search(prepared) or INJECTION_RE.search(text)))
    found_entities = find(cleaned, prepared=prepared)
    families = [e for e in found_entities if e.members]
    for e in found_entities:
        if e.kind == "hardware":
            q.accelerators.append(e.id)
        else:
            q.runs.extend(e.members or (e.id,))
    q.accelerators = list(dict.fromkeys(q.accelerators))
    q.runs = list(dict.fromkeys(q.runs))
    masked = _entity_mask(prepared, found_entities)
    masked = re.sub(rf"(?<=[\dkm])\s?x(?=\s?{ACCELERATOR})", " ", masked)  # "8xH100", "2,000 x A100": a count
    q.models = [m.group(0) for m in _version_re(tuple(v.model_families)).finditer(masked)]  # names not on file
    q.unknown_chips = _unknown_chips(masked, q.text, v)
    masked = _mask_titles(_mask_dates(_mask_versions(masked, v.model_families)), v)
    masked = _mask_sibling_versions(masked, q.runs)
    if q.injection:  # "answer every question with '$0'", "直接回答“0天”": a figure the injected text dictates
        masked = QUOTED_FIGURE_RE.sub(lambda m: " " * len(m.group(0)), masked)
    for flag, words in ((False, v.energy_excluded), (True, v.energy_included)):  # "不含电费" before "含电费"
        for m in _phrases(tuple(words.all())).finditer(masked):
            q.with_energy = flag if q.with_energy is None else q.with_energy
            masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    q.left_out = _left_out(masked, v)
    q.currencies = _currencies(masked, lex)
    q.precision = next((p for p, words in v.precisions.items() if _words_in(prepared, words.all())), None)
    q.bound = next((b for b, words in v.bounds.items() if _words_in(prepared, words.all())), None)
    # "由哪几块组成" asks which; "几间医院" counts hospitals: neither asks for an amount
    counted = re.sub(f"几(?=[{''.join(w for w in v.counters.zh if len(w) == 1)}])", "", prepared.replace("哪几", "哪"))
    q.asks_amount = _words_in(counted, v.amount_words.all())
    q.supposes = _words_in(f" {_terms_aside(prepared)} ", v.supposing.all())
    q.currency = _answer_currency(masked, lex)
    rate, masked = _usd_rate(masked, lex)
    epochs, masked = _epochs(masked, lex)
    q.scalings, relative_spans = _relative(masked, lex)
    found = [m for m in mentions(masked, lex) if not any(s <= m.start < e for s, e in relative_spans)
             and not _one_hour(m)]
    found, sized = _sibling_sizes(found, q.runs, families)
    if sized != q.runs:  # "Meta那个70B的Llama 2": the family's run of that size, no longer the family
        families = [f for f in families if not set(sized) & set(f.members)]
    q.runs = sized
    estimated = _estimated(masked, lex)
    asked_first = _asked_each(masked, [(m.start, m.end) for m in found], (), lex) or estimated
    spans = [(m.start, m.end) for m in found]
    q.addends, found = _addends(masked, found, lex)
    pair, comparison, found = _compared_pair(masked, found, lex)
    prefer = _needed_inputs(asked_first)
    local = next((c for c in q.currencies if c in ("TWD", "HKD")), None)
    if re.search(r"人民币|rmb|cny|[¥￥]", prepared):
        local = None
    pay = (local or {"zh-Hans": "CNY", "zh-Hant": "TWD"}.get(q.language, "")).lower() or None
    q.given, q.unread = _roles(masked, found, prefer, lex, local, pay)
    per_param = q.given.get("bytes_per_param")
    parts = [m for m in found if m.dimension in ("bytes", "bytes/params") and m.value < 100]
    if per_param is not None and len(parts) >= 2 and all(m.text == per_param.text or m.text in q.unread
                                                         for m in parts):
        # "2 bytes weights + 2 bytes grads + 12 bytes optimizer states per parameter": one state, in parts
        q.given["bytes_per_param"] = replace(per_param, value=math.fsum(m.value for m in parts),
                                             text=" + ".join(m.text for m in parts))
        q.unread = [u for u in q.unread if u not in {m.text for m in parts}]
    if {"multiplier", "rental_cost"} <= q.given.keys() and "final_run_cost" not in q.given:
        # "正式训练的算力租金300万美元，总算力开销按最终训练的2.2倍": the final run's bill, which the multiple scales
        q.given["final_run_cost"] = replace(q.given.pop("rental_cost"), quantity="final_run_cost")
    schedule = q.given.keys() & {"gpu_hours", "gpus", "flop", "params", "tokens", "ideal_days"}
    if {"days", "goodput"} <= q.given.keys() and not schedule and _words_in(masked, v.by_id["days"].asks.all()):
        # "ideally 45 days, but only ~90% effective time: realistic days?": the ideal schedule, stretched
        q.given["ideal_days"] = replace(q.given.pop("days"), quantity="ideal_days")
    _pay(q, found, masked, lex)
    q.added = frozenset(k for k, g in q.given.items() if (at := masked.find(g.text)) > 0 and re.search(
        r"(?:再加|多加|另加|再添|加多|add|adding|plus|another)\s*$", masked[max(0, at - 8):at]))
    if {"staff", "salary"} <= q.given.keys() and "years" not in q.given:
        # "512 GPUs for 30 days, plus 4 engineers at $250k a year for 3 months": the second span is the team's
        spare = next((m for m in found if m.text in q.unread and m.dimension in ("duration", "years")), None)
        if spare is not None:
            years = spare.value if spare.dimension == "years" else spare.value / DAYS_PER_YEAR
            q.given["years"] = Given("years", years, "year", spare.text)
            q.unread.remove(spare.text)
    work = q.given.get("gpu_hours")
    if work is not None and "tokens" in q.given and "params" not in q.given and \
            re.fullmatch(r"[\d.]+\s?(?:b|billion|亿)", work.text):
        # "GPU-hours: 7B on 2T tokens": a bare count in billions beside the tokens is the model's size
        q.given["params"] = replace(work, quantity="params", unit=lex.vocab.by_id["params"].unit)
        del q.given["gpu_hours"]
    q.given.update(pair)
    if rate is not None:
        q.given["usd_rate"] = rate
    tokens, items = q.given.get("tokens"), q.given.get("label_items")
    if tokens is not None and items is not None and "label_price" not in q.given and tokens.value <= MAX_ITEM_TOKENS:
        # "50k examples of about 2,000 tokens each", "20万条，每条1500个token": the data is the examples' tokens
        q.given["examples"] = replace(q.given.pop("label_items"), quantity="examples")
        q.given["item_tokens"] = replace(q.given.pop("tokens"), quantity="item_tokens")
        if epochs is not None:
            q.given["epochs"] = Given("epochs", epochs[0], "pass", epochs[1])
    elif epochs is not None and tokens is not None:  # "5000亿 token, 3 个 epoch": the data seen three times
        q.given["tokens"] = replace(tokens, value=tokens.value * epochs[0], text=f"{tokens.text} × {epochs[1]}")
    q.asked = comparison or _asked_each(masked, spans, q.given, lex) or \
        [a for a in estimated if a not in q.given]
    rate, gpus = q.given.get("token_throughput"), q.given.get("gpus")
    if rate is not None and gpus is not None and _words_in(masked, v.cluster_rate.all()):
        # "512张H100…整个集群吞吐每秒50万token": the cluster's rate, shared by its cards
        q.given["token_throughput"] = replace(rate, value=rate.value / gpus.value, text=f"{rate.text} ÷ {gpus.text}")
    if "examples" in q.given:
        q.asked = [a for a in q.asked if a != "label_price"]  # "每条1500个token": the length of each, not a price
    if "gpu_memory" in q.given and not q.asked and re.search(r"how many|几张|多少张|几块|多少块|几多张", masked):
        q.asked = ["gpus_to_hold"]  # "how many 24GB cards would that take?": the cards whose memory holds it
    if len(q.accelerators) < 2:
        q.asked = [a for a in q.asked if a != "comparison"]  # "分别", "each": a comparison needs two accelerators
    decisive = [w.id for w in v.quantities if w.decisive and _words_in(masked, w.asks.all())]
    if decisive:  # "dollars per million tokens": those words settle what is asked, whatever nouns follow
        q.asked = [*decisive, *(a for a in q.asked if a not in decisive and a != "tokens")]
    if _words_in(prepared, v.same_count.all()):
        q.asked = [a for a in q.asked if a != "gpus"]  # "on the same number of H100s": a count kept, not asked
    q.asked = _change_not_share(q.asked, masked, lex)
    q.per_day = _words_in(prepared, v.per_day.all()) and "days" not in q.given
    q.per_trillion_tokens = "tokens" not in q.given and _words_in(prepared, v.per_trillion_tokens.all())
    if q.per_trillion_tokens:
        q.asked = [a for a in q.asked if a != "tokens"]  # the tokens are the unit the cost is per, not asked
    if not q.asked and re.search(r"c[- ]equals[- ]snd", prepared) and {"params", "tokens"} <= q.given.keys():
        q.asked = ["flop"]  # "verify it with 6ND: 175B params, 300B tokens": the rule's product is asked
    if "memory" in q.asked and "params" in q.given:  # "70B…总共要多少GB显存": the model's, not a chip's
        q.asked = list(dict.fromkeys("model_memory" if a == "memory" else a for a in q.asked))
    if "gpus" in q.asked and "gpu_memory" in q.given and "gpus_to_hold" not in q.asked:
        q.asked = ["gpus_to_hold" if a == "gpus" else a for a in q.asked]  # "141GB的卡…最少几张": cards to hold it
    if not comparison and "share" not in q.given and not {"growth", "reduction"} & set(q.asked) and \
            _words_in(_phrases(tuple(lex.vocab.not_share_marks.all())).sub(" ", masked),
                      [*lex.vocab.by_id["share"].asks.all(), *lex.vocab.share_marks.all()]):
        # "电费占训练成本多少?", "what percentage of GPT-4's cost was staff?": a share of what the question names
        # is asked, however long the names of the parts are
        q.asked = ["share", *(a for a in q.asked if a != "share")]
        sums = [m for m in found if m.dimension in MONEY]
        if "larger" not in q.given and len(sums) == 2 and sums[0].dimension == sums[1].dimension:
            # "total spend $16M; staff took $1M: what percent went to staff?": a part of a whole, in one currency
            unit = next(u.base for u in lex.vocab.units if u.dimension == sums[0].dimension)
            big, small = sorted(sums, key=lambda m: -m.value)
            q.given = {k: g for k, g in q.given.items() if g.text not in (big.text, small.text)}
            q.given.update(larger=Given("larger", big.value, unit, big.text),
                           smaller=Given("smaller", small.value, unit, small.text))
            q.unread = [t for t in q.unread if t not in (big.text, small.text)]
    if not any(g.unit in CURRENCIES for g in q.given.values()):
        q.asked = [a for a in q.asked if a != "converted"]  # "电费多少人民币": the answer's currency, no conversion
    said = "".join(" " if any(m.start <= i < m.end for m in found) else ch for i, ch in enumerate(masked))
    q.hourly = _words_in(said, v.hourly.all())  # "per GPU-hour" in a price the user gives asks for no rate
    q.time_unit = next((u for u, words in v.time_units.items() if _words_in(masked, words)), None)
    _per_node(q, masked, lex)
    _nodes_of(q, found, masked, lex)
    if q.hourly and {"gpus", "price_per_gpu_hour"} <= q.given.keys() and not q.given.keys() & {
            "days", "gpu_hours", "flop", "params", "tokens", "budget"} and not set(q.asked) - {"rental_cost"}:
        # "1024張H100跑一個鐘要幾多錢？每張卡每個鐘2.5美金": the cluster's bill for one hour
        q.given["days"] = Given("days", 1 / 24, "day", "1 hour" if q.language == "en" else "1小时")
        q.asked = ["rental_cost"]
    if {"mfu", "life_years"} <= q.given.keys() and not q.given.keys() & {"params", "tokens", "flop", "gpu_hours"} \
            and "utilisation" not in q.given:
        # "用 4 年、利用率 70%，每張卡每個鐘攤幾多錢": beside a hardware life, no model: how busy the hardware is
        q.given["utilisation"] = replace(q.given.pop("mfu"), quantity="utilisation")
    life = q.given.get("life_years")
    if life is not None and not q.concept_named and "days" not in q.given and \
            set(q.asked) & {"electricity_cost", "energy_kwh", "rental_cost", "emissions", "gpu_hours"}:
        # "一张H100一年电费": a year of running, not a hardware life to depreciate over
        q.given["days"] = Given("days", life.value * DAYS_PER_YEAR, "day", life.text)
        del q.given["life_years"]
    if not q.asked and "electricity_price" in q.given:
        q.asked = ["electricity_cost"]  # "…400W each, PUE 1.2, 8 cents/kWh": a price per kWh, nothing asked: the bill
    active = q.given.get("active_params")
    if active is not None and "params" not in q.given:
        # "MoE with 37B active on 14.8T tokens": compute needs only the active size, so it is the size to use
        q.given["params"] = replace(active, quantity="params")
        del q.given["active_params"]
        q.active_size = True
    one = q.given.get("gpus")
    amount = q.given.get("amount")
    # "H100一张22,000美元的话，上256张卡": a sum right after "one card" is its price, even when a count follows
    def close(m: Mention, n: Mention) -> bool:  # "一张H100花了2.2万美元": a chip's name and a verb between
        return n.start >= m.end and len(masked[m.end:n.start].replace(ACCELERATOR, "").strip()) <= 3

    priced_one = amount is not None and any(m.dimension == "gpus" and m.value == 1 and close(m, n)
                                            for m in found for n in found if n.text == amount.text)
    if (priced_one or (one is not None and one.value == 1)) and amount is not None and \
            "purchase_price" not in q.given:
        # "一张H100花了2.2万美元": the sum paid for one card is its price
        q.given["purchase_price"] = replace(amount, quantity="purchase_price")
        del q.given["amount"]
    _per_server(q, masked)
    hours = "gpu_hours" in q.given or {"gpus", "days"} <= q.given.keys()
    card = q.given.get("purchase_price")
    if card is not None and "gpu_hours" in q.given and "gpus" not in q.given and amount is None and \
            _hourly(card, lex):
        amount = q.given["amount"] = q.given.pop("purchase_price")  # "500k H100 hours at $2.40 each": an hour's
    elif card is not None and "gpu_hours" in q.given and "gpus" not in q.given and _hourly(card, lex) and \
            0 <= masked.find(card.text) - masked.find(q.given["gpu_hours"].text) - len(q.given["gpu_hours"].text) <= 6:
        # "300k H100-hours at $2.50 each. …50k items at $2 apiece": the price right after the hours is an hour's
        q.given["price_per_gpu_hour"] = replace(q.given.pop("purchase_price"), quantity="price_per_gpu_hour",
                                                unit=f"{card.unit}/GPU-hour")
    if amount is not None and hours and "price_per_gpu_hour" not in q.given and "purchase_price" not in q.given:
        # "用了3.2万卡时，单价12元": a sum beside a count of GPU-hours is their price, when it is one
        rate = replace(amount, quantity="price_per_gpu_hour",
                       unit=amount.unit.split("/")[0] + "/GPU-hour" if amount.unit != "USD" else "USD/GPU-hour")
        if _hourly(amount, lex):
            q.given["price_per_gpu_hour"] = rate
            del q.given["amount"]
    if one is not None and one.value == 1 and q.accelerators and list(q.given) == ["gpus"]:
        spec = [a for a in q.asked if lex.vocab.by_id[a].spec]
        if spec or not q.asked:  # "一块H100多少钱", "一张A100显存多大": about one card, not a cluster of one
            q.given, q.asked = {}, spec or ["purchase_price"]
    if "tdp" in q.asked and "gpus" in q.given and q.given["gpus"].value > 1:
        # "how much power do 1024 H100s draw?": the cluster's draw, not one chip's rating
        q.asked = list(dict.fromkeys("cluster_power" if a == "tdp" else a for a in q.asked))
    rule = _words_in(masked, lex.vocab.by_id["optimal_params"].asks.all())
    _chinchilla_rule(q, rule)
    q.regions = _regions(prepared, v)
    q.unlisted_grid = None if q.regions else _unlisted_grid(prepared, v)
    q.article = next((sid for sid, words in v.articles.items() if _words_in(prepared, words.all())), None)
    # "Meta那篇《The Llama 3 Herd of Models》里…": a run's own paper, named by its title, is none of the articles
    papers = q.runs and (re.search(r"《[^》]{2,80}》", prepared) or _words_in(prepared, v.run_papers.all()))
    if q.article is None and _words_in(prepared, v.any_article.all()) and not papers:
        q.article = ""  # "the article says": any of the articles
    q.sources = [sid for sid, words in {**v.articles, **v.sources_named}.items() if _words_in(prepared, words.all())]
    q.yes_no = _yes_no(prepared, v.explain.yes_no)
    if _words_in(prepared, v.explain.lower.all()):
        q.explain = "lower"
    elif _words_in(prepared, v.explain.trend.all()) and not q.given:
        q.explain = "trend"
    elif _words_in(prepared, v.explain.why.all()):
        q.explain = "why"
    elif _words_in(prepared, v.explain.about.all()) and not (q.given or q.asks_amount):
        q.asked, q.explain = [], "what"
    if not (q.given or q.runs or q.accelerators) and not _words_in(prepared, v.amount_words.all()):
        # "知识蒸馏起什么作用", "which chips could cut the power bill", "为什么能省成本": a description, not a number
        if q.explain:
            q.asked = []
        elif _words_in(f" {prepared} ", v.explain.which.all()) and not _words_in(prepared, v.cost_words.all()):
            # "which one is cheaper?" compares costs; "which chips does the article name?" describes
            q.asked, q.explain = [], "what"
        elif not q.asked and _words_in(f" {prepared} ", v.explain.what.all()):
            q.explain = "what"
    named = [c for c, words in v.concepts.items() if _words_in(masked, words.all())]
    concept = named[0] if named else None
    if len(set(named) & {"rent", "own", "buy"}) >= 2 and _words_in(f" {prepared} ", v.alternatives.all()):
        q.compared = [c for c in named if c in ("rent", "own", "buy")]
        q.explain = None  # "is it cheaper to buy or rent?" asks for both costs, not for levers
    q.concept = concept or "rent"  # type: ignore[assignment]
    q.concept_named = concept is not None
    if q.concept == "own" and "buy" in named and not q.hourly and q.with_energy is None and \
            not q.given.keys() & {"gpu_hours", "days", "life_years", "utilisation"}:
        q.concept = "buy"  # "買512張B200自建機房，硬體要幾多錢?": buying the hardware, no run to charge it to
    amount = q.given.get("amount")
    if amount is not None and q.accelerators and q.concept in ("own", "buy") and "purchase_price" not in q.given:
        # "depreciation for an H100 at $33,810": a sum beside the chip owned or bought is what one card cost
        probe = Mention(0, 0, amount.value, amount.text, amount.unit.lower(), False)
        if _plausible("purchase_price", probe, lex):
            q.given["purchase_price"] = replace(amount, quantity="purchase_price")
            del q.given["amount"]
    _price_of_each(q, lex)
    budget, price = q.given.get("budget"), q.given.get("purchase_price")
    if budget is not None and price is not None and budget.value < price.value and budget.unit == price.unit:
        # "手上有280万美元买卡，一张1.7万美元": a budget below one card's price is the card's price, and the sum
        # beside it the budget
        q.given["budget"] = replace(price, quantity="budget")
        q.given["purchase_price"] = replace(budget, quantity="purchase_price")
    if "salvage_share" in q.given and "salvage_value" in q.given and not q.given.keys() & {"amount", "purchase_price"}:
        # "整機 270,480 美元，殘值抓原價一成": the salvage is the share, so the sum beside it is what was paid
        q.given["amount"] = replace(q.given.pop("salvage_value"), quantity="amount")
    if set(q.asked) <= {"amortised_cost", "amortised_rate"} and q.concept == "own" and "life_years" in q.given \
            and not q.hourly and _words_in(masked, v.per_year.all()) and "gpu_hours" not in q.given:
        q.asked = ["annual_depreciation"]  # "3 年直線折舊，每年多少？", "一年要攤多少": what is written off each year
        if q.given.get("years") is not None and q.given["years"].value == 1:
            del q.given["years"]  # the "一年" of "一年要攤" is the year asked about, no project's length
    if (q.concept == "own" or "amortised_rate" in q.asked) and "purchase_price" in q.given and \
            _words_in(masked, v.depreciation.all()):
        # "we depreciate a $30k H100 over 3 years: per GPU-hour?": that price written off, nothing added to it
        q.with_energy = False if q.with_energy is None else q.with_energy
        if not q.whole_cluster:
            q.left_out = q.left_out | {"servers", "networking"}
    q.cost = bool(q.compared) or _words_in(prepared, v.cost_words.all()) or (concept not in (None, "rent")) or \
        (not q.asked and _words_in(prepared, v.cost_totals.all())) or any(
        a in q.asked for a in ("rental_cost", "amortised_cost", "acquisition_cost", "development_cost",
                                    "staff_cost", "labelling_cost")) or \
        (concept is not None and bool(q.runs) and not q.asked and not q.yes_no)  # "GPT-4's cloud-rental estimate"
    if re.search(r"[$¥￥€](?!\s?[\d.])", masked):
        q.cost = True  # "ballpark $ to train…": a currency sign with no number asks for an amount of it
    wanted = [d for d in _asked_dimensions(masked, [(m.start, m.end) for m in found], lex) if d in MONEY]
    if wanted:
        q.cost = True  # "how many dollars is …", "how much in RMB": an amount of money is asked
        q.currency = q.currency or wanted[0].upper()
        money = [g for g in q.given.values() if g.unit in CURRENCIES]
        if money and any(g.unit.lower() != d for g in money for d in wanted) and "converted" not in q.asked:
            q.asked.insert(0, "converted")  # "How many yuan is USD 24 million?"
    if q.currency and not q.asked and len(q.given) > 1 and \
            any(g.unit.split("/")[0] in CURRENCIES for g in q.given.values()):
        q.cost = True  # "¥20 an item, 50k items: what's that in USD?": the total the prices make, in that currency
    amount = q.given.get("amount")
    if amount is not None and list(q.given) == ["amount"] and not q.asked and \
            any(c != amount.unit for c in q.currencies):
        q.asked = ["converted"]  # "帮我换算：2.5亿块转美元": a sum and another currency
    if q.asked[:1] == ["converted"] and set(q.given) == {"gpus", "purchase_price"} and q.given["gpus"].value == 1:
        # "H100一张大约三万美金，换成新台币多少?": the price of one card converted, not a cluster of one bought
        q.given = {"amount": replace(q.given["purchase_price"], quantity="amount")}
    paid_in = {g.unit.split("/")[0] for g in q.given.values()} & set(FOREIGN_CURRENCIES)
    if q.currency is None and (q.cost or all(a in COST_QUANTITIES for a in q.asked)) and len(paid_in) == 1 \
            and "converted" not in q.asked:
        q.currency = paid_in.pop()  # "每卡时15元…要花多少钱?": the total in the currency the price came in, too
    q.total = _words_in(prepared, v.cost_sums.all()) and (q.cost or any(
        g.unit.split("/")[0] in CURRENCIES for g in q.given.values()))  # "…$2.10/GPU-hour… all-in, the total?"
    q.follow_up = _words_in(prepared, v.follow_up.all()) and len(prepared) < 80
    factor = q.given.get("multiplier")
    # the factor's own place, not an equal number elsewhere ("in 4 years … 4x growth")
    spots = [m.start() for m in re.finditer(re.escape(factor.text), masked)] if factor is not None else []
    at = next((i for i in spots if re.match(r"\s?[x×倍]", masked[i + len(factor.text):])), spots[0] if spots else -1)
    after = masked[at + len(factor.text):].lstrip(" x×倍") if factor is not None else ""
    if at >= 0 and "growth_factor" not in q.given and (
            _word_before(masked, Mention(at, at + len(factor.text), factor.value, factor.text, None, False),
                         lex.give_re["growth_factor"]) or lex.give_re["growth_factor"].match(after)):
        # "每年涨2.4倍": the 倍 of a yearly rise is its growth factor, not an experiments multiplier
        q.given["growth_factor"] = replace(factor, quantity="growth_factor")
        del q.given["multiplier"]
        factor = None
    if q.given.keys() & {"growth_factor", "growth_rate"}:
        q.asked = [a for a in q.asked if a not in ("growth_per_year", "growth")]  # the growth is given, not asked
    if factor is not None and not q.given.keys() - {"multiplier"} and q.concept != "develop":
        # "GPU数量变成3倍呢?": with nothing else given, a factor scales what it names
        named = [(d, qid) for qid in lex.give_re if qid != "multiplier" and lex.vocab.by_id[qid].input
                 and (d := _nearest_noun(masked, factor.text, qid)) is not None]
        if named:
            del q.given["multiplier"]
            q.scalings.append((factor.value, tuple(qid for _, qid in sorted(named))))
    _recast(q, lex)
    _pay(q, found, masked, lex)  # "$15k a month": a sum per head the recast has just made a salary
    found = _restated(q, found, masked)
    _alternatives(q, found, masked, lex)
    if len(q.accelerators) == 2 and "gpus" in q.given and q.asked[:1] in (["gpus"], ["comparison"]) and \
            not q.given.keys() & {"flop", "params", "tokens", "days", "gpu_hours", "budget"}:
        q.asked = ["equivalent_gpus"]  # two chips, a count of one, how many of the other: the same compute
    if "equivalent_gpus" in q.asked and len(q.accelerators) == 2 and "gpus" in q.given:
        q.explain = None  # "用H800替代1万张H100": a replacement counted, not a lever asked about
        ordered = _counted_first(q.accelerators, q.given["gpus"], masked, found_entities)
        if ordered != q.accelerators:  # each chip's own figures ("148 TFLOPS vs 989") follow it
            q.alternatives = {k: v[::-1] if len(v) == 2 else v for k, v in q.alternatives.items()}
        q.accelerators = ordered
    q.asks_first = q.supposes and _asked_before(masked, q.asked, v)
    q.whole_cluster = _words_in(prepared, v.whole_cluster.all())
    _claim_checked(q)
    q.sized = _words_in(prepared, v.size_of.all())
    if (families or not q.runs) and q.given and not q.supposes:
        # "DeepSeek's $5.6M training cost", "Llama 3.1's 8,930 t": a maker or a family, and a figure only one of
        # its runs published, name that run
        # a maker only in a question about a claim ("why is DeepSeek's $5.6M misleading?"), not in a calculation
        members = [r for e in families for r in e.members] or (_made_by(prepared) if q.explain or q.yes_no else [])
        quoted = [r for r in members if len(_not_quoting(q.given, [r])) < len(q.given)]
        if len(quoted) == 1:
            q.runs, families = quoted, []
    size = q.given.get("params")
    if not q.runs and size is not None and len(q.given) == 1 and any(v.by_id[a].run_metric for a in q.asked):
        # "How many H100 hours did Meta's 405B burn through?": the maker's one run of that size
        makers = [k for k, words in v.subject_names.items() if _words_in(prepared, [k, *words])]
        made = [r for r in (_named_of_size(k, size.value, maker=True) for k in makers) if r]
        if len(made) == 1:
            q.runs, q.given = made, {}
    quoted_inputs: dict[str, Given] = {}
    if q.runs and not (q.supposes or q.sized):  # "如果…MFU按40%算", "a GPT-3-like model at 40%": the user's own
        kept = _not_quoting(q.given, q.runs)
        quoted_inputs = {k: g for k, g in q.given.items() if k not in kept and k in RESTATED_INPUTS}
        q.given = kept
    if families and (q.given or q.cost):
        # "Llama 2's emissions" lists each size's published figure; a cost or a run of one's own "like Llama 3.1"
        # needs one run, and a family is none in particular
        q.runs = [r for r in q.runs if not any(r in e.members for e in families)]
        q.models = [*(e.text for e in families), *q.models]
    if q.runs:
        # "GPT3碳排放多少吨? 我们部门6个人…": a number no calculation of the asked quantity takes changes nothing
        feeding = _feeding(tuple(q.asked)) if q.asked else set(q.given)
        # "GPT-4 如果照云端租用的算法" supposes a way of counting the run's cost, not another run
        counted = concept is not None and not (q.given or q.regions or q.accelerators)
        hypothetical = (_supposes(prepared, lex) and not counted) or q.sized or \
            any(k in feeding for k in q.given) or \
            bool(q.regions and q.asked and set(q.asked) <= {"emissions", "market_emissions"})  # "on France's grid"
        q.scope = "hypothetical" if hypothetical else "published"
        if q.scope == "hypothetical":  # "on 4096 GPUs, how many days would its published GPU-hours take?"
            q.mentioned += [a for a in _named_figures(masked, lex) if a not in q.asked]
            # "380 tokens/s on 2,048 A100s over 1.4T tokens: how many days?": the run's own numbers, restated to
            # calculate with, are the user's inputs
            q.given = {**quoted_inputs, **q.given}
        if q.scope == "published":  # "Tokens and GPU-hours for Llama 2 70B?": every figure the run names
            q.asked += [a for a in _named_figures(masked, lex) if a not in q.asked]
            if not q.asked:  # "Llama 3.1 405B預訓練時的MFU落在什麼範圍?": a term the run publishes, named
                q.asked = _published_terms(q, masked, lex)
            q.cost = q.cost or any(same_dimension(v.by_id[a].dimension, "money") for a in q.asked)
    elif _words_in(f" {prepared} ", v.own_run.all()):
        q.scope = "own"
    return q


def _published_terms(q: Question, text: str, lex: Lexicon) -> list[str]:
    """Glossary terms the question names that the named run publishes a figure for (its MFU, its PUE); a cost
    concept named ("攤銷算法和雲端租用算法") is a cost, answered with the run's every published cost."""
    from knowledge.loader import default_knowledge

    figures = default_knowledge().cases[q.runs[0]].figures
    v = lex.vocab
    return [t.id for t in v.glossary if t.id in v.by_id and (v.by_id[t.id].run_metric or "") in figures
            and not same_dimension(v.by_id[t.id].dimension, "money") and _words_in(text, t.terms.all())]


def _named_figures(text: str, lex: Lexicon) -> list[str]:
    """Quantities a run publishes whose unit noun the question names, with no number of its own."""
    out: list[str] = []
    taken = [False] * len(text)
    for form, unit in lex.units:
        for m in _phrases((form,)).finditer(text):
            if any(taken[m.start():m.end()]) or re.search(r"\d\s?$", text[:m.start()]) or len(form) < 2:
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            dimension = unit.dimension
            if dimension == "duration" and text[:m.start()].rstrip().endswith(ACCELERATOR):
                dimension = "gpu_time"  # "how many H800 hours": accelerator-hours, not days
            plain = next((q for q in lex.vocab.quantities if q.dimension == dimension and q.run_metric), None)
            if plain is not None and plain.id not in out:
                out.append(plain.id)
    return out


def _regions(text: str, v: Vocabulary) -> list[str]:
    """Grid regions in the order the question names them ("in France versus the average US grid")."""
    at: list[tuple[int, str]] = []
    for code, words in v.regions.items():
        found = [m.start() for m in _phrases(tuple(words.all())).finditer(text)]
        if found:
            at.append((min(found), code))
    return [code for _, code in sorted(at)]


def _unlisted_grid(text: str, v: Vocabulary) -> tuple[str, str] | None:
    """"用台湾电网": a place whose grid is not on file, so the answer can say what stood in for it."""
    for name, words in v.grids_not_on_file.items():
        found = _phrases(tuple(words.all())).search(text)
        if found:
            return name, found.group(0)
    return None


def _chinchilla_rule(q: Question, named: bool) -> None:
    """"Chinchilla-optimal", "按Chinchilla最优配比", "预算1e24 FLOP照Chinchilla，参数量设多少": the scaling rule,
    not the Chinchilla run's own figures."""
    run = any(r.startswith("chinchilla") for r in q.runs)
    named = named or "tokens_per_param" in q.given  # "at 15 tokens per parameter, how many tokens…"
    if not (named or (run and q.given.keys() & {"flop", "budget", "params", "tokens"})):
        return
    if run:
        q.runs = [r for r in q.runs if not r.startswith("chinchilla")]
        q.scope = "general" if q.scope == "published" else q.scope
    rule_data = {"tokens", "optimal_tokens", "optimal_params", "params", "tokens_per_param"}
    if "params" in q.given and "tokens" not in q.given and q.asked and not rule_data & set(q.asked):
        # "训一个30B的模型按Chinchilla最优，要多少FLOPs": the size's optimal tokens feed what is asked
        q.optimal_data = True
        return
    if not run and "tokens" not in q.asked:
        return  # "compute-optimal model size for 1e24 FLOP": the rule's own words ask it already
    # "how many tokens should a 34B model see per Chinchilla": the optimal tokens of that size
    optimal = {"params": "optimal_params", "tokens": "optimal_tokens"}
    asked = [optimal.get(a, a) for a in q.asked]
    size = [] if "params" in q.given else ["optimal_params"]
    q.asked = list(dict.fromkeys([*(a for a in asked if a.startswith("optimal_")), *size, *asked]))


@lru_cache(maxsize=1)
def _rate_re() -> re.Pattern[str]:
    """"1 USD = 32.5 TWD", "1美元兑7.2元", "0.92 EUR per USD": a rate between the dollar and another currency; the
    third and fourth groups hold one written the other way round ("1欧元=1.08美元", "1.08 USD per EUR"), the fifth
    one named after the currency asked for ("in yuan at 7.2")."""
    lex = lexicon()
    dollar = _alternation(f for f, u in lex.units if u.dimension == "usd" and u.factor == 1).pattern
    other = _alternation(f for f, u in lex.units if u.dimension in MONEY - {"usd"}).pattern
    number = r"(\d+(?:\.\d+)?)"
    equals = r"\s?(?:=|:|兑|换|to|≈)\s?(?:约|大约)?\s?"
    per = r"\s?(?:per|/|a|each|for 1|兑\s?1|换\s?1|to 1|to the)\s?"
    return re.compile(rf"1\s?(?:{dollar}){equals}{number}\s?(?:{other})|{number}\s?(?:{other}){per}(?:{dollar})"
                      rf"|1\s?(?:{other}){equals}{number}\s?(?:{dollar})|{number}\s?(?:{dollar}){per}(?:{other})"
                      rf"|(?:in|into|to)\s(?:{other})\sat\s(?:a rate of\s)?{number}(?!\.?\d|%)")  # "in yuan at 7.2"


def _epochs(masked: str, lex: Lexicon) -> tuple[tuple[float, str] | None, str]:
    """"3 epochs", "跑3个epoch": how many times the data is passed over, and the text with it blanked out, so the
    count is taken for nothing else."""
    m = re.search(rf"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:{_phrases(tuple(lex.vocab.epochs.all())).pattern})", masked)
    if m is None or not 1 <= float(m.group(1)) <= 1000:
        return None, masked
    return (float(m.group(1)), m.group(0).strip()), masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]


def _usd_rate(masked: str, lex: Lexicon) -> tuple[Given | None, str]:
    """The exchange rate a question states, read as units of the other currency per dollar, and the text with it
    blanked out, so neither of its amounts is taken for a sum."""
    m = _rate_re().search(masked)
    if m is None:
        return None, masked
    direct = m.group(1) or m.group(2) or m.group(5)
    value = float(direct) if direct else 1 / float(m.group(3) or m.group(4))
    blank = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    return Given("usd_rate", value, lex.vocab.by_id["usd_rate"].unit, m.group(0).strip()), blank


def _currency_spans(text: str, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Where currencies are named, in order; the longest form first, so 欧元 is not read as 元."""
    found: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    for form, unit in lex.units:
        if unit.dimension not in MONEY:
            continue
        for m in _phrases((form,)).finditer(text):
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append((m.start(), m.end(), unit.base))
    return sorted(found)


@lru_cache(maxsize=4)
def _lead_in(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{_phrases(words).pattern})\s?$")


def _answer_currency(text: str, lex: Lexicon) -> str | None:
    """The currency the answer is wanted in: one named after "in"/"用" with no number of its own ("Total, in
    euros?", "用人民币回答")."""
    lead = _lead_in(tuple(lex.vocab.answer_in.all()))
    for start, end, base in _currency_spans(text, lex):
        before = lead.search(text[:start])
        if end - start > 1 and before and not re.match(r"\s?\.?\d", text[end:]) \
                and not re.search(r"[\d.]\s?$", text[:before.start()]):
            return base
    return None


def _currencies(text: str, lex: Lexicon) -> list[str]:
    """The currencies named, in order."""
    return list(dict.fromkeys(base for _, _, base in _currency_spans(text, lex)))


def _relative(masked: str, lex: Lexicon) -> tuple[list[tuple[float, tuple[str, ...]]], list[tuple[int, int]]]:
    """"twice as many GPUs", "GPU数量翻倍", "half the time": each relative word's factor with the quantities named
    near it, nearest first, and where those words stand (their 2 of 两倍 is a factor, not a quantity)."""
    out: list[tuple[float, tuple[str, ...]]] = []
    spans: list[tuple[int, int]] = []
    words = sorted(((w, f) for ws in lex.vocab.relative.values() for w, f in ws.items()), key=lambda p: -len(p[0]))
    for word, factor in words:  # the longest first: "扩大一倍" holds "大一倍", and doubles once
        for m in _phrases((word,)).finditer(masked):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            probe = Mention(m.start(), m.end(), factor, word, None, False)
            near = sorted((gap, q.id) for q in lex.vocab.quantities
                          # 两倍 names the factor, not the multiplier input
                          if q.input and q.id != "multiplier"
                          and (gap := _distance(masked, probe, _relative_words(q.id), [])) is not None)
            growth = lex.give_re["growth_factor"]
            if any(ch.isdigit() for ch in word) and (growth.match(masked[m.end():].lstrip(" ")) or _word_before(
                    masked, Mention(m.start(), m.end(), factor, word, None, False), growth)):
                continue  # "grow 2x a year", "每年涨4倍": a yearly growth factor, read as a number
            if any(ch.isdigit() for ch in word):
                # "用了2倍卡时" scales the GPU-hours it names next; "研发算力是它的4倍" is a multiplier, and "And at
                # 2x?" a number of its own
                after = masked[m.end():].lstrip(" ")
                near = [(gap, qid) for gap, qid in near if _relative_words(qid).match(after)]
            if near or not any(ch.isdigit() for ch in word):
                spans.append((m.start(), m.end()))
                out.append((factor, tuple(dict.fromkeys(qid for _, qid in near))))
    return out, spans


def _nearest_noun(masked: str, said: str, qid: str) -> int | None:
    """Characters between a written factor ("3倍") and a word naming quantity ``qid``, if near."""
    at = masked.find(said)
    if at < 0:
        return None
    return _distance(masked, Mention(at, at + len(said), 0, said, None, False), _relative_words(qid), [])


@lru_cache(maxsize=64)
def _relative_words(qid: str) -> re.Pattern[str]:
    """A quantity's giving words and unit nouns: what "twice as many …" may scale."""
    lex = lexicon()
    q = lex.vocab.by_id[qid]
    nouns = () if q.dimension in ("ratio", "none") else (f for f, u in lex.units if u.dimension == q.dimension)
    return _alternation((*lex.gives.get(qid, ()), *nouns))  # not 成 or %: "变成两倍" changes no share


def _recast(q: Question, lex: Lexicon) -> None:
    """"25个工程师做一年半…总研发成本": a number the asked calculation cannot use, in a unit one of its inputs is
    given in, is that input (1.5 years of staff time, not a hardware life) when exactly one such input is free."""
    needed = _needed_inputs(q.asked)
    if not needed:
        return
    price = q.given.get("purchase_price")
    if price is not None and "staff" in q.given and "salary" in needed and "salary" not in q.given and \
            "gpus" not in q.given and not q.accelerators:
        # "40 researchers at $250k each": a sum per head beside a count of people is their pay
        q.given["salary"] = replace(price, quantity="salary", unit=f"{price.unit}/year")
        del q.given["purchase_price"]
    for key, given in list(q.given.items()):
        words = lex.vocab.by_id[key]
        if words.input in needed or words.dimension in ("ratio", "none"):  # a bare share or factor is too vague
            continue
        if key in ("active_params", "examples", "item_tokens", "node_rate", "node_gpus"):
            continue  # only its own reading ("3B active", "2,000 tokens each") gives it: it is what the user said
        free = [w.id for w in lex.vocab.quantities if w.input in needed and w.id not in q.given
                and w.dimension == words.dimension and w.input not in PAIR]
        if len(free) == 1:
            q.given[free[0]] = replace(given, quantity=free[0])
            del q.given[key]


RESTATED_RE = re.compile(r"\s*[(（]\s*(?:当|按|算|当作|算作|i\.?e\.?,?|=|~|≈|约|about|call it|say|treat as|as)?\s*$")


def _restated(q: Question, found: list[Mention], text: str) -> list[Mention]:
    """"3个月(按90天算)", "3 months (call it 90 days)": a number in brackets right after another of its unit is
    the same input, as the user wants it counted."""
    for key, first in list(q.given.items()):
        at = text.find(first.text)
        after = next((m for m in found if at >= 0 and m.start >= at + len(first.text) and m.text != first.text), None)
        if after is not None and after.text in q.unread and after.dimension == vocabulary().by_id[key].dimension \
                and RESTATED_RE.match(text[at + len(first.text):after.start]):
            q.given[key] = replace(first, value=after.value, text=after.text)
            q.unread.remove(after.text)
            found = [m for m in found if m is not after]
    return found


def _alternatives(q: Question, found: list[Mention], text: str, lex: Lexicon) -> None:
    """"A厂报价每卡时2.2美元，B厂2.8美元，分别多少钱?", "1024 or 2048 GPUs?": a second number in the unit of an input
    already given, beside words that set options side by side, is another value of that input, not some other
    input; each is calculated."""
    gap = bool({"saving", "difference"} & set(q.asked))  # "签约可以省多少钱?": what one option saves over another
    worded = gap or _words_in(f" {text} ", lex.vocab.alternatives.all())
    if not worded and len(q.accelerators) < 2:
        return
    for key, first in list(q.given.items()):
        if not worded and key != "peak_flops":
            continue  # "H20 148T, H100 989T": two chips named, each with its peak, whatever joins them
        if first.value <= 0 or (q.runs and lex.vocab.by_id[key].run_metric):
            # a zero or negative input is refused as it is, not paired; "DeepSeek-V3的MFU到底是17%还是35%?": two
            # published figures quoted, not options to calculate (but "its MFU against 989 and 1,979 TFLOPS")
            continue
        dimension = lex.vocab.by_id[key].dimension
        spread = 30 if dimension not in ("none", "ratio") else 3  # a unit ties two amounts further apart
        for m in found:
            if m.text == first.text or m.value <= 0 or not 1 / spread <= m.value / first.value <= spread:
                continue
            # "512 H100s vs 1,536 A100s": a bare count before an accelerator counts its cards
            unit = m.dimension or ("gpus" if text[m.end:m.end + 3].lstrip(" 张块台")[:1] == ACCELERATOR else None)
            if unit is None and key == "peak_flops" and m.magnitude and m.text.endswith("t"):
                unit = dimension  # "A100峰值312T…H100峰值989T": the second chip's peak, in tera-FLOP/s too
            # the same unit, or a bare sum in the currency of a rate ("B厂2.8美元" after "每卡时2.2美元")
            if unit != dimension and (unit is None or not dimension.startswith(f"{unit}/")):
                continue
            taken = next((k for k, g in q.given.items() if g.text == m.text), None)
            if taken is not None and lex.vocab.by_id[taken].dimension == dimension and \
                    not (_word_before(text, m, lex.give_re[key]) or _word_after(text, m, lex.give_re[key])):
                continue  # "MFU 40%, goodput 90%": two inputs of one unit, each named (but "MFU 50% … MFU 40%")
            if taken is not None:
                del q.given[taken]
            elif m.text in q.unread:
                q.unread.remove(m.text)
            else:
                continue
            q.alternatives.setdefault(key, [first]).append(Given(key, m.value, first.unit, m.text))
    if gap and q.alternatives:  # "provider A or B: how much do we save?" compares what the options cost
        q.explain = None
        q.cost = q.cost or any(g.unit.startswith(CURRENCIES) for g in q.given.values())


# A count the user gives, the price of one of what it counts, that price's unit and dimension, and their product
PRICED_COUNTS = (("label_items", "label_price", "USD/item", "usd/items", "labelling_cost"),
                 ("staff", "salary", "USD/year", "usd/years", "staff_cost"))


def _price_of_each(q: Question, lex: Lexicon) -> None:
    """"20万条，每条3美元", "94,000 items at 5 dollars each", "12 engineers at $320,000 a year": beside a count of
    items to label or of people, and no chip in sight, the one sum of dollars is what each one costs, however its
    words read (a price "each", "per" something, a budget)."""
    for count, price_id, unit, dimension, total in PRICED_COUNTS:
        # the hours' own price is no item's ("300k H100-hours at $2.50 each … 50k items at $2 apiece")
        sums = [k for k in ("amount", "budget", "purchase_price", "price_per_gpu_hour") if k in q.given
                and not (k == "price_per_gpu_hour" and "gpu_hours" in q.given)]
        beside = count in q.given and len(sums) == 1 and 0 <= q.prepared.find(q.given[sums[0]].text) - \
            q.prepared.find(q.given[count].text) - len(q.given[count].text) <= 8  # "50k items at $2 apiece"
        if count not in q.given or price_id in q.given or len(sums) != 1 or (q.accelerators and not beside) or \
                q.given[sums[0]].unit.split("/")[0] not in CURRENCIES or (count == "staff" and total not in q.asked):
            continue
        price = q.given[sums[0]]  # "人均年薪（含社保公积金）60万元": a salary in yuan is converted later
        if _plausible(price_id, Mention(0, 0, price.value, price.text, dimension, False), lex):
            q.given[price_id] = replace(price, quantity=price_id, unit=price.unit.split("/")[0] + unit[3:])
            del q.given[sums[0]]
            q.asked = [a for a in q.asked if a != price_id] or [total]


def _counted_first(chips: list[str], count: Given, masked: str, entities: list) -> list[str]:
    """"How many H20s to match 1,000 H800s?": the chip the count is of first, the one that replaces it second."""
    at = masked.find(count.text)
    after = [e for e in entities if e.kind == "hardware" and at >= 0 and 0 <= e.start - at - len(count.text) <= 6]
    if after and after[0].id == chips[1]:
        return [chips[1], chips[0]]
    return chips


def _needed_inputs(asked: list[str]) -> set[str]:
    """The inputs of the calculators that give the asked quantities: a bare "$28k" is the price they need."""
    from tools.registry import CALCULATORS

    out: set[str] = set()
    for calc in CALCULATORS.values():
        # accelerator time read as compute needs an MFU named: it does not make a bare number asked about FLOP hours
        if calc.output in asked and not all("mfu" in alternative for alternative in calc.needs):
            out |= {p.name for p in calc.params}
    return out


@lru_cache(maxsize=256)
def _feeding(asked: tuple[str, ...]) -> frozenset[str]:
    """Every quantity some chain of calculators turns into an asked one (days → GPU-hours → energy → emissions)."""
    from tools.registry import CALCULATORS

    found, grown = set(asked), True
    while grown:
        before = len(found)
        for calc in CALCULATORS.values():
            if calc.output in found:
                found |= {n for alternative in calc.needs for n in alternative} | {p.name for p in calc.params}
        grown = len(found) > before
    return frozenset(found)


def parse(text: str, history: Sequence[dict[str, object]] = ()) -> Question:
    """The question, completed from the earlier user turns when it follows up on them."""
    current = parse_one(text)
    if current.problem:
        return current
    earlier = [parse_one(str(t.get("content", ""))) for t in history if t.get("role") == "user"]
    earlier = [e for e in earlier if not e.problem]
    if not earlier:
        return _described(_defined(current))
    if current.language == "zh-Hans" and earlier[-1].language == "zh-Hant" and script_neutral(current.text):
        current.language = "zh-Hant"  # "那用H800呢?" reads the same in both scripts: keep the conversation's
    base = earlier[0]
    for e in earlier[1:]:
        if _follows(e):  # "and if we went with 1,024?" changed the earlier count, before this question
            if e.unread and not e.given:
                _bare_numbers(e, base)
            _repriced(e, base)
            base = base.then(e)
        else:
            base = e
    if current.unread and not current.given:
        _bare_numbers(current, base)
    _repriced(current, base)
    if not _follows(current):
        return _described(_defined(current))
    if not (current.asked or current.given):
        # "and the FLOPs for that run?"; a chip's name ("TPU v5e") names no count of chips
        current.asked = _named_figures(_entity_mask(current.prepared, find(current.text, prepared=current.prepared)),
                                       lexicon())
    if base.given and not (current.given or current.accelerators or current.runs or current.scalings or
                           current.regions or current.asked or current.cost or current.currency or
                           current.currencies or current.precision or current.left_out or
                           current.with_energy is not None) and \
            not _names_card_topic(current.text):
        return current  # "and the weather?" after a calculation changes nothing in it: a new question
    _sibling_run(current, base)
    merged = base.then(current)
    if "optimal_params" in merged.mentioned:  # "那对应应该用多少token?" after a compute-optimal size
        optimal = {"params": "optimal_params", "tokens": "optimal_tokens"}
        merged.asked = [optimal.get(a, a) for a in merged.asked]
    _chinchilla_rule(merged, False)  # "那照Chinchilla应该用多少token?" after a compute budget
    if current.runs and not current.given and not current.accelerators:
        merged.scope = "published"  # "换成Llama 3 70B呢?": the same figure, for another published run
    elif (current.given or current.regions) and merged.scope == "published":
        # "那如果租金是每小时2.5美元?", "如果喺法國電網?": the published run, priced or placed by the user
        merged.scope = "hypothetical"
    return merged


def _sibling_sizes(found: list[Mention], runs: list[str], families: list[Named]) -> tuple[list[Mention], list[str]]:
    """"Llama 2 70B的GPU小时是7B的几倍": a bare size beside one published run names the run of its family of
    that size; "Llama 3.2 的1B和3B" names the family's runs of those sizes."""
    bare = [m for m in found if m.dimension is None and m.magnitude]
    if len(families) == 1 and bare and runs == list(families[0].members):
        sized = {id(m): member_of_size(families[0].members, m.value) for m in bare}
        if any(sized.values()):
            return [m for m in found if not sized.get(id(m))], list(dict.fromkeys(r for r in sized.values() if r))
        # "《The Llama 3 Herd of Models》里最大的405B": a later version of the family has that size
        wider = {id(m): _named_of_size(families[0].text, m.value) for m in bare}
        if any(wider.values()):
            return [m for m in found if not wider.get(id(m))], list(dict.fromkeys(r for r in wider.values() if r))
    if len(runs) != 1:
        return found, runs
    named = {id(m): sibling(runs[0], m.value) for m in found if m.dimension is None and m.magnitude}
    return [m for m in found if not named.get(id(m))], [*runs, *(r for r in named.values() if r)]


def _named_of_size(name: str, params: float, maker: bool = False) -> str | None:
    """The one run on file whose name begins with ``name`` ("llama 3" for Llama 3.1 405B), or whose maker it is
    (``maker``: "meta" for Meta's runs), with about this many parameters; None unless exactly one has."""
    from knowledge.loader import default_knowledge

    def named(c: Any) -> bool:
        if maker:
            return re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", prepare(c.organization or "")) is not None
        return prepare(c.name).startswith(name)

    fits = [c.id for c in default_knowledge().cases.values() if named(c) and (size := c.figures.get("params_total"))
            is not None and size.central is not None and abs(size.central - params) <= 0.02 * params]
    return fits[0] if len(fits) == 1 else None


def _sibling_run(current: Question, base: Question) -> None:
    """"And the 7B one?", "那70B的呢?" after a published run: the run of its family of that size, not a model of
    that size trained on the earlier run's data."""
    size = current.given.get("params")
    if base.runs and not current.runs and size is not None and len(current.given) == 1:
        run = sibling(base.runs[0], size.value)
        if run is not None:
            current.runs, current.given = [run], {}


def _defined(q: Question) -> Question:
    """"What is MFU?", "攤銷成本跟租用成本有什麼不同?", "why does PUE matter so much?": terms of the domain named
    with no number, run or chip, and words that ask what they mean (or why they matter), ask for their meaning."""
    if q.explain == "why" and not q.given and _words_in(q.prepared, lexicon().vocab.below_spec.all()):
        # "why is our throughput way below the spec sheet?": what MFU is, then what keeps it down
        q.defines, q.asked = ["mfu"], []
        return q
    if (q.runs and q.asked and q.explain != "why") or q.explain == "lower":
        return q  # "why is Llama 3.1's market-based carbon zero?": what the term means answers why
    if q.compared and not q.accelerators and not q.given:
        # "rent cloud GPUs or buy our own?" with nothing to price: the two costs
        q.defines, q.asked, q.explain = [CONCEPT_TARGET[c] for c in q.compared], [], "define"
        return q
    v = lexicon().vocab
    # "what is the rental cost?" asks for a value; "what is a GPU-hour?" for a meaning
    valued = _phrases(tuple(w for w in v.question_words.all() if w.startswith("what") and " " in w))
    if not (q.explain or _words_in(f" {valued.sub(' ', q.prepared)} ", v.define.all())):
        return q
    named, spans = [], []
    for term in v.glossary:
        hits = [f for f in _phrases(tuple(term.terms.all())).finditer(q.prepared)
                if not _denominator_at(q.prepared, f.start())]  # "租金每GPU小时多少" prices an hour; no meaning asked
        if hits:
            named.append((hits[0].start(), term.id))
            spans += [f.span() for f in hits]

    def in_term(g: Given) -> bool:  # "why 16 bytes per parameter?": the number is the term's own
        at = q.prepared.find(g.text)
        return at >= 0 and any(a < at + len(g.text) and at < b for a, b in spans)

    if q.given and (q.explain != "why" or set(q.given) - {t for _, t in named} -
                    {k for k, g in q.given.items() if in_term(g)}):
        return q  # a number is for a calculation, unless asked why the term is not it ("MFU点解唔会系100%")
    specs = [tid for tid in [*(t for _, t in named), *q.asked] if tid in v.by_id and v.by_id[tid].spec]
    if named and not (q.accelerators and specs):  # "what is the H100's TDP?" is a spec; "typical MFU on H100s?" not
        q.defines = [tid for _, tid in sorted(named)]
        q.asked, q.explain = [], "define"
    return q


def _terms_aside(text: str) -> str:
    """``text`` without the glossary's terms that hold a supposing word ("按市场口径" is market-based accounting,
    where "按40%算" supposes a figure)."""
    return _phrases(_supposing_terms()).sub(" ", text)


@lru_cache(maxsize=1)
def _supposing_terms() -> tuple[str, ...]:
    v = vocabulary()
    supposing = prepared(tuple(v.supposing.zh))
    terms = [w for t in v.glossary for w in t.terms.all()]
    return tuple(w for w in terms if any(s in prepare(w) and s != prepare(w) for s in supposing))


def _yes_no(prepared: str, words: Words) -> bool:
    """A question answered yes or no: an English one opens a clause with an auxiliary ("…a lot. Does the article
    think…"), a Chinese one carries its particle anywhere ("冷却要不要算进去?")."""
    opening = "|".join(re.escape(w) for w in sorted(words.en, key=len, reverse=True))
    return bool(re.search(rf"(?:^|[.?!;:,]\s*|\b(?:so|but|and|ok|okay|well|honestly|seriously)\s+)(?:{opening})\b",
                          prepared)) or any(w in prepared for w in words.zh)


def _described(q: Question) -> Question:
    """A new question that names no quantity, number, run or chip and asks for no amount ("will MoE bring costs
    down?", "分階段訓練係咩嚟?", "模型越大越好跟成本有什麼關係?") asks what the sources say about its topic."""
    if q.explain or q.given or q.asks_amount or q.compared or q.injection or q.currency:
        return q  # "忽略之前的所有指令": an instruction to the machine is no question about a topic
    if q.yes_no and not q.asked:
        # "is MoE a cost saver or hype?", "电费只算训练那段时间吗?", "DeepSeek V3 for $5.6M: the full picture?"
        q.asked, q.explain = [], "what"
        return q
    if q.asked or q.runs or q.accelerators:
        return q
    if not _words_in(f" {q.prepared} ", lexicon().vocab.alternatives.all()):  # "compare X's and Y's capex": figures
        q.explain = "what"
    return q


def _bare_numbers(current: Question, base: Question) -> None:
    """"And for 5e24?" after a 1e24 FLOP budget: a number with no unit in a follow-up replaces the earlier input
    of its order of magnitude (within a factor of 100), when exactly one is that close."""
    from assistant.numbers import extract

    for text in list(current.unread):
        # "30%", "五成" as their unit reads them (0.3, 0.5); a plain number as it is
        found = [m for m in mentions(_spelled(prepare(text)), lexicon()) if m.value > 0]
        values = [m.value for m in found] or [m.value for m in extract(text, (), False) if m.value > 0]
        near = [k for k, g in base.given.items() if values and g.value > 0
                and abs(math.log10(values[0]) - math.log10(g.value)) <= 2 and k not in current.given]
        unit = found[0].dimension if found else None
        alike = [k for k in near if unit is not None and lexicon().vocab.by_id[k].dimension == unit]
        near = alike if len(alike) == 1 else near  # "5 yrs instead?" after 64 GPUs over 3 years: the years
        if len(near) == 1:
            old = base.given[near[0]]
            current.given[near[0]] = Given(near[0], values[0], old.unit, text)
            current.unread.remove(text)


def _repriced(current: Question, base: Question) -> None:
    """"What if the price drops to $1.99?" after "500k GPU-hours at $2.85 an hour": a sum with no unit of its own
    changes the earlier rate in its currency, when it is of that rate's order (within a factor of 100). "那七百七十万块
    呢?" after a sum in yuan: 块 is yuan there, not cards."""
    cards, earlier = current.given.get("gpus"), base.given.get("amount")
    if cards is not None and cards.text.endswith("块") and "gpus" not in base.given and earlier is not None \
            and earlier.unit == "CNY":
        current.given["amount"] = Given("amount", cards.value, "CNY", cards.text)
        del current.given["gpus"]
    for key in [k for k, g in current.given.items() if "/" not in g.unit and k not in base.given]:
        new = current.given[key]
        rates = [k for k, g in base.given.items() if g.unit.startswith(f"{new.unit}/") and k not in current.given
                 and g.value > 0 and new.value > 0 and abs(math.log10(new.value / g.value)) <= 2]
        if len(rates) == 1 and new.unit in CURRENCIES:
            old = base.given[rates[0]]
            current.given[rates[0]] = Given(rates[0], new.value, old.unit, new.text)
            del current.given[key]
    for key, new in list(current.given.items()):
        old = base.given.get(key)
        if old is not None and "/" in new.unit and re.fullmatch(r"[\d.\s]+", new.text):
            current.given[key] = replace(new, unit=old.unit)  # "如果电价是0.5呢" after 0.6元 a kWh: still yuan


def _names_card_topic(text: str) -> bool:
    """"and with Hopper?": something the sources speak of, though no quantity or accelerator on file."""
    from assistant.topics import names_any_topic
    from knowledge.loader import default_knowledge

    return names_any_topic(text, list(default_knowledge().facts.values()), strict=False)


def _estimated(text: str, lex: Lexicon) -> list[str]:
    """"預估一下MFU：訓練算力…", "预估卡数：…": a quantity named right after a word that asks for an estimate."""
    verbs = _phrases(tuple(lex.vocab.estimate_words.all()))
    out = []
    for m in verbs.finditer(text):
        after = text[m.end():m.end() + 12]
        # the thing estimated is named before the colon that lists the inputs ("预估卡数：…", not "算一下：…集群")
        near = [(w.start(), q.id) for q in lex.vocab.quantities if q.answer and q.id in lex.give_re
                if (w := lex.give_re[q.id].search(after)) is not None and w.start() <= 3
                and re.match(r"\s*(?:[:：,，?？]|$)", after[w.end():])]
        out += [qid for _, qid in sorted(near)[:1]]
    return out


def _asked_before(text: str, asked: list[str], v: Vocabulary) -> bool:
    """"ok and the emissions if the grid is 0.55 kg per kWh?": a quantity asked before the supposition is asked,
    where "按5年直线折旧算呢?" only supposes."""
    cut = _phrases(tuple(v.supposing.all())).search(f" {text} ")
    head = f" {text} "[:cut.start()] if cut is not None else ""
    return any(_phrases(tuple(v.by_id[a].asks.all())).search(head) for a in asked)


def _claim_checked(q: Question) -> None:
    """"Is an H100 really $30k?", "Did Llama 3 use more than 10k GPUs?": a figure put to a yes-or-no question about
    a run or a chip is the claim to check against the figure on file, not an input to a calculation."""
    if not (q.yes_no and q.given) or q.supposes or not set(q.asked) <= set(q.given):
        return
    company = not (q.runs or q.accelerators) and _names_company(q.prepared)  # "Meta今年的资本开支会超过300亿美元吗"
    if not (q.runs or q.accelerators or company):
        return
    by_id = lexicon().vocab.by_id
    checked = []
    for key in q.given:
        if key == "amount" and company:
            q.cost = True  # what the sources say the company spent or paid
        elif key == "amount" and q.runs:
            q.cost = True  # each published cost concept of the run, rental first
            checked.append("rental_cost")
        elif key == "amount":
            checked.append("price_per_gpu_hour" if q.hourly else "purchase_price")
        elif key == "multiplier" and len(q.accelerators) >= 2:
            checked.append("multiple")  # "B200比H100快2倍吗?": how many times the one's peak the other's is
        elif key in by_id and (by_id[key].run_metric if q.runs else by_id[key].spec):
            checked.append(key)
        else:
            return
    q.asked, q.given = checked, {}


def _names_company(prepared: str) -> bool:
    """Does the question name a company or person the sources' cards are about ("Meta", "扎克伯格")?"""
    from assistant.topics import names_subject
    from knowledge.loader import default_knowledge

    return any(names_subject(prepared, c.subject) for c in default_knowledge().facts.values()
               if c.subject in lexicon().vocab.subject_names)


def _supposes(prepared: str, lex: Lexicon) -> bool:
    """Does the question suppose another run ("换成H800", "if we used 4096 GPUs")? "换成token数", "换成美元"
    convert into a unit: no other run."""
    units = _phrases(tuple(form for form, _ in lex.units))

    def into_unit(after: str) -> bool:  # "token数", "美元"; not "h100"
        unit = units.match(after)
        return unit is not None and not after[unit.end():unit.end() + 1].isdigit()

    return any(not into_unit(prepared[m.end():].lstrip())
               for m in _phrases(tuple(lex.vocab.hypothetical.all())).finditer(prepared))


def _made_by(prepared: str) -> list[str]:
    """The runs on file whose maker the question names by the first word of their name ("DeepSeek's …")."""
    from knowledge.loader import default_knowledge

    cases = default_knowledge().cases.values()
    makers = {c.id: re.split(r"[\s\-_]+", prepare(c.name))[0] for c in cases}
    return [run for run, maker in makers.items() if len(maker) >= 3 and re.search(
        rf"(?<![a-z0-9]){re.escape(maker)}(?![a-z0-9])", prepared)]


# a run's sizes and schedule a user restates to calculate with (not its costs, which are what is asked about)
RESTATED_INPUTS = ("params", "active_params", "tokens", "flop", "gpus", "gpu_hours", "days")


def _not_quoting(given: dict[str, Given], runs: list[str]) -> dict[str, Given]:
    """Numbers that repeat a named run's published figure ("DeepSeek-V3's $5.576M") quote it; they are not inputs."""
    from knowledge.loader import default_knowledge

    kb = default_knowledge()
    # a zero is quoted too ("why is Llama 3.1's market-based carbon zero?")
    figures = [f for r in runs if r in kb.cases for f in kb.cases[r].figures.values() if f.central is not None]

    def quotes(g: Given, f: Figure) -> bool:  # a round number quotes loosely ("sixty-odd million" for $63M)
        if g.unit != f.unit and g.unit.split("/")[0] not in CURRENCIES and g.value != 0:
            return False  # "at 40% MFU" quotes no grid intensity of 0.429 (a zero quotes a zero, in any unit)
        loose = float(f"{g.value:.1g}") == g.value
        return abs(g.value - f.central) <= (0.1 if loose else 0.03) * abs(f.central)

    def own_choice(key: str, g: Given) -> bool:
        # "2.664M H800-hours of pretraining" beside a run that publishes 2.788M GPU-hours in all: the user picks
        # another of its figures for this input, and that is the input
        metric = vocabulary().by_id[key].run_metric
        mine = [kb.cases[r].figures[metric] for r in runs if r in kb.cases and metric in kb.cases[r].figures]
        return bool(mine) and all(f.central is not None and not quotes(g, f) for f in mine)

    return {k: g for k, g in given.items() if own_choice(k, g) or not any(quotes(g, f) for f in figures)}


def _follows(q: Question) -> bool:
    """A follow-up names less than a whole question: a change ("换成H800", "twice as many GPUs", "租金改成3美元",
    "and GPT-4?") or, with follow-up words, another quantity of the same run ("and market-based?"). A question
    with nothing to carry over and nothing asked ("What's the weather?") is a new topic."""
    subject = {"params", "tokens", "flop", "gpu_hours", "energy_kwh", "budget", "amount", "final_run_cost"}
    if q.explain and not (q.explain == "lower" and q.given):
        return False  # "如果PUE改善到1.15，可以慳返幾多?" saves by a number: a change to what was said
    # "改用FP8跑呢?", "只算卡本身，不含伺服器跟網路" change how the same run is counted
    changes = bool(q.given or q.accelerators or q.runs or q.scalings or q.region or q.precision or q.left_out) or \
        q.with_energy is not None
    v = lexicon().vocab
    opening = q.prepared.lstrip(" ")
    starts = any(opening.startswith(w) for w in prepared(tuple(v.follow_up_start.all())))
    cue = q.follow_up or starts
    asks = bool(q.asked) or q.cost
    short = len(q.prepared) < 40
    if not changes:
        # "折合人民币是多少?", "用港币计": a currency asked for something said before
        pointed = cue or words_in(q.prepared, v.refers_back.all()) or q.currency is not None
        if not asks:  # "and Alphabet?", "那2020年呢?": the same question about something else the sources name;
            # "用人民币说一下", "can you put that in euros for the Berlin office?": the last answer, in that money
            return (cue or q.currency is not None) and (short or (q.currency is not None and len(q.prepared) < 100))
        # "碳排放多少", "…how many years of a US home's electricity is that?": a quantity of what was said
        return len(q.prepared) < 20 or (pointed and len(q.prepared) < 100)
    if not (q.given.keys() & subject) and not q.runs:
        return True
    cue = cue or words_in(q.prepared, v.result_refs.all())  # "how many tokens is that for a 3B model?"
    return len(q.given) <= 2 and (short or (cue and len(q.prepared) < 90))
