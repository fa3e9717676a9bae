"""The role of each number: the quantity whose unit dimension it has and whose giving word stands nearest."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from functools import lru_cache

from assistant.parse.asked import PAIR
from assistant.parse.lexicon import ACCELERATOR, MODEL, Lexicon, _alternation, _phrases, lexicon, words_in
from assistant.parse.mentions import Mention
from assistant.question import (
    CURRENCIES,
    MONEY,
    Given,
    Question,
    same_dimension,
)
from assistant.textnorm import english_word, prepare
from knowledge.vocabulary import QuantityWords, vocabulary
from tools.cost import DAYS_PER_YEAR

WINDOW = 14  # characters between a number and the word that says what it is


HOURLY_RE = re.compile(r"\s?(?:/\s?(?:hr|hour|h)|an hour|per hour|a gpu-hour|per gpu-hour)(?![a-z])")


YEAR_MIN, YEAR_MAX = 1990, 2035


MAX_ITEM_TOKENS = 1e6  # beside a count of examples (or books), a token count this small is each one's length


# ---------------------------------------------------------------- roles
def _compatible(q: QuantityWords, dimension: str | None, magnitude: bool, value: float) -> bool:
    if dimension is None:
        if q.worded and q.dimension in ("tokens", "items", "steps"):
            return True  # "序列长度4096", "训练步数10万": a count its own word names, never one by default
        if magnitude:  # "70B", "2T", "2k" with no unit: a count of parameters, tokens, hours or cards
            # … or "峰值989T": a peak in tera-FLOP/s, named by its word
            # … or "殘值 2 萬", "预算200万": a sum whose word says it is money, its currency the question's
            return q.dimension in ("params", "tokens", "gpu_time", "usd", "usd/years") or \
                (q.dimension == "gpus" and value < 1e7) \
                or (q.dimension == "throughput" and value >= 1e13)
        if q.dimension == "ratio":
            return 0 <= value <= 1  # a bare share is a fraction ("0.4 MFU"); 40 would need a %
        if q.dimension in ("params", "tokens"):
            # "4.0" is a version, not a model size; sizes come with B, 亿 or a noun ("参数量为0": refused as a size)
            return value >= 1e6 or value <= 0
        if q.dimension == "compute":
            return value >= 1e18  # "2.4E+24 training FLOPs": only a compute budget is that large
        if q.dimension == "tokens/params":
            return 1 <= value <= 1000  # "token和参数的比例按40算": a ratio its words name
        if q.dimension == "gpus" and not float(value).is_integer():
            return False  # "不是3.1": a version, never a count of cards
        if q.dimension in ("years", "duration", "gpu_time") and value < 1:
            return False  # "MFU能做到0.35": a bare fraction is a share, never a span of time
        if q.dimension in ("gpu_time", "power") and value < 10:
            return False  # "PUE somewhere from 1.1 to 1.4": a factor, never a handful of accelerator-hours or watts
        if q.dimension == "energy" and value < 100:
            return False  # "PUE is about 1.3": a bare small number is no amount of energy a run uses
        # a noun before the number names these ("GPU时数35000", "用电量120万", "功耗700")
        return q.dimension in ("none", "gpus", "duration", "years", "people", "gpu_time", "energy", "power")
    return same_dimension(dimension, q.dimension)


# "B家按卡时2.6美元", "卡時 1.8 鎂，總共 20 萬卡時": the GPU-hour named before its price
CARD_HOUR_BEFORE_RE = re.compile(r"(?:(?:(?:每|按)个?|^|(?<=[\s,，;；:：§]))(?:卡时|卡小时|gpu小时|gpu时|gpu钟)"
                                 r"(?:单价|价格|租金|价|费用)?(?:是|为|约|大约)?|(?:card|gpu)[\s-]hour (?:price|rate)"
                                 r"(?: is| of| at| was| were| would be| becomes)?)\s*$")
# "depreciated over 4 years", "折旧期5年": a span of years right after writing off is the hardware's life
WRITTEN_OFF_BEFORE = re.compile(r"(?:depreciat\w*|amorti[sz]\w*|written off|write (?:it |them )?off|useful life of|"
                                r"straight-line|折旧期?|摊销期?)\s?(?:over|across|for|of|按|为|是)?\s?$")
HOUR_BEFORE_RE = re.compile(r"(?:一小时|每小时|每个小时|一个小时|一个钟|每个钟|per hour|an hour)\s*$")
ASKED_NOUN_RE = re.compile(r"(?:多少|几|how many|how much)\s*个?\s*$")


@lru_cache(maxsize=1)
def _hedges() -> re.Pattern[str]:
    return _phrases(tuple(lexicon().vocab.hedges.all()))


def _breaks(between: str) -> int:
    """Clause breaks between a number and a word: "总参数5100亿，激活参数…" ties 5100亿 to 总参数."""
    # "mfu 0.35. days?": a full stop; "count=9216 | days=21": a pasted line's fields
    return sum(between.count(c) for c in ",;，；、。:：|\n") + between.count(". ")


# one or two words naming a kind of share between it and its word, no article, preposition or verb among them
MODIFIERS_RE = re.compile(r"\s(?:(?!(?:the|an?|of|for|to|in|on|at|by|from|with|and|or|than|as|per|each|is|are|was|"
                          r"were|be|more|less|fewer|higher|lower)\s)[a-z]+\s){1,2}")


def _distance(text: str, mention: Mention, words: re.Pattern[str], spans: list[tuple[int, int]],
              inside: bool = True) -> float | None:
    """Characters between the mention and the nearest giving word, not reaching past another number; a word
    inside the mention ("13b-parameter") counts unless ``inside`` is False ("翻倍" is not a multiplier)."""
    lo = max([e for s, e in spans if e <= mention.start], default=0)
    hi = min([s for s, e in spans if s >= mention.end], default=len(text))
    best: float | None = None
    for m in words.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        if ASKED_NOUN_RE.search(text[max(0, s - 12):s]) or \
                (mention.dimension is None and e <= mention.start and
                 re.fullmatch(r"\s+for\s+(?:an?\s+)?", text[e:mention.start])):
            continue  # "7B 需要多少 token", "optimal tokens for 10B?": the noun asked for names no number
        if s >= mention.end:
            if _breaks(text[mention.end:s]) and any(0 <= start - e <= 2 for start, _ in spans if start > e):
                continue  # "220亿、数据 10兆": past a comma, a word right before the next number gives that one
            # past a break, a word after the number belongs to the next clause more than a word right before it
            gap = s - mention.end + 5 * _breaks(text[mention.end:s])
            if mention.dimension in (None, "ratio") and MODIFIERS_RE.fullmatch(text[mention.end:s]):
                gap = 2  # "a 0.2 reserved-capacity discount", "a 30% committed-use discount": a share's name
        elif e <= mention.start:
            between = text[e:mention.start]
            # after says more than before; hedges say nothing ("MFU is more like 35%", "MFU 大概也就 35%")
            gap = len(between) - len("".join(_hedges().findall(between))) + 1 + 3 * _breaks(between)
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
        elif m.dimension in MONEY and (HOUR_BEFORE_RE.search(text[:m.start]) or
                                       CARD_HOUR_BEFORE_RE.search(text[:m.start])):
            m = replace(m, dimension=f"{m.dimension}/gpu_time")  # "节点一小时 US$23.6": an hour's price
        elif m.dimension in MONEY and _paid_yearly(text, m):
            m = replace(m, dimension=f"{m.dimension}/years")  # "年薪46万美元", "$210k salary each": a year's pay
        if m.dimension in (None, "years") and not m.magnitude and float(m.value).is_integer() \
                and YEAR_MIN <= m.value <= YEAR_MAX and _dated(text, m):
            continue
        if m.dimension is None and m.magnitude and "params" not in given and \
                re.search(r"(?<![a-z])an?\s$", text[:m.start]):
            # "token count for a 13B?", "an 8B on 15T tokens": a size in billions after "a" names the model
            given["params"] = Given("params", m.value, lex.vocab.by_id["params"].unit, m.text, low=m.low, high=m.high)
            continue
        if m.dimension is None and not m.magnitude and m.value > 1 and re.search(r"(?:all|all of the|全部|所有)\s?$",
                                                                                 text[:m.start]) and \
                any(g.value == m.value for g in given.values()):
            continue  # "512 GPUs… keep all 512 running": the count said again, no second quantity
        if m.dimension is None and any(g.value == m.value for g in given.values()) and \
                SAID_AGAIN_RE.search(text, 0, m.start):
            continue  # "三百亿 params, i.e. a 30B dense model": the size said again in other words
        if m.dimension is None and m.magnitude and pay and _fee_after(lex).match(text, m.end):
            m = replace(m, dimension=pay)  # "再加200万算力费": a sum its fee names, in the asker's money
        elif m.dimension is None and (m.magnitude or m.value >= 1e4) and _spent_before(lex).search(text, 0, m.start):
            m = replace(m, dimension=pay or "usd")  # "costs about a billion to train": a sum, its currency left off
        if m.dimension == "years" and "life_years" not in given and WRITTEN_OFF_BEFORE.search(text, 0, m.start):
            # "buy at $30k depreciated over 4 years, or rent at $2.3": the cards' life, though a rent needs days
            given["life_years"] = Given("life_years", m.value, "year", m.text, low=m.low, high=m.high)
            continue
        if m.dimension is None and re.match(r"\s?(?:quarters?(?![a-z])|个?季度)", text[m.end:]):
            continue  # "$14B in one quarter": how many quarters, a period the sum is stated for, no input
        bare_text = re.fullmatch(r"[\d.]+", m.text) is not None  # "1亿美元1次": a currency read from before it
        if (m.dimension is None and (lex.counter.match(text, m.end) or _counts_other(text, m))) or \
                (bare_text and lex.counter.match(text, m.end)):
            continue  # "两次耗电量", "3 rounds", "3 scenarios": how many of something, not an input
        candidates = [q for q in quantities if _compatible(q, m.dimension, m.magnitude, m.value)
                      # a "一张" may yield to the real count; "in a month … would 30 days take": the exact number
                      and (q.id not in given or given[q.id].value == 1 or
                           (m.dimension is not None and abs(given[q.id].value - m.value) <= 0.03 * m.value))
                      and not (q.id == "years_ahead" and m.dimension is None)]  # "a 6 in the formula" is no span
        if m.dimension is None and float(m.value).is_integer() and re.match(r"\s(?:more|extra|additional) [a-z]",
                                                                         text[m.end:]):
            candidates = [q for q in candidates if q.id != "markup"]  # "add 1 more engineer": a count, no markup
        counted = m.dimension is None and (
            _phrases(tuple(lex.vocab.node_words.all())).match(text[m.end:].lstrip(" 台个部"))
            or text[m.end:].lstrip(" ")[:1] == ACCELERATOR)
        if counted:  # "power of 64 nodes", "96 nodes of 8x H100", "rent 10 nodes": a count, not a power, PUE or price
            candidates = [q for q in candidates if q.id == "gpus"]
        if re.match(r"(1个|one\b|an?\b)", m.text) and candidates and not _plausible(candidates[0].id, m, lex):
            continue  # "一个参数配多少token": a rate's "per one", not a model of one parameter
        # "租金改成3美元", "如果電價係0.06呢": an amount, or a bare number, right by a rate's word is that rate
        bare = m.dimension is None and not m.magnitude
        rates = [q for q in quantities if (m.dimension in MONEY or bare) and not counted and
                 q.dimension.split("/")[0] in MONEY | {"mass"} and "/" in q.dimension and q.id not in given]
        # ("因子0.1呢": a grid's factor too)
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
        if ranked and m.value < 0:
            chosen = ranked[0][3]  # "电价每度-3元": a negative number keeps its role, to be refused there
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
            if counted or not (m.dimension is None and float(m.value).is_integer() and YEAR_MIN <= m.value <= YEAR_MAX):
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


def _one_hour(m: Mention, masked: str) -> bool:
    """"用一小时相当于多少钱", "what does one hour cost": a single hour names the rate asked, not a duration; one
    the cluster runs for ("跑一小时", "run for 1 hour") is a duration."""
    run = re.search(r"(?:跑|运行|run|running|for)\s?$", masked[max(0, m.start - 6):m.start])
    return m.dimension == "duration" and abs(m.value * 24 - 1) < 1e-6 and run is None and \
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


_TIMES = r"(?:(?:19|20)\d\d|this year|last year|next year|today|now|今年|去年|明年|现在|如今)"
# "i.e. a 30B model", "也就是300亿": what follows restates the number before it
SAID_AGAIN_RE = re.compile(r"(?:(?<![a-z])(?:i\.?e\.?|that is|namely)|也就是说?|即)[,，]?\s?(?:an?\s)?$")
_AGAINST = r"(?:vs\.?|versus|against|compared with|compared to|to|and|和|与|跟|对比|对|比|到|至|->|→)"
YEAR_AGAINST_RE = re.compile(rf"\s?{_AGAINST}\s?{_TIMES}")
YEAR_AGAINST_BEFORE_RE = re.compile(rf"{_TIMES}\s?{_AGAINST}$")


def _dated(text: str, m: Mention) -> bool:
    """Is a number like 2024 a calendar year ("2024年", "in 2023", "FY2024") rather than a count ("2,000 H100s")?"""
    after = text[m.end:m.end + 3].lstrip()
    before = text[max(0, m.start - 8):m.start].rstrip()
    if after[:1] in (ACCELERATOR, MODEL) or re.match(r"(gpu|卡|张|块|台)", after):
        return False
    # "Patterson 2021 估", "Luccioni et al. 2023's figure": an author's year, a work cited
    cited = re.search(r"(?:[a-z]{3,}|et al\.?)$", before) is not None and \
        re.match(r"(?:估|的估|说|說|报|報|paper|estimate|study|report|'s)", text[m.end:m.end + 9].lstrip()) is not None
    # "(2020 vs this year)", "2023 and 2024", "this year against 2020": a year set against another time
    against = YEAR_AGAINST_RE.match(text, m.end) is not None or YEAR_AGAINST_BEFORE_RE.search(before) is not None
    return m.dimension == "years" or after.startswith("年") or cited or against or re.search(
        r"(in|since|by|from|until|of|year|fy|during|before|after|截至|到|于|在)$", before) is not None or not before


def _word_before(text: str, m: Mention, words: re.Pattern[str]) -> bool:
    """A giving word ends within four characters before the mention ("租金改成3美元"), a chip's name aside
    ("租 H100 $2.5")."""
    head = re.sub(rf"\s?{ACCELERATOR}+\s?$", "", text[max(0, m.start - 16):m.start])
    return any(len(head) - w.end() <= 4 for w in words.finditer(head))


@lru_cache(maxsize=1)
def _pay_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    v = lexicon().vocab
    return (re.compile(rf"(?:{_phrases(tuple(v.pay_before.all())).pattern})\s?(?:us\s?)?[$¥€]?\s?$"),
            _phrases(tuple(v.pay_after.all())))


def _paid_yearly(text: str, m: Mention) -> bool:
    """A pay word right before the sum ("年薪", "salary of") or right after it ("salary", "a head")."""
    before, after = _pay_words()
    return before.search(text[max(0, m.start - 16):m.start]) is not None or _word_after(text, m, after)


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


@lru_cache(maxsize=1)
def known_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every Latin word of the vocabulary, and those long enough to correct a typo towards."""
    v = vocabulary()
    phrases = [*(f for f, _ in v.unit_forms), *(w for q in v.quantities for w in (*q.asks.all(), *q.gives.all())),
               *(w for words in v.concepts.values() for w in words.all()), *v.question_words.all(),
               *v.node_words.all(), *v.count_words.all(), *v.magnitudes, *v.label_passes.all(),
               *(w for words in v.moe_parts.values() for w in words.all())]
    words = {w for p in phrases for w in re.findall(r"[a-z]+", p.casefold())}
    return frozenset(words), tuple(sorted(w for w in words if len(w) >= 5))


