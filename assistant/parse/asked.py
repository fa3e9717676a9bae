"""Which quantities a question asks for: scored by the phrases that ask, several allowed, comparisons paired."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from assistant.parse.lexicon import ACCELERATOR, MODEL, Lexicon, _phrases, _unspaced, prepared, words_in
from assistant.parse.mentions import NUM_RE, PER_SECOND_RE, Mention, _by_character, _skip, _units_at
from assistant.question import (
    MONEY,
    Given,
    Question,
)

PAIR = ("larger", "smaller")


def _change_not_share(asked: list[str], text: str, lex: Lexicon) -> list[str]:
    """"涨了百分之多少", "降幅是百分之几": a percent of change, not a part of a whole, unless a word marks one ("占",
    "share of")."""
    changes = set(_comparisons()) - {"share"}
    if "share" in asked and changes & set(asked) and not words_in(text, lex.vocab.share_marks.all()):
        return [a for a in asked if a != "share"]
    return asked


@lru_cache(maxsize=1)
def _comparisons() -> frozenset[str]:
    """Quantities asked of two figures (difference, growth, multiple, reduction, growth a year): their calculators
    take a pair."""
    from tools.registry import CALCULATORS

    # (and of two figures over some years: the compound annual growth)
    return frozenset(c.output for c in CALCULATORS.values() if len(c.needs) == 1 and c.needs[0][:2] == PAIR)


def _ratio_named(text: str, m: Mention, lex: Lexicon) -> bool:
    """"有效训练时间占比0.8", "MFU 0.4": a bare number right after a share's or factor's word is that share."""
    return any(lex.give_re[q.id].search(text, max(0, m.start - 12), m.start) is not None
               for q in lex.vocab.quantities if q.dimension in ("ratio", "none") and q.id in lex.give_re)


# Two runs set side by side, each told by two figures: which quantity each figure gives, by its dimension
RUN_PAIRS = ((("params", "params"), ("tokens", "tokens")),
             (("gpu_time", "gpu_hours"), ("usd", "price_per_gpu_hour")))


def _two_runs(text: str, found: list[Mention], lex: Lexicon) -> tuple[dict[str, list[Given]], list[str], list[Mention]]:
    """"70B on 2T tokens or 7B on 15T: by what factor?", "Run A: 2.1M GPU-hours at $1.85. Run B: 900k at $3.40. How
    many times more expensive is A?": two runs, each told by two figures, compared: each run is an option, and what
    their figures make is compared."""
    if len(found) != 4 or not words_in(text, [w for c in _comparisons() for w in lex.vocab.by_id[c].asks.all()]):
        return {}, [], found
    for (first, one), (second, other) in RUN_PAIRS:
        ones = [m for m in found if m.dimension == first or (first == "params" and m.dimension is None and
                                                              m.magnitude and 1e8 <= m.value < 1e14)]
        others = [m for m in found if m.dimension is not None and m.dimension.split("/")[0] == second]
        if len(ones) != 2 or len(others) != 2:
            continue
        units = {k: lex.vocab.by_id[k].unit for k in (one, other)}
        runs = {k: [Given(k, m.value, units[k], m.text) for m in ms] for k, ms in ((one, ones), (other, others))}
        spans = [(m.start, m.end) for m in found]
        asked = [a for a in _asked(text, spans, (one, other), lex) if a in _comparisons()]
        return runs, asked[:1] or ["multiple"], []
    return {}, [], found


MODEL_SIZE_RE = re.compile(r"\s?(?:-?param|model|模型)")  # "a 34 billion model": a size, in no other's unit


FROM_RE = re.compile(r"(?:from|从|由)\s?(?:about |around |roughly |约|大约)?(?:us)?[$¥]?\s?$")


def _from_to(text: str, m: Mention) -> list[Mention]:
    """"from USD 1.5 million to 14 million dollars", "从150万涨到1400万": a change compared, read at first as a
    range; its two ends are the pair."""
    if m.low is None or m.high is None or m.dimension in (None, "ratio") or \
            not FROM_RE.search(text[max(0, m.start - 14):m.start]):
        return [m]
    return [replace(m, value=m.low, low=None, high=None), replace(m, value=m.high, low=None, high=None)]


def _compared_pair(text: str, found: list[Mention],
                   lex: Lexicon) -> tuple[dict[str, Given], list[str], list[Mention]]:
    """"From $193B to $294B, what's the growth?", "8192张卡是1376张卡的几倍?": two numbers in one unit, compared,
    are the pair the comparison takes, not two inputs of a calculation (nor is their unit what is asked)."""
    asking = [w for c in _comparisons() for w in lex.vocab.by_id[c].asks.all()]
    if not words_in(text, asking):
        return {}, [], found
    every = found = [n for m in found for n in _from_to(text, m)]
    # ("…6美元，…100美元，兩者差幾倍？如果租一個月（30天），要付多少？": the pair is in the question that compares)
    whole = text
    for part in re.finditer(r"[^?？]+[?？]?", whole):
        if words_in(part.group(0), asking):
            inside = [n for n in found if part.start() <= n.start < part.end()]
            found, text = (inside, whole[:part.end()]) if len(inside) >= 2 else (found, whole)
            break
    if len(found) < 2:
        return {}, [], every
    rates = [n for n in found if n.dimension and "/" in n.dimension]
    if len(found) == 2 and len(rates) == 1:  # "on-demand 每卡時3.9美元，spot 只要1.35美元": the second is a rate too
        found = [replace(n, dimension=rates[0].dimension) if n.dimension == rates[0].dimension.split("/")[0] else n
                 for n in found]
    for m in found:
        same = [n for n in found if n.dimension == m.dimension]
        if len(found) == 2 and len(same) == 1 and any(n.dimension is None for n in found) and \
                not any(n.dimension is None and _ratio_named(text, n, lex) for n in found) and \
                not any(n.dimension is None and MODEL_SIZE_RE.match(text, n.end) for n in found) and \
                (not any(n.magnitude for n in found) or 0.01 <= found[0].value / (found[1].value or 1) <= 100):
            same = found  # "8,000 GPUs before and 2,000 now", "从350亿到400亿美元": the bare number is in the other's
            # unit; a "1.8T" beside 2,000 GPUs is a model's size, not a count of GPUs
        if m.dimension in (None, "ratio", "years") or len(same) != 2:
            continue
        # ("what growth rate takes $1.5M to $4.2M over 7 years": the years are the span of the growth, not asked)
        wanted = [w for w in _asked_dimensions(text, [(n.start, n.end) for n in found], lex) if w != "years"]
        if wanted and m.dimension not in wanted:
            continue  # "两个电网因子，排放差多少吨？": tonnes asked, so each factor is an option, not the pair
        per = m.dimension.partition("/")[2]
        if per and any(n.dimension == per for n in found):
            continue  # "40万卡时，A家$2.49/hr、B家$3.29/hr，差多少钱": each rate prices the hours, an option each
        if per == "gpu_time" and len(re.findall(f"{ACCELERATOR}+", text)) >= 2:
            continue  # "H100 at $2.99/h or A100 at $1.45/h": each chip's own price, not two figures compared
        theirs = tuple(q.id for q in lex.vocab.quantities if q.dimension == m.dimension)
        # (each comparison the message asks, in any of its questions: "年复合增长率多少？总共涨了百分之几？")
        asked = _change_not_share([a for a in _asked(whole, [(n.start, n.end) for n in found], theirs, lex)
                                   if a in _comparisons()], whole, lex)

        def asked_at(a: str) -> int:  # each in the order asked
            said = _phrases(tuple(lex.vocab.by_id[a].asks.all())).search(whole)
            return said.start() if said is not None else len(whole)
        asked.sort(key=asked_at)
        # a rate ("$3.49/hr vs $2.99/hr") compares in the unit of the quantity it prices
        unit = next((u.base for u in lex.vocab.units if u.dimension == m.dimension),
                    next((q.unit for q in lex.vocab.quantities if q.dimension == m.dimension), None))
        if unit == "USD/GPU-hour" and WHOLE_GROUP_RE.search(text):
            unit = "USD/hour"  # "a group of H100s at ~$100/hr vs a CPU cluster at $6": each a whole group's hour
        if asked and unit is not None:
            # "312 TFLOP/s … and B200 is 2,250": the bare number counts in the other's unit, tera- and all
            rest = [n for n in every if n not in same]
            typed = NUM_RE.match(m.text)
            scale = m.value / float(typed.group(0)) if typed and float(typed.group(0)) and not m.magnitude else 1.0
            same = [replace(n, value=n.value * scale) if n.dimension is None else n for n in same]
            big, small = sorted(same, key=lambda n: -n.value)
            # ("from ~$100M to $5-10B": a range keeps its ends, so the comparison spans them)
            pair = {"larger": Given("larger", big.value, unit, big.text, low=big.low, high=big.high),
                    "smaller": Given("smaller", small.value, unit, small.text, low=small.low, high=small.high)}
            return pair, asked[:2], rest  # ("年复合增长率多少？总共涨了百分之几？": each asked of the pair)
    return {}, [], every


# ---------------------------------------------------------------- asked quantities and scope
# a phrase ending in a card that runs on into an hour ("that per GPU-hour"): the card is a rate's, no count's
CARD_END_RE = re.compile(r"(?:gpus?|cards?|chips?|accelerators?|卡|张)$")
HOUR_AFTER_RE = re.compile(r"[ -]?(?:hours?|hrs?|小时|时(?![候间]))(?![a-z])")


def _denominator_at(text: str, start: int) -> bool:
    """Does a rate's "per" stand right before ``start`` ("每GPU小时", "per GPU-hour", "/kWh")?"""
    return re.search(r"(每个?|(?<![a-z])per[ -]|/)\s*$", text[max(0, start - 5):start]) is not None  # not "hopper"


