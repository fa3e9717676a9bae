"""One message → a typed ``Question``: clean, mask, read the numbers, give each its role, find what is asked."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise

from assistant.entities import find, sibling
from assistant.limits import MAX_QUESTION_CHARS
from assistant.parse.asked import (
    _asked_dimensions,
    _asked_each,
    _change_not_share,
    _compared_pair,
    _feeding,
    _needed_inputs,
    _recast,
    _two_runs,
    which_asked,
)
from assistant.parse.claims import (
    RESTATED_INPUTS,
    _asked_before,
    _chinchilla_rule,
    _claim_checked,
    _estimated,
    _household_claim_checked,
    _left_out,
    _made_by,
    _named_figures,
    _named_of_size,
    _not_quoting,
    _own_result_checked,
    _published_terms,
    _regions,
    _rule_checked,
    _sibling_sizes,
    _supposes,
    _terms_aside,
    _unlisted_grid,
    _yes_no,
)
from assistant.parse.experts import _experts
from assistant.parse.guard import ACTIVE_RE, INJECTION_RE, QUOTED_FIGURE_RE, TAG_RE, clean_question
from assistant.parse.lexicon import (
    ACCELERATOR,
    MODEL,
    Lexicon,
    _alternation,
    _phrases,
    _unspaced,
    lexicon,
    prepared,
    words_in,
)
from assistant.parse.machines import (
    _counted_first,
    _form_factor,
    _machine_size,
    _monthly_rent,
    _node_hours,
    _nodes_of,
    _per_node,
    _per_server,
    _rented_nodes,
    _restated_spec,
    _run_on_chip,
    _site_power,
    _time_on_first,
    _total_for_cards,
)
from assistant.parse.masks import (
    _entity_mask,
    _mask_contract_terms,
    _mask_dates,
    _mask_sibling_versions,
    _mask_titles,
    _mask_versions,
    _mask_worked,
    _unknown_chips,
    _version_re,
)
from assistant.parse.mentions import Mention, mentions
from assistant.parse.money import (
    _a_year_of_pay,
    _addends,
    _answer_currency,
    _chip_price,
    _chips_multiple,
    _currencies,
    _discounted,
    _hours_priced,
    _label_passes,
    _less,
    _line_items,
    _pay,
    _pay_multiple,
    _per_day_price,
    _price_of_each,
    _usd_rate,
    bare_rate,
)
from assistant.parse.roles import (
    MAX_ITEM_TOKENS,
    WRITTEN_OFF_BEFORE,
    _alternatives,
    _changed_by,
    _epochs,
    _hourly,
    _lost_share,
    _nearest_noun,
    _one_hour,
    _peak_roles,
    _plausible,
    _relative,
    _restated,
    _roles,
    _share_change,
    _spelled,
    _word_before,
    known_words,
)
from assistant.periods import HOURS_A_YEAR_RE
from assistant.question import (
    COST_QUANTITIES,
    CURRENCIES,
    FOREIGN_CURRENCIES,
    MONEY,
    Given,
    Question,
    same_dimension,
)
from assistant.render import SHOWN_IN
from assistant.textnorm import (
    CLUSTER_SHARE_RE,
    HAN_RE,
    MONTH_OF_30_RE,
    compiled,
    detect_script,
    fraction,
    prepare,
    question_language,
    to_simplified,
)
from knowledge.vocabulary import QuantityWords, Vocabulary, vocabulary
from tools.cost import DAYS_PER_YEAR
from tools.registry import CALCULATORS

SINGLE_RE = re.compile(rf"(?:(?<![a-z])(?:a single|single|just one|only one)|(?<=on |in )one|单张|单块|单卡|单颗)\s?"
                       rf"(?={ACCELERATOR})")
WORD_RE = re.compile(r"[^\W_]")  # a letter, a digit or a Han character
PER_TOKENS_RE = re.compile(r"(?:per|each|every|a|每)\s?$")


RUN_SIZES = ("params", "active_params", "tokens")
SHARE_OF_RE = re.compile(r"(?:占|(?:share|percent|percentage|fraction|proportion) of)[^,，。;；?？!！]*")
# a year as a date, not "1930亿" or "2000 GPUs"
YEAR_RE = re.compile(r"(?<![\d.$¥])((?:19|20)\d{2})(?![\d.%]|\s?[万亿千百]|\s?(?:[kmbt]|bn|billion|million|thousand|"
                     r"gpus?|cards?|tokens?|hours?|usd|dollars?)\b)")


def _pay_asked(masked: str, q: Question, v: Vocabulary) -> list[str]:
    """"顶尖AI工程师年薪，换算成每个月多少新台币": pay named with nothing else asked and no sum of it given is the
    pay asked, in whatever unit or currency follows."""
    pay = v.by_id["salary"]
    return ["salary"] if "salary" not in q.given and words_in(f" {masked} ", pay.gives.all()) else []


def _repeated_runs(q: Question, masked: str, lex: Lexicon) -> None:
    """"9 hours per run and we'll do 12 runs", "每次跑9小时，一共跑12次", "3 runs of 120k GPU-hours each": the time
    or the GPU-hours of one run, that many times."""
    runs = re.search(rf"(?<![\d.])(\d+)\s?(?:{_alternation(lex.vocab.runs.all()).pattern})(?![a-z])", masked)
    if runs is not None and float(runs.group(1)) == 1:
        return  # "一次45天的训练": one run is the run itself, nothing to multiply
    for key in ("days", "gpu_hours"):
        span = q.given.get(key)
        if span is None or runs is None or runs.group(0) in (span.text, *(g.text for g in q.given.values())):
            continue
        at = masked.find(span.text)
        if at < 0 or not words_in(masked[max(0, at - 6):at + len(span.text) + 12],
                                  [*lex.vocab.per_run.all(), *lex.vocab.per_example.en]):
            continue
        count = Given("runs", float(runs.group(1)), "run", runs.group(0))
        q.given[key] = span.worked_out(span.value * count.value, f"{span.text} × {runs.group(0)}", span, count)
        q.unread = [t for t in q.unread if t != runs.group(0)]
        q.given = {k: g for k, g in q.given.items() if not (k == "gpus" and g.text == runs.group(1))}
        return


def _available_cards(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """"叢集有512張卡，但只有480張是健康可排程的", "1,024 GPUs but only 960 available": the cards that work."""
    cards, working = q.given.get("gpus"), tuple(lex.vocab.available_cards.all())
    fewer = next((m for m in found if cards is not None and m.dimension == "gpus" and m.text in q.unread and
                  0 < m.value < cards.value and masked[max(0, m.start - 8):m.start].rstrip().endswith(working)), None)
    if fewer is not None:
        q.given["gpus"] = Given("gpus", fewer.value, "GPU", fewer.text)
        q.unread = [t for t in q.unread if t != fewer.text]


def _card_share(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """"1,800-GPU fleet, only 3 out of 4 are allocated to the LLM team", "1024张卡，其中七成分给大模型组": a share of
    the cards, left unread, is the cards that use has."""
    cards = q.given.get("gpus")
    share = next((m for m in found if m.dimension == "ratio" and m.text in q.unread and 0 < m.value < 1), None)
    if cards is None or share is None or \
            not words_in(masked[max(0, share.start - 8):share.end + 24], lex.vocab.card_share.all()):
        return
    q.given["gpus"] = replace(cards, value=math.ceil(cards.value * share.value), text=f"{cards.text} × {share.text}")
    q.unread = [t for t in q.unread if t != share.text]


TIMES_PARAMS_RE = re.compile(r"参数量?的\s?(\d+(?:\.\d+)?)\s?倍|"
                             r"(\d+(?:\.\d+)?)\s?(?:x|times) (?:the )?(?:parameter|param)|"
                             r"(\d+(?:\.\d+)?)\s?倍(?:的)?参数量?")  # "按20倍参数量的token"


def _tokens_times_params(q: Question, masked: str) -> None:
    """"训练token数正好是参数量的100倍", "tokens = 100x the parameter count": the tokens, from the size."""
    size, said = q.given.get("params"), TIMES_PARAMS_RE.search(masked)
    if size is None or said is None or "tokens" in q.given or not words_in(masked, ("token", "tokens")):
        return
    times = said.group(1) or said.group(2) or said.group(3)
    q.given = {k: g for k, g in q.given.items() if g.text != times}  # not a count of cards
    q.unread = [t for t in q.unread if t != times]
    q.given["tokens"] = Given("tokens", size.value * float(times), "token", f"{size.text} × {times}")


def _label_price(q: Question, found: list[Mention], masked: str) -> None:
    """"50k labels at $4 each", "数据标注 5万条 × $1.5": a sum right after items to label is each item's price, not
    a chip's, when no accelerator stands between them."""
    items = q.given.get("label_items")
    if items is None or items.value == 1 or "label_price" in q.given:
        return  # "一筆 US$50 萬": the one of "a sum", no items to price
    start = masked.find(items.text)
    paid = [(k, g.text) for k, g in q.given.items() if k in ("purchase_price", "amount")]
    paid += [(None, m.text) for m in found if m.text in q.unread and m.dimension in MONEY]
    for key, text in paid:
        at = masked.find(text, start)
        if 0 <= at - start <= len(items.text) + 24 and ACCELERATOR not in masked[start:at]:
            given = q.given.pop(key) if key else next(
                Given("label_price", m.value, str(m.dimension).upper(), m.text) for m in found if m.text == text)
            q.unread = [t for t in q.unread if t != text]
            q.given["label_price"] = replace(given, quantity="label_price", unit=f"{given.unit}/item")
            return


def _example_length(q: Question, found: list[Mention], masked: str, per: str, lex: Lexicon) -> None:
    """"150M tokens, avg 750 tokens per example", "each sample is 3,800 tokens; the set is 1.4T tokens": of two
    counts of tokens, the smaller is one example's length when an example is named before it or "per example"
    follows it, and the larger is the data's."""
    said = {*q.unread, *(g.text for k, g in q.given.items() if k == "tokens")}
    counts = [m for m in found if m.dimension == "tokens" and m.text in said]
    if len(counts) < 2:
        return
    things = _phrases(tuple(lex.vocab.example_words.all())).pattern
    clause = r"[^,;，；。.!?！？]{0,24}$"
    one = next((m for m in sorted(counts, key=lambda m: m.value) if m.value <= MAX_ITEM_TOKENS and (
        re.match(rf"\s?(?:左右|上下|or so|on average|平均)?\s?(?:{per})", masked[m.end:]) or
        re.search(rf"(?:{things}){clause}", masked[:m.start]))), None)
    data = max(counts, key=lambda m: m.value)
    if one is None or one is data:
        return
    q.given["item_tokens"] = Given("item_tokens", one.value, "token", one.text)
    q.given["tokens"] = Given("tokens", data.value, "token", data.text)
    q.unread = [t for t in q.unread if t not in (one.text, data.text)]
    items = q.given.get("label_items")
    if items is not None and items.value == 1 and masked.find(items.text, one.end) - one.end in range(0, 4):
        del q.given["label_items"]  # "2700个token一条": the one of "each", no count of examples


# tokens fewer than this beside a count of steps are one step's or one sequence's, never a run's data
STEP_SCALE_TOKENS = 1e9


def _step_schedule(q: Question, found: list[Mention], steps_asked: bool) -> None:
    """"120k steps, a global batch of 1,024 sequences of 4,096 tokens", "30万步，每步400万token": beside a count of
    steps, items counted are one step's batch, and a handful of tokens is a sequence's length when the batch is
    counted in sequences, else one step's."""
    if "steps" in q.given and q.given["steps"].value == 1:
        del q.given["steps"]  # "一个step吃1600万个token": the one of "each step", no count of steps
    items = next((k for k in ("label_items", "examples") if k in q.given), None)
    if "steps" in q.given and items is not None and "batch_size" not in q.given:
        q.given["batch_size"] = replace(q.given.pop(items), quantity="batch_size", unit="sequence")
    took = q.given.get("step_seconds")
    if took is None and "steps" in q.given and "days" in q.given and q.given["days"].value < 1 / 24:
        took = q.given.pop("days")  # "30万步，每步2.1秒": a span too short for a run is one step's
    elif took is not None and not steps_asked and not q.given.keys() & {"steps", "batch_tokens", "batch_size", "days"}:
        # "each step takes 10 s on 512 A100s with 4M tokens per batch: MFU?": one step is the run measured
        q.given["days"] = replace(q.given.pop("step_seconds"), quantity="days")
        took = None
    if took is not None:  # read in days, said in the seconds one step takes
        q.given["step_seconds"] = replace(took, quantity="step_seconds", value=float(f"{took.value * 86400:.6g}"),
                                          unit="second")
    tokens = q.given.get("tokens")
    counts = [m for m in found if m.dimension == "tokens" and
              (m.text in q.unread or (tokens is not None and m.text == tokens.text))]
    if steps_asked and len(counts) == 2:
        # "each step processes 3M tokens, how many steps for 300B tokens?": the run's tokens and one step's
        small, large = sorted(counts, key=lambda m: m.value)
        q.unread = [t for t in q.unread if t not in (small.text, large.text)]
        q.given["tokens"] = tokens = Given("tokens", large.value, "token", large.text)
        q.given["batch_tokens"] = Given("batch_tokens", small.value, "token", small.text)
    if ("steps" in q.given or steps_asked) and tokens is not None and tokens.value < STEP_SCALE_TOKENS:
        role = "seq_tokens" if "batch_size" in q.given else "batch_tokens"
        if role not in q.given:
            q.given[role] = replace(q.given.pop("tokens"), quantity=role)
    length = q.given.get("seq_tokens")
    thousands = re.fullmatch(r"(\d+)\s?k", length.text) if length is not None else None
    if length is not None and thousands and (n := int(thousands.group(1))) & (n - 1) == 0:
        # "4k context", "seq len 8k": a context length in binary thousands, as every tokenizer config counts it
        q.given["seq_tokens"] = replace(length, value=n * 1024.0)