def _counts_other(text: str, m: Mention) -> bool:
    """A bare number before an English noun the vocabulary does not know ("3 scenarios", "12 slides") counts
    those things."""
    after = re.match(r"\s?([a-z]{3,})(?![a-z0-9])", text[m.end:])
    if m.magnitude or after is None or not float(m.value).is_integer():
        return False  # ("a discount of 0.4 applies": a fraction counts nothing)
    word = after.group(1)
    if word.endswith(("ing", "ed")):
        return False  # "a team of 30 working on it": a verb after the number counts nothing
    known = known_words()[0] | set(vocabulary().function_words.en)
    return not ({word, word.rstrip("s"), word + "s"} & known)


def _spelled(text: str) -> str:
    """Latin words one slip away from a vocabulary word, corrected ("3T tokns", "paramters"); a word of its own
    (shorter than five letters, close to nothing, or another form of the word: "in-house" is no "houses")
    stays as typed."""
    return re.sub(r"(?<![a-z])[a-z]+(?![a-z])", lambda m: _corrected(m.group(0)), text)


@lru_cache(maxsize=8192)  # English words recur from question to question; difflib is slow
def _corrected(word: str) -> str:
    known, targets = known_words()
    if len(word) < 5 or word in known or english_word(word):  # "please" is no slip of "lease"
        return word
    if word.endswith("ss") and word[:-1] in known:  # "gpu hourss": a doubled plural
        return word[:-1]
    close = difflib.get_close_matches(word, targets, n=1, cutoff=0.84)
    return close[0] if close and not (close[0].startswith(word) or word.startswith(close[0])) else word