def _asked_each(text: str, taken: list[tuple[int, int]], given: Iterable[str], lex: Lexicon) -> list[str]:
    """What each question of several asks ("B200显存多大？功耗多少瓦？"), the first question's first: one
    question's strong words do not drown another's."""
    parts = [(m.start(), m.end()) for m in re.finditer(r"[^?]*\?|[^?]+$", text) if m.group(0).strip(" ?")]
    clauses = [p for start, end in parts for p in _clauses(text, start, end, lex)]
    out: list[str] = []
    if len(parts) < 2:
        out = _asked(text, taken, given, lex) or _trailing(text, given, lex) or _leading(text, given, lex)
    # then what each clause asks that the whole left out ("how many GPUs did it tie up, and for how long?")
    for start, end in parts if len(parts) >= 2 else clauses if len(clauses) >= 2 else ():
        spans = [(s - start, e - start) for s, e in taken if start <= s < end]
        out += [a for a in _asked(text[start:end], spans, given, lex) if a not in out]
    if len(parts) >= 2 and len(clauses) > len(parts):
        for start, end in clauses:
            spans = [(s - start, e - start) for s, e in taken if start <= s < end]
            out += [a for a in _asked(text[start:end], spans, given, lex) if a not in out]
    return out


HOW_RE = re.compile(r"\bhow\s(?:long|big|large|fast|soon)\b|\bwhen\b|多久|多长时间")