def _said_not_asked(q: Question, masked: str, lex: Lexicon) -> None:
    """"Our electricity bill was $84,000 for 600 MWh. What was the price per kWh?": a quantity named right before
    the number that states it is said, not asked, when the question asks something else."""
    words = _phrases(tuple(lex.vocab.stating_words.all())).pattern
    stated = re.compile(rf"\s?(?:{words})?\s?(?:us)?[$¥€]?\s?")
    for asked in list(q.asked):
        unit = lex.vocab.by_id[asked].unit
        # a number of its own kind: a sum for a bill ("How many person-years is 23 people…" asks, of people)
        starts = [at for g in q.given.values() if g.text and (at := masked.find(g.text)) >= 0 and
                  (g.unit == unit or (unit in CURRENCIES and g.unit in CURRENCIES))]
        names = _phrases(tuple(lex.vocab.by_id[asked].asks.all()))
        if len(q.asked) > 1 and any(at >= m.end() and stated.fullmatch(masked[m.end():at])
                                    for m in names.finditer(masked) for at in starts):
            q.asked.remove(asked)


def _share_of_price(q: Question, masked: str) -> None:
    """"Our cluster cost $18M … used exactly half of the cluster for 50 days", "集群花了1.2亿元…用了集群的四分之一":
    the part of the cluster's price that the run holds."""
    price, m = q.given.get("amount"), CLUSTER_SHARE_RE.search(masked)
    if price is None or m is None or ("gpus" in q.given and q.given["gpus"].text not in m.group(0)):
        return
    said = m.group("f") or m.group("zf")
    value = fraction(said)
    said = "/".join(reversed(said.split("分之"))) if "分之" in said else said  # "4分之1" written as 1/4
    share = Given("share", value, "ratio", said)
    q.given = {k: g for k, g in q.given.items() if k == "amount" or g.text not in m.group(0)}
    q.given["amount"] = price.worked_out(price.value * share.value, f"{price.text} × {said}", price, share)


def _bill_of_energy(q: Question) -> None:
    """"一共付了17万美元电费，用电150万度，平均电价多少", "$45,000 paid, 1.6 GWh used: the tariff?": with a price per
    kWh asked, the one sum of money beside the energy is what that energy cost."""
    sums = [k for k, g in q.given.items() if g.unit in CURRENCIES and k != "amount"]
    if q.asked[:1] == ["electricity_price"] and "energy_kwh" in q.given and "amount" not in q.given and \
            len(sums) == 1:
        q.given["amount"] = replace(q.given.pop(sums[0]), quantity="amount")


def _total_parts(q: Question, found: list[Mention]) -> None:
    """"…six engineers at $250k each for the year, and $180k for data labeling. Total?": in a sum of parts, the
    people's time and a sum of money no role took are parts too."""
    if not q.total:
        return
    for m in (m for m in found if m.text in q.unread):
        if m.dimension == "years" and {"staff", "salary"} <= q.given.keys() and not q.given.keys() & {"years", "days"}:
            q.given["years"] = Given("years", m.value, "year", m.text)
        elif m.dimension == "usd" and "amount" not in q.given:
            q.given["amount"] = Given("amount", m.value, "USD", m.text)
        else:
            continue
        q.unread = [t for t in q.unread if t != m.text]


def _size_in_name(q: Question) -> None:
    """"Llama 8B, 3,200 tokens/s per H100: MFU?": a model not on file, named with its size, beside numbers of the
    user's own run, is a model of that size (asked alone, "Yi-34B用了多少GPU小时", it is a figure not published)."""
    if not q.models or any(not r.startswith("chinchilla") for r in q.runs):  # (Chinchilla may name the rule)
        return
    # "Qwen2.5-72B": the size may follow the version the name was read up to
    at = q.prepared.find(q.models[0])
    after = re.match(r"[\s-]?(\d+(?:\.\d+)?)\s?([bm])(?![a-z])", q.prepared[at + len(q.models[0]):]) \
        if at >= 0 else None
    size = re.search(r"(\d+(?:\.\d+)?)\s?([bm])$", q.models[0]) or after
    if size is None or "params" in q.given or not q.given:
        return
    named = q.models[0] + (after.group(0) if size is after else "")
    q.given["params"] = Given("params", float(size.group(1)) * (1e9 if size.group(2) == "b" else 1e6), "parameter",
                              named)


def _hours_per_tokens(q: Question, found: list[Mention], masked: str) -> None:
    """"45k GPU-hours per 100B tokens… target 2.2T tokens", "每一兆token要18万卡时，我们要训4.5兆": GPU-hours
    measured for so many tokens, scaled to the tokens planned."""
    hours = q.given.get("gpu_hours")
    tokens = [m for m in found if m.dimension == "tokens" or (m.text in q.unread and m.magnitude)]
    unit = next((m for m in tokens if PER_TOKENS_RE.search(masked[:m.start])), None)
    target = next((m for m in tokens if unit is not None and m is not unit and m.value > 0), None)
    if hours is None or unit is None or target is None or abs(masked.find(hours.text) - unit.start) > 30:
        return
    q.given["gpu_hours"] = replace(hours, value=hours.value * target.value / unit.value,
                                   text=f"{hours.text} × {target.text} ÷ {unit.text}")
    q.given = {k: g for k, g in q.given.items() if g.text not in (unit.text, target.text)}
    q.unread = [t for t in q.unread if t not in (unit.text, target.text)]
    if not words_in(masked, lexicon().vocab.by_id["cost_per_mtok"].asks.all()):
        q.asked = [a for a in q.asked if a != "cost_per_mtok"]  # "per 100B tokens" measured the hours, asks nothing


def _per_tokens(q: Question, found: list[Mention], masked: str) -> None:
    """"What's that per billion tokens?", "每十亿token多少钱": a cost per token asked for so many tokens, a unit of
    the answer, not a count of tokens trained."""
    if set(q.asked) - {"cost_per_mtok"}:
        return
    said = {*q.unread, *(g.text for g in q.given.values())}  # a number not already read into another input
    unit = next((m for m in found if m.dimension == "tokens" and m.text in said and
                 PER_TOKENS_RE.search(masked[:m.start]) and
                 # "a 7T-token corpus"
                 not re.match(r"\s?(?:corpus|dataset|data set|run|model)", masked[m.end:])), None)
    if unit is None or unit.value < 1e3 or not any(g.unit.split("/")[0] in CURRENCIES for g in q.given.values()):
        return
    q.asked, q.per_tokens = ["cost_per_mtok"], unit.value
    q.given = {k: g for k, g in q.given.items() if g.text != unit.text}
    q.unread = [t for t in q.unread if t != unit.text]


PRICE_PER_TOKENS_RE = re.compile(r"(?:per|each|every|a|每)\s?(?:(?P<n>[\d.]*)\s?(?P<mag>百万|十亿|千万|万亿|亿|万|千|"
                                 r"million|billion|thousand|trillion|m|b|k)?\s?(?:个\s?)?tokens?|mtok)")
TOKEN_MAGNITUDES = {"百万": 1e6, "十亿": 1e9, "千万": 1e7, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3,
                    "million": 1e6, "billion": 1e9, "thousand": 1e3, "trillion": 1e12, "m": 1e6, "b": 1e9, "k": 1e3}


def _priced_per_tokens(q: Question, found: list[Mention], masked: str) -> None:
    """"每百万 token 0.5 美金，需要 8,000億 token", "$1.50 per million tokens to license a 500B-token corpus": a price
    said per so many tokens, beside the tokens wanted, prices the data (a licence, a purchase)."""
    if "tokens" not in q.given or not ("data_cost" in q.asked or
                                       words_in(masked, lexicon().vocab.by_id["data_cost"].asks.all())):
        return  # "训了7万亿token，每百万token多少钱": the cost per token asked of a run, no price of data
    # the price a rate's words took ("按每百万token收5.8美元" reads like an hourly rate), or a plain sum
    money = [(k, g, masked.find(g.text)) for k, g in q.given.items() if g.unit.split("/")[0] in CURRENCIES]
    # "2 dollars per million tokens" reads "2 per mtok": the number right before it is the price, in dollars
    bare = [(t, m.start()) for t in [*q.unread, *(g.text for k, g in q.given.items() if k != "tokens")]
            if re.fullmatch(r"\d+(?:\.\d+)?", t) and (m := re.search(rf"(?<![\d.]){re.escape(t)}(?=\s?per mtok)",
                                                                     masked))]
    if not money and len(bare) == 1:
        text, at = bare[0]
        q.unread = [t for t in q.unread if t != text]
        q.given = {k: g for k, g in q.given.items() if g.text != text}
        money = [("amount", Given("amount", float(text), "USD", text), at)]
    if len(money) != 1:
        return
    key, price, at = money[0]
    q.given.setdefault(key, price)
    near = [m for m in PRICE_PER_TOKENS_RE.finditer(masked)
            if at >= 0 and m.end() >= at - 16 and m.start() <= at + len(price.text) + 16]
    if not near:
        return
    said = near[0]
    counted = said.group("n") is not None or said.group("mag")  # "per mtok" is how "per million tokens" reads
    count = float(said.group("n") or 1) * TOKEN_MAGNITUDES.get(said.group("mag") or "", 1) if counted else 1e6
    per = (q.per_tokens or count) / 1e6
    wanted = [m for m in found if m.dimension == "tokens" and not (said.start() <= m.start < said.end())]
    if len(wanted) != 1:
        return
    q.given["tokens"] = Given("tokens", wanted[0].value, "token", wanted[0].text, low=wanted[0].low,
                              high=wanted[0].high)  # "每10亿token收3万美元，我们要400亿token": the 400亿
    q.unread = [t for t in q.unread if t != wanted[0].text]
    del q.given[key]
    unit = f"{price.unit.split('/')[0]}/Mtoken"
    q.given["price_per_mtok"] = replace(price, quantity="price_per_mtok", unit=unit) if per == 1 else \
        price.worked_out(price.value / per, f"{price.text} ÷ {per:g}", replace(price, quantity="amount"),
                         Given("factor", per, "ratio", f"{per:g}"), quantity="price_per_mtok", unit=unit)
    q.asked, q.per_tokens = ["data_cost"], None


def _restated_in_brackets(q: Question, found: list[Mention], masked: str) -> None:
    """"训练两个月（就按60天）", "two months (call it 60 days)": a number restated in brackets right after another
    of its dimension, and close to it, is the one meant."""
    for key, given in list(q.given.items()):
        at = masked.find(given.text)
        again = next((m for m in found if m.text in q.unread and m.dimension is not None and at >= 0 and
                      0 <= m.start - (at + len(given.text)) <= 12 and
                      re.search(r"[(（]", masked[at + len(given.text):m.start])), None)
        if again is not None and again.value and abs(again.value - given.value) <= 0.1 * abs(again.value):
            q.given[key] = replace(given, value=again.value, text=again.text)
            q.unread = [t for t in q.unread if t != again.text]


def _conventions(text: str, v: Vocabulary) -> list[Given]:
    """"每天 24 小時", "8,760 hours a year": numbers that restate the round-the-clock use assumed, as typed."""
    def tight(t: str) -> str:
        return re.sub(r"[\s,]", "", to_simplified(t).casefold())
    said = tight(text)
    return [Given("convention", c.value, c.unit, next(w for w in c.words.all() if tight(w) in said))
            for c in v.conventions if any(tight(w) in said for w in c.words.all())]


def _power_on_top(q: Question, masked: str, v: Vocabulary) -> None:
    """"每颗GPU 1,200W，CPU、交换器等其他设备再多25%", "700 W each, plus 30% for CPUs and networking": the rest of
    the server draws that share on top of each accelerator's power."""
    power = q.given.get("power_w")
    if power is None or not words_in(masked, v.server_parts.all()) or q.given.keys() & {"purchase_price", "amount"}:
        return
    share = q.given.get("markup")
    if share is None:
        said = next((t for t in q.unread if re.fullmatch(r"\d+(?:\.\d+)?\s?%", t)), None)
        if said is None:
            return
        q.unread.remove(said)
        share = Given("markup", float(said.rstrip("% ")) / 100, "ratio", said)
    else:
        del q.given["markup"]
    q.given["power_w"] = power.worked_out(power.value * (1 + share.value), f"{power.text} × (1 + {share.text})",
                                          power, share)


def _it_energy(q: Question) -> None:
    """"GPU本身用了95万度，PUE 1.25", "GPU-side 600 MWh, PUE 1.1 to 1.5": the accelerators' own energy, and the
    PUE that makes it the site's; the energy a bill or an emission counts is the product."""
    energy, pue = q.given.get("energy_kwh"), q.given.get("pue")
    if energy is None or pue is None or not words_in(q.prepared, lexicon().vocab.left_out["it_load"].all()):
        return
    ends = {} if pue.low is None or pue.high is None else {"low": energy.value * pue.low,
                                                           "high": energy.value * pue.high}
    q.given["energy_kwh"] = energy.worked_out(energy.value * pue.value, f"{energy.text} × {pue.text}", energy, pue,
                                              **ends)
    del q.given["pue"]
    q.left_out = q.left_out - {"pue"}  # the PUE is in the product, not left out of it