def _epochs(masked: str, lex: Lexicon) -> tuple[tuple[float, str] | None, str]:
    """"3 epochs", "跑3个epoch": how many times the data is passed over, and the text with it blanked out, so the
    count is taken for nothing else."""
    m = re.search(rf"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:{_phrases(tuple(lex.vocab.epochs.all())).pattern})", masked)
    # "epoch 改成 5", "epochs to 5": the count named after the word, as a follow-up changes it
    # "跑2轮", "训3轮": passes over the data, when a run goes round them (never "3轮对话")
    m = m or re.search(r"(?:跑|训练?|过|迭代)了?\s?(\d+(?:\.\d+)?)\s?轮(?!对话|会话|融资)", masked)
    changed = m is None and re.search(r"epochs?\s?(?:数|count)?\s?(?:改成|改为|换成|变成|调到|to|=|of)\s?"
                                      r"(\d+(?:\.\d+)?)(?![\d.%])", masked)
    m = m or changed or None
    if m is None or not 1 <= float(m.group(1)) <= 1000:
        return None, masked
    said = m.group(1) if changed else m.group(0).strip()
    return (float(m.group(1)), said), masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]


COUNTED = ("gpus", "people", "items", "gpu_time", "tokens", "params", "compute")  # what "as many" can scale


