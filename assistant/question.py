"""What a question says, as plain data: the parse stage's output and the plan stage's input."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

from knowledge.vocabulary import vocabulary
from tools.convert import FX_DEFAULTS
from tools.registry import CALCULATORS

CURRENCIES = ("USD", *FX_DEFAULTS)  # money the convert tool has a cited rate for; its input arrives in these
FOREIGN_CURRENCIES = tuple(FX_DEFAULTS)  # converted to USD before the calculators
MONEY = frozenset(c.lower() for c in CURRENCIES)  # the vocabulary unit dimensions of money
# what "twice as many?" or "翻倍呢?" scales when it names nothing: the earlier question's first given of these
SCALED_FIRST = ("gpus", "gpu_hours", "budget", "params", "tokens", "flop", "energy_kwh", "days")
CONCEPT_TARGET = {"rent": "rental_cost", "own": "amortised_cost", "buy": "acquisition_cost",
                  "develop": "development_cost"}  # the cost each concept names
RULE_ASKED = frozenset({"optimal_tokens", "optimal_params"})  # what the Chinchilla rule answers
COMPARISONS = frozenset(q.id for q in vocabulary().quantities if q.compares)  # "how many times", "差多少"


# What the user may ask that is an amount of money (a follow-up giving a price asks for one of these)
COST_QUANTITIES = frozenset({"rental_cost", "amortised_cost", "amortised_rate", "acquisition_cost", "development_cost",
                             "electricity_cost", "converted", "price_per_gpu_hour", "purchase_price",
                             "daily_cost", "annual_depreciation", "monthly_depreciation", "daily_depreciation",
                             "run_depreciation"})


def same_dimension(a: str, b: str) -> bool:
    """Whether two vocabulary dimensions ("usd/gpu_time", "money") measure the same thing; any currency, or the
    currency-free "money", matches any other, since money is converted at a cited rate."""
    money = MONEY | {"money"}
    parts_a, parts_b = a.split("/"), b.split("/")
    return len(parts_a) == len(parts_b) and all(x == y or (x in money and y in money)
                                                for x, y in zip(parts_a, parts_b, strict=True))


Scope = Literal["published", "hypothetical", "own", "general"]
Concept = Literal["rent", "own", "buy", "develop"]


def _takes(quantity: str, key: str, have: set[str]) -> bool:
    """Does a calculator giving ``quantity`` take ``key``, with what else it needs among ``have`` (an accelerator
    is always at hand, by default)? A price feeds a budget's GPU-hours, not a model's."""
    from tools.registry import CALCULATORS

    ready = have | {key, "gpu"}
    return any(c.output == quantity and key in {p.name for p in c.params} and any(set(n) <= ready for n in c.needs)
               for c in CALCULATORS.values())


def _names_given(asked: str, later: Question) -> bool:
    """"如果每张卡平均功耗是250瓦呢?": the power it asks about is the power it gives."""
    from knowledge.vocabulary import vocabulary

    by_id = vocabulary().by_id
    if by_id[asked].dimension in MONEY | {"money"}:
        # "直接买的话每张3万刀…每年摊多少?": a price given does not answer another sum of money asked
        return asked in later.given
    if not (by_id[asked].qualifies or by_id[asked].input):
        return False  # "10万H100卡时换成H20要几多卡时": hours asked of hours given, on another chip
    return any(same_dimension(by_id[asked].dimension, by_id[g].dimension) for g in later.given)


@dataclass(frozen=True)
class Given:
    """A number the user gave, read as one quantity: its value in the quantity's unit, and how it was written."""

    quantity: str  # a quantity id of the vocabulary
    value: float
    unit: str  # the quantity's unit, or the currency a money value came in (CNY, EUR)
    text: str  # as typed
    relative: float | None = None  # a follow-up's "twice as many": the factor applied to the earlier value
    low: float | None = None  # the ends of a range the user gave ("$2-3 an hour"); value is then its midpoint
    high: float | None = None
    # the numbers as typed that this value was worked out from ("$3.50 less 35%": the price and the share off);
    # ``text`` says how, and the answer shows that step with these as the user's inputs
    parts: tuple[Given, ...] = ()

    def worked_out(self, value: float, text: str, *parts: Given, **changes: object) -> Given:
        """This number worked out, with ``parts`` (this one first) as the typed numbers it came from."""
        return replace(self, value=value, text=text, parts=tuple(p for g in parts for p in (g.parts or (g,))),
                       **changes)  # type: ignore[arg-type]