def _monthly_budget(q: Question, masked: str, v: Vocabulary) -> None:
    """"每月算力预算20万美元", "a monthly budget of $500k": a budget spent each month runs for a month, of the
    30 days the user may count it as."""
    budget = q.given.get("budget")
    if budget is None or q.given.keys() & {"days", "gpu_hours", "gpus", "years"}:
        return
    at = masked.find(budget.text)
    months = _phrases(tuple([*v.per_month.all(), "monthly"]))
    said = months.search(masked, max(0, at - 24), at) if at >= 0 else None
    said = said or (months.match(masked, at + len(budget.text) + 1) if at >= 0 else None)
    if said is None:
        return
    days = 30.0 if MONTH_OF_30_RE.search(to_simplified(q.text).casefold()) else DAYS_PER_YEAR / 12
    q.given["days"] = Given("days", days, "day", said.group(0).strip())


def _daily_energy(q: Question, masked: str, v: Vocabulary) -> None:
    """"the cluster eats ~12 MWh a day": energy drawn each day is a power, which the days given run for."""
    energy = q.given.get("energy_kwh")
    if energy is None or "site_power" in q.given or not _at_a_daily_rate(masked, energy.text, v):
        return
    del q.given["energy_kwh"]
    q.given["site_power"] = energy.worked_out(energy.value * 1000 / 24, f"{energy.text} ÷ 24 h", energy,
                                              quantity="site_power", unit="W")


def _at_a_daily_rate(masked: str, typed: str, v: Vocabulary) -> bool:
    """Is a number said per day: "1,100 GPU-hours a day", "每天烧掉2万卡时", "每天用电约12 MWh"?"""
    at = _standing(masked, typed)
    return at >= 0 and bool(
        re.match(rf"\s?(?:{_phrases(tuple(v.per_day.all())).pattern})(?![a-z])", masked[at + len(typed):]) or
        re.search(rf"(?<![\d.])(?:{_phrases(tuple(v.per_day.all())).pattern})\S{{0,4}}?\s?(?:约|大约|大概|about|around|~)?"
                  r"\s?$", masked[max(0, at - 12):at]))


def _point_changes(q: Question, masked: str, lex: Lexicon) -> None:
    """"MFU再提高10个百分点", "utilisation drops 5 points": a share changed by percentage points is added to (or
    taken off) the earlier share, whatever word stands before it."""
    points = tuple(form for form, u in lex.units if u.base == "point")
    for key, g in list(q.given.items()):
        if lex.vocab.by_id[key].dimension != "ratio" or not g.text.endswith(points):
            continue
        at = masked.find(g.text)
        before = masked[max(0, at - 16):max(at, 0)].rstrip(" ")
        # "MFU went up by 10 points": the share named before the change, not the growth its verb asks about
        named = [(m.end(), qid) for qid in lex.give_re if lex.vocab.by_id[qid].dimension == "ratio"
                 and lex.vocab.by_id[qid].input == qid and qid not in q.given
                 for m in lex.give_re[qid].finditer(masked, max(0, at - 30), max(at, 0))]
        # ("went up by" gives a growth rate, a share only its own words give: the share named wins)
        named = [(end, qid) for end, qid in named if not lex.vocab.by_id[qid].worded]
        if named and lex.vocab.by_id[key].worded:
            key = max(named)[1]
            q.given[key] = replace(q.given.pop(g.quantity), quantity=key)
        if _changed_by(before, "down", lex) or words_in(before, lex.vocab.takes_before.all()):
            q.removed |= {key}
        else:
            q.added |= {key}


@lru_cache(maxsize=1)
def _adds() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Words before and after a number that make it an increase on the earlier one."""
    v = lexicon().vocab
    return (re.compile(f"(?:{_alternation(prepared(tuple(v.adds_before.all()))).pattern})\\s*$"),
            re.compile(f"\\s?(?:{_alternation(prepared(tuple(v.adds_after.all()))).pattern})(?![a-z])"))

def _standing(text: str, said: str) -> int:
    """Where ``said`` stands as a number of its own ("add 1 more", not the 1 of "10 months"), or -1."""
    found = compiled(rf"(?<![\d.]){re.escape(said)}(?![\d])" if said[:1].isdigit() else re.escape(said)).search(text)
    return found.start() if found else -1


PER_PERIOD_RE = re.compile(r"(?:(?<![a-z])(?:per|each|every|a)\s|每一?个?)\s?(?:quarter|季度?|month|个?月)")
CURRENCY_SAID_RE = re.compile(r"[$¥€￥]|usd|dollar|eur|hkd|twd|cny|rmb|nt|元|块|蚊|刀|美金|欧|港|台币|人民币")
CURRENCY_BEFORE_RE = re.compile(r"(?<![a-z])(?:[$¥€￥]|usd|eur|hkd|twd|cny|rmb|nt\$)\s?$")


YEARS_OF_PAY_RE = re.compile(r"years? of (?:[\w'’-]+\s){0,6}?(?:pay|salary|salaries|wages|compensation)(?![a-z])")
PER_HEAD_YEAR_RE = re.compile(r"(?:1|每)个?人\s?(?:1|每)年")


def _per_head_year(m: Mention, masked: str) -> bool:
    """"一个人一年23万美元", "每人一年": the one person and the one year a pay is for, no head count or span."""
    return any(h.start() <= m.start < h.end() for h in PER_HEAD_YEAR_RE.finditer(masked))


def _bare_sums_in_the_currency_named(q: Question, text: str) -> None:
    """"伺服器採購新台幣 1,150 萬…殘值 150 萬": a sum written with no money of its own, where every sum that names
    one names the same other money, is in that money too."""
    def said(g: Given) -> bool:  # ("USD 300k a year": the money named right before the number)
        if CURRENCY_SAID_RE.search(g.text):
            return True
        at = text.find(g.text)
        while at > 0 and text[at - 1] in "0123456789.,":  # ("1,150 萬" holds "150 萬": the number on its own)
            at = text.find(g.text, at + 1)
        return at >= 0 and CURRENCY_BEFORE_RE.search(text[:at]) is not None

    moneys = [(g.unit.split("/")[0], g) for g in q.given.values() if g.unit.split("/")[0] in CURRENCIES]
    named = {c for c, _ in moneys if c != "USD"}
    if len(named) != 1 or any(c == "USD" and said(g) for c, g in moneys):
        return
    (money,) = named
    for key, g in list(q.given.items()):
        if g.unit.split("/")[0] == "USD" and not said(g) and re.search(r"[万亿kmb]", g.text):
            q.given[key] = replace(g, unit=money + g.unit[3:])


def _hours_a_day(q: Question, masked: str, v: Vocabulary) -> None:
    """"We burn about 1,100 GPU-hours a day for 30 days", "每天烧掉2万卡时，跑45天": GPU-hours at a daily rate,
    for that many days."""
    hours, days = q.given.get("gpu_hours"), q.given.get("days")
    if hours is None or days is None or hours.parts or not _at_a_daily_rate(masked, hours.text, v):
        return
    q.given["gpu_hours"] = hours.worked_out(hours.value * days.value, f"{hours.text} × {days.text}", hours, days)
    q.asked = [a for a in q.asked if a != "daily_cost"]  # the day is the rate's, not the bill asked
    q.per_day = False


def _share_over_one(q: Question, masked: str) -> None:
    """"MFU 1.2": a share written as a number above one is that share, which the limits then refuse with a reason,
    rather than a number left unread."""
    if "mfu" in q.given:
        return
    for said in q.unread:
        if re.fullmatch(r"\d+(?:\.\d+)?", said) and 1 < float(said) <= 10 and \
                re.search(rf"(?:mfu|utili[sz]ation|利用率)\s?(?:of|is|was|at|是|为|=|:|能到|有)?\s?{re.escape(said)}(?![\d.%])",
                          masked):
            q.given["mfu"] = Given("mfu", float(said), "ratio", said)
            q.unread = [t for t in q.unread if t != said]
            return


def _settled(words: QuantityWords) -> bool:
    """A quantity only reading the numbers sets ("how many H20-hours is 100k H100-hours"), never asked by a word."""
    return not words.qualifies and not words.asks.all()


# "the article about why AI burns money", "那篇讲AI为啥这么烧钱的文章": a why that names an article, asks nothing
ABOUT_WHY_RE = re.compile(r"(?:article|piece|story|report|post)s? (?:about|on|explaining) (?:why|how come)[^,.?;:]*|"
                          r"[讲说谈聊][^，。？；]{0,10}(?:为什么|为啥|为何)[^，。？；]{0,14}的(?:那篇|文章|报道|那篇文章)")
KWH_ASKED_RE = re.compile(r"(?:多少|几多?|成|为|是|算)\s?[万千百]?\s?度(?!数)|度\s?电|"
                          r"(?:换成|换算成|折成|折合|转成)\s?度数")


def _names_stage(prepared: str, v: Vocabulary) -> bool:
    """"DeepSeek-V3's pre-training stage at its $2 an hour": one stage of a run, which the run's own price prices."""
    return any(words_in(prepared, words.all()) for words in v.training_stages.values())


TIMES_PARAMS_RE = re.compile(r"(\d+(?:\.\d+)?)\s?(?:倍|x|×|times)\s?(?:the\s|的)?(?:参数|params?(?![a-z])|parameters?)")


def _items_referred_to(q: Question, prepared: str, v: Vocabulary) -> None:
    """"labelled examples cost what the article says: what would 250k of them run me?": "of them" counts what was
    named before it, the examples, when no accelerator is named."""
    cards = q.given.get("gpus")
    if cards is None or q.accelerators or "label_items" in q.given or \
            not re.search(rf"{re.escape(cards.text)}\s?of them", prepared):
        return
    if words_in(prepared, v.by_id["label_items"].gives.en) and not words_in(prepared, v.chip_nouns.en):
        q.given["label_items"] = replace(q.given.pop("gpus"), quantity="label_items", unit="item")
        q.asked = ["labelling_cost" if a in ("acquisition_cost", "rental_cost") else a for a in q.asked] or \
            ["labelling_cost"]


SIBLING_SIZE_RE = re.compile(r"\s?(?:and|&|or|vs\.?|和|跟|与|及|、|/)\s?(?:the\s)?(\d+(?:\.\d+)?)\s?b(?![a-z\d])")


def _sizes_beside_a_run(q: Question, masked: str) -> str:
    """"Llama 3.2 1B and 3B": a bare size right after a named run, joined to it, is the same family's run of that
    size, not a number of anything; masked so it is read as no quantity."""
    if len(q.runs) != 1:
        return masked
    end = masked.rfind(MODEL)
    said = SIBLING_SIZE_RE.match(masked, end + 1) if end >= 0 else None
    other = sibling(q.runs[0], float(said.group(1)) * 1e9) if said else None
    if said is None or other is None:
        return masked
    q.runs.append(other)
    return masked[:said.start()] + " " * (said.end() - said.start()) + masked[said.end():]


def _tokens_as_multiple_of_params(q: Question, prepared: str) -> None:
    """"token约等于20倍参数", "tokens = 20x params": the data as a multiple of the model, a ratio of tokens to each
    parameter, not a multiplier of a cost."""
    said = TIMES_PARAMS_RE.search(prepared)
    taken = q.given.get("multiplier")
    if said is None or "tokens_per_param" in q.given or taken is None or taken.value != float(said.group(1)):
        return
    q.given["tokens_per_param"] = replace(q.given.pop("multiplier"), quantity="tokens_per_param", unit="ratio")


def _shown_in(q: Question, prepared: str, lex: Lexicon) -> str | None:
    """"give it in PF-days", "多少GPU天", "how many GWh": a larger unit of a result's own that the question names
    with no number of its own, which the result is then shown in."""
    typed = " ".join(g.text for g in q.given.values())
    flat = _unspaced(prepared)  # a form is in the text as written only if it is in it with no seam spaces
    for form, unit in lex.units:
        name = SHOWN_IN.get((unit.base, unit.factor))
        if name and form in flat and form not in typed and words_in(prepared, [form]) and \
                (form != "度" or KWH_ASKED_RE.search(prepared)):  # (a 度 of 速度, 年度 or 精度 is none)
            return name
    return None


def _team_span(q: Question, found: list[Mention]) -> None:
    """"512 GPUs for 30 days, plus 4 engineers at $250k a year for 3 months": a span no run took is the team's."""
    if {"staff", "salary"} <= q.given.keys() and "years" not in q.given:
        spare = next((m for m in found if m.text in q.unread and m.dimension in ("duration", "years")), None)
        if spare is not None:
            years = spare.value if spare.dimension == "years" else spare.value / DAYS_PER_YEAR
            q.given["years"] = Given("years", years, "year", spare.text)
            q.unread.remove(spare.text)


def _fte_share(q: Question) -> None:
    """"40 contributors, avg 0.5 FTE on the project": a fraction of one person's time, not a count of people."""
    for text in q.unread:
        share = re.fullmatch(r"(0?\.\d+)\s?ftes?", text)
        if share and "fte" not in q.given and "staff" in q.given:
            q.given["fte"] = Given("fte", float(share.group(1)), "ratio", text)
            q.unread = [t for t in q.unread if t != text]
            return


def _bill_for_hours(q: Question, masked: str, lex: Lexicon) -> None:
    """"An invoice for $412,800 covering 1,536 GPUs for 5 days: what $/GPU-hr did we pay?", "云账单43万美元，128张卡
    跑满30天，每卡时多少钱": a sum paid for the hours is the bill, whose price per GPU-hour is asked."""
    if q.asked[:1] not in ([], ["price_per_gpu_hour"]) or q.given.keys() & {"price_per_gpu_hour", "node_rate"}:
        return
    cards = q.given.get("node_gpus")
    if cards is not None and "gpus" not in q.given and cards.value > 16:  # "1,536 GPUs": no machine holds so many
        q.given["gpus"] = replace(q.given.pop("node_gpus"), quantity="gpus")
    if not ("gpu_hours" in q.given or {"gpus", "days"} <= q.given.keys()):
        return
    paid = words_in(masked, lex.vocab.paid_words.all())
    sums = [k for k in ("rental_cost", "amount", "purchase_price", *(("budget",) if paid else ()))
            if k in q.given and q.given[k].unit in CURRENCIES]
    if len(sums) == 1 and (q.asked or paid):
        q.given["paid_bill"] = replace(q.given.pop(sums[0]), quantity="paid_bill")
        q.asked = ["price_per_gpu_hour"]