def _clauses(text: str, start: int, end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """"how many GPUs did it tie up, and for how long?", "用了多少张卡，训了多久": clauses of one question that each
    hold a question word ask one thing each; a clause without one belongs to the next."""
    words = [w for w in lex.vocab.question_words.all() if w.strip(" ?")]
    cuts = [m.end() for m in re.finditer(r"[,;，；、]\s?(?:and\s|以及|还有|另外)?", text[start:end])]
    spans = list(pairwise([start, *(start + c for c in cuts), end]))
    out: list[tuple[int, int]] = []
    pending = None
    for a, b in spans:
        a = pending if pending is not None else a
        if words_in(f" {text[a:b]} ", words) or HOW_RE.search(text, a, b):
            out.append((a, b))
            pending = None
        else:
            pending = a
    if pending is not None:
        out = [*out[:-1], (out[-1][0], end)] if out else [(pending, end)]
    return out or [(start, end)]


LEADING_RE = re.compile(r"\s*([a-z][a-z -]{2,24}?)\s(?:for|of)\s(?=.*\d)")


def _leading(text: str, given: Iterable[str], lex: Lexicon) -> list[str]:
    """"Electricity for 1,024 A100s at 400 W for 21 days, PUE 1.1?": a message that opens with a noun, then what it
    is for, asks for it."""
    m = LEADING_RE.match(text)
    if m is None or words_in(f" {m.group(1)} ", lex.vocab.question_words.all()):
        return []
    # ("Same comparison for 651B?": a noun that is no quantity's own word asks nothing)
    v = lex.vocab
    return [a for a in _asked(f"how much {m.group(1)}?", [], given, lex)
            if words_in(f" {m.group(1)} ", [*v.by_id[a].asks.all(), *v.by_id[a].gives.all()])]


def _trailing(text: str, given: Iterable[str], lex: Lexicon) -> list[str]:
    """"…PUE 1.1 - kWh?", "…grid 0.414 kg/kWh -> tonnes", "MFU 30-40%. range of days", "…，总token数": a message
    whose last clause only names a unit or a quantity, with no question word, asks for it."""
    fillers = _phrases(tuple(lex.vocab.trailing_fillers.all()))
    clauses = [fillers.sub(" ", f" {c} ").strip()
               for c in re.split(r"[.?!,;:]\s|->|→|\s[-–—]+\s|[，。？！；：]", text.rstrip(" ?？!！.。"))]
    # "…采购的H100数量，麻烦查下": a last clause of courtesy only leaves the one before it to say what is asked
    tail = next((c for c in reversed(clauses) if c), "")
    chinese = not tail.isascii()
    if not tail or re.search(r"\d", tail) or (len(tail) > 10 if chinese else len(tail.split()) > 4) or \
            words_in(f" {tail} ", lex.vocab.question_words.all()) or \
            words_in(f" {tail} ", [w for ws in lex.vocab.relative.values() for w in ws]):
        return []  # "…支出有多少?": a question word already had its say; "GPU租金减半呢": a change, not a noun asked
    if chinese:  # ("B200呢?": a chip's name alone counts no chips)
        return [a for a in _asked(f"多少{tail}", [], given, lex)
                if a != "gpus" or re.search(r"[张块台]|卡数|数量", tail)]
    return _asked(f"how many {tail}?", [], given, lex) or _asked(f"how much {tail}?", [], given, lex)  # "energy?"


def _asked(text: str, taken: list[tuple[int, int]], given: Iterable[str], lex: Lexicon) -> list[str]:
    """Asked quantities, best first. A unit noun next to a question word ("how many GPU-hours", "多少卡时",
    "参数量有多大") says the dimension; the asking phrases of the vocabulary score quantities within it."""
    return list(_asked_once(text, tuple(taken), frozenset(given), lex))


@lru_cache(maxsize=4096)  # one question asks this of the same text several times (what it asks, what it compares)
def _asked_once(text: str, taken: tuple[tuple[int, int], ...], given: frozenset[str], lex: Lexicon) -> tuple[str, ...]:
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
    at: dict[str, list[tuple[int, int]]] = {}  # where each quantity's asking phrases are
    asking = [w for w in lex.vocab.question_words.all() if w.strip(" ?")]
    for start, end, phrase in sorted(found, key=lambda f: -len(f[2])):
        # (a phrase that writes its own year, "一年前" read as "1年前", may hold a number read as one)
        if (any(used[start:end]) and not re.search(r"\d年", phrase)) or all(claimed[start:end]):
            continue
        if phrase.startswith("少") and text[max(0, start - 1):start] in ("至", "最"):
            continue  # "一年至少要多少": 至少 is "at least", its 少 no "how much less"
        if phrase.startswith("几") and _dozen_odd(text, start):
            continue  # "我们是十几个人的团队": a dozen-odd people, no head count asked
        if phrase.rstrip().endswith("台") and text[end:end + 1] == "币":
            continue  # "电费大概多少台币": Taiwan dollars, no count of machines
        if _denominator_at(text, start) or (CARD_END_RE.search(phrase) and HOUR_AFTER_RE.match(text, end)):
            continue  # "每GPU小时多少钱", "that per GPU-hour": GPU-hour is the rate's denominator, not what is asked
        if BOUGHT_RE.search(text[max(0, start - 8):start]) and not words_in(f" {phrase} ", asking):
            continue  # "1400万美元的预训练算力": what a sum buys is named, not asked
        ids = lex.ask_ids.get(_unspaced(phrase)) or lex.ask_ids[_unspaced(phrase)[:-1]]  # or its plural
        if phrase.rstrip().endswith(("多少", "几", "几多")) and MONEY_AFTER_RE.match(text, end) and \
                all(lex.vocab.by_id[i].dimension in ("gpus", "people", "items") for i in ids):
            continue  # "租云端GPU大概要多少钱": the question word asks for money, not for the noun before it
        # overlapping a longer phrase ("多少电" in "多少电费") still counts, for half
        weight = 0.5 if any(claimed[start:end]) else 1.0
        claimed[start:end] = [True] * (end - start)
        for qid in ids:
            scores[qid] = scores.get(qid, 0) + weight * len(phrase.strip())
            at.setdefault(qid, []).append((start, end))
    # ("…H100數量，如果乘上單卡價格，是多少美金": a count a question word comes after is an input, not the ask)
    if any(not any(used[m.start():m.end()]) and not words_in(f" {text[m.end():]} ", asking)
           for m in CHIP_COUNT_RE.finditer(text)):
        scores["gpus"] = scores.get("gpus", 0) + 12
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
    if "model_memory" in scores and WEIGHTS_RE.search(text):  # "how much memory would its weights take": the
        scores.pop("memory", None)  # model's, not the memory a chip has, in bf16 as stored, not a bf16 peak
        if not re.search(r"算力|flop|峰值|peak", text):
            scores.pop("peak_flops", None)
    rise = RISE_ON_LAST_YEAR_RE.search(text)
    if rise:  # "比上一年涨多少": how much it rose, not what it was a year before; "多了多少钱": the rise in money
        risen = "amount_increase" if MONEY_AFTER_RE.match(text, rise.end()) else "growth"
        scores[risen] = scores.get(risen, 0) + scores.pop("earlier_amount", 0) + 12
    if CARD_HOURS_RE.search(text):  # "显卡加起来一共跑了多少小时": the hours asked are the cards' summed, GPU-hours
        scores["gpu_hours"] = scores.get("gpu_hours", 0) + scores.pop("days", 0) + 12
    ranked = sorted(((s, q) for q, s in scores.items() if q not in set(given)), reverse=True)
    if not ranked:
        return ()
    # ("How much more HBM does an MI300X have": a comparison's long phrase does not drown the quantity compared)
    top = next((s for s, q in ranked if not lex.vocab.by_id[q].compares), ranked[0][0])
    # ("买价和租一组一小时的钱，各是多少": each quantity named is asked, however short its word)
    floor = 0.0 if words_in(text, lex.vocab.each_asked.all()) else 0.34 * top
    asked = [q for s, q in ranked if s >= floor][:4]
    if not floor:  # each asked in the order named
        asked.sort(key=lambda a: min(at.get(a, [(len(text), 0)]))[0])
    # "total GPU-hours and emissions?", "卡时和碳排放各多少": a quantity named beside an asked one is asked with it,
    # however short its word
    asked += [q for _, q in ranked if q not in asked and any(
        JOINED_RE.fullmatch(text[min(e1, e2):max(s1, s2)]) for s1, e1 in at.get(q, ())
        for a in asked for s2, e2 in at.get(a, ()))][:max(0, 4 - len(asked))]
    if lex.vocab.by_id[asked[0]].spec:  # "MI300X: dense BF16 peak and TDP?": each spec named, however short its word
        asked += [q for _, q in ranked if lex.vocab.by_id[q].spec and q not in asked][:2]
    # "差几多吨", "多吃多少瓦": the comparison is asked together with the unit's quantity, never instead of it
    return (*asked, *[q for _, q in ranked if lex.vocab.by_id[q].compares and q not in asked][:1])


# ("GPU-hours and location-based emissions": one qualifier may stand before the second quantity's word)
JOINED_RE = re.compile(r"\s?(?:and|&|as well as|plus|和|及|以及|与|跟|同|、|,|，)\s?(?:the\s|its\s|their\s)?"
                       r"(?:[a-z]+[- ][a-z]+\s)?")
BOUGHT_RE = re.compile(r"(?:美元|美金|元|usd|dollars?)\s?(?:的|嘅|of|worth of)\s?(?:预)?$")
MONEY_AFTER_RE = re.compile(r"\s?(?:钱|元|美元|美金|港币|台币|新台币|人民币)")  # not 块: "多少块" counts cards too
# "what size H800 cluster", "多大的H800集群": the chip names the cluster asked about, as "the cluster" would
# ("the H100 cluster", "the OPT-175B training cluster", "DeepSeek-V3的训练集群"): a name and a kind of cluster
# stand between the question word and "cluster"
CHIP_OF_CLUSTER_RE = re.compile(rf"(?:{ACCELERATOR}+|{MODEL}+)\s?(?:(?:training|gpu|compute|的|训练|算力)\s?)*"
                                r"(?=clusters?(?![a-z])|集群|丛集|叢集)")
# "H100数量", "所需 H100 張數", "我需要的GPU数量": the cards counted, where no question word follows
CHIP_COUNT_RE = re.compile(rf"(?:{ACCELERATOR}+|gpu|显卡|加速卡|芯片)\s?的?\s?(?:数量|卡数|张数)")

WEIGHTS_RE = re.compile(r"(?<![a-z])weights?(?![a-z])|权重|checkpoint|模型状态|model state|optimizer state|优化器状态")
# "资本支出会比上一年涨多少", "跟去年同一段时间比多了多少": the rise on the year before
RISE_ON_LAST_YEAR_RE = re.compile(
    r"(?:比|跟|和|较|同|与)\s?(?:去年|上一年|上年|前一年)(?:同期|同[1一]段时间|同[1一]季|同季|同[1一]时期|同[1一]个?时间)?\s?(?:比|相比|比较)?"
    r"[,，]?\s?(?:会|能|要|大概)?\s?(?:涨|多|增|增长|增加|高|升|上升|成长)了?\s?(?:多少|几多|几)")
# "H100显卡加起来一共跑了多少小时", "how many hours did the GPUs run in total": every card's hours, summed
CARD_HOURS_RE = re.compile(
    rf"(?:{ACCELERATOR}+|gpu|显卡|加速卡|卡|芯片)s?[^,，。?？]{{0,6}}?(?:加起来|合计|总共|一共|累计|全部|所有)"
    r"[^,，。?？]{0,4}?(?:跑|用|运行|烧)了?\s?(?:多少|几多|几)个?\s?(?:小时|钟头|钟)|"
    r"(?:total|combined|summed) (?:hours|running time|run time) (?:of|across|for|over) (?:all |every )?(?:the |its )?"
    r"(?:gpus|cards|graphics cards|chips|accelerators)|"
    r"(?:gpus|cards|chips|accelerators) (?:ran|run|running|were running|were busy) (?:for )?"
    r"(?:in total|combined|altogether|all together|between them)")


def _without_fillers(text: str, lex: Lexicon) -> tuple[str, list[int]]:
    """``text`` without the Chinese filler words right before a question word (and a chip's name before
    "cluster"), and where each kept character stood in ``text``."""
    drop = [False] * len(text)
    for m in (*lex.filler_runs.finditer(text), *CHIP_OF_CLUSTER_RE.finditer(text)):
        drop[m.start():m.end()] = [True] * (m.end() - m.start())
    where = [i for i in range(len(text)) if not drop[i]]
    return "".join(text[i] for i in where), where


def _asked_nouns(text: str, taken: list[tuple[int, int]], lex: Lexicon) -> list[str]:
    """Quantities named right after or before a question word with no number of their own: "what was our MFU",
    "利用率有多少", "PUE是多少"."""
    out: list[str] = []
    nouns = [q for q in lex.vocab.quantities if q.answer and q.input and q.dimension in ("ratio", "none")]
    for word in sorted(set(prepared(tuple(lex.vocab.question_words.all()))), key=lambda w: (-len(w), w)):
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


PAY_RE = re.compile(r"[年月]薪")


def _dozen_odd(text: str, at: int) -> bool:
    """Is the 几 at ``at`` part of a number ("十几", "20几") or "several" ("好几周", "好几万张"), no question word?"""
    return at > 0 and (text[at - 1] in "十好" or text[at - 1].isdigit())


WHOLE_GROUP_RE = re.compile(r"(?<![a-z])(?:group of|clusters?(?![a-z])|instances?(?![a-z]))|一组|一群|集群|丛集")


@lru_cache(maxsize=4)
def _question_words(lex: Lexicon) -> tuple[frozenset[str], tuple[str, ...]]:
    """The counting words, and the question words longest first (a longer one is read before a word inside it)."""
    return frozenset(prepared(tuple(lex.vocab.count_words.all()))), \
        tuple(sorted(set(prepared(tuple(lex.vocab.question_words.all()))), key=lambda w: (-len(w), w)))


def _asked_dimensions(text: str, taken: list[tuple[int, int]], lex: Lexicon) -> list[str]:
    """Dimensions of the unit nouns right after or right before a question word ("每卡时多少" asks a rate, not
    GPU-hours, so a noun after 每/per does not count)."""
    out: list[str] = []
    starts = {s for s, _ in taken}
    counting, question_words = _question_words(lex)
    for word in question_words:
        if word not in text:
            continue
        for m in re.finditer(re.escape(word), text):
            if word.startswith("几") and _dozen_odd(text, m.start()):
                continue  # "十几个人": a dozen-odd, not "how many"
            j = _skip(text, m.end(), " ")
            if re.match(r"(?:a|an|per|each|every)\s", text[j:]):
                continue  # "how much a year can an engineer make": the year is what the sum is per, not asked
            if (re.match(r"[张块颗]\s?[啊呀呢吧哈嘛啦]*\s?(?:[?？。!！,，]|$)", text[j:]) and
                re.search(r"gpu|显卡|加速卡|芯片", text)) or re.match(r"[张块颗]\s?[a-z]{3,}", text[j:]) or (
                    # "on Hopper GPUs, how many would that take?": the cards named before, counted
                    word == "how many" and re.match(r"(?:would|will|do|does|did|should|could|is it)\s", text[j:])
                    and re.search(r"(?:gpu|card|chip|accelerator)s?(?![a-z])", text[:m.start()])):
                out.append("gpus")  # "…的GPU，…需要多少块?": the cards named, counted
                continue
            if len(next(iter(_units_at(text, j, lex)), ("",))[0]) < 2:  # "多少台币" is money; "多少台" counts
                j = _skip(text, j, " 个张块颗粒台的")
            k = _skip(text, j, ACCELERATOR + MODEL + " -")
            if word == "?":
                k = len(text)  # a question mark ends what it asks: "?卡数不变" starts a new sentence
            of = re.match(r"of (?:the |those |these |its |their )?", text[k:])  # "how many of the chips"
            if of and word in ("how many", "how much"):
                k += of.end()
            units = _units_at(text, k, lex) if not PAY_RE.match(text, k) else []  # "多少个年薪…的": pay, not years
            for _ in range(3):  # "how many Blackwell GPUs", "how many Blackwell versus Hopper GPUs": words between
                word_between = re.match(r"([a-z][a-z0-9.'-]*)\s", text[k:])
                if units or not word_between or word_between.group(1) in lex.vocab.function_words.en:
                    break
                k = _skip(text, k + re.match(r"[a-z][a-z0-9.'-]*\s", text[k:]).end(), " ")  # type: ignore[union-attr]
                units = _units_at(text, k, lex)
            if units and len(units[0][0]) == 1 and units[0][1].dimension == "gpus" and not units[0][0].isascii() \
                    and not re.search(rf"gpu|显卡|加速卡|芯片|{ACCELERATOR}", text):
                units = []  # "由哪几块组成": a bare 块/张/台 counts parts, not accelerators (unless cards are named)
            if units and units[0][1].dimension == "gpus" and \
                    re.match(r"\s?(?:memory|vram|ram|显存|内存|price|rate|cost)", text[k + len(units[0][0]):]):
                units = []  # "how much GPU memory", "what hourly GPU price": the memory or price, "GPU" says whose
            if units and units[0][1].dimension == "items" and word.startswith("what"):
                units = []  # "what's the comparison?": a comparison asked for, not a count of labelled pairs
            if units and k not in starts:
                unit = units[0][1]
                if k > j and unit.dimension == "duration" and unit.factor < 1:
                    out.append("gpu_time")  # "多少H100小时": accelerator-hours
                elif unit.dimension == "tokens" and PER_SECOND_RE.search(text, max(0, m.start() - 16), m.start()):
                    out.append("token_rate")  # "单卡每秒能处理多少token": a speed
                elif unit.dimension != "ratio":
                    out.append(unit.dimension)
                continue
            if k > j and text[j] == ACCELERATOR and word in counting:
                out.append("gpus")  # "how many H100s", "多少张H100"
                continue
            ahead = lex.ask_any.match(text, j)
            if word != "?" and ahead is not None and ahead.group(1):
                continue  # "一张卡有多少显存": the phrase after the question word is what it asks, not the 卡 before
            if MONEY_AFTER_RE.match(text, m.end()):
                continue  # "租云端GPU大概要多少钱": money asked, not the noun before the question word
            # ("…on Hopper GPUs: how many would it need?": the noun before a colon)
            before = lex.fillers.sub("", text[max(0, m.start() - 14):m.start()])
            if word in ("how many", "how much"):
                before = before.rstrip(" :：—-")
                before = before[:-1] if re.search(r"[a-z]s$", before) else before  # "GPUs": the unit's plural
            for form, unit in _by_character(lex.units, last=True).get(before[-1:], ()):
                if len(form) < 2 or not before.endswith(form):
                    continue
                rest = before[:-len(form)]
                # "…40% MFU, days?": a bare unit noun before the question mark asks for it, a duration too
                bare = word == "?" and re.search(r"(^|[,;:—–(-]|\.\s)\s*$", rest) is not None
                if re.search(r"\d\s?$", rest):
                    break  # "…for 3 years?": the unit of a number given, not one asked
                if unit.dimension not in ("ratio", "duration") or (bare and unit.dimension == "duration"):
                    # ("…put out this year?", "今年": a time named, not asked)
                    if not re.search(r"(每个?|/|(?<![a-z])(?:an?|per|each|this|next|last|every)|今|明|去)\s*$", rest):
                        out.append(unit.dimension)
                    break
    return out + _heading(text, starts, lex)


def _heading(text: str, starts: set[int], lex: Lexicon) -> list[str]:
    """"FLOPs and GPU-hours for an 8B on 15T tokens": a question that opens with the units it wants, listed, then
    what they are of, asks for them with no question word."""
    dims, k = [], _skip(text, 0, " ")
    lead = re.match(rf"(?:(?:{MODEL}+|optimal|-optimal|compute-optimal|total|training|estimated|rough)\s*){{1,3}}\s",
                    text[k:])
    k += lead.end() if lead and _units_at(text, k + lead.end(), lex) else 0  # "chinchilla tokens for a 7B?"
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
    # ("$430k for 128 H100s over 30 days: per GPU-hour?": the cards make the GPU-hours the price divides)
    feeding = _needed_inputs([n for n in needed if n in lex.vocab.by_id])
    for key, given in list(q.given.items()):
        words = lex.vocab.by_id[key]
        if words.input in needed or (words.input in feeding and words.dimension not in MONEY | {"money"}) or \
                words.dimension in ("ratio", "none"):  # a bare share or factor is too vague
            continue
        if words.worded or key in ("active_params", "node_rate", "node_gpus", "achieved_flops", "token_throughput",
                                   "cluster_throughput"):
            continue  # only its own reading ("3B active", "2,000 tokens each", "整个集群") gives it: as the user said
        free = [w.id for w in lex.vocab.quantities if w.input in needed and w.id not in q.given
                and w.dimension == words.dimension and w.input not in PAIR]
        if free == ["budget"] and key == "purchase_price":
            continue  # "卡买价2.5万刀…每卡时多少钱": what a card cost is no budget to rent with
        if len(free) == 1:
            q.given[free[0]] = replace(given, quantity=free[0])
            del q.given[key]


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
def _feeding(asked: tuple[str, ...], known: frozenset[str] = frozenset()) -> frozenset[str]:
    """Every quantity some chain of calculators turns into an asked one (days → GPU-hours → energy → emissions),
    not looking behind a ``known`` one (GPU-hours given need no MFU)."""
    from tools.registry import CALCULATORS

    found, grown = set(asked), True
    while grown:
        before = len(found)
        for calc in CALCULATORS.values():
            if calc.output in found and (calc.output in asked or calc.output not in known):
                found |= {n for alternative in calc.needs for n in alternative} | {p.name for p in calc.params}
        grown = len(found) > before
    return frozenset(found)


def which_asked(text: str, lex: Lexicon) -> str | None:
    """"Which used more GPU-hours", "哪个更便宜": "more" or "less", the comparative after the asking word ("faster",
    of a speed or of a time, is said by the figures); a "how much" ("多少", "几多") is no comparative."""
    words = lex.vocab.which
    asking = _phrases(tuple(words["asks"].all())).search(text)
    if asking is None:
        return None
    after = re.sub("多少|几多", " ", text[asking.start():])  # ("is it cheaper to…": the asking phrase says it)
    return next((way for way in ("less", "more", "faster") if words_in(after, words[way].all())), None)