@dataclass
class Question:
    text: str
    language: str  # en | zh-Hans | zh-Hant
    prepared: str = ""
    given: dict[str, Given] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)  # quantity ids, best first
    accelerators: list[str] = field(default_factory=list)  # hardware ids
    runs: list[str] = field(default_factory=list)  # case ids
    article: str | None = None  # a source article id the question names
    sources: list[str] = field(default_factory=list)  # every source the question names, articles too
    scope: Scope = "general"
    concept: Concept = "rent"
    concept_named: bool = False  # the question's own words name the concept ("rent", "买", "折旧")
    compared: list[str] = field(default_factory=list)  # cost concepts set against each other ("buy or rent?")
    regions: list[str] = field(default_factory=list)  # every grid region named ("France versus the US")
    unlisted_grid: tuple[str, str] | None = None  # a place with no grid intensity on file: (English name, as typed)
    yes_no: bool = False  # answered yes or no ("is NVDA a buy?", "冷却要不要算进去?")
    explain: str | None = None  # "why", "lower", "trend", "what", "define": a question for words, not a number
    defines: list[str] = field(default_factory=list)  # glossary terms whose meaning is asked ("what is MFU?")
    alternatives: dict[str, list[Given]] = field(default_factory=dict)  # "A quotes $2.2, B $2.8": each answered
    addends: list[Given] = field(default_factory=list)  # "1.3M, 2M and 6.4M GPU-hours: in total?": summed
    total: bool = False  # "算力、电费、人力合计多少?": the costs the question lists, added up
    cost: bool = False  # the question asks what something costs (its concept says which cost)
    hourly: bool = False  # a rate per GPU-hour rather than a total
    time_unit: str | None = None  # "how many months/weeks": the unit a duration asked for is read in
    precision: str | None = None  # "FP8 training": the peak a run is measured against
    bound: str | None = None  # "high" or "low": one end of a range is asked ("just the max", "下限")
    which: str | None = None  # "more" or "less": which of two is ahead is asked ("which used more GPU-hours")
    with_energy: bool | None = None  # an ownership cost with electricity ("含电费") or without ("hardware only")
    left_out: frozenset[str] = frozenset()  # hardware not bought: "servers", "networking" ("just the GPUs")
    whole_cluster: bool = False  # a cluster, servers or hardware named: a purchase is more than the chips
    around_chips: bool = False  # servers, networking or a cluster named around the chips
    machines: bool = False  # "12台伺服器", "20 servers" with no cards counted: whole machines, each priced whole
    nodes_only: bool = False  # "4 H100 nodes": machines of a chip counted, the chips in each not said
    sized: bool = False  # "a GPT-3-sized model": the named run gives its size, nothing else
    optimal_data: bool = False  # "a 30B model trained Chinchilla-optimally": its tokens follow from the rule
    currency: str | None = None  # the currency the answer is wanted in ("多少人民币", "in euros"), when not USD
    currencies: list[str] = field(default_factory=list)  # currencies the question names, in order
    follow_up: bool = False
    # each relative word's factor and the quantities it may scale, nearest named first ("double the budget": the
    # budget, or the compute budget); none named ("twice as many?"): whichever the earlier question gave
    scalings: list[tuple[float, tuple[str, ...]]] = field(default_factory=list)
    added: frozenset[str] = frozenset()  # "再加两个人", "add 64 more GPUs": given as an increase on the earlier
    removed: frozenset[str] = frozenset()  # "卡被借走128张", "we lose 2 engineers": a decrease on the earlier
    unread: list[str] = field(default_factory=list)  # numbers typed that no quantity could take
    models: list[str] = field(default_factory=list)  # model names with a version that no run on file matches
    unknown_chips: list[str] = field(default_factory=list)  # accelerator names not on file ("NVIDIA Z9000X")
    context: str = ""  # the earlier questions a follow-up completes ("and Alphabet?"), for finding cards
    asks_amount: bool = False  # words that ask for an amount ("how much", "多少"), not only a change ("what if…")
    supposes: bool = False  # "what if", "如果", "按…算呢": a change to suppose, not a quantity to add
    month_hours: float | None = None  # "月租10万": a machine's monthly rent spread over this many hours
    sparse_peak: Given | None = None  # "1979 TFLOPS" for an H100: the sparse figure quoted as a peak, set aside
    active_size: bool = False  # "MoE with 37B active": the active size stands for the model's, no total given
    asks_first: bool = False  # "and the emissions if the grid is 0.55?": asked before what it supposes
    mentioned: list[str] = field(default_factory=list)  # quantities the conversation asked before this question
    power_in_mw: bool = False  # "facility power in MW?", "多少兆瓦": the power asked in megawatts
    shown_in: str | None = None  # "in PF-days?", "多少GPU天", "how many GWh": a larger unit the result is asked in
    conventions: list[Given] = field(default_factory=list)  # "每天24小时": numbers restating what is assumed
    per_day: bool = False  # "how many MWh per day", "一天能吃掉多少token": one day of the cluster, no run length given
    per_trillion_tokens: bool = False  # "what does each trillion tokens cost?": a trillion tokens, no number typed
    terms: list[str] = field(default_factory=list)  # glossary terms a why-question names ("why dense 989, not 1979?")
    checked: Given | None = None  # "我算出来是2.028e22，对吗": the user's own result, worked out again
    # "1024 GPUs at $2.10/GPU-hr: hourly burn?": one hour of the cluster, a cost per hour; "700W, $0.10/kWh:
    # electricity per GPU-hour?": one hour of one accelerator, a cost per GPU-hour
    per_hour: str = ""
    per_tokens: float | None = None  # "what's that per billion tokens?": the cost per token, shown for this many
    problem: str | None = None  # empty | too_long | markup_only | no_words | not_a_number
    unreadable: str = ""  # what stands where a number should ("每度 abc 元")
    injection: bool = False

    @property
    def relative(self) -> dict[str, float]:
        """quantity -> factor of the relative words that name one ("twice as many GPUs")."""
        return {options[0]: factor for factor, options in self.scalings if options}

    @property
    def region(self) -> str | None:
        """The grid region named first."""
        return self.regions[0] if self.regions else None

    def then(self, later: Question) -> Question:
        """``later`` (a follow-up) applied onto this question: what it gives replaces, relative changes scale."""
        given = dict(self.given)
        for factor, options in later.scalings:
            # "a run twice as long" after GPU-hours, "预算扩大到十倍" after a FLOP budget: the nearest word may name
            # a quantity the earlier question did not give; a count of GPUs named is never another quantity
            # ("数量翻一倍" after 6万条 with no GPUs in it: the count that was given)
            # ("in half the time" when no time was given: never fewer cards; "a run twice as long" after
            # GPU-hours: twice the hours)
            fallback = ("gpu_hours",) if options[:1] == ("days",) else \
                SCALED_FIRST if options[:1] != ("gpus",) else ("label_items", "staff", "examples")
            q = next((k for k in (*options, *fallback) if k in given), None)
            if q is not None:
                old = given[q]
                given[q] = old.worked_out(old.value * factor, f"{old.text} × {factor:g}", old,
                                          Given("factor", factor, "ratio", f"{factor:g}"), relative=factor)
        given.update(_same_role(later.given, self.given, later.prepared))
        for key in later.added & self.given.keys() & later.given.keys():  # "再加两个人呢": on top of the earlier
            before, more = self.given[key], later.given[key]
            given[key] = more.worked_out(before.value + more.value, f"{before.text} + {more.text}", before,
                                         replace(more, quantity="added"))
        for key in later.removed & self.given.keys() & later.given.keys():  # "卡被借走128张": off the earlier
            before, fewer = self.given[key], later.given[key]
            if fewer.value < before.value:
                given[key] = fewer.worked_out(before.value - fewer.value, f"{before.text} − {fewer.text}", before,
                                              replace(fewer, quantity="removed"))
        if later.active_size and {"active_params", "params"} <= self.given.keys():
            # "and with 3B active instead?" after a total and an active size: the active one changes
            given["active_params"] = replace(later.given["params"], quantity="active_params")
            given["params"] = self.given["params"]
        new_accelerator = later.accelerators and any(later.accelerators[0] != a for a in self.accelerators[:1])
        for chip_figure in ("price_per_gpu_hour", "peak_flops", "gpu_memory", "power_w"):
            # a price quoted for the old accelerator stays with it; a spec stated for any card ("80GB的卡", "400
            # TFLOPS") gives way to the one now named ("换成MI300X呢?")
            spec = chip_figure != "price_per_gpu_hour" and bool(later.accelerators)
            if (new_accelerator or spec) and chip_figure not in later.given:
                given.pop(chip_figure, None)
        if later.regions and "grid_intensity" not in later.given:
            given.pop("grid_intensity", None)  # "换到法国电网呢?": the grid named replaces the intensity given before
        # "And with twice as many GPU-hours?" names the quantity it changes, not a new one to ask for
        # nor one this conversation already gave ("如果卡时价格是12块呢?" names the GPU-hours it prices)
        # "用128张卡要几天?" then "14天内训完要几张卡?": a figure given before, now asked for, is no longer given
        # "卡数翻倍呢，要几天": a scaled count re-asks what it changes, unless a bill was asked ("double the GPUs,
        # same number of days?" asks the bill again)
        rescaled = bool(later.scalings) and not (self.cost or any(a in COST_QUANTITIES for a in self.asked))
        reasked = [a for a in later.asked if a in self.given and later.asks_amount
                   and (later.given or (rescaled and a == "days")) and a not in later.given
                   and not _names_given(a, later)]
        work = ("gpu_hours", "flop", "params", "tokens")
        if "days" in reasked and "gpus" in self.given and not any(k in given for k in work):
            # "512张卡要跑40天" then "卡数翻倍呢，要几天": the same work, spread over the new count
            gpus, days = self.given["gpus"], self.given["days"]
            given["gpu_hours"] = Given("gpu_hours", gpus.value * days.value * 24, "GPU-hour",
                                       f"{gpus.text} × {days.text}")
        for a in reasked:
            given.pop(a, None)
        words = vocabulary().by_id
        if later.asks_amount and later.given:
            # "3B 的 Chinchilla token 數" then "我得 400B tokens，最大可以 train 幾大嘅模型": a size asked again, in
            # another of its names, no longer the size given before
            for a in later.asked:  # (a sum asked is no price given before: "分5年折旧每年摊多少" after 每张3.1万)
                for k in [k for k in self.given if k != a and k not in later.given and words[a].dimension ==
                          words[k].dimension and words[k].input == k and words[a].dimension not in MONEY]:
                    given.pop(k, None)
        if "model_memory" in self.asked:  # "换成B200呢，几张够？": the cards that hold the state just worked out
            later = replace(later, asked=["gpus_to_hold" if a == "gpus" else a for a in later.asked])
        asked = [a for a in later.asked if a not in later.given and a not in later.relative
                 and (a not in self.given or a in reasked) and not _names_given(a, later)]
        if later.given and self.asked and not any(_answerable(a) for a in asked):
            asked = []  # "And at 1800 tokens per example?": "per example" names the change, nothing to work out
        if later.given and not later.asks_amount and later.supposes and not later.asks_first:
            asked = []  # "按5年直线折旧算呢?", "what if electricity costs us $0.12/kWh?": a change, not a new question
        priced = later.cost or any(g.unit.split("/")[0] in CURRENCIES for k, g in later.given.items()
                                   if k not in self.given)
        # "ok and if we rent them at $2.75/hr?": now a cost, whatever was asked before, unless what was asked
        # takes that price ("what if we get them for $2 an hour?" after a budget's compute-optimal size)
        takes = any(_takes(a, k, set(given)) for a in self.asked for k in later.given)
        # "如果MFU只有30%呢？再按每卡时$2.5算下钱": the money now, though the MFU changes the hours too
        paid = later.cost and any(g.unit.split("/")[0] in CURRENCIES for g in later.given.values())
        carried = [] if priced and (paid or not takes) and not any(a in COST_QUANTITIES for a in self.asked) \
            else self.asked
        carried = [a for a in carried if a not in given or a in reasked]  # ("Rental at $2.35 each?": no rate asked)
        if not asked and carried:  # "GPT-3的耗电?" then "放在法国电网呢?": the emissions that energy makes there
            new = {*(later.given.keys() - self.given.keys()), *(["grid_intensity"] if later.regions else [])}
            carried = _fed_by(carried, new) or carried
        # "那GPT-4o呢？": a model named that is not on file replaces the earlier run, it does not ask about it again
        accelerators, runs = later.accelerators or self.accelerators, later.runs or ([] if later.models else self.runs)
        alternatives, explain = later.alternatives, later.explain
        changed = [k for k in later.given if k in self.given and given[k].value != self.given[k].value]
        # "打八折呢？比原本省多少？": a discount new to the run, set against the run without one
        was = dict(self.given)
        if not changed and list(later.given) == ["discount"]:
            changed, was["discount"] = ["discount"], Given("discount", 0.0, "ratio", "0%")
        saving = vocabulary().by_id["saving"].asks.all()
        if ({"saving", "difference"} & set(later.asked) or _said(later, saving)) and not alternatives and \
                len(changed) == 1:
            # "要是PUE降到1.1，能省多少度电?": the earlier run and the changed one, and the gap between them
            alternatives = {changed[0]: [was[changed[0]], given[changed[0]]]}  # "再提高10个百分点": as added
            # "…how much cheaper at $2/hr?" after the days a run takes: the bills set against each other
            # "换B云能省多少", "打八折": a new price or a discount saves money
            price = given[changed[0]].unit.split("/")[0] in CURRENCIES or changed[0] == "discount"
            billed = (later.cost or priced or price) and not any(a in COST_QUANTITIES for a in self.asked)
            asked, explain = ["difference", *([CONCEPT_TARGET[later.concept]] if billed else self.asked)], None
        regions = later.regions or self.regions
        if {"saving", "difference"} & set(asked) and later.regions and self.regions and \
                not set(later.regions) & set(self.regions):  # "放到法国的机房跑呢？能少排多少": both grids, and the gap
            regions = [*self.regions, *later.regions]
            asked = [a for a in asked if a not in ("saving", "difference")] or list(self.asked)
            asked = [*asked, "difference"]
        if asked and set(asked) <= COMPARISONS | {"growth"} and not alternatives and later.given and \
                later.given.keys() <= self.given.keys() and not later.relative and not later.scalings:
            asked = []  # "scope grew to 85,000 items - new total?": the earlier question, with the new figure
        if asked and all(a in COMPARISONS for a in asked):
            # "and how many times that does a GB200 give you?": the new one against the earlier, in its measure
            asked += [a for a in self.asked if a not in COMPARISONS]
            accelerators = list(dict.fromkeys([*later.accelerators, *self.accelerators]))
            runs = list(dict.fromkeys([*later.runs, *self.runs]))
        elif any(a in COMPARISONS for a in asked) and later.runs and self.runs and not set(later.runs) & set(self.runs):
            # "and Llama 3 70B? how many times more GPU-hours?": the run named against the earlier one
            runs = list(dict.fromkeys([*later.runs, *self.runs]))
        return replace(
            self, text=later.text, language=later.language, prepared=later.prepared, given=given,
            context=f"{self.context} {self.text}".strip()[-400:], mentioned=[*self.mentioned, *self.asked],
            asks_amount=later.asks_amount,
            asked=asked or carried, accelerators=accelerators, runs=runs, article=later.article or self.article,
            sources=later.sources or self.sources,
            scope=later.scope if later.scope != "general" else self.scope,
            concept=later.concept if later.concept_named else self.concept,
            cost=later.cost or priced or (self.cost and not asked),  # "how big was it?" asks its own quantity
            concept_named=later.concept_named or self.concept_named, compared=later.compared or self.compared,
            regions=regions,
            unlisted_grid=later.unlisted_grid or (None if later.regions else self.unlisted_grid),
            # "And renting an H100?", "按5年直线折旧算呢?" keep "per hour"; "what would the whole run cost?" does not
            hourly=later.hourly or (self.hourly and not (later.cost and asked)),
            time_unit=later.time_unit or (self.time_unit if not later.asked else None),
            with_energy=later.with_energy if later.with_energy is not None else self.with_energy,
            left_out=later.left_out | self.left_out, whole_cluster=later.whole_cluster or self.whole_cluster,
            around_chips=later.around_chips or self.around_chips,
            sized=later.sized or self.sized,
            # "Chinchilla-optimal tokens for a 10B?" then "how many FLOPs would that run be?": those tokens feed it
            optimal_data=later.optimal_data or ((self.optimal_data or (
                bool(RULE_ASKED & set(self.asked)) and bool(later.asked) and not RULE_ASKED & set(later.asked)
                and "params" in given)) and "tokens" not in given),
            precision=later.precision or self.precision, bound=later.bound, which=later.which,
            # ("每度 ¥0.55" then "喺香港每度 HK$1.4 呢": the money the new price is in, not the old one's)
            currency=later.currency or (self.currency if not later.currencies or self.currency in later.currencies
                                        else None),
            currencies=later.currencies or self.currencies,
            explain=explain, alternatives=alternatives, yes_no=later.yes_no, follow_up=True, scalings=later.scalings,
            unread=later.unread,
            models=later.models,
            injection=later.injection,
            sparse_peak=later.sparse_peak,
            power_in_mw=later.power_in_mw or (self.power_in_mw and not later.asked),  # "…幾多 kW？" asks in kW
            shown_in=later.shown_in or (self.shown_in if not later.asked else None),
            conventions=later.conventions,
            month_hours=later.month_hours or (self.month_hours if "node_rate" not in later.given else None),
        )