def _more_asked(q: Question, masked: str, lex: Lexicon) -> None:
    """Cards bought at a price and written off, asked of more than the hourly rate: "depreciation per GPU-hour, and
    per year for the whole cluster" also asks the year's write-off; "總共要多少錢？…每小時的折舊成本是多少？" the sum
    of the purchase, in a clause that asks only for money."""
    v = lex.vocab
    if q.asked[:1] != ["amortised_rate"] or not {"purchase_price", "life_years"} <= q.given.keys():
        return
    if "annual_depreciation" not in q.asked and words_in(masked, v.per_year.all()) and \
            words_in(masked, v.depreciation.all()):
        q.asked.append("annual_depreciation")
    clauses = [c for c in re.split(r"(?<=\?)", masked) if c.strip(" ?")]
    if "gpus" in q.given and len(clauses) >= 2 and "acquisition_cost" not in q.asked and any(
            words_in(c, v.cost_words.all()) and words_in(c, v.concepts["buy"].all()) and
            not _asked_each(c, [], q.given, lex) for c in clauses):
        q.asked.insert(0, "acquisition_cost")


def _busy_share_of_owned(q: Question) -> None:
    """"buying them at $33,810 apiece and running them for three years at 70% utilisation": a purchase worked over
    its life, with no model trained; the share of it busy is the hardware's utilisation, not an MFU, and the years
    are its life."""
    if "mfu" not in q.given or "purchase_price" not in q.given or \
            q.given.keys() & {"params", "active_params", "tokens", "flop", "gpu_hours", "gpus"}:
        return
    q.given["utilisation"] = replace(q.given.pop("mfu"), quantity="utilisation")
    span = q.given.get("days")
    if "life_years" not in q.given and span is not None:
        q.given["life_years"] = replace(q.given.pop("days"), quantity="life_years", value=span.value / DAYS_PER_YEAR,
                                        unit="year")


def _rent_and_buy(q: Question, prepared: str) -> None:
    """"512张H100，租一年每卡时2美元，和按每张3万美元买下来，各要多少钱?": both ways priced for the same cards, each
    one's cost (the span is the rental's, not a hardware life)."""
    v = vocabulary()
    # ("半年下来哪个划算？买卡的话多久才能回本？": the two bills, then when buying pays off)
    if not {"gpus", "price_per_gpu_hour", "purchase_price"} <= q.given.keys() or \
            set(q.asked) - {"rental_cost", "acquisition_cost", "breakeven_days", "days"} or \
            (q.asked and not {"rental_cost", "acquisition_cost", "breakeven_days"} & set(q.asked)):
        return
    payoff = ["breakeven_days"] if "breakeven_days" in q.asked else []
    if not (words_in(prepared, v.concepts["rent"].all()) and words_in(prepared, v.concepts["buy"].all())):
        return
    if "life_years" in q.given and "days" in q.given:
        # "128张跑90天：租每卡时2.99美元，跟2.7万一张买断、三年折旧，哪个划算": the run's rent against its share of
        # the cards written off over their life, nothing added to the price
        q.asked, q.compared = ["rental_cost", "amortised_cost"], []
        if words_in(prepared, v.which_cheaper.all()):
            q.asked.append("saving")  # "which is cheaper?": the two bills, and what the cheaper one saves
        q.with_energy = False if q.with_energy is None else q.with_energy
        q.left_out = q.left_out | ({"servers", "networking"} if not q.whole_cluster else set())
        return
    life = q.given.pop("life_years", None)
    if life is not None and "days" not in q.given:
        q.given["days"] = Given("days", life.value * DAYS_PER_YEAR, "day", life.text)
        if "years" in q.given and q.given["years"].text == life.text:
            del q.given["years"]  # one span, read twice
    # the two bills, not owning's hourly rate
    q.asked, q.compared = ["rental_cost", "acquisition_cost", *payoff], []


def _priced_by_a_stated_rate(q: Question, prepared: str) -> None:
    """"照文章的標註行情，標10萬筆最多要花多少", "顶尖工程师年薪多少？招10个这样的人一年至少得多少钱": the user's
    count, priced at the rate an article states (or the one asked of it): the cost the two make, beside the rate."""
    v = vocabulary()
    def priced_by(name: str) -> bool:  # a price per something, or one unit's price ("the estimated price per chip")
        return v.by_id[name].unit.startswith("USD/") or name == "purchase_price"

    rate = q.asked[0] if len(q.asked) == 1 and priced_by(q.asked[0]) else None
    pay = rate == "salary" or (q.article is not None and words_in(
        prepared, [*v.by_id["salary"].gives.all(), *v.by_id["staff"].gives.all()]))
    if pay and not q.accelerators and "gpus" in q.given and "staff" not in q.given:
        # "top engineers' pay… what would 6 of them cost": people, priced at the pay the article states
        q.given["staff"] = replace(q.given.pop("gpus"), quantity="staff", unit="person")
        q.asked = [a for a in q.asked if a == rate]
    if not (rate or (not q.asked and q.cost and q.article is not None)) or (q.accelerators and not rate):
        return
    if "staff" in q.given and not q.given.keys() & {"years", "days"} and q.cost and \
            re.search(r"(?:a|1|one) year|per year|annual|[一1]年|每年", prepared):
        q.given["years"] = Given("years", 1.0, "year", "1 year" if q.language == "en" else "1年")
        q.unread = [t for t in q.unread if not re.fullmatch(r"1\s?(?:years?|年)", t)]
    for calc in CALCULATORS.values():
        if v.by_id[calc.output].dimension != "usd":
            continue
        for needs in calc.needs:
            lacking = [n for n in needs if n not in q.given]
            if len(lacking) == 1 and lacking[0] in v.by_id and priced_by(lacking[0]) and \
                    lacking[0] == (rate or lacking[0]) and \
                    set(needs) - {lacking[0]} and not q.given.keys() - set(needs) - {"usd_rate"}:
                q.asked = [*([rate] if rate else []), calc.output]
                return


# letters where a price's number stands, right before its money or its "per": "每度 abc 元", "$xyz per GPU-hour"; a
# whole word, not the start of one ("the price Tencent quotes" has no "ten cent")
PRICE_SLOT_RE = re.compile(r"(?:每度电?|每千瓦时|每卡时|每小时|单价|电价|价格|租金|\$|¥|"
                           r"(?<![a-z])(?:price|rate|at|costs?)\s)\s?(?:是|为|=|:|of\s)?\s?([a-z]{2,8}(?![a-z])|\?{2,})\s?"
                           r"(?=元|美元|美金|块|usd\b|dollars?\b|cents?\b|/|per\b|an? (?:hour|hr|kwh)\b|每)")
FUNCTION_WORDS = frozenset({"the", "a", "an", "our", "my", "that", "this", "its", "their", "your", "his", "her",
                            "least", "most", "about", "around", "roughly", "some", "any", "each", "every", "which",
                            "what", "how", "one", "same", "usual", "current", "typical", "market", "going", "list",
                            "spot"})


def _not_a_number(prepared: str, lex: Lexicon) -> str:
    """Letters standing where a price's number should ("每度 abc 元"); a word the vocabulary knows is no such
    placeholder ("at least $2", "priced in USD per hour")."""
    tokens = [m.group(1) for m in PRICE_SLOT_RE.finditer(prepared)]
    if not tokens:  # almost every question: no word lists to gather
        return ""
    known = known_words()[0] | FUNCTION_WORDS | {f.casefold() for f, u in lex.units if u.dimension in MONEY}
    return next((t for t in tokens if t not in known), "")