def _relative(masked: str, lex: Lexicon) -> tuple[list[tuple[float, tuple[str, ...]]], list[tuple[int, int]]]:
    """"twice as many GPUs", "GPU数量翻倍", "half the time": each relative word's factor with the quantities named
    near it, nearest first, and where those words stand (their 2 of 两倍 is a factor, not a quantity)."""
    out: list[tuple[float, tuple[str, ...]]] = []
    spans: list[tuple[int, int]] = []
    # in the matching form ("减少一半" is read as "减少1半"); whether a word writes its factor in digits ("2倍") is
    # how the vocabulary spells it
    words = sorted(((prepare(w), w, f) for ws in lex.vocab.relative.values() for w, f in ws.items()),
                   key=lambda p: -len(p[0]))
    for word, spelled, factor in words:  # the longest first: "扩大一倍" holds "大一倍", and doubles once
        for m in _phrases((word,)).finditer(masked):
            if any(s < m.end() and m.start() < e for s, e in spans):
                continue
            probe = Mention(m.start(), m.end(), factor, word, None, False)
            # 两倍 names the factor, not the multiplier input; on a tie the vocabulary's first (tokens, not each
            # example's tokens) is the one scaled
            near = sorted((gap, i, q.id) for i, q in enumerate(lex.vocab.quantities)
                          if q.input and q.id != "multiplier"
                          and (gap := _distance(masked, probe, _relative_words(q.id), [])) is not None)
            near = [(gap, qid) for gap, _, qid in near]
            growth = lex.give_re["growth_factor"]
            if any(ch.isdigit() for ch in spelled) and (growth.match(masked[m.end():].lstrip(" ")) or _word_before(
                    masked, Mention(m.start(), m.end(), factor, word, None, False), growth)):
                continue  # "grow 2x a year", "每年涨4倍": a yearly growth factor, read as a number
            if spelled[:1].isdigit():
                # "用了2倍卡时" scales the GPU-hours it names next ("模型放大3倍" the model it follows);
                # "研发算力是它的4倍" is a multiplier, and "And at 2x?" a number of its own
                after = masked[m.end():].lstrip(" ")
                near = [(gap, qid) for gap, qid in near if _relative_words(qid).match(after)]
            if spelled[:1].isdigit() and re.search(r"(?<!原来|原本|之前|以前|现在|目前|当前|刚才)的\s?$",
                                                   masked[:m.start()]):
                continue  # "总花费是正式训练的4倍": one sum as a multiple of another, not "变成原来的2倍"
            if words_in(masked[max(0, m.start() - 10):m.start()], lex.vocab.cost_words.all()):
                # "the GPUs cost half that", "GPU租金砍半": what is paid for them, before the things paid for
                near = [(-1, q.id) for q in lex.vocab.quantities if q.input and q.dimension.startswith("usd")
                        and q.id not in {qid for _, qid in near}] + near
            if "many" in word:  # "twice as many cards": the count of them, not the memory each card has
                near = [(gap, qid) for gap, qid in near if lex.vocab.by_id[qid].dimension in COUNTED]
            if near or not any(ch.isdigit() for ch in spelled):
                spans.append((m.start(), m.end()))
                out.append((factor, tuple(dict.fromkeys(qid for _, qid in near))))
    return out, spans