def _fed_by(asked: list[str], new: set[str]) -> list[str]:
    """What a new input works out from the figure asked before, when it does not change that figure itself."""
    def takes(calc: object, name: str) -> bool:
        return name in {p.name for p in calc.params}  # type: ignore[attr-defined]

    for key in sorted(new):
        if any(takes(c, key) for c in CALCULATORS.values() if c.output in asked):
            return []  # the figure asked before takes it: the same question, changed
        fed = [c.output for c in CALCULATORS.values() if takes(c, key) and any(takes(c, a) for a in asked)]
        if fed:
            return fed[:1]
    return []


def _answerable(qid: str) -> bool:
    """A quantity some calculator works out, a spec or a run's published figure: something an answer can give."""
    words = vocabulary().by_id[qid]
    return bool(words.spec or words.run_metric) or any(c.output == qid for c in CALCULATORS.values())


def _same_role(later: dict[str, Given], earlier: dict[str, Given], said: str = "") -> dict[str, Given]:
    """A follow-up's figure under the earlier question's reading of its word: "利用率拉到九成呢?" after a hardware
    life and its busy share is that share, not an MFU, when one word gives both and only the share was given."""
    words = vocabulary().by_id
    out: dict[str, Given] = {}
    for key, g in later.items():
        shared = [k for k in earlier if k != key and k not in later and earlier[k].unit == g.unit and key not in earlier
                  and set(words[k].gives.all()) & set(words[key].gives.all())]
        money, _, per = g.unit.partition("/")
        # ("每度0.08美元" after a price per GPU-hour: its own word names it a tariff)
        worded = any(w in said for w in words[key].gives.all() if len(w) > 1)
        if not shared and per and key not in earlier and not worded and \
                not re.search(r"/|每|per|an? hour|hourly|小时|卡时", g.text):
            # "单价降到2.5美元呢?" after a price per labelled item: a bare sum takes the earlier rate's place
            shared = [k for k in earlier if k not in later and earlier[k].unit.partition("/")[0] == money
                      and earlier[k].unit.partition("/")[2] not in ("", per)]
        out[shared[0] if len(shared) == 1 else key] = replace(g, quantity=shared[0], unit=earlier[shared[0]].unit) \
            if len(shared) == 1 else g
    return out


def _said(q: Question, words: list[str]) -> bool:
    from assistant.textnorm import prepare

    return any(prepare(w) in q.prepared for w in words)