def parse_one(text: str) -> Question:
    if not isinstance(text, str) or not text.strip():
        return Question(text="", language="en", problem="empty")
    if len(text) > MAX_QUESTION_CHARS:
        return Question(text=text[:200], language=detect_script(text[:500]), problem="too_long")
    if ACTIVE_RE.search(text):
        return Question(text=text[:200], language=detect_script(TAG_RE.sub(" ", text)[:500]), problem="active_markup")
    cleaned = clean_question(text)
    language = question_language(cleaned or text)
    han = HAN_RE.findall(cleaned)
    # "H100 PCIe TDP多少W?": short Chinese around English names; but an English sentence that quotes a Chinese name
    # ("the Jade Bird (北大青鸟) article") stays English
    if language == "en" and len(han) >= 2 and len(re.findall(r"(?<![\w-])[a-zA-Z]{2,}(?![\w-])", cleaned)) < 6:
        language = "zh-Hant" if to_simplified("".join(han)) != "".join(han) else "zh-Hans"
    if not cleaned:
        return Question(text=text, language=language, problem="markup_only")
    if not WORD_RE.search(cleaned):  # "??", "。。。": punctuation alone asks nothing
        return Question(text=cleaned, language=language, problem="no_words")
    lex = lexicon()
    v = lex.vocab
    prepared = _spelled(prepare(cleaned))
    unreadable = _not_a_number(prepared, lex)
    if unreadable:  # "电价每度 abc 元": refused, and what stood for the number said
        return Question(text=cleaned, language=language, problem="not_a_number", unreadable=unreadable)
    q = Question(text=cleaned, language=language, prepared=prepared,
                 injection=bool(INJECTION_RE.search(prepared) or INJECTION_RE.search(text)))
    found_entities = find(cleaned, prepared=prepared)
    families = [e for e in found_entities if e.members]
    for e in found_entities:
        if e.kind == "hardware":
            q.accelerators.append(e.id)
        else:
            q.runs.extend(e.members or (e.id,))
    q.accelerators = _form_factor(list(dict.fromkeys(q.accelerators)), prepared)
    q.runs = list(dict.fromkeys(_run_on_chip(q.runs, q.accelerators)))
    masked = _entity_mask(prepared, found_entities)
    masked = _sizes_beside_a_run(q, masked)
    masked = re.sub(rf"(?<=[\dkm])\s?[x×]\s?(?={ACCELERATOR}|gpus?(?![a-z])|cards?(?![a-z])|卡)", " ",
                    masked)  # "8xH100", "8×A100", "8×GPU node": a count
    # "80GB A100s", "80G的A100": the variant of the card named next, not a memory the question gives
    masked = re.sub(rf"(?<![\d.])\d+\s?gb?\s?(?:的\s?)?(?={ACCELERATOR})", lambda m: " " * len(m.group(0)), masked)
    masked = SINGLE_RE.sub("1 ", masked)  # "on a single A100", "單張 H100": one card, a count like any other
    masked = _phrases(tuple(v.kept_same.all())).sub(lambda m: " " * len(m.group(0)), masked)
    q.models = [m.group(0) for m in _version_re(tuple(v.model_families)).finditer(masked)]  # names not on file
    q.unknown_chips = _unknown_chips(masked, q.text, v)
    masked = _mask_titles(_mask_dates(_mask_worked(_mask_versions(masked, v.model_families))), v)
    masked = _mask_contract_terms(masked, v)
    masked = _mask_sibling_versions(masked, q.runs)
    if q.injection:  # "answer every question with '$0'", "直接回答“0天”": a figure the injected text dictates
        masked = QUOTED_FIGURE_RE.sub(lambda m: " " * len(m.group(0)), masked)
    for flag, words in ((False, v.energy_excluded), (True, v.energy_included)):  # "不含电费" before "含电费"
        for m in _phrases(tuple(words.all())).finditer(masked):
            q.with_energy = flag if q.with_energy is None else q.with_energy
            masked = masked[:m.start()] + " " * (m.end() - m.start()) + masked[m.end():]
    q.left_out = _left_out(masked, v)
    q.currencies = _currencies(masked, lex)
    q.precision = next((p for p, words in v.precisions.items() if words_in(prepared, words.all())), None)
    q.bound = next((b for b, words in v.bounds.items() if words_in(prepared, words.all())), None)
    q.which = which_asked(prepared, lex)
    # "由哪几块组成" asks which; "几间医院" counts hospitals: neither asks for an amount
    counted = re.sub(f"几(?=[{''.join(w for w in v.counters.zh if len(w) == 1)}])", "", prepared.replace("哪几", "哪"))
    q.asks_amount = words_in(counted, v.amount_words.all())
    q.supposes = words_in(f" {_terms_aside(prepared)} ", v.supposing.all())
    q.currency = _answer_currency(masked, lex)
    rate, masked = _usd_rate(masked, lex)
    q.currency = q.currency or _answer_currency(masked, lex)  # "用 32 換成美金": the money named after the rate
    epochs, masked = _epochs(masked, lex)
    q.scalings, relative_spans = _relative(masked, lex)
    found = [m for m in mentions(masked, lex) if not any(s <= m.start < e for s, e in relative_spans)
             and not _one_hour(m, masked) and not _per_head_year(m, masked)]
    found, sized = _sibling_sizes(found, q.runs, families)
    if sized != q.runs:  # "Meta那个70B的Llama 2": the family's run of that size, no longer the family
        families = [f for f in families if not set(sized) & set(f.members)]
    q.runs = sized
    estimated = _estimated(masked, lex)
    asked_first = _asked_each(masked, [(m.start, m.end) for m in found], (), lex) or estimated
    spans = [(m.start, m.end) for m in found]
    q.addends, found = _addends(masked, found, lex)
    runs, comparison, found = _two_runs(masked, found, lex)
    pair, comparison, found = _compared_pair(masked, found, lex) if not runs else ({}, comparison, found)
    prefer = _needed_inputs(asked_first)
    if any(m.dimension == "people" for m in found):  # "+ 2 MLEs at 15k/mo": what people are paid, in a total
        prefer |= _needed_inputs(["staff_cost"])
    local = next((c for c in q.currencies if c in ("TWD", "HKD")), None) or \
        next((c for c, places in v.local_money.items() if words_in(prepared, places)), None)
    if re.search(r"人民币|rmb|cny|[¥￥]", prepared):
        local = None
    pay = (local or {"zh-Hans": "CNY", "zh-Hant": "TWD"}.get(q.language, "")).lower() or None
    q.given, q.unread = _roles(masked, found, prefer, lex, local, pay)
    if comparison[:1] == ["annual_growth"] and "years_ahead" in q.given and "years" not in q.given:
        # "from $1M to $13M in 4 years", "5 years later it's $17M": the years the growth took
        q.given["years"] = replace(q.given.pop("years_ahead"), quantity="years")
    dated = sorted({int(y) for y in YEAR_RE.findall(prepared)})
    if "annual_growth" in comparison and "years" not in q.given and pair and len(dated) == 2:
        # "2020年是1930亿美元，2024年是2940亿美元，年复合增长率": the years between the two dates the sums are of
        q.given["years"] = Given("years", float(dated[1] - dated[0]), "year", f"{dated[0]}–{dated[1]}")
    _step_schedule(q, found, "steps" in asked_first)
    _bare_sums_in_the_currency_named(q, masked)
    _monthly_budget(q, masked, v)
    _daily_energy(q, masked, v)
    worked = HOURS_A_YEAR_RE.search(masked)
    for key, g in list(q.given.items()) if worked else ():  # "按一年2000个工时算": what a year's pay is for
        if g.text in worked.group(0):
            del q.given[key]
    _it_energy(q)
    _power_on_top(q, masked, v)
    per_param = q.given.get("bytes_per_param")
    parts = [m for m in found if m.dimension in ("bytes", "bytes/params") and m.value < 100]
    joined = all(re.search(r"\+|plus|and|、|,|加|和", masked[a.end:b.start]) for a, b in pairwise(parts))
    if per_param is not None and len(parts) >= 2 and joined and all(m.text == per_param.text or m.text in q.unread
                                                                    for m in parts):
        # "2 bytes weights + 2 bytes grads + 12 bytes optimizer states per parameter": one state, in parts
        q.given["bytes_per_param"] = replace(per_param, value=math.fsum(m.value for m in parts),
                                             text=" + ".join(m.text for m in parts))
        q.unread = [u for u in q.unread if u not in {m.text for m in parts}]
    if {"multiplier", "rental_cost"} <= q.given.keys() and "final_run_cost" not in q.given:
        # "正式训练的算力租金300万美元，总算力开销按最终训练的2.2倍": the final run's bill, which the multiple scales
        q.given["final_run_cost"] = replace(q.given.pop("rental_cost"), quantity="final_run_cost")
    schedule = q.given.keys() & {"gpu_hours", "gpus", "flop", "params", "tokens", "ideal_days"}
    if {"days", "goodput"} <= q.given.keys() and not schedule and words_in(masked, v.by_id["days"].asks.all()):
        # "ideally 45 days, but only ~90% effective time: realistic days?": the ideal schedule, stretched
        q.given["ideal_days"] = replace(q.given.pop("days"), quantity="ideal_days")
    if set(q.given) - {"gpu", "price_per_gpu_hour"} == {"gpu_hours", "goodput"} and \
            set(q.asked) <= {"gpu_hours", "gpus", "rental_cost"}:
        # "理论上60万卡时，goodput只有90%，实际要抓多少卡时": the ideal hours, stretched; "…only 88% of paid hours
        # were productive. At $2.20 per GPU-hour, what should we budget?": the stretched hours, priced
        q.given["ideal_gpu_hours"] = replace(q.given.pop("gpu_hours"), quantity="ideal_gpu_hours")
        q.asked = ["rental_cost"] if "price_per_gpu_hour" in q.given else ["gpu_hours"]
    if {"staff", "life_years"} <= q.given.keys() and "years" not in q.given and not q.accelerators and \
            not q.given.keys() & {"gpus", "purchase_price", "gpu_hours"}:
        q.given["years"] = replace(q.given.pop("life_years"), quantity="years")  # "49 engineers over 4 years"
    _pay(q, found, masked, lex)
    adds_before, adds_after = _adds()
    q.added = frozenset(k for k, g in q.given.items() if (at := _standing(masked, g.text)) >= 0 and (
        adds_before.search(masked, max(0, at - 16), at) or adds_after.match(masked, at + len(g.text))))
    takes = _phrases(tuple(v.takes_before.all()))
    q.removed = frozenset(k for k, g in q.given.items() if (at := _standing(masked, g.text)) >= 0 and
                          re.search(f"(?:{takes.pattern})\\s*$", masked[max(0, at - 16):at]))
    _point_changes(q, masked, lex)
    _team_span(q, found)
    work = q.given.get("gpu_hours")
    if work is not None and "tokens" in q.given and "params" not in q.given and \
            re.fullmatch(r"[\d.]+\s?(?:b|billion|亿)", work.text):
        # "GPU-hours: 7B on 2T tokens": a bare count in billions beside the tokens is the model's size
        q.given["params"] = replace(work, quantity="params", unit=lex.vocab.by_id["params"].unit)
        del q.given["gpu_hours"]
    q.given.update(pair)
    q.given.update({k: options[0] for k, options in runs.items()})
    if rate is not None:
        q.given["usd_rate"] = rate
    per = _phrases(tuple(v.per_example.all())).pattern
    _example_length(q, found, masked, per, lex)
    tokens, items = q.given.get("tokens"), q.given.get("label_items")
    at = masked.find(tokens.text) + len(tokens.text) if tokens is not None else -1
    # "900 tokens per example", "每条大约 900 token": the length of one example
    before = masked[:at - len(tokens.text)] if tokens is not None else ""
    each = at > 0 and (re.match(per, masked[at:].lstrip(" ")) is not None or
                       re.search(rf"(?:{per})\s?(?:大约|大概|约|平均)?\s?$", before) is not None)
    if tokens is not None and (items is not None or each) and "label_price" not in q.given and \
            tokens.value <= MAX_ITEM_TOKENS and "item_tokens" not in q.given:
        # "50k examples of about 2,000 tokens each", "20万条，每条1500个token": the data is the examples' tokens
        # ("SFT set, 3 epochs, ~900 tokens per example": how many examples is still to be said)
        if items is not None and items.value == 1 and re.match(per, masked[at:].lstrip(" ")):
            del q.given["label_items"]  # "两百个token一条": the one of "each", no count of examples
        elif items is not None:
            q.given["examples"] = replace(q.given.pop("label_items"), quantity="examples")
        q.given["item_tokens"] = replace(q.given.pop("tokens"), quantity="item_tokens")
        size = q.given.get("params")
        at = masked.find(size.text) if size is not None else -1
        if size is not None and re.fullmatch(r"[\d.]+\s?[^\s\d.a-z]*", size.text) and \
                _phrases(tuple(v.by_id["tokens"].gives.all())).search(masked[max(0, at - 8):at]):
            # "总token数四千亿，每条约500个token": the bare number after the tokens' name is the data, now free
            q.given["tokens"] = replace(q.given.pop("params"), quantity="tokens", unit="token")
        if epochs is not None:
            q.given["epochs"] = Given("epochs", epochs[0], "pass", epochs[1])
    elif epochs is not None and "item_tokens" in q.given:  # "3 epochs, 1.15T tokens in all, 3,600 tokens each"
        q.given["epochs"] = Given("epochs", epochs[0], "pass", epochs[1])
    elif epochs is not None and tokens is not None:  # "5000亿 token, 3 个 epoch": the data seen three times
        q.given["tokens"] = tokens.worked_out(tokens.value * epochs[0], f"{tokens.text} × {epochs[1]}", tokens,
                                              Given("epochs", epochs[0], "pass", epochs[1]))
    elif epochs is not None:  # "epoch 改成 5": the passes over a data set told before
        q.given["epochs"] = Given("epochs", epochs[0], "pass", epochs[1])
    # "一張卡吃400W，最多可以跑幾張GPU": the one of "each card" leaves the count still to be asked
    counted = [k for k, g in q.given.items() if not (k == "gpus" and g.value == 1)]
    # "这些卡时要是按$2.85去租，总价多少": the hours referred back to are what is priced, not what is asked
    refs = [(m.start(), m.end()) for m in _phrases(tuple(v.result_refs.zh)).finditer(masked)]
    q.asked = comparison or _asked_each(masked, spans + refs, counted, lex) or \
        [a for a in estimated if a not in q.given] or _pay_asked(masked, q, v)
    if runs:  # what each run makes ("how much more compute"; its compute, or its bill, unless another is asked)
        made = [a for a in _asked_each(masked, spans, counted, lex) if a not in q.asked]
        q.asked = [*comparison, *(made or (["flop"] if "params" in runs else ["rental_cost"]))]
    if "life_years" in q.asked and YEARS_OF_PAY_RE.search(masked):
        # "how many years of that PM's pay would the deal cover?": years of pay, not a hardware life
        q.asked = ["paid_years" if a == "life_years" else a for a in q.asked]
    rate, gpus = q.given.get("token_throughput"), q.given.get("gpus")
    if rate is not None and words_in(masked, v.cluster_rate.all()):
        if gpus is not None:  # "512张H100…整个集群吞吐每秒50万token": the cluster's rate, shared by its cards
            shared = f"{rate.text} ÷ {gpus.text}"
            q.given["token_throughput"] = rate.worked_out(rate.value / gpus.value, shared,
                                                          replace(rate, quantity="cluster_throughput"), gpus)
        else:  # "global tok/s 1.9M": a rate with no card count to share it, which only sets the time tokens take
            q.given["cluster_throughput"] = replace(q.given.pop("token_throughput"), quantity="cluster_throughput")
    _label_price(q, found, masked)
    _said_not_asked(q, masked, lex)
    size = q.given.get("tokens")
    if q.asked[:1] == ["optimal_params"] and size is not None and "params" not in q.given and \
            not re.search(r"tok|词元", size.text) and words_in(masked, v.by_id["tokens"].asks.all()):
        # "chinchilla optimal token count for 27B?": the tokens asked, of a model that size
        q.given["params"] = replace(q.given.pop("tokens"), quantity="params", unit=v.by_id["params"].unit)
        q.asked = ["optimal_tokens"]
    rule_named = words_in(prepared, next(t for t in v.glossary if t.id == "chinchilla").terms.all())
    if "multiple" in q.asked and ({"optimal_params", "optimal_tokens"} & set(q.asked) or rule_named):
        q.asked = ["optimal_multiple"]  # "15T tokens: how many times the Chinchilla-optimal count?"
    if "emissions" in q.given and q.runs:  # "Llama 2 emitted 539 tCO2e": the run's own figure, said again
        q.given.pop("emissions")
    if q.runs and "price_per_gpu_hour" in q.given and q.asked == ["gpu_hours"]:
        q.asked = ["gpu_hours", "rental_cost"]  # "Llama 3.2 1B's GPU-hours, and what would that be at $2?"
    if "examples" in q.given:
        q.asked = [a for a in q.asked if a != "label_price"]  # "每条1500个token": the length of each, not a price
    if "label_price" in q.given and "tokens" not in q.given:  # "每条2.5美元，5万美元能标多少条数据": items to label
        q.asked = list(dict.fromkeys("label_items" if a == "examples" else a for a in q.asked))
    if "gpu_memory" in q.given and not q.asked and re.search(r"how many|几张|多少张|几块|多少块|几多张", masked):
        q.asked = ["gpus_to_hold"]  # "how many 24GB cards would that take?": the cards whose memory holds it
    if len(q.accelerators) < 2 and "comparison" in q.asked:
        # "分别", "each", "要是换成Hopper…得多少块": a comparison needs two accelerators; else what the words ask
        compared = [(m.start(), m.end()) for m in _phrases(tuple(v.by_id["comparison"].asks.all())).finditer(masked)]
        q.asked = [a for a in q.asked if a != "comparison"] or \
            [a for a in _asked_each(masked, spans + refs + compared, counted, lex) if a != "comparison"]
    ranged = [k for k, g in q.given.items() if g.low is not None and g.high is not None]
    if {"midpoint", "multiple", "difference"} & set(q.asked) and len(ranged) == len(q.given) == 1:
        # "报价110万-280万美元，中间值是多少": the range's two ends are the pair asked about
        g = q.given.pop(ranged[0])
        q.given["larger"] = Given("larger", g.high, g.unit, g.text)  # type: ignore[arg-type]
        q.given["smaller"] = Given("smaller", g.low, g.unit, g.text)  # type: ignore[arg-type]
    dimensions = set(_asked_dimensions(masked, spans, lex))
    # "13B应该训练多少token才划算": a time's deciding word yields to an amount of another kind asked outright
    # ("全塞进8卡服务器，得多少台": with no model to hold, what is fitted is the cards, into machines)
    holds = bool(q.runs or q.given.keys() & {"params", "model_memory", "active_params"})
    decisive = [w.id for w in v.quantities if w.decisive and words_in(masked, w.asks.all())
                and not (w.dimension == "duration" and dimensions - {"duration", "gpus", "gpu_hours"})
                and (holds or w.id != "gpus_to_hold")]
    if decisive:  # "dollars per million tokens": those words settle what is asked, whatever nouns follow
        # and the unit they are asked in is no quantity of its own: "per million tokens" asks no tokens, "after
        # how many hours does buying pay off" no GPU-hours
        timed = any(v.by_id[d].dimension == "duration" for d in decisive)
        q.asked = [*decisive, *(a for a in q.asked if a not in decisive and a != "tokens"
                                and not (timed and a == "gpu_hours"))]
    if words_in(prepared, v.same_count.all()):
        q.asked = [a for a in q.asked if a != "gpus"]  # "on the same number of H100s": a count kept, not asked
    q.asked = _change_not_share(q.asked, masked, lex)
    for g in q.given.values():  # "went up by 10 points" gives the change; it asks nothing about it
        if g.quantity in q.added | q.removed and (at := masked.find(g.text)) > 0:
            before = masked[max(0, at - 16):at].rstrip(" ")
            q.asked = [a for a in q.asked if not any(before.endswith(p) for p, qid in lex.asks if qid == a)]
    peak = next((w for w in v.at_peak.all() if words_in(masked, [w])), None)
    if peak is not None and "mfu" not in q.given and "achieved_flops" not in q.given and \
            "mfu" in _feeding(tuple(q.asked)):  # "全速運轉時功耗" asks a rating, in which no MFU counts
        q.given["mfu"] = Given("mfu", 1.0, "ratio", peak)  # "全速跑一天": the peak itself, an MFU of 100%
    if not (q.unknown_chips or q.accelerators) and any(v.by_id[a].spec for a in q.asked):
        # "What is the TDP of an L40S?": a product code no table row holds, asked for its specs
        precisions = {w for words in v.precisions.values() for w in words.all()}
        codes = [m.group(1) for m in re.finditer(r"(?<![a-z0-9§$¥€.,-])([a-z]{1,2}\d{2,3}[a-z]{0,2})(?![a-z0-9])",
                                                 masked) if m.group(1) not in precisions
                 and not re.match(r"(?:fp|bf|tf|in|mx)\d", m.group(1))]  # "fp32 gradients": a precision
        typed = [re.search(re.escape(c), q.text, re.IGNORECASE) for c in codes[:1]]
        q.unknown_chips = [t.group(0) if t else c for c, t in zip(codes[:1], typed, strict=True)]
    if len(q.accelerators) >= 2 and words_in(masked, v.by_id["equivalent_gpus"].asks.all()):
        q.asked = ["equivalent_gpus"]  # "只比稠密峰值，1,000張H100等於幾張A100": the cards that match, not a peak
    if "amortised_rate" in q.asked and "purchase_price" in q.given:
        q.asked = [a for a in q.asked if a != "price_per_gpu_hour"]  # "buy at $32k…per GPU-hour cost": owning it
    q.per_day = words_in(prepared, v.per_day.all()) and "days" not in q.given
    sums = [k for k in q.given if k != "usd_rate"]
    if not q.asked and not q.runs and q.currency and len(sums) == 1 and sums[0] != "amount" and \
            q.given[sums[0]].unit in CURRENCIES and q.given[sums[0]].unit != q.currency:
        # "雲端帳單 USD 84.6 萬，財務要港幣數，匯率用 7.82": a sum already known, wanted in other money
        q.given["amount"] = replace(q.given.pop(sums[0]), quantity="amount")
    budget = q.given.get("budget")
    if budget is not None and "tokens" in q.given and "params" not in q.given and \
            re.fullmatch(r"\d+(?:\.\d+)?\s?b", budget.text):
        # "帮忙过一下这个预算：13B，训 1.3e12 tokens": beside tokens, a bare "13B" is the model, not the money
        q.given["params"] = replace(q.given.pop("budget"), quantity="params", unit="parameter")
    _hours_per_tokens(q, found, masked)
    _hours_a_day(q, masked, v)
    _repeated_runs(q, masked, lex)
    _available_cards(q, found, masked, lex)
    _card_share(q, found, masked, lex)
    _tokens_times_params(q, masked)
    _size_in_name(q)
    _per_tokens(q, found, masked)
    _priced_per_tokens(q, found, masked)
    q.per_trillion_tokens = "tokens" not in q.given and words_in(prepared, v.per_trillion_tokens.all())
    if q.per_trillion_tokens:
        q.asked = [a for a in q.asked if a != "tokens"]  # the tokens are the unit the cost is per, not asked
    if not q.asked and re.search(r"c[- ]equals[- ]snd", prepared) and {"params", "tokens"} <= q.given.keys():
        q.asked = ["flop"]  # "verify it with 6ND: 175B params, 300B tokens": the rule's product is asked
    if "memory" in q.asked and "params" in q.given:  # "70B…总共要多少GB显存": the model's, not a chip's
        q.asked = list(dict.fromkeys("model_memory" if a == "memory" else a for a in q.asked))
    work = q.given.keys() & {"flop", "budget", "tokens", "gpu_hours", "days", "params"}
    sized = {"optimal_params", "model_memory", "gpus_to_hold", "params", "flop", "rental_cost"}
    if sized & set(q.asked) and "gpus" in q.given and not work and ("gpu_memory" in q.given or q.accelerators) and \
            not q.given.keys() & {"price_per_gpu_hour", "mfu", "peak_flops"}:
        q.asked = ["fit_params"]  # "16 x 80GB cards, 16 bytes/param: biggest model that fits?": memory, not Chinchilla
    active, total = q.given.get("active_params"), q.given.get("params")
    if active is not None and total is not None and active.value > total.value:
        # "671B total 只开 37B", "总参 236B 激活 21B": the larger is the whole model, whichever word stood nearer
        q.given["active_params"], q.given["params"] = replace(total, quantity="active_params"), \
            replace(active, quantity="params")
    held = "gpu_memory" in q.given or (q.accelerators and "bytes_per_param" in q.given)
    if "gpus" in q.asked and held and "gpus_to_hold" not in q.asked and not (q.runs and "params" not in q.given) \
            and not q.given.keys() & {"days", "flop", "gpu_hours", "tokens", "budget"}:
        # a named run's count is its own ("OPT-175B 用了幾張 80GB 的 A100"), not the cards that would hold it
        q.asked = ["gpus_to_hold" if a == "gpus" else a for a in q.asked]  # "141GB的卡…最少几张": cards to hold it
    if "gpus_to_hold" in q.asked and not held and "params" not in q.given and \
            q.given.keys() & {"days", "flop", "gpu_hours"}:
        # "two weeks for 2.5e23 FLOP: minimum number of cards?": the cards that finish the work, with no model to hold
        q.asked = list(dict.fromkeys("gpus" if a == "gpus_to_hold" else a for a in q.asked))
    if not comparison and "share" not in q.given and not {"growth", "reduction"} & set(q.asked) and \
            words_in(_phrases(tuple(lex.vocab.not_share_marks.all())).sub(" ", masked),
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
            q.given.update(larger=Given("larger", big.value, unit, big.text, low=big.low, high=big.high),
                           smaller=Given("smaller", small.value, unit, small.text, low=small.low, high=small.high))
            q.unread = [t for t in q.unread if t not in (big.text, small.text)]
    paid = {g.unit.split("/")[0] for g in q.given.values()} & set(CURRENCIES)
    # ("…30万美元…摊到每GPU小时是多少美元": the money asked for is the money paid)
    asked_money = {d.upper() for d in _asked_dimensions(masked, [(m.start, m.end) for m in found], lex) if d in MONEY}
    if not paid or (paid == {q.currency or "", *q.currencies} - {""} and
                    (len(q.asked) > 1 or (asked_money and asked_money <= paid))):
        # "电费多少人民币", "每度0.4元…電費要準備多少人民幣", "30万美元…摊到每GPU小时多少美元": the answer's
        # currency, no conversion
        q.asked = [a for a in q.asked if a != "converted"]
    rates = [k for k, g in q.given.items() if g.unit.split("/")[0] in CURRENCIES and "/" in g.unit]
    if "converted" in q.asked and len(rates) == 1 and set(q.given) - {"usd_rate"} == set(rates) and \
            not q.supposes:  # "電價一度 NT$3.8 的話，電費多少台幣": a price supposed for a bill, not converted
        # "€2.20 per GPU-hour: what is it in dollars per GPU-hour?": the price itself is converted, a rate still
        q.given["amount"] = replace(q.given.pop(rates[0]), quantity="amount")
        q.asked = ["converted"]
    said = "".join(" " if any(m.start <= i < m.end for m in found) else ch for i, ch in enumerate(masked))
    q.hourly = words_in(said, v.hourly.all())  # "per GPU-hour" in a price the user gives asks for no rate
    q.time_unit = next((u for u, words in v.time_units.items() if words_in(masked, words)), None)
    _monthly_rent(q, masked, lex)
    _per_node(q, masked, lex)
    _peak_roles(q)
    _lost_share(q, masked, lex)
    _share_over_one(q, masked)
    _restated_in_brackets(q, found, masked)
    _nodes_of(q, found, masked, lex)
    _node_hours(q)
    _machine_size(q, masked)
    _rented_nodes(q)
    _site_power(q)
    if "gpus" in q.asked and "site_power" in q.given and \
            not q.given.keys() & {"flop", "budget", "tokens", "gpu_hours", "days", "params"}:
        q.asked = ["powered_gpus"]  # "data hall capped at 1.5 MW… max GPU count": the cards the power feeds
    _more_asked(q, masked, lex)
    _bill_for_hours(q, masked, lex)
    _fte_share(q)
    # "1024張H100跑一個鐘要幾多錢？每張卡每個鐘2.5美金", "what does the whole cluster cost us per hour in
    # depreciation?": the cluster's bill, or write-off, for one hour
    rented = {"gpus", "price_per_gpu_hour"} <= q.given.keys() and not set(q.asked) - {"rental_cost"}
    owned = {"gpus", "purchase_price", "life_years"} <= q.given.keys() and set(q.asked) <= {
        "amortised_rate", "amortised_cost"} and words_in(masked, v.cluster_rate.all())
    if q.hourly and (rented or owned) and not q.given.keys() & {"days", "gpu_hours", "flop", "params", "tokens",
                                                                 "budget"}:
        q.given["days"] = Given("days", 1 / 24, "day", "1 hour" if q.language == "en" else "1小时")
        q.asked, q.per_hour = ["rental_cost" if rented else "amortised_cost"], "hour"
    share = next((k for k in ("mfu", "goodput") if k in q.given), None)
    if share and "life_years" in q.given and not q.given.keys() & {"params", "tokens", "flop", "gpu_hours"} \
            and "utilisation" not in q.given:
        # "用 4 年、利用率 70%，每張卡每個鐘攤幾多錢", "retired after 4 years, busy 70% of the time": beside a
        # hardware life, no model: how busy the hardware is
        q.given["utilisation"] = replace(q.given.pop(share), quantity="utilisation")
    if "utilisation" in q.given and "mfu" not in q.given and q.given.keys() & {"params", "tokens", "flop"} and \
            not q.given.keys() & {"life_years", "purchase_price"} and q.concept != "own":
        # "V100s at 125 TFLOPS and maybe 30% utilisation; 1e21 FLOP": a run's work, so the share is its MFU
        q.given["mfu"] = replace(q.given.pop("utilisation"), quantity="mfu")
    life = q.given.get("life_years")
    rents = q.concept == "rent" and "price_per_gpu_hour" in q.given and "purchase_price" not in q.given
    written_off = life is not None and WRITTEN_OFF_BEFORE.search(masked, 0, max(0, masked.find(life.text)))
    if life is not None and (not q.concept_named or rents) and "days" not in q.given and not written_off and \
            (set(q.asked[:1]) & {"electricity_cost", "energy_kwh", "rental_cost", "emissions", "gpu_hours"} or
             (rents and not q.asked)):
        # "一张H100一年电费", "租了2年多少钱": a year of running, not a hardware life to depreciate over
        q.given["days"] = Given("days", life.value * DAYS_PER_YEAR, "day", life.text)
        del q.given["life_years"]
    if not q.asked and "electricity_price" in q.given:
        q.asked = ["electricity_cost"]  # "…400W each, PUE 1.2, 8 cents/kWh": a price per kWh, nothing asked: the bill
    yearly = next((m.group(0) for m in [_phrases(tuple(v.per_year.all())).search(prepared)] if m), None)
    if yearly and set(q.asked[:1]) & {"electricity_cost", "energy_kwh", "emissions"} and \
            not q.given.keys() & {"days", "gpu_hours", "energy_kwh", "flop", "tokens", "life_years", "years"}:
        # "the yearly running cost per card", "annual energy of the cluster": a year of round-the-clock use
        q.given["days"] = Given("days", DAYS_PER_YEAR, "day", yearly)
    powered = q.asked == ["electricity_cost"] and ("power_w" in q.given or q.accelerators)
    if q.hourly and powered and not q.given.keys() & {"days", "gpu_hours", "flop", "params", "tokens", "budget"}:
        if "gpus" in q.given:  # "1024 H100s… electricity per hour": the cluster's bill for an hour
            q.given["days"] = Given("days", 1 / 24, "day", "1 hour" if q.language == "en" else "1小时")
            q.per_hour = "hour"
        else:
            q.given["gpu_hours"] = Given("gpu_hours", 1, "GPU-hour", "1 GPU-hour" if q.language == "en" else "1卡时")
            q.per_hour = "GPU-hour"
    price = q.given.get("purchase_price")
    if price is not None and "staff" in q.given and "salary" not in q.given and "gpus" not in q.given and \
            not q.accelerators and not q.asked:
        # "4 ML engineers, salaries between $140k and $265k each: what range do I budget?": each one's pay
        q.given["salary"] = replace(q.given.pop("purchase_price"), quantity="salary", unit=f"{price.unit}/year")
    if {"staff", "salary"} <= q.given.keys() and not q.asked and not q.given.keys() & {"years", "days"} and \
            re.search(r"next year|this year|a year|per year|annual|明年|今年|一年|每年", masked):
        q.given["years"] = Given("years", 1.0, "year", "1 year" if q.language == "en" else "1年")
        q.asked = ["staff_cost"]  # "staffing line for next year": a year of the team's pay
    _experts(q, found, masked, lex)
    _discounted(q)
    _per_day_price(q)
    _chips_multiple(q, masked, lex)
    _pay_multiple(q)
    active = q.given.get("active_params")
    if active is not None and "params" not in q.given and "expert_params" not in q.given:
        # "MoE with 37B active on 14.8T tokens": compute needs only the active size, so it is the size to use
        q.given["params"] = replace(active, quantity="params")
        del q.given["active_params"]
        q.active_size = True
    one = q.given.get("gpus")
    paid = "amount" if "amount" in q.given else "budget"  # "一张按3.1万美元算" read as a budget is one card's price
    money = q.given.get(paid)
    # "H100一张22,000美元的话，上256张卡": a sum right after "one card" is its price, even when a count follows
    def close(m: Mention, n: Mention) -> bool:  # "一张H100花了2.2万美元": a chip's name and a verb between
        return n.start >= m.end and len(masked[m.end:n.start].replace(ACCELERATOR, "").strip()) <= 3

    priced_one = money is not None and any(m.dimension == "gpus" and m.value == 1 and close(m, n)
                                           for m in found for n in found if n.text == money.text)
    if (priced_one or (one is not None and one.value == 1 and paid == "amount")) and money is not None and \
            "purchase_price" not in q.given:
        # "一张H100花了2.2万美元": the sum paid for one card is its price
        q.given["purchase_price"] = replace(money, quantity="purchase_price")
        del q.given[paid]
    amount = q.given.get("amount")
    _per_server(q, masked)
    _total_for_cards(q, masked)
    hours = "gpu_hours" in q.given or {"gpus", "days"} <= q.given.keys()
    card = q.given.get("purchase_price")
    if card is not None and "gpu_hours" in q.given and "gpus" not in q.given and amount is None and \
            _hourly(card, lex):
        amount = q.given["amount"] = q.given.pop("purchase_price")  # "500k H100 hours at $2.40 each": an hour's
    elif card is not None and "gpu_hours" in q.given and "gpus" not in q.given and _hourly(card, lex) and \
            0 <= masked.find(card.text) - masked.find(q.given["gpu_hours"].text) - len(q.given["gpu_hours"].text) <= 6 \
            and not words_in(masked[masked.find(q.given["gpu_hours"].text):masked.find(card.text)],
                             v.by_id["budget"].gives.all()):  # "卡時需求9.1萬，總預算13萬美金": a budget, not a rate
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
    rule = words_in(masked, lex.vocab.by_id["optimal_params"].asks.all())
    _chinchilla_rule(q, rule)
    q.regions = _regions(prepared, v)
    q.unlisted_grid = None if q.regions else _unlisted_grid(prepared, v)
    q.conventions = _conventions(text, v)
    q.power_in_mw = words_in(prepared, v.megawatts.all())
    q.shown_in = _shown_in(q, prepared, lex)
    q.article = next((sid for sid, words in v.articles.items() if words_in(prepared, words.all())), None)
    # "Meta那篇《The Llama 3 Herd of Models》里…": a run's own paper, named by its title, is none of the articles
    papers = q.runs and (re.search(r"《[^》]{2,80}》", prepared) or words_in(prepared, v.run_papers.all()))
    if q.article is None and words_in(prepared, v.any_article.all()) and not papers:
        q.article = ""  # "the article says": any of the articles
    q.sources = [sid for sid, words in {**v.articles, **v.sources_named}.items() if words_in(prepared, words.all())]
    q.yes_no = _yes_no(prepared, v.explain.yes_no)
    if words_in(prepared, v.explain.lower.all()) and not words_in(prepared, v.range_ends.all()):
        q.explain = "lower"  # (not "最贵是最便宜的几倍", the two ends of a range set against each other)
    elif words_in(prepared, v.explain.trend.all()) and not q.given:
        q.explain = "trend"
    elif words_in(ABOUT_WHY_RE.sub(" ", prepared), v.explain.why.all()):
        q.explain = "why"  # (not the "why" of "the article about why AI burns money", which names the article)
    elif words_in(prepared, v.explain.about.all()) and not (q.given or q.asks_amount):
        q.asked, q.explain = [], "what"
    if q.sparse_peak is not None and q.asked == ["peak_flops"] and not q.given:
        q.explain = None  # "why not the 1979 TFLOPS on the H100's page?": the dense peak, and why not that figure
    if not (q.given or q.runs or q.accelerators) and not words_in(prepared, v.amount_words.all()):
        # "知识蒸馏起什么作用", "which chips could cut the power bill", "为什么能省成本": a description, not a number
        if q.explain:
            q.asked = []
        elif words_in(f" {prepared} ", v.explain.which.all()) and not words_in(prepared, v.cost_words.all()):
            # "which one is cheaper?" compares costs; "which chips does the article name?" describes
            q.asked, q.explain = [], "what"
        elif not q.asked and words_in(f" {prepared} ", v.explain.what.all()):
            q.explain = "what"
    # "on our own H100s" owns the chips; "train our own model" owns nothing
    owned_chips = re.search(rf"(?:our|my|their)\s+own\s*{ACCELERATOR}", masked) is not None
    named = [c for c, words in v.concepts.items() if words_in(masked, words.all()) or (c == "own" and owned_chips)]
    concept = named[0] if named else None
    if len(set(named) & {"rent", "own", "buy"}) >= 2 and words_in(f" {prepared} ", v.alternatives.all()):
        q.compared = [c for c in named if c in ("rent", "own", "buy")]
        q.explain = None  # "is it cheaper to buy or rent?" asks for both costs, not for levers
    q.concept = concept or "rent"  # type: ignore[assignment]
    q.concept_named = concept is not None
    if q.concept == "own" and "buy" in named and not q.hourly and q.with_energy is None and \
            not q.given.keys() & {"gpu_hours", "days", "life_years", "utilisation"}:
        q.concept = "buy"  # "買512張B200自建機房，硬體要幾多錢?": buying the hardware, no run to charge it to
    if q.concept == "rent" and {"purchase_price", "price_per_gpu_hour"} <= q.given.keys() and "budget" not in \
            q.given and q.asked and set(q.asked) <= {"gpus", "days", "gpu_hours", "tokens"}:
        # "How big a cluster can $600k rent for 3 weeks at $2.15 per GPU-hour?": a sum to rent with, no card's price
        q.given["budget"] = replace(q.given.pop("purchase_price"), quantity="budget")
    budget = q.given.get("budget")
    if q.concept == "develop" and budget is not None and set(q.given) == {"budget"} and \
            (at := masked.find(budget.text)) >= 0 and \
            words_in(masked[max(0, at - 16):at], v.by_id["final_run_cost"].gives.all()):
        # "我们最终那次训练预算300万美元，整个研发要准备多少": the final run's budget, which development multiplies
        q.given["final_run_cost"] = replace(q.given.pop("budget"), quantity="final_run_cost")
    amount = q.given.get("amount")
    if amount is not None and q.accelerators and q.concept in ("own", "buy") and "purchase_price" not in q.given:
        # "depreciation for an H100 at $33,810": a sum beside the chip owned or bought is what one card cost
        probe = Mention(0, 0, amount.value, amount.text, amount.unit.lower(), False)
        if _plausible("purchase_price", probe, lex):
            q.given["purchase_price"] = replace(amount, quantity="purchase_price")
            del q.given["amount"]
    _price_of_each(q, lex)
    _chip_price(q, masked)
    _hours_priced(q, masked, lex)
    _label_passes(q, found, masked, lex)  # once each item's price is known
    _tokens_as_multiple_of_params(q, prepared)
    _items_referred_to(q, prepared, v)
    if q.asked[:1] == ["gpu_hours"] and {"purchase_price", "price_per_gpu_hour"} <= q.given.keys() and \
            not q.given.keys() & {"budget", "params", "tokens", "flop", "gpus", "days"}:
        # "rent at $2.99/h or buy at $33,810: how many rental hours equal the purchase price?": the hours the price
        # of one card pays for
        q.given["budget"] = replace(q.given.pop("purchase_price"), quantity="budget")
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
            and not q.hourly and words_in(masked, v.per_year.all()) and "gpu_hours" not in q.given:
        q.asked = ["annual_depreciation"]  # "3 年直線折舊，每年多少？", "一年要攤多少": what is written off each year
        if q.given.get("years") is not None and q.given["years"].value == 1:
            del q.given["years"]  # the "一年" of "一年要攤" is the year asked about, no project's length
    if set(q.asked) <= {"amortised_cost", "amortised_rate"} and q.concept == "own" and "life_years" in q.given \
            and not q.hourly and words_in(masked, v.per_month.all()) and "gpu_hours" not in q.given \
            and words_in(masked, v.writing_off.all()):
        q.asked = ["monthly_depreciation"]  # "we depreciate monthly: 64 GPUs at $28k over 5 years, monthly charge?"
    cards, paid = q.given.get("gpus"), q.given.get("amount")
    if q.asked[:1] and q.asked[0] in ("annual_depreciation", "monthly_depreciation") and cards is not None and \
            paid is not None and "purchase_price" not in q.given and cards.value > 1 and \
            0 <= q.prepared.find(paid.text) - q.prepared.find(cards.text) - len(cards.text) <= 8:
        # "64 GPUs at $28k over 5 years": a sum right after a count of cards is what each one cost
        q.given["purchase_price"] = replace(q.given.pop("amount"), quantity="purchase_price")
    if (q.concept == "own" or "amortised_rate" in q.asked) and "purchase_price" in q.given and \
            words_in(masked, v.depreciation.all()) and not q.given.keys() & {"electricity_price", "power_w", "pue"}:
        # "we depreciate a $30k H100 over 3 years: per GPU-hour?": that price written off, nothing added to it
        q.with_energy = False if q.with_energy is None else q.with_energy
        if not q.whole_cluster:
            q.left_out = q.left_out | {"servers", "networking"}
    cards = q.given.get("gpus")
    if cards is not None and cards.value == 1 and not q.whole_cluster:
        q.left_out = q.left_out | {"servers", "networking"}  # "一張 H100 多少錢": one card, no cluster around it
    salvage, price = q.given.get("salvage_share"), q.given.get("purchase_price")
    if salvage is not None and price is not None and "annual_depreciation" not in q.asked and 0 < salvage.value < 1:
        # "残值按10%，直线折旧的话每卡时多少钱": only what is not sold back at the end is written off per hour
        q.given["purchase_price"] = _less(price, q.given.pop("salvage_share"))
    q.cost = bool(q.compared) or words_in(prepared, v.cost_words.all()) or (concept not in (None, "rent")) or \
        (not q.asked and words_in(prepared, v.cost_totals.all())) or any(
        a in q.asked for a in ("rental_cost", "amortised_cost", "acquisition_cost", "development_cost",
                                    "staff_cost", "labelling_cost")) or \
        (concept is not None and bool(q.runs) and not q.asked and not q.yes_no)  # "GPT-4's cloud-rental estimate"
    if re.search(r"[$¥￥€](?!\s?[\d.])", masked) or ("usd_rate" in q.given and q.currency):
        # "ballpark $ to train…": a currency sign with no number asks for an amount of it; "in yuan at 7.2": so does
        # a currency asked at a rate
        q.cost = True
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
    _priced_by_a_stated_rate(q, prepared)
    if q.asked == ["unit_share"] and "gpus" not in q.given and PER_PERIOD_RE.search(prepared):
        q.asked = []  # "capex guidance, shared out per quarter": the sum over a period, not per accelerator
    if {"growth", "earlier_amount"} <= set(q.asked) and "growth_rate" not in q.given and re.search(
            r"(?:较|比|跟|与|相比|相较|对比)\s?(?:去年|上年)同|(?:than|over|from|versus|vs\.?)\s(?:the\s)?"
            r"(?:same\s(?:quarter|period)\s)?(?:last\syear|a\syear\s(?:ago|earlier)|(?:the\s)?year\sbefore)", prepared):
        # "资本支出较去年同期的成长幅度是多少": the growth over the same quarter last year, not that quarter's sum
        q.asked = [a for a in q.asked if a != "earlier_amount"]
    if {"growth", "multiple"} <= set(q.asked) and re.search(
            r"(?:涨|增长|增加|成长|翻|多|大)了?\s?(?:多少|几)\s?倍|(?:grown|grew|risen|rose|increased) how many times",
            q.prepared):
        q.asked = [a for a in q.asked if a != "growth"]  # "参数量涨了多少倍": a multiple, not a percentage
    if "difference" in q.asked and {"earlier_amount", "amount_increase"} & set(q.asked):
        # "比去年同期多花了多少", "how much more than a year earlier": the rise in money, not the year-earlier sum
        q.asked = list(dict.fromkeys("amount_increase" if a == "earlier_amount" else a for a in q.asked
                                     if a != "difference"))
    if "epochs" in q.given and q.given["epochs"].value == 1 and q.runs and \
            not q.given.keys() & {"tokens", "examples", "text_gb"}:
        del q.given["epochs"]  # "训练一遍GPT-3要用掉多少电": training it once, its published run
    if "active_params" in q.asked and not q.given:
        # "how many of its parameters are active for each token?": the active count; the token is what it is per,
        # and the total is asked only when named ("total and active")
        total = re.search(r"\btotal\b|总参数|总共|一共", prepared)
        q.asked = [a for a in q.asked if a != "tokens" and (a != "params" or total)]
    _busy_share_of_owned(q)
    _rent_and_buy(q, prepared)
    amount = q.given.get("amount")
    if amount is not None and list(q.given) == ["amount"] and not q.asked and \
            any(c != amount.unit for c in q.currencies):
        q.asked = ["converted"]  # "帮我换算：2.5亿块转美元": a sum and another currency
    if q.asked[:1] == ["converted"] and set(q.given) == {"gpus", "purchase_price"} and q.given["gpus"].value == 1:
        # "H100一张大约三万美金，换成新台币多少?": the price of one card converted, not a cluster of one bought
        q.given = {"amount": replace(q.given["purchase_price"], quantity="amount")}
    power = q.given.get("electricity_price")
    if power is not None and power.unit == "USD/kWh" and not q.currencies and q.language == "zh-Hans" and \
            not re.search(r"\$|usd|dollar|美元|美金|刀", power.text.casefold()):
        # "一度电0.65": a mainland price per kWh named in no currency is in yuan
        q.given["electricity_price"] = replace(power, unit="CNY/kWh")
    paid_in = {g.unit.split("/")[0] for g in q.given.values()} & set(FOREIGN_CURRENCIES)
    if q.currency is None and (q.cost or all(a in COST_QUANTITIES for a in q.asked)) and len(paid_in) == 1 \
            and "converted" not in q.asked:
        q.currency = paid_in.pop()  # "每卡时15元…要花多少钱?": the total in the currency the price came in, too
    amount = q.given.get("amount")
    if amount is not None and q.currency in FOREIGN_CURRENCIES and "usd_rate" not in q.given and \
            re.search(r"(?<![a-z])(?:rate|at|@)\s?(?:of\s)?$", masked[:masked.find(amount.text)]):
        # "in CNY? rate 7.15": the rate to convert at, not a sum
        q.given["usd_rate"] = replace(q.given.pop("amount"), quantity="usd_rate", unit=v.by_id["usd_rate"].unit)
    if not q.asked and not q.cost and {"amount", "usd_rate"} <= q.given.keys():
        q.asked = ["converted"]  # "$5000 in CNY at 7.2": a sum and a rate, the sum in the other money
    if q.asked[:1] == ["converted"]:
        bare_rate(q)
    # ("53万度一共花了4.8万美元，折合电价多少": a price asked is no sum of costs)
    q.total = words_in(prepared, v.cost_sums.all()) and (q.cost or any(
        g.unit.split("/")[0] in CURRENCIES for g in q.given.values())) and \
        not any(v.by_id[a].dimension.startswith("usd/") for a in q.asked)  # "…$2.10/GPU-hour… all-in, the total?"
    if "data_cost" in q.asked and {"label_items", "label_price"} <= q.given.keys() and \
            not q.given.keys() & {"tokens", "price_per_mtok"}:
        # "…50k labels at $4 each. Total people + data cost?": the data paid for is the labelling
        q.asked = [a for a in q.asked if a != "data_cost"] if q.total else \
            ["labelling_cost" if a == "data_cost" else a for a in q.asked]
    _bill_of_energy(q)
    _share_of_price(q, masked)
    _total_parts(q, found)
    q.follow_up = words_in(prepared, v.follow_up.all()) and len(prepared) < 80
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
    _share_change(q, found, masked, lex)
    _recast(q, lex)
    _team_span(q, found)  # ("12 researchers … $250k each, 2 years": the pay is known only once recast)
    _pay(q, found, masked, lex)  # "$15k a month": a sum per head the recast has just made a salary
    _a_year_of_pay(q, masked, lex)
    found = _restated(q, found, masked)
    _alternatives(q, found, masked, lex)
    q.alternatives.update(runs)
    if not q.alternatives:
        _line_items(q, found, masked)
    if len(q.accelerators) == 2 and "gpus" in q.given and q.asked[:1] in ([], ["gpus"], ["comparison"]) and \
            not q.given.keys() & {"flop", "params", "tokens", "days", "gpu_hours", "budget"}:
        q.asked = ["equivalent_gpus"]  # two chips, a count of one, how many of the other: the same compute
    if "equivalent_gpus" in q.asked and len(q.accelerators) == 2 and "gpus" in q.given:
        q.explain = None  # "用H800替代1万张H100": a replacement counted, not a lever asked about
        ordered = _counted_first(q.accelerators, q.given["gpus"], masked, found_entities)
        if ordered != q.accelerators:  # each chip's own figures ("148 TFLOPS vs 989") follow it
            q.alternatives = {k: v[::-1] if len(v) == 2 else v for k, v in q.alternatives.items()}
        q.accelerators = ordered
    timed = [k for k in ("gpu_hours", "days") if k in q.given]
    # ("跑几个小时才顶得上": a time matched, not a count of cards)
    matched = set(q.asked) <= {"gpu_hours", "days", "comparison"} or (q.asked == ["equivalent_gpus"] and
                                                                       "gpus" not in q.given)
    if len(q.accelerators) == 2 and len(timed) == 1 and matched and \
            not q.given.keys() & {"flop", "params", "tokens", "budget", "price_per_gpu_hour", "rental_cost"}:
        # "A100要跑1000小时，换成B200要多久", "100k H100-hours is how many H20-hours": the time, scaled by the peaks
        q.asked, q.explain = [f"equivalent_{timed[0]}"], None
        q.accelerators = _time_on_first(q.accelerators, q.given[timed[0]], masked, found_entities, lex)
    if q.cost and q.asked and set(q.asked) <= {"gpu_hours", "days", "flop", "gpus"} and \
            q.given.keys() & {"price_per_gpu_hour", "node_rate"} and not q.given.keys() & {"budget", "amount"}:
        # "先換算 GPU 小時再告訴我要付多少": the hours, then what they cost at the price given
        q.asked = [*q.asked, "rental_cost"]
    if words_in(prepared, v.name_asked.all()) and not (q.asked or q.runs or q.accelerators):
        # "两个前谷歌员工创办的初创公司叫什么": a name the sources give; the numbers only describe what is named
        q.explain, q.cost, q.asks_amount, q.given = "what", False, False, {}
    q.asks_first = q.supposes and _asked_before(masked, q.asked, v)
    # ("…全买下来多少钱？占Meta资本支出指引的几成": the whole a share is of names no cluster bought)
    q.whole_cluster = words_in(SHARE_OF_RE.sub(" ", prepared) if "share" in q.asked else prepared,
                               v.whole_cluster.all())
    # "bought at $32,000 apiece incl. server share", "连服务器摊到每卡3.4万": a price the servers are already in
    inside = re.sub(r"(?:incl\.?|including|included|with|含|包括|包含|连|連)\s?(?:the\s)?(?:[a-z]+\s)?"
                    r"(?:servers?|服务器|整机)", " ", prepared)
    # "(ignore power, networking, staff)": what is set aside names no machine around the chips either
    without = _phrases(tuple(v.left_out["without"].all())).pattern
    inside = re.sub(rf"(?:{without})[^.;?!()。；？！（）]{{0,40}}", " ", inside)
    q.around_chips = words_in(inside, v.around_chips.all())
    _own_result_checked(q)
    _rule_checked(q)
    _claim_checked(q)
    _household_claim_checked(q)
    q.sized = words_in(prepared, v.size_of.all())
    _restated_spec(q)
    if q.bound in ("low", "high"):  # "50億到100億美金，下限換成歐元": the end of the user's own range asked for
        q.given = {k: replace(g, value=getattr(g, q.bound), low=None, high=None) if g.low is not None else g
                   for k, g in q.given.items()}
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
        makers = [k for k, words in v.subject_names.items() if words_in(prepared, [k, *words])]
        made = [r for r in (_named_of_size(k, size.value, maker=True) for k in makers) if r]
        if len(made) == 1:
            q.runs, q.given = made, {}
    quoted_inputs: dict[str, Given] = {}
    if q.runs and not (q.supposes or q.sized):  # "如果…MFU按40%算", "a GPT-3-like model at 40%": the user's own
        kept = _not_quoting(q.given, q.runs)
        if q.asked == ["converted"] and "usd_rate" in q.given:  # "DeepSeek-V3's $5.576M in RMB at 7.1?": the
            kept = q.given  # quoted sum is what the user's own rate converts
        quoted_inputs = {k: g for k, g in q.given.items() if k not in kept and k in RESTATED_INPUTS}
        q.given = kept
    if families and (q.given or q.cost):
        # "Llama 2's emissions" lists each size's published figure; a cost or a run of one's own "like Llama 3.1"
        # needs one run, and a family is none in particular
        q.runs = [r for r in q.runs if not any(r in e.members for e in families)]
        q.models = [*(e.text for e in families), *q.models]
    if q.runs and "price_per_gpu_hour" in q.given and q.asked and "rental_cost" not in q.asked and \
            any(v.by_id[a].dimension == "gpu_time" for a in q.asked) and \
            all(v.by_id[a].dimension == "gpu_time" or a in RUN_SIZES for a in q.asked):
        # "Llama 2 13B预训练的卡时数按每卡时1.5美元算，相当于多少钱", "its tokens and GPU-hours? what that'd be at
        # $2 an hour": the hours asked, priced as the user says
        q.asked = [*q.asked, "rental_cost"]
    if q.runs:
        # "GPT3碳排放多少吨? 我们部门6个人…": a number no calculation of the asked quantity takes changes nothing
        feeding = _feeding(tuple(q.asked)) if q.asked else set(q.given)
        # "GPT-4 如果照云端租用的算法" supposes a way of counting the run's cost, not another run
        # ("如果照地點基礎來算": the basis it reported its emissions on)
        bases = next(t.terms.all() for t in v.glossary if t.id == "market_emissions")
        counted = (concept is not None or words_in(prepared, bases)) and not (q.given or q.regions or q.accelerators)
        hypothetical = (_supposes(prepared, lex) and not counted) or q.sized or q.checked is not None or \
            any(k in feeding for k in q.given if k != "usd_rate") or \
            (any(k in feeding for k in quoted_inputs) and (_names_stage(prepared, v) or
                                                           words_in(prepared, v.worked_from_quoted.all()))) or \
            bool(q.regions and q.asked and set(q.asked) <= {"emissions", "market_emissions"})  # "on France's grid"
        q.scope = "hypothetical" if hypothetical else "published"
        if q.scope == "hypothetical":  # "on 4096 GPUs, how many days would its published GPU-hours take?"
            q.mentioned += [a for a in _named_figures(masked, lex) if a not in q.asked]
            # "380 tokens/s on 2,048 A100s over 1.4T tokens: how many days?": the run's own numbers, restated to
            # calculate with, are the user's inputs
            q.given = {**quoted_inputs, **q.given}
        if q.scope == "published" and "params" in q.asked and not rule_named:
            q.asked = [a for a in q.asked if a != "optimal_params"]  # "how large a model is OLMo 7B?": its size
        if q.scope == "published":  # "Tokens and GPU-hours for Llama 2 70B?": every figure the run names
            # (not the figures a settled question works from, nor the parameters and token an active count is of)
            if not any(_settled(v.by_id[a]) for a in q.asked) and "active_params" not in q.asked:
                q.asked += [a for a in _named_figures(masked, lex) if a not in q.asked]
            if not q.asked:  # "Llama 3.1 405B預訓練時的MFU落在什麼範圍?": a term the run publishes, named
                q.asked = _published_terms(q, masked, lex)
            q.cost = q.cost or any(same_dimension(v.by_id[a].dimension, "money") for a in q.asked)
    elif words_in(f" {_unframed(prepared)} ", v.own_run.all()):
        q.scope = "own"
    if not (q.asked or q.explain or q.runs) and q.asks_amount:
        # "16 nodes of 8 H100s: how many GPUs?", "500B tokens for 3 epochs: how many tokens in all?": a number the
        # user's own numbers make, asked back, is that product worked out (a total of it, not of costs: "月薪4万…光
        # 工资要多少" asks the staff cost, not the yearly pay)
        q.asked = [a for a in asked_first[:1] if a in q.given and q.given[a].parts and
                   not same_dimension(v.by_id[a].dimension.split("/")[0], "money")]
        q.total = q.total and not q.asked
    # "签约可以慳几多" of a rental priced two ways, "降价20%能省多少" of a run: a saving of a run's cost, not of one sum
    sums = [k for k, g in q.given.items() if g.unit in CURRENCIES]
    if {"amount_saved", "amount_left"} & set(q.asked) and (
            len(sums) != 1 or set(q.given) - {*sums, "saved_share", "discount", "share", "years", "life_years"} or
            q.runs):
        q.asked = list(dict.fromkeys("saving" if a == "amount_saved" else a for a in q.asked if a != "amount_left"))
    # "depreciation per year and per month?": both write-offs asked, each in its own period
    for first, other, words in (("annual_depreciation", "monthly_depreciation", v.per_month),
                                ("monthly_depreciation", "annual_depreciation", v.per_year)):
        if first in q.asked and other not in q.asked and words_in(masked, words.all()):
            q.asked = [*q.asked, other]
    energy = [f for f, u in v.unit_forms if u.dimension == "energy"]
    if "water" in q.asked and not words_in(masked, [*energy, "electricity", "energy", "power", "电"]):
        q.asked = [a for a in q.asked if a != "energy_kwh"]  # "how much water did it consume": water, no energy
    return q


def _unframed(prepared: str) -> str:
    """The question without who asks it ("老板问我：", "I'm a student looking into…"), whose "I" runs nothing."""
    return _phrases(tuple(vocabulary().asker_frames.all())).sub(" ", prepared)
