"""A question read with the conversation before it: a follow-up applied onto the question it follows."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.entities import find, sibling
from assistant.parse.asked import _denominator_at, _feeding
from assistant.parse.claims import _chinchilla_rule, _named_figures
from assistant.parse.lexicon import _phrases, lexicon, prepared, words_in
from assistant.parse.machines import _rented_nodes
from assistant.parse.masks import _entity_mask
from assistant.parse.mentions import Mention, mentions
from assistant.parse.money import _discounted, bare_rate
from assistant.parse.reading import parse_one
from assistant.parse.roles import _plausible, _spelled
from assistant.question import (
    CONCEPT_TARGET,
    CURRENCIES,
    Given,
    Question,
)
from assistant.textnorm import prepare, script_neutral
from tools.cost import DAYS_PER_YEAR


def parse(text: str, history: Sequence[dict[str, object]] = ()) -> Question:
    """The question, completed from the earlier user turns when it follows up on them."""
    current = parse_one(text)
    if current.problem:
        return current
    earlier = [parse_one(str(t.get("content", ""))) for t in history if t.get("role") == "user"]
    earlier = [e for e in earlier if not e.problem]
    if not earlier:
        current.follow_up = False  # "给我们那个MoE估一下…": with nothing said before, "那个" follows up on nothing
        return _described(_defined(current))
    if current.language == "zh-Hans" and earlier[-1].language == "zh-Hant" and script_neutral(current.text):
        current.language = "zh-Hant"  # "那用H800呢?" reads the same in both scripts: keep the conversation's
    elif current.language == "en" and earlier[-1].language != "en" and re.search(r"[\u4e00-\u9fff，。？！：；、]",
                                                                                 current.text):
        current.language = earlier[-1].language  # "same model but 2048 GPUs and 45% MFU，幾天": the conversation's
    base = earlier[0]
    for e in earlier[1:]:
        if _follows(e) or _sets_scene(base):  # "and if we went with 1,024?" changed the earlier count
            if e.unread:
                _bare_numbers(e, base)
            _repriced(e, base)
            base = base.then(e)
        else:
            base = e
    if not current.given and ("converted" in base.asked or base.currency or current.currency) and \
            "usd_rate" not in base.given:
        bare_rate(current)  # "换成人民币多少" then "按 7.25 算呢": the exchange rate to convert at
    doubting = _unsure_of(current, base)
    base = doubting or base
    if current.unread:
        _bare_numbers(current, base)
    _answer_given(current, base)
    _said_instead(current, base)
    _repriced(current, base)
    if not (doubting or _follows(current) or (_sets_scene(base) and not current.explain)):
        return _described(_defined(current))
    if not (current.asked or current.given or current.scalings):
        # "and the FLOPs for that run?"; a chip's name ("TPU v5e") names no count of chips ("GPU租金砍半": what is
        # scaled is no figure asked)
        current.asked = _named_figures(_entity_mask(current.prepared, find(current.text, prepared=current.prepared)),
                                       lexicon())
    _per_period(current, base)
    v = lexicon().vocab
    if base.given and not (current.given or current.accelerators or current.runs or current.scalings or
                           current.regions or current.asked or current.cost or current.currency or
                           current.currencies or current.precision or current.left_out or
                           current.with_energy is not None or words_in(current.prepared, v.dense_model.all())) and \
            not _names_card_topic(current.text):
        return current  # "and the weather?" after a calculation changes nothing in it: a new question
    _sibling_run(current, base)
    if current.asked == ["unit_share"] and any(k in base.given and k.endswith(("price", "price_per_gpu_hour"))
                                               for _, options in current.scalings for k in options):
        current.asked = []  # "what if they had to pay double that per chip?": the price per chip scaled, no share
    life = current.given.get("life_years")
    if life is not None and "life_years" in base.given and life.value == 1 and not re.search(r"\d", current.text):
        del current.given["life_years"]  # "要是全年满负荷运行…" after a 4-year write-off: a year of running
    span = current.given.get("days")
    if span is not None and "years" in base.given and "days" not in base.given and "years" not in current.given:
        # "只做 9 個月" after a team's pay for a year: the project's length, in the years the pay is counted in;
        # "slipped by 3 months": that much longer
        current.given["years"] = replace(current.given.pop("days"), quantity="years", value=span.value / DAYS_PER_YEAR,
                                         unit="year")
        current.added = frozenset("years" if k == "days" else k for k in current.added)
    merged = base.then(current)
    published = [t for t in _defined(replace(base)).defines if v.by_id.get(t) is not None and v.by_id[t].run_metric]
    if published and current.runs and not (current.asked or current.defines or current.given):
        # "What does Epoch estimate GPT-4's amortised cost was?" then "and Gemini Ultra?": that figure of this run
        merged.asked = published
    written_off = words_in(current.prepared, [*v.writing_off.all(), *v.depreciation.all()]) or \
        bool({"annual_depreciation", "monthly_depreciation"} & set(base.asked))
    owned_before = {"amortised_rate", "amortised_cost"} & set(base.asked)  # its energy, as the first answer had it
    if written_off and "purchase_price" in merged.given and not owned_before and \
            set(merged.asked) & {"amortised_rate", "amortised_cost"} and merged.with_energy is None and \
            not current.given.keys() & {"power_w", "electricity_price", "pue"}:
        # "按3年折旧…摊到每个GPU小时" after a purchase, "攤到每張卡每小時呢?" after a yearly write-off: the price
        # written off, as a first message says it
        merged.with_energy = False
    if words_in(current.prepared, v.dense_model.all()) and "active_params" not in current.given:
        for part in ("active_params", "expert_params", "experts_routed", "shared_params", "experts"):
            merged.given.pop(part, None)  # "and if it were a dense model with all 47B in play?": no experts now
    _discounted(merged)
    _rented_nodes(merged)
    passes, tokens = current.given.get("epochs"), merged.given.get("tokens")
    if passes is not None and tokens is not None and "tokens" not in current.given and "examples" not in merged.given:
        # "same thing but we do 3 epochs over that data": the tokens of one pass, read that many times
        merged.given["tokens"] = tokens.worked_out(tokens.value * passes.value, f"{tokens.text} × {passes.text}",
                                                   tokens, passes)
        del merged.given["epochs"]
    key = next((k for k in ("staff", "gpus") if k in current.given), None)
    people, items, price = current.given.get(key or ""), base.given.get("label_items"), base.given.get("label_price")
    said = current.prepared.find(people.text) if people is not None else -1
    if items is not None and price is not None and "label_items" not in current.given and said >= 0 \
            and 1 < people.value <= 10 and _phrases(tuple(v.label_passes.all())).search(
                current.prepared, said, said + len(people.text) + 26):
        # "质检要求每条两个人交叉标注", "each pair needs 3 raters" after items and their price: each item labelled
        # that many times, at the same price
        merged.given["label_items"] = items.worked_out(items.value * people.value, f"{items.text} × {people.text}",
                                                       items, Given("label_passes", people.value, "pass", people.text))
        merged.given["label_price"] = price
        del merged.given[key or ""]
        merged.asked = [a for a in merged.asked if a != "label_price"] or ["labelling_cost"]
    rented = base.concept_named and base.concept == "rent"
    priced = base.asked == ["purchase_price"] or (not base.asked and base.cost and bool(base.accelerators) and
                                                   not base.given and not rented)
    if priced and set(current.given) == {"gpus"} and current.asked in ([], ["acquisition_cost"]) and \
            not (current.concept_named and current.concept == "rent"):
        # "what does an H100 cost?" then "so 1,024 of them?": those cards bought at that price
        merged.asked = ["acquisition_cost"]
    if merged.asked == ["days"] and "gpu_hours" in base.asked and \
            re.search(r"hours|hrs|小时|钟", current.prepared) and not re.search(r"days?\b|天|日", current.prepared):
        merged.asked = ["gpu_hours"]  # "how many hours do we get now?" after GPU-hours: still GPU-hours
    if "optimal_params" in merged.mentioned:  # "那对应应该用多少token?" after a compute-optimal size
        optimal = {"params": "optimal_params", "tokens": "optimal_tokens"}
        merged.asked = [optimal.get(a, a) for a in merged.asked]
    rates = [a for a in base.asked if "/" in lexicon().vocab.by_id[a].unit]
    if current.cost and not current.asked and rates and merged.asked == base.asked and \
            current.given.keys() & {"gpu_hours", "days", "flop", "params", "tokens"}:
        merged.asked = []  # "每卡时多少" then "要跑 20 万卡时总共多少": the bill at that rate, not the rate again
    if "optimal_tokens" in base.asked and merged.asked == ["tokens"] and "tokens" not in current.given:
        merged.asked = ["optimal_tokens"]  # "那模型放大三倍呢 token 要多少" after the optimal tokens of a size
    hourly = [f for a in base.asked if (f := v.hourly_forms.get(a))]
    if hourly and current.hourly and set(current.asked) <= {"gpu_hours", "price_per_gpu_hour"} and \
            not current.given.keys() & {"gpu_hours", "price_per_gpu_hour"}:
        # "and per GPU-hour?", "折到每卡时是多少" after a yearly write-off: that cost spread over each hour
        merged.asked = hourly[:1]
        if {"annual_depreciation", "monthly_depreciation"} & set(base.asked):
            merged.with_energy = False if merged.with_energy is None else merged.with_energy
    _chinchilla_rule(merged, False)  # "那照Chinchilla应该用多少token?" after a compute budget
    if current.runs and not current.given and not current.accelerators:
        merged.scope = "published"  # "换成Llama 3 70B呢?": the same figure, for another published run
    elif (current.given.keys() - {"usd_rate"} or current.regions) and merged.scope == "published":
        # "那如果租金是每小时2.5美元?", "如果喺法國電網?": the published run, priced or placed by the user
        merged.scope = "hypothetical"
    return merged


def _per_period(current: Question, base: Question) -> None:
    """"那每個月呢?", "and per year?" after a yearly (or monthly) write-off: the same write-off, over that period."""
    v = lexicon().vocab
    if current.given or not set(current.asked) <= {"days"}:  # "月" alone names a time, asked of nothing else
        return
    yearly = {m: y for y, m in v.monthly_forms.items()}
    for forms, words in ((v.monthly_forms, v.per_month), (yearly, v.per_year)):
        other = [f for a in base.asked if (f := forms.get(a))]
        if other and words_in(f" {current.prepared} ", words.all()):
            current.asked = other[:1]


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
    if q.explain == "why" and not set(q.given) - {"mfu", "utilisation", "peak_flops"} and \
            words_in(q.prepared, lexicon().vocab.below_spec.all()):
        # "why is our throughput way below the spec sheet?", "MFU也就三四成，剩下的算力浪费在哪": what MFU is, then
        # what keeps it down
        q.defines, q.asked = ["mfu"], []
        return q
    development = next(t for t in lexicon().vocab.glossary if t.id == "development_cost")
    if q.explain == "why" and words_in(q.prepared, lexicon().vocab.above_estimate.all()) and \
            not words_in(q.prepared, development.terms.all()):  # "…more than the final run suggests": development
        # "real GPU-hour totals come out higher than my 6ND/(peak*MFU) number. why": the time lost to failures and
        # restarts, which the formula leaves out, then what MFU is
        q.defines, q.asked, q.given = ["goodput", "mfu"], [], {}
        return q
    if (q.runs and not q.sized and q.asked and q.explain != "why") or q.explain == "lower" or "share" in q.asked:
        # "why is Llama 3.1's market-based carbon zero?": what the term means answers why; "钱主要花在哪？硬件、人力、
        # 电费各占几成": where the money goes, as the shares asked
        return q
    # ("买H100划算还是租云GPU划算?": a chip named, and nothing else, changes nothing)
    if q.compared and not q.runs and not (q.accelerators and (q.given or q.asked)) and \
            not set(q.given) - {"days", "years", "life_years", "runs_per_year"}:
        # "rent cloud GPUs or buy our own?" with nothing to price ("we train on and off for 18 months"): the two
        # buying to train on is owning: what a run costs the owner (its depreciation) beside the rental price
        ways = dict.fromkeys("own" if c == "buy" else c for c in q.compared)
        q.defines, q.asked, q.explain = [CONCEPT_TARGET[c] for c in ways], [], "define"
        return q
    v = lexicon().vocab
    # in the order the question names them ("MFU是个啥？为啥算卡时都默认三四成": MFU first)
    asking = [(m.start(), t.id) for t in v.glossary if (m := _phrases(tuple(t.asks.all())).search(q.prepared))]
    first = {tid: min([at, *(f.start() for f in _phrases(tuple(t.terms.all())).finditer(q.prepared))])
             for t in v.glossary for at, tid in asking if tid == t.id}
    typical = sorted(first, key=first.__getitem__)
    if typical and not (q.given or q.runs or q.accelerators):
        # "照Chinchilla嘅最優比例，每個參數要配幾多個token?": the rule's typical value, with what the rule means
        q.defines, q.asked, q.explain = typical, [], "define"
        return q
    # "what is the rental cost?" asks for a value; "what is a GPU-hour?" for a meaning
    named, spans = [], []
    for term in v.glossary:
        hits = [f for f in _phrases(tuple(term.terms.all())).finditer(q.prepared)
                if not _denominator_at(q.prepared, f.start())]  # "租金每GPU小时多少" prices an hour; no meaning asked
        if hits:
            named.append((hits[0].start(), term.id))
            spans += [f.span() for f in hits]
    # the terms named, should the question's numbers make no calculation ("spot instances for a three-week run?")
    q.terms = [tid for _, tid in sorted(named)]
    if q.asked == ["difference"] and named and not (q.given or q.runs or q.accelerators) and \
            re.search(r"difference between|区别|差别|有什么不同|有何不同|差在哪", q.prepared):
        q.asked, q.explain = [], "define"  # "the difference between the final run's cost and full development?"
    valued = _phrases(tuple(w for w in v.question_words.all() if w.startswith("what") and " " in w))
    if not (q.explain or words_in(f" {valued.sub(' ', q.prepared)} ", [*v.define.all(), *v.limits.all()])):
        return q

    def in_term(g: Given) -> bool:  # "why 16 bytes per parameter?": the number is the term's own
        at = q.prepared.find(g.text)
        return at >= 0 and any(a < at + len(g.text) and at < b for a, b in spans)

    own = set(q.given) - {t for _, t in named} - {k for k, g in q.given.items() if in_term(g)}
    if any(not v.by_id[a].qualifies and not v.by_id[a].asks.all() for a in q.asked):
        return q  # "290,000 H800 GPU-hours. What's that in B200 GPU-hours?": what reading the numbers settled
    if q.given and (own or (q.explain != "why" and not words_in(q.prepared, v.meaning_asked.all()))):
        # a number is for a calculation, unless asked why the term is not it ("MFU点解唔会系100%") or what the term
        # it is given for means ("除以0.9，说是goodput，这是啥意思")
        return q
    specs = [tid for tid in [*(t for _, t in named), *q.asked] if tid in v.by_id and v.by_id[tid].spec]
    if named and not (q.accelerators and specs):  # "what is the H100's TDP?" is a spec; "typical MFU on H100s?" not
        # "…说是goodput，这是啥意思": the term the meaning is asked of stands last, right before the question
        # (unless the first term's meaning is asked right after it: "MFU到底是个啥？为啥…三四成")
        first = min(at for at, _ in named)
        asked_first = _phrases(tuple(v.define.all())).search(q.prepared[first:first + 16]) is not None
        q.defines = [tid for _, tid in sorted(named, reverse=bool(q.given) and not asked_first)]
        ways = [c for c in ("rent", "own", "buy") if words_in(q.prepared, v.concepts[c].all())]
        if len(ways) >= 2:  # "租云GPU的成本和买卡按折旧摊的成本，差在哪": the ways of paying named, each defined
            q.defines = list(dict.fromkeys([*q.defines, *(CONCEPT_TARGET[c] for c in ways)]))
        q.asked, q.explain = [], "define"
    return q


def _described(q: Question) -> Question:
    """A new question that names no quantity, number, run or chip and asks for no amount ("will MoE bring costs
    down?", "分階段訓練係咩嚟?", "模型越大越好跟成本有什麼關係?") asks what the sources say about its topic."""
    if q.explain or q.given or q.asks_amount or q.compared or q.injection or q.currency:
        return q  # "忽略之前的所有指令": an instruction to the machine is no question about a topic
    if q.yes_no and not q.asked:
        # "is MoE a cost saver or hype?", "电费只算训练那段时间吗?", "DeepSeek V3 for $5.6M: the full picture?"
        q.asked, q.explain = [], "what"
        return q
    v = lexicon().vocab
    if q.accelerators and not q.runs and set(q.asked) <= {"difference", "comparison"} and \
            words_in(f" {q.prepared} ", v.differ.all()):
        # "H800和H100有什么区别?", "what's the difference between the H800 and the H100?": what is on file and what
        # the sources say of the chips, with nothing to compute
        q.asked, q.explain = [], "what"
        return q
    if q.asked or q.runs or q.accelerators:
        return q
    if not words_in(f" {q.prepared} ", v.alternatives.all()):  # "compare X's and Y's capex": figures
        q.explain = "what"
    return q


def _bare_numbers(current: Question, base: Question) -> None:
    """"And for 5e24?" after a 1e24 FLOP budget: a number with no unit in a follow-up replaces the earlier input
    of its order of magnitude (within a factor of 100), when exactly one is that close. Beside numbers the
    follow-up names ("stretch it to 5 years and the price drops to $25k"), only one in the same unit does."""
    from assistant.numbers import extract

    for text in list(current.unread):
        # "30%", "五成" as their unit reads them (0.3, 0.5); a plain number as it is
        found = [m for m in mentions(_spelled(prepare(text)), lexicon()) if m.value > 0]
        values = [m.value for m in found] or [m.value for m in extract(text, (), False) if m.value > 0]
        # "and at 0.051?" after PUE 1.2 and 0.42 kg/kWh: only the grid can be 0.051
        near = [k for k, g in base.given.items() if values and g.value > 0
                and abs(math.log10(values[0]) - math.log10(g.value)) <= 2 and k not in current.given
                and _plausible(k, Mention(0, 0, values[0], text, None, False), lexicon())]
        unit = found[0].dimension if found else None
        alike = [k for k in near if unit is not None and lexicon().vocab.by_id[k].dimension == unit]
        near = alike if len(alike) == 1 or current.given else near  # "5 yrs instead?" after 3 years: the years
        if len(near) == 1:
            old = base.given[near[0]]
            current.given[near[0]] = Given(near[0], values[0], old.unit, text)
            current.unread.remove(text)
        elif not near and unit == "ratio" and len(found) == 1:
            # "We actually measured 29%." after GPU-hours at the default MFU: the share that calculation lacked
            open_ = _feeding(tuple(base.asked), frozenset(base.given))
            share = next((k for k in lexicon().vocab.bare_shares if k in open_ and k not in base.given
                          and k not in current.given), None)
            if share is not None:
                current.given[share] = Given(share, values[0], lexicon().vocab.by_id[share].unit, text)
                current.unread.remove(text)



def _answer_given(current: Question, base: Question) -> None:
    """"Procurement says we can only get 256. How long then?" after the GPUs a deadline needs: a number with no
    unit and no word of its own is the quantity the last answer worked out, now given."""
    v = lexicon().vocab
    if len(base.asked) != 1 or base.asked[0] in base.given or not v.by_id[base.asked[0]].input or \
            base.asked[0] in current.given or current.currency or "converted" in current.asked or \
            current.accelerators:
        # "按7.2换成美元是多少?": a conversion's rate; "768 of those H100s": cards, named by their chip
        return
    asked = base.asked[0]
    # a number its own word names ("PUE改成1.4") is that quantity, whatever was asked before
    bare = [t for t in current.unread if re.fullmatch(r"\d+(?:\.\d+)?", t)] + \
        [k for k, g in current.given.items() if k not in base.given and re.fullmatch(r"\d+(?:\.\d+)?", g.text)
         and not lexicon().give_re[k].search(current.prepared)]
    if len(bare) != 1:
        return
    text = current.given[bare[0]].text if bare[0] in current.given else bare[0]
    if not _plausible(asked, Mention(0, 0, float(text), text, None, False), lexicon()):
        return
    current.given.pop(bare[0], None)
    if text in current.unread:
        current.unread.remove(text)
    current.given[asked] = Given(asked, float(text), v.by_id[asked].unit, text)


INSTEAD_RE = re.compile(r"是\s?(?P<meant>[^\s,，。;；]+?)\s?[,，]?\s?(?:而)?不是\s?(?P<wrong>[^\s,，。;；]+)|"
                        r"不是\s?(?P<wrong2>[^\s,，。;；]+?)\s?[,，]?\s?(?:而)?是\s?(?P<meant2>[^\s,，。;；]+)|"
                        r"(?P<meant3>[^\s,]+),? not (?P<wrong3>[^\s,.;]+)")


def _said_instead(current: Question, base: Question) -> None:
    """"说错了，是70B不是7B", "I meant 70B, not 7B": the number meant takes the place of the earlier input the
    wrong one equals, whatever role the wrong one would take alone."""
    said = INSTEAD_RE.search(current.prepared)
    if said is None:
        return
    meant = said.group("meant") or said.group("meant2") or said.group("meant3")
    wrong = said.group("wrong") or said.group("wrong2") or said.group("wrong3")
    new = next((k for k, g in current.given.items() if g.text.startswith(meant)), None)
    old = next((k for k, g in current.given.items() if g.text.startswith(wrong)), None)
    bare = re.fullmatch(r"\d+(?:\.\d+)?", meant) and re.fullmatch(r"\d+(?:\.\d+)?", wrong)
    if (new is None or old is None) and not bare:
        return
    value = current.given[old].value if old is not None else float(wrong)
    earlier = next((k for k, g in base.given.items() if g.value and abs(g.value - value) <= 1e-6 * abs(value)), None)
    if earlier is None:
        return
    given = current.given.pop(new) if new is not None else Given(earlier, float(meant), "", meant)
    current.given.pop(old or "", None)
    current.given[earlier] = replace(given, quantity=earlier, unit=base.given[earlier].unit)
    current.unread = [u for u in current.unread if u not in (meant, wrong)]


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
    new = current.given.get("amount")
    if new is not None and "purchase_price" in base.given and "purchase_price" not in current.given and \
            new.unit == base.given["purchase_price"].unit:
        # "…and the card actually cost $31k?" after a price per card: the new price of it
        current.given["purchase_price"] = replace(current.given.pop("amount"), quantity="purchase_price")
    for key, new in list(current.given.items()):
        old = base.given.get(key)
        named = new.unit.split("/")[0] != old.unit.split("/")[0] and new.unit.split("/")[0] in current.currencies \
            if old is not None else False  # ("每度 HK$1.4 呢": the money it names, though its number stands bare)
        if old is not None and ("/" in new.unit or new.unit in CURRENCIES) and not named and \
                re.fullmatch(r"[\d.\s]+(?:万|亿|k|m)?", new.text):
            # "如果电价是0.5呢" after 0.6元 a kWh, "预算加到350万呢" after 200万元: still yuan
            current.given[key] = replace(new, unit=old.unit)
        elif old is not None and new.unit.split("/")[0] == "CNY" and old.unit.split("/")[0] in ("TWD", "HKD") and \
                ("/" in new.unit) == ("/" in old.unit) and \
                not re.search(r"人民币|人民幣|rmb|cny|[¥￥]", new.text.lower()):
            # "每度新台幣4元" then "漲到每度5.2元呢": the 元 of a Taiwan price is still the Taiwan dollar
            current.given[key] = replace(new, unit=old.unit)


def _names_card_topic(text: str) -> bool:
    """"and with Hopper?": something the sources speak of, though no quantity or accelerator on file."""
    from assistant.topics import names_any_topic
    from knowledge.loader import default_knowledge

    return names_any_topic(text, list(default_knowledge().facts.values()), strict=False)


def _sets_scene(q: Question) -> bool:
    """"我们有512张H100", "Context: 70B model, 2T tokens.": numbers told with nothing asked, for the turns after."""
    return bool(q.given or q.accelerators) and not (q.asked or q.cost or q.explain or q.defines or q.yes_no or
                                                    q.injection)


ASSUMABLE = frozenset({"mfu", "pue", "goodput", "electricity_price", "grid_intensity", "life_years", "power_w"})


def _unsure_of(current: Question, base: Question) -> Question | None:
    """"we don't know our MFU yet, give me a range", "not sure the site really is 1.2 — if we don't know the PUE?":
    an input the user takes back goes back to its cited default, with its range (None: nothing taken back)."""
    v = lexicon().vocab
    if not words_in(current.prepared, v.left_out["unsure"].all()):
        return None
    doubted = {k for k in base.given if k in ASSUMABLE and words_in(current.prepared, v.by_id[k].gives.all())}
    if not doubted:
        return None
    for key in doubted & current.given.keys():
        del current.given[key]  # "not sure the site really is 1.2": the figure doubted, not a new one
    said = {base.given[k].value for k in doubted}
    current.unread = [t for t in current.unread if not (re.fullmatch(r"\d+(?:\.\d+)?", t) and float(t) in said)]
    current.explain = None  # "what's a sensible range if we don't know the PUE?": the earlier answer, at the default
    current.asked = [a for a in current.asked if a not in doubted] or list(base.asked)
    return replace(base, given={k: g for k, g in base.given.items() if k not in doubted})


def _follows(q: Question) -> bool:
    """A follow-up names less than a whole question: a change ("换成H800", "twice as many GPUs", "租金改成3美元",
    "and GPT-4?") or, with follow-up words, another quantity of the same run ("and market-based?"). A question
    with nothing to carry over and nothing asked ("What's the weather?") is a new topic."""
    subject = {"params", "tokens", "flop", "gpu_hours", "energy_kwh", "budget", "amount", "final_run_cost"}
    if q.explain and not (q.explain == "lower" and (q.given or any(named for _, named in q.scalings))):
        # "如果PUE改善到1.15，可以慳返幾多?" saves by a number, "卡数减少一半呢" by a factor: a change to what was said
        return False
    # "改用FP8跑呢?", "只算卡本身，不含伺服器跟網路" change how the same run is counted
    v = lexicon().vocab
    changes = bool(q.given or q.accelerators or q.runs or q.scalings or q.region or q.precision or q.left_out) or \
        q.with_energy is not None or words_in(q.prepared, v.dense_model.all())
    opening = q.prepared.lstrip(" ")
    starts = any(opening.startswith(w) for w in prepared(tuple(v.follow_up_start.all())))
    cue = q.follow_up or starts
    asks = bool(q.asked) or q.cost
    short = len(q.prepared) < 40
    if not changes:
        # "折合人民币是多少?", "用港币计": a currency asked for something said before
        pointed = cue or words_in(q.prepared, v.refers_back.all()) or q.currency is not None
        if not asks:  # "and Alphabet?", "那2020年呢?": the same question about something else the sources name;
            # "用人民币说一下", "can you put that in euros for the Berlin office?": the last answer, in that money;
            # "and per GPU-hour if it runs all the time?": the last answer, per hour
            return (cue or q.currency is not None) and \
                (short or ((q.currency is not None or q.hourly) and len(q.prepared) < 100))
        # "碳排放多少", "…how many years of a US home's electricity is that?": a quantity of what was said
        return len(q.prepared) < 20 or (pointed and len(q.prepared) < 100)
    if not (q.given.keys() & subject) and not q.runs:
        return True
    cue = cue or words_in(q.prepared, v.result_refs.all())  # "how many tokens is that for a 3B model?"
    # "预算加到350万呢？拿来训一个13B的模型，MFU 42%": a follow-up's words may carry a third change
    return len(q.given) <= (3 if cue else 2) and (short or (cue and len(q.prepared) < 120))