def _share_change(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """"預算被砍三成呢", "budget cut by 30%", "租金涨两成": a quantity changed by a share of itself, scaled by
    1 − share (or 1 + share): the one given, else (in a follow-up) the one the nearest word names."""
    shares = [(k, g.text, g.value) for k, g in q.given.items() if lex.vocab.by_id[k].dimension == "ratio"]
    shares += [(None, m.text, m.value) for m in found if m.dimension == "ratio" and m.text in q.unread]
    for key, text, value in shares:
        at = masked.find(text)
        sign = next((s for s, d in ((-1, "down"), (1, "up")) if _changed_by(masked[max(0, at - 12):at], d, lex)), None)
        after = re.match(r"\s?(more|extra|longer|higher|bigger|larger|greater|less|fewer|shorter|lower|smaller)\b"
                         r"\s?([a-z-]+)?", masked[at + len(text):])
        if sign is None and after is not None:  # "15% more hours for restarts", "20% fewer GPUs", "30% higher"
            sign = 1 if after.group(1) in ("more", "extra", "longer", "higher", "bigger", "larger", "greater") else -1
            # "20% more throughput, how long then?": the noun changed is not what is asked
            q.asked = [a for a in q.asked if after.group(2) not in lex.vocab.by_id[a].asks.en]
        if sign is None or not 0 < value < 1 or at < 0:
            continue
        if q.asked and q.asked[0] in ("earlier_amount", "amount_increase", "amount_saved"):
            # "同比涨了79%，去年同期多少": the growth the earlier amount is worked back from; "the bill drops by
            # 30%: what is that worth?": the share the saving is
            continue
        named = sorted((d, qid) for qid in lex.give_re if qid != "multiplier" and lex.vocab.by_id[qid].input
                       and lex.vocab.by_id[qid].dimension not in ("ratio", "none")
                       and (d := _nearest_noun(masked, text, qid)) is not None)
        if not named:
            continue
        factor = 1 + sign * value
        q.given.pop(key or "", None)
        q.unread = [t for t in q.unread if t != text]
        target = next((qid for _, qid in named if qid in q.given), None)
        if target is None and "gpu_hours" in q.given and any(qid == "days" for _, qid in named):
            target = "gpu_hours"  # "200k GPU-hours … 15% more hours for restarts": the hours given, not a calendar
        if target is not None:
            changed = q.given[target]
            q.given[target] = replace(changed, value=changed.value * factor, text=f"{changed.text} × {factor:g}")
        else:
            q.scalings.append((factor, tuple(qid for _, qid in named)))


def _changed_by(before: str, direction: str, lex: Lexicon) -> bool:
    """Do the words right before a share say the quantity goes down (or up) by it ("被砍", "cut by ")?"""
    return before.rstrip(" ").endswith(tuple(lex.vocab.share_change[direction].all()))


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


RESTATED_RE = re.compile(r"\s*[(（]\s*(?:当|按|算|当作|算作|i\.?e\.?,?|=|~|≈|约|about|call it|say|treat as|as|"
                         r"总共|一共|合计|总计|共|total|in total|so)?\s*$")


def _restated(q: Question, found: list[Mention], text: str) -> list[Mention]:
    """"3个月(按90天算)", "3 months (call it 90 days)": a number in brackets right after another of its unit is
    the same input, as the user wants it counted."""
    for key, first in list(q.given.items()):
        at = text.find(first.text)
        after = next((m for m in found if at >= 0 and m.start >= at + len(first.text) and m.text != first.text), None)
        gap = text[at + len(first.text):after.start] if after is not None else ""
        # "512 張（總共 1536）": a bare number in brackets is the same input only when a word there says so
        named = after is not None and (after.dimension == vocabulary().by_id[key].dimension or (
            after.dimension is None and re.search(r"[a-z\u4e00-\u9fff]", gap) is not None))
        if after is not None and after.text in q.unread and named and RESTATED_RE.match(gap):
            q.given[key] = replace(first, value=after.value, text=after.text)
            q.unread.remove(after.text)
            found = [m for m in found if m is not after]
    return found




def _node_against_card(q: Question, found: list[Mention], text: str, lex: Lexicon) -> None:
    """"vendor X: 8-GPU node at $21/hr. vendor Y: $2.85 per GPU-hr": a node's rate beside another vendor's price
    per GPU-hour is that vendor's price per GPU-hour too, the node's rate over its cards, so the two compare."""
    node, cards = q.given.get("node_rate"), q.given.get("node_gpus")
    rate = lex.vocab.by_id["price_per_gpu_hour"].dimension
    other = next((m for m in found if m.text in q.unread and m.dimension is not None and (
        same_dimension(m.dimension, rate) or (m.dimension in MONEY and CARD_HOUR_BEFORE_RE.search(text[:m.start])))),
        None)
    if node is None or cards is None or other is None or not cards.value:
        return
    del q.given["node_rate"], q.given["node_gpus"]
    unit = node.unit.split("/")[0] + "/GPU-hour"  # "NT$720 一台": the node's own money
    first = Given("price_per_gpu_hour", node.value / cards.value, unit, f"{node.text} ÷ {cards.text}",
                  parts=(node, cards))
    q.given["price_per_gpu_hour"] = first
    q.unread.remove(other.text)
    q.alternatives["price_per_gpu_hour"] = [first, Given("price_per_gpu_hour", other.value, unit, other.text)]


INSTEAD_RE = re.compile(r"(?:instead of|rather than|as opposed to|compared to|而不是|而非|不是)\s?$")


@lru_cache(maxsize=1)
def _fee_after(lex: Lexicon) -> re.Pattern[str]:
    """A kind of spending right after a bare sum ("200万算力费", "50万的电费", "30万人力成本")."""
    return re.compile(rf"\s?(?:的)?[\u4e00-\u9fff]{{0,3}}?(?:{_phrases(tuple(lex.vocab.fee_nouns.all())).pattern})")


@lru_cache(maxsize=1)
def _spent_before(lex: Lexicon) -> re.Pattern[str]:
    """A verb of spending right before a number, an "about" allowed between ("costs about", "花了大约")."""
    spend = _phrases(tuple(lex.vocab.spend_verbs.all())).pattern
    about = r"(?:about|around|roughly|some|nearly|almost|over|more than|up to|约|大约|大概|将近|近|超过)"
    return re.compile(rf"(?:{spend})\s?(?:{about}\s?)?(?:an?\s)?$")  # ("a billion" is written out as digits)


@lru_cache(maxsize=1)
def _joined(lex: Lexicon) -> re.Pattern[str]:
    """What joins two values of one factor ("1.2和1.5", "1.1 vs 1.4", "1.1 or PUE 1.5"), a name between allowed."""
    words = _phrases(tuple(lex.vocab.option_joiners.all())).pattern
    return re.compile(rf"\s?(?:{words})\s?(?:[a-z]{{2,5}}\s?)?")


def _alternatives(q: Question, found: list[Mention], text: str, lex: Lexicon) -> None:
    """"A厂报价每卡时2.2美元，B厂2.8美元，分别多少钱?", "1024 or 2048 GPUs?": a second number in the unit of an input
    already given, beside words that set options side by side, is another value of that input, not some other
    input; each is calculated."""
    gap = bool({"saving", "difference", "amount_saved"} & set(q.asked))  # "签约可以省多少钱?": what one option saves
    gap_words = [*lex.vocab.by_id["saving"].asks.all(), *lex.vocab.by_id["difference"].asks.all()]
    worded = gap or words_in(f" {text} ", lex.vocab.alternatives.all())
    if worded or words_in(text, gap_words):
        _node_against_card(q, found, text, lex)
    if not worded and len(q.accelerators) < 2 and not q.alternatives:
        return
    for key, first in list(q.given.items()):
        if not worded and key != "peak_flops":
            continue  # "H20 148T, H100 989T": two chips named, each with its peak, whatever joins them
        if first.value <= 0 or (q.runs and lex.vocab.by_id[key].run_metric):
            # a zero or negative input is refused as it is, not paired; "DeepSeek-V3的MFU到底是17%还是35%?": two
            # published figures quoted, not options to calculate (but "its MFU against 989 and 1,979 TFLOPS")
            continue
        dimension = lex.vocab.by_id[key].dimension
        # a unit ties two amounts further apart; grids differ most ("Quebec ~1.7 g/kWh vs Poland ~750 g/kWh")
        spread = 3 if dimension in ("none", "ratio") else 1000 if dimension == "mass/energy" else 30
        for m in found:
            if m.text == first.text or m.value <= 0 or not 1 / spread <= m.value / first.value <= spread:
                continue
            # "512 H100s vs 1,536 A100s": a bare count before an accelerator counts its cards
            unit = m.dimension or ("gpus" if text[m.end:m.end + 3].lstrip(" 张块台")[:1] == ACCELERATOR else None)
            if unit is None and key == "peak_flops" and m.magnitude and m.text.endswith("t"):
                unit = dimension  # "A100峰值312T…H100峰值989T": the second chip's peak, in tera-FLOP/s too
            joined = text[text.find(first.text) + len(first.text):m.start]
            if unit is None and dimension in ("none", "ratio") and not m.magnitude and (
                    _word_before(text, m, lex.give_re[key]) or _joined(lex).fullmatch(joined)):
                unit = dimension  # "PUE 1.2和1.5的机房", "PUE 1.1 versus PUE 1.5": a bare factor set beside the first
            # the same unit, or a bare sum in the currency of a rate ("B厂2.8美元" after "每卡时2.2美元"); any
            # currency ("内蒙古0.35元/度，上海0.8元/度")
            if unit is None or not (same_dimension(unit, dimension) or
                                    ("/" in dimension and same_dimension(unit, dimension.split("/")[0]))):
                continue
            taken = next((k for k, g in q.given.items() if g.text == m.text), None)
            instead = INSTEAD_RE.search(text[:m.start]) is not None  # "MFU 30% instead of 45%": the same input
            if taken is not None and lex.vocab.by_id[taken].dimension == dimension and not instead and \
                    not (_word_before(text, m, lex.give_re[key]) or _word_after(text, m, lex.give_re[key])):
                continue  # "MFU 40%, goodput 90%": two inputs of one unit, each named (but "MFU 50% … MFU 40%")
            # "B家每卡时16块人民币" beside "A家2.2美元": each option in its own money
            money = (m.dimension or "").split("/")[0]
            unit = q.given[taken].unit if taken is not None and q.given[taken].quantity == key else \
                f"{money.upper()}/{first.unit.partition('/')[2]}".rstrip("/") if money in MONEY else first.unit
            if taken is not None:
                del q.given[taken]
            elif m.text in q.unread:
                q.unread.remove(m.text)
            else:
                continue
            q.alternatives.setdefault(key, [first]).append(Given(key, m.value, unit, m.text))
    if q.alternatives and not gap and words_in(text, gap_words):
        # "how many tonnes of CO2 do we save in Quebec?": the tonnes asked, of each option, and what one saves
        q.asked = [*q.asked, "difference"]
        gap = True
    if gap and q.alternatives:  # "provider A or B: how much do we save?" compares what the options cost
        q.explain = None
        q.cost = q.cost or any(g.unit.startswith(CURRENCIES) for g in q.given.values())



SPARSE = 2.0  # NVIDIA's sparse figures double the dense peak (2:4 structured sparsity)


def _peak_roles(q: Question) -> None:
    """With one chip named its dense peak is on file. "网页写H100有1979 TFLOPS": a figure at twice that peak is
    the sparse one, set aside and said why; "Megatron logs say 410 TFLOP/s per GPU: what MFU?": a rate well
    below the peak is what the run got, not the peak it is measured against."""
    if len(q.accelerators) != 1:
        return
    from knowledge.loader import default_knowledge

    peak = default_knowledge().hardware[q.accelerators[0]].bf16_dense.value
    if peak is None:
        return
    for key in ("peak_flops", "achieved_flops"):
        rate = q.given.get(key)
        if rate is not None and abs(rate.value / (SPARSE * peak) - 1) < 0.03:
            q.sparse_peak = q.given.pop(key)
    # "有的写1979 TFLOPS，有的写989，用哪个?": the dense peak quoted beside the sparse one (bare, in TFLOPS) is the
    # figure on file, which answers with why
    quoted = [k for k, g in q.given.items() if any(abs(g.value * scale / peak - 1) < 0.03 for scale in (1, 1e12))]
    if q.sparse_peak is not None and quoted and set(q.given) == set(quoted):
        q.given = {}
    if q.sparse_peak is not None and not q.given:  # "used 1979 TFLOPS for the H100 in our MFU sheet: wrong?"
        q.asked = ["peak_flops"]
    done = q.given.get("achieved_flops")
    if done is not None and "peak_flops" not in q.given and abs(done.value / peak - 1) < 0.03 and \
            q.given.keys() & {"flop", "gpu_hours", "days"}:
        # "512 張 A100（312 TFLOP/s）跑咗 20 日": the chip's own peak restated, which the run is measured against
        q.given["peak_flops"] = replace(q.given.pop("achieved_flops"), quantity="peak_flops")
    rate = q.given.get("peak_flops")
    if "mfu" in q.asked and rate is not None and "achieved_flops" not in q.given and rate.value < 0.9 * peak:
        q.given["achieved_flops"] = replace(q.given.pop("peak_flops"), quantity="achieved_flops")


def _lost_share(q: Question, masked: str, lex: Lexicon) -> None:
    """"We lose about 10% of wall-clock to failures": the share named is what is lost, so the goodput is the rest."""
    share = q.given.get("goodput")
    where = masked.find(share.text) if share is not None else -1
    if share is None or where < 0 or not 0 < share.value < 1:
        return
    before, after = masked[max(0, where - 24):where], masked[where + len(share.text):where + len(share.text) + 10]
    lost = lex.vocab.lost_time.all()
    # "zero downtime. At 0.84 goodput": the goodput, by its name; "10% 的故障停机时间": the share lost, by its name
    named = [w for w in lex.vocab.by_id["goodput"].gives.all() if not words_in(w, lost)]
    if (words_in(before, lost) or words_in(after, lost)) and not words_in(before, named) and \
            not words_in(after, named):
        q.given["goodput"] = share.worked_out(1 - share.value, f"100% − {share.text}",
                                              replace(share, quantity="lost_share"))
