"""Run a ``Plan``: call the calculators in order (each step's value feeds the next), read published figures.

Every calculation input is relabelled with where its value came from — ``user`` only for a number from the
conversation, a source id for a run's published figure, ``calculation`` for an earlier step's value — so the
answer never says "you gave" for a number nobody typed.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from assistant.parse import words_in
from assistant.plan import (
    ARGUMENTS,
    PAIR_OPS,
    SET_AGAINST,
    SUBJECTS,
    Known,
    Plan,
    Step,
    chip_subject,
    stated_only,
)
from assistant.question import CURRENCIES, FOREIGN_CURRENCIES, Given, Question, same_dimension
from assistant.render import UNIT_NAMES
from assistant.textnorm import compiled, prepare, tokenize
from assistant.topics import card_words, names_subject, relevant, states, years_shared
from knowledge.loader import KnowledgeBase
from knowledge.schema import Accelerator, FactCard, Figure
from knowledge.vocabulary import vocabulary
from tools.convert import convert
from tools.formula import fmt
from tools.hardware import PRECISIONS, latest_price, peak, resolve
from tools.registry import CALCULATORS
from tools.result import CalcResult, Input, Text

Search = Callable[[str, int], list[Any]]
# Calculator arguments whose name differs from the quantity that fills them.


@dataclass
class Lookup:
    """A published figure that answers the question directly."""

    subject: str  # a run's or an accelerator's name
    key: str  # run metric or accelerator spec
    figure: Figure
    short: str = ""  # the name as a Chinese sentence writes it (an accelerator's alias, not its English title)
    chip: str = ""  # the accelerator a run's count or hours are of ("A100 40GB"), when the case names it


@dataclass
class Outcome:
    calculations: list[tuple[Step, CalcResult]] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    cards: list[FactCard] = field(default_factory=list)
    conversions: list[CalcResult] = field(default_factory=list)  # CNY/EUR inputs converted to USD first
    worked: list[CalcResult] = field(default_factory=list)  # inputs worked out of the user's numbers ("$3.50 less 35%")
    regions: dict[int, str] = field(default_factory=dict)  # calculation index → the grid region it is for
    in_currency: dict[int, CalcResult] = field(default_factory=dict)  # calculation index → its money result in
    # the currency the question asks for ("一共要花多少人民币")
    options: dict[int, Given] = field(default_factory=dict)  # calculation index → the option's value it is for
    unpublished: list[tuple[str, str]] = field(default_factory=list)  # (accelerator, spec asked) with no figure


def execute(p: Plan, q: Question, kb: KnowledgeBase, search: Search) -> Outcome:
    """The plan's steps, once per option when the question sets values of one input side by side."""
    if not q.alternatives or p.paired:
        out = _run(p, q, kb, search)
        paid = {s.target: r for s, r in out.calculations if s.target in ("rental_cost", "amortised_cost")}
        if len(paid) == 2 and {"saving", "difference", "reduction"} & set(q.asked):
            # "rent at $2.3/GPU-hour or buy at $30k: which is cheaper, by how much?": the two ways, then the gap
            out.calculations.append(_gap(paid["rental_cost"], paid["amortised_cost"], kb))
        return out
    key, options = next(iter(q.alternatives.items()))
    # "A100每卡时1.8美元，H100每卡时2.8美元", "512 H100s vs 1,536 A100s", "A100 (MFU 50%) vs H100 (MFU 40%)": each
    # accelerator at its own price, MFU or cluster size, compared once
    each = {"price_per_gpu_hour": ("prices", "USD/GPU-hour"), "gpus": ("cluster_sizes", "GPU"),
            "mfu": ("mfus", "ratio"), "peak_flops": ("peaks", "FLOP/s")}
    lists = {each[k][0]: Known(",".join(f"{o.value:g}" for o in v), "user") for k, v in q.alternatives.items()
             if k in each and len(v) == len(q.accelerators) >= 2 and all(o.unit == each[k][1] for o in v)}
    if lists and len(lists) == len(q.alternatives) and \
            any(s.name in ("compare-hardware", "equivalent-gpus") for s in p.steps):
        return _run(dataclasses.replace(p, known={**p.known, **lists}), q, kb, search)
    out = Outcome()
    # "A: $2.8 for 400k GPU-hours; B: $1.3 for 1.25M": the inputs of one option go together
    paired = {k: v for k, v in q.alternatives.items() if len(v) == len(options)}
    finals: list[tuple[Step, CalcResult]] = []
    for n, option in enumerate(options):
        value = Known(option.value, "user", option.unit)
        together = {k: Known(v[n].value, "user", v[n].unit, v[n].text) for k, v in paired.items()}
        # "B家每卡时16块人民币": an option in another currency is converted first, as any such input is
        foreign = [k for k, v in {**together, key: value}.items() if v.unit.partition("/")[0] in FOREIGN_CURRENCIES
                   and not any(s.kind == "convert" and s.target == k for s in p.steps)]
        steps = [*(Step("convert", "convert", k) for k in foreign), *p.steps]
        each = _run(dataclasses.replace(p, known={**p.known, **together, key: value}, steps=steps), q, kb, search)
        offset = len(out.calculations)
        out.conversions += each.conversions
        out.calculations += each.calculations
        out.options.update({offset + i: option for i in range(len(each.calculations))})
        out.in_currency.update({offset + i: r for i, r in each.in_currency.items()})
        out.regions.update({offset + i: r for i, r in each.regions.items()})
        finals += each.calculations[-1:]
        if n == 0:
            out.lookups, out.cards, out.conversions = each.lookups, each.cards, each.conversions
    compared = next((PAIRED[a] for a in q.asked if a in PAIRED), None)
    if compared and len(finals) == 2 and finals[0][0] == finals[1][0]:
        # "which is cheaper, and by how much?", "by what factor?": the two options' results, compared
        out.calculations.append(_gap(finals[0][1], finals[1][1], kb, compared))
        converted = _in_asked_currency(out.calculations[-1][1], q, p.known, kb, out)  # "选便宜的那家省几多台币"
        if converted is not None:
            out.in_currency[len(out.calculations) - 1] = converted
    elif (q.total or set(q.alternatives) == {"label_items", "label_price"}) and len(finals) >= 2 and \
            len({step for step, _ in finals}) == 1:
        # "SFT 2万条每条3美元，偏好数据5万条每条1.5美元，合计?": lines priced one by one, then added up
        total = CALCULATORS["figure-total"](figures=",".join(f"{r.value!r}" for _, r in finals), unit=finals[0][1].unit,
                                            kb=kb)
        worked = {f"figure_{i + 1}": Known(r.value, "calculation", r.unit) for i, (_, r) in enumerate(finals)}
        out.calculations.append((Step("sum", "figure-total", "total"), _relabel(total, worked)))
    return out


# what two options' results are compared by, for each comparison asked
PAIRED = {"saving": "difference", "difference": "difference", "multiple": "multiple"}


def _result_against(q: Question, p: Plan, values: dict[str, Known], out: Outcome, kb: KnowledgeBase) -> None:
    """"電費佔官方557.6萬美元的幾成", "電費佔租金的百分之幾": the result asked as a share (or multiple, or
    difference) of the sum the user gave, or of the other cost worked out beside it."""
    op = next((a for a in q.asked if a in SET_AGAINST), None)
    # "rent at $2 a card-hour or buy at $30k over 4 years: which is cheaper per hour?": the rent the user gave, as
    # a multiple of the owned rate worked out
    rent = values.get("price_per_gpu_hour") if q.hourly and len(q.compared) >= 2 else None
    owned = next((r for s, r in out.calculations if s.target == "amortised_rate"), None)
    if op is None and rent is not None and owned is not None and rent.unit == owned.unit:
        op, amount = "multiple", rent
        results = [owned]
    elif op is None or any(s.name.startswith("figure-") for s, _ in out.calculations):
        return
    else:
        results = [r for s, r in out.calculations if s.target in p.targets and r.unit in CURRENCIES]
        # (the user's sum, or one a source states: "what share of Meta's capex guidance is that?")
        amount = values.get("amount") if "amount" in q.given else values.get("against")
    if len(results) == 1 and amount is not None and amount.unit == results[0].unit:
        pair = [(results[0].value, Known(results[0].value, "calculation", results[0].unit)), (amount.value, amount)]
    elif len(results) == 2 and amount is None and results[0].unit == results[1].unit:
        pair = [(r.value, Known(r.value, "calculation", r.unit)) for r in results]
    else:
        return
    (_, big_known), (_, small_known) = sorted(pair, key=lambda x: -x[0])
    result = CALCULATORS[f"figure-{op}"](larger=big_known.argument, smaller=small_known.argument, unit=big_known.unit,
                                         kb=kb)
    out.calculations.append((Step("calc", f"figure-{op}", op),
                             _relabel(result, {"larger": big_known, "smaller": small_known})))


def _gap(one: CalcResult, two: CalcResult, kb: KnowledgeBase, by: str = "difference") -> tuple[Step, CalcResult]:
    """The difference (or the multiple) between two results of one calculation, each cited as calculated."""
    big, small = sorted((one, two), key=lambda r: -r.value)
    diff = CALCULATORS[f"figure-{by}"](larger=big.value, smaller=small.value, unit=big.unit, kb=kb)
    return Step("calc", f"figure-{by}", by), _relabel(diff, {
        "larger": Known(big.value, "calculation", big.unit), "smaller": Known(small.value, "calculation", small.unit)})


def _in_asked_currency(r: CalcResult, q: Question, values: dict[str, Known], kb: KnowledgeBase,
                       out: Outcome) -> CalcResult | None:
    """A sum of money in the currency the question asks for, when it was worked out in another."""
    paid_in = r.unit.split("/")[0]
    if not q.currency or paid_in == q.currency or not {paid_in, q.currency} <= {"USD", *FOREIGN_CURRENCIES} or \
            "USD" not in (paid_in, q.currency) or r.tool == "convert":  # a conversion is already in the money asked
        return None
    worked = Known(r.value, "calculation", r.unit, "", r.low, r.high)  # a range stays one in the money asked
    shown = _relabel(convert(worked.argument, paid_in, q.currency, usd_rate=_rate(values), kb=kb), {"amount": worked})
    return _worked_inputs(shown, q, out)  # "按1欧元=1.08美元": the rate as typed, turned round


def _rate(values: dict[str, Known]) -> float | None:
    """The user's own exchange rate ("1 USD = 32.5 TWD", "汇率按7.2"), when one was given."""
    rate = values.get("usd_rate")
    return None if rate is None else rate.argument


def _run(p: Plan, q: Question, kb: KnowledgeBase, search: Search) -> Outcome:
    out = Outcome()
    values: dict[str, Known] = dict(p.known)
    for step in p.steps:
        if step.kind == "convert":
            given = values[step.target]
            currency, _, per = given.unit.partition("/")
            r = convert(given.value, currency, "USD", usd_rate=_rate(values), kb=kb)
            r = _relabel(r, {"amount": given})  # shown as the input it stands for: "annual pay 1.5M CNY", not "amount"
            out.conversions.append(_worked_inputs(dataclasses.replace(r, inputs={
                step.target if k == "amount" else k: v for k, v in r.inputs.items()}), q, out))
            rate = r.value / given.value if given.value else 0.0
            ends = (given.low * rate, given.high * rate) if given.low is not None and given.high is not None else ()
            values[step.target] = Known(r.value, "calculation", "USD" + (f"/{per}" if per else ""), "", *ends)
        elif step.kind == "calc":
            calc = CALCULATORS[step.name]
            # "in France versus the US grid": the same emissions once per region named
            # (the user's own factors for them are options instead: "中国电网（0.537 kg/kWh）和法国（0.051 kg/kWh）")
            regions = q.regions if step.name == "carbon" and len(q.regions) > 1 and "grid_intensity" not in q.given \
                else [None]
            # ("smaller=earlier_amount": an input worked out by the step before, under the name this one takes)
            fed = {k: values[v] for k, _, v in (key.partition("=") for key in step.keys) if v in values}
            for region in regions:
                args, sources = _arguments(step.name, {**values, **fed}, q)
                if region is not None:
                    args["region"] = region
                    out.regions[len(out.calculations)] = region
                result = _worked_inputs(_relabel(calc(**args, kb=kb), sources), q, out)
                per = values["amount"].unit.partition("/")[2] if step.name == "convert" else ""
                if per:  # "€2.20 per GPU-hour in dollars": a rate converted stays a rate
                    result = dataclasses.replace(result, unit=f"{result.unit}/{per}")
                out.calculations.append((step, result))
                values.setdefault(calc.output, Known(result.value, "calculation", result.unit))
                values[calc.output] = values[calc.output] if region else Known(result.value, "calculation",
                                                                                 result.unit)
                if step.target not in (calc.output, *dict(calc.parts)):  # "optimal tokens" feeding the FLOP
                    values[step.target] = Known(result.value, "calculation", result.unit)
            if len(regions) == 2 and {"saving", "difference"} & set(q.asked):
                # "法国和美国机房排放差几吨": the two grids' results, compared
                out.calculations.append(_gap(out.calculations[-2][1], out.calculations[-1][1], kb))
            # "要多少人民币" of a bill in dollars, "換算成美元" of a bill in Taiwan dollars: in the currency asked
            # the answer asked for is in that currency too, even when a step before it already was ("每年折旧多少")
            converted = _in_asked_currency(result, q, values, kb, out)
            if converted is not None and (not out.in_currency or step.target in p.targets):
                out.in_currency[len(out.calculations) - 1] = converted
        elif step.kind == "worked":  # the user's numbers worked into the quantity asked, shown as that step
            given = q.given[step.name]
            said = Input(given.value, given.unit, "user", step.name.replace("_", " "))
            out.calculations.append((step, _worked(step.name, given, said, f"{q.prepared} {q.text}".casefold())))
        elif step.kind == "run":
            case = kb.cases[step.name]
            used = resolve(case.hardware, kb) if case.hardware else None
            out.lookups += [Lookup(case.name, m, case.figures[m],
                                   chip=used.aliases[0] if used and m in ("gpu_count", "gpu_hours") else "")
                            for m in step.keys]
        elif step.kind == "spec":
            acc = resolve(step.name, kb)
            found = spec_figure(acc, vocabulary().by_id[step.target].spec or "", q.prepared)
            if found is not None:
                out.lookups.append(Lookup(acc.name, step.target, found, acc.aliases[0]))
            elif step.target in q.asked:  # "TPU v5p: peak, memory, and TDP?": Google publishes no TDP; say so
                out.unpublished.append((acc.name, step.target))
        elif step.kind == "cards":
            out.cards += [kb.facts[i] for i in step.keys]
        elif step.kind == "figures":
            figures = [_at_bound(next(f for f in kb.facts[i].figures if f.central is not None), q.bound)
                       for i in step.keys]
            if len(set(step.keys)) == 1:  # one card set against itself: its range's two ends
                ranged = next(f for f in kb.facts[step.keys[0]].figures if f.low is not None and f.high is not None)
                figures = [_at_bound(ranged, "high"), _at_bound(ranged, "low")]
            out.calculations.append((step, _summed(figures, [kb.facts[i].subject for i in step.keys], kb)
                                     if step.name == "figure-total" else _compared(step.name, *figures[:2], kb)))
        elif step.kind == "sum":
            out.calculations += _sum(step, values, out, q, kb)
        elif step.kind == "compare" and step.name == "figure-total":
            out.calculations += [(step, total) for total in _totals(out.lookups, kb)]
        elif step.kind == "compare":
            pair = _same_key(out.lookups)
            if pair is not None:
                out.calculations.append((step, _compared(step.name, *pair, kb)))
    _result_against(q, p, values, out, kb)
    return out


def _at_bound(fig: Figure, bound: str | None) -> Figure:
    """"The top of that forecast": a stated range at the end asked for, else as stated."""
    end = getattr(fig, bound) if bound in ("low", "high") else None
    return fig if end is None else fig.model_copy(update={"value": end, "low": None, "high": None})


def _same_key(lookups: list[Lookup]) -> tuple[Figure, Figure] | None:
    """The first published figure of the first subject, and the same measure's figure of the next subject (or, for
    one subject, its next figure in the same unit)."""
    first = next((lk for lk in lookups if lk.figure.central is not None), None)
    other = next((lk for lk in lookups if first is not None and lk.subject != first.subject and lk.key == first.key
                  and lk.figure.central is not None and lk.figure.unit == first.figure.unit
                  and (lk.figure.central or first.figure.central)), None)  # two zeros compare nothing
    if other is None and first is not None:  # one run's two cost concepts ("rental vs amortised")
        other = next((lk for lk in lookups if lk.subject == first.subject and lk.key != first.key
                      and lk.figure.central is not None and lk.figure.unit == first.figure.unit), None)
    return None if first is None or other is None else (first.figure, other.figure)


def _totals(lookups: list[Lookup], kb: KnowledgeBase) -> list[CalcResult]:
    """The published figures of each measure looked up, each run's, summed with each input cited to its source
    ("all the Llama 3 models: total GPU-hours and emissions?": two totals)."""
    stated = [lk for lk in lookups if lk.figure.central is not None]
    measures = dict.fromkeys((lk.key, lk.figure.unit) for lk in stated)
    groups = [[lk for lk in stated if (lk.key, lk.figure.unit) == measure] for measure in measures]
    return [_summed([lk.figure for lk in same], [lk.subject for lk in same], kb)
            for k, same in enumerate(groups) if k == 0 or len(same) >= 2]


def _summed(figures: list[Figure], subjects: list[str], kb: KnowledgeBase) -> CalcResult:
    """Stated figures of one measure summed, each input named by whom it is about and cited to its source."""
    result = CALCULATORS["figure-total"](figures=", ".join(f"{f.central!r}" for f in figures),
                                         unit=figures[0].unit, kb=kb)
    for i, subject in enumerate(subjects):
        name = f"figure_{i + 1}"
        result.inputs[name] = dataclasses.replace(result.inputs[name], label=subject)
    return _relabel(result, {f"figure_{i + 1}": Known(f.central, f.source, f.unit) for i, f in enumerate(figures)})


def _sum(step: Step, values: dict[str, Known], out: Outcome, q: Question,
         kb: KnowledgeBase) -> list[tuple[Step, CalcResult]]:
    """Each cost worked out and each sum the user gave, added up in the currency asked (US dollars unless one is
    named); a part in another currency is converted first, at the user's rate when one is given."""
    currency = q.currency if q.currency in CURRENCIES else "USD"
    steps: list[tuple[Step, CalcResult]] = []
    parts: list[tuple[str, Known]] = []
    for key in step.keys:
        given = q.given.get(key)
        part = Known(given.value, "user", given.unit, given.text) if given is not None else values.get(key)
        if part is None:
            continue
        if part.unit != currency:
            shown = next((r for i, r in out.in_currency.items() if out.calculations[i][1].value == part.value
                          and r.unit == currency), None)
            if shown is None:
                shown = _relabel(convert(part.value, part.unit, currency, usd_rate=_rate(values), kb=kb),
                                 {"amount": part})
                steps.append((Step("calc", "convert", "converted"), shown))
            part = Known(shown.value, "calculation", currency)
        parts.append((key, part))
    result = CALCULATORS["figure-total"](figures=", ".join(f"{k.value!r}" for _, k in parts), unit=currency, kb=kb)
    lang = "zh" if q.language.startswith("zh") else "en"
    for i, (key, _) in enumerate(parts):  # each part named by what it is
        name = f"figure_{i + 1}"
        result.inputs[name] = dataclasses.replace(result.inputs[name],
                                                  label=vocabulary().by_id[key].label.in_(lang))
    return [*steps, (step, _relabel(result, {f"figure_{i + 1}": k for i, (_, k) in enumerate(parts)}))]


def _compared(name: str, one: Figure, two: Figure, kb: KnowledgeBase) -> CalcResult:
    """A figure calculator run on two published figures, the larger first, each input cited to its source."""
    big, small = sorted((one, two), key=lambda f: -(f.central or 0.0))
    # ("$5-10B by 2026, against about $1B now": a stated range stays one, so the multiple is 5-10x, not 7.5x)
    larger, smaller = (Known(f.central or 0.0, f.source, f.unit, "", f.low, f.high) for f in (big, small))
    years = {}
    if name == "figure-annual-growth":  # the years between the two figures' dates ("2020" and "2024": 4)
        dated = [int(f.date[:4]) for f in (one, two) if f.date]
        years = {"years": abs(dated[0] - dated[1])} if len(dated) == 2 else {}
    result = CALCULATORS[name](larger=larger.argument, smaller=smaller.argument, unit=big.unit, kb=kb, **years)
    apart = {"years_between": Known(years["years"], big.source, "year")} if years else {}
    return _relabel(result, {"larger": larger, "smaller": smaller, **apart})


def _arguments(name: str, values: dict[str, Known], q: Question) -> tuple[dict[str, Any], dict[str, Known]]:
    calc = CALCULATORS[name]
    rename = ARGUMENTS.get(name, {})
    args: dict[str, Any] = {}
    sources: dict[str, Known] = {}
    for param in calc.params:
        key = rename.get(param.name, param.name)
        if key not in values and param.name not in rename.values():
            key = param.name  # ("福利按1.25倍": the overhead given under its own name)
        if key in values:
            args[param.name] = values[key].argument
            sources[param.name] = values[key]
    if name == "electricity-cost":
        price = values.get("electricity_price")
        currency = price.unit.split("/")[0] if price and price.unit.split("/")[0] in FOREIGN_CURRENCIES else None
        args["currency"] = currency or ("CNY" if q.region == "cn" and price is None else "USD")
        args["region"] = "cn" if args["currency"] == "CNY" else "us"
    if name == "affordable-energy":  # the budget is kept in the tariff's money (see the planner)
        price = values["electricity_price"]
        args["currency"] = price.unit.split("/")[0] if price.unit.split("/")[0] in FOREIGN_CURRENCIES else "USD"
    if name == "implied-electricity-price":  # the bill's money is the tariff's
        bill = values["amount"].unit.split("/")[0]
        args["currency"] = bill if bill in FOREIGN_CURRENCIES else "USD"
    if name == "carbon":
        args["region"] = q.region or "world"
    if "amount" in sources and "unit" not in args and any(p.name == "unit" for p in calc.params) and \
            (money := sources["amount"].unit.split("/")[0]) in CURRENCIES:
        args["unit"] = money  # "2500万人民币, less the 80% saved": the sum's own money, not dollars
    if q.precision in PRECISIONS and any(p.name == "precision" for p in calc.params):
        args["precision"] = q.precision  # "FP8 training": MFU against the FP8 peak
    if q.precision and any(p.name == "weights" for p in calc.params) and \
            (words_in(q.prepared, vocabulary().weight_words.all()) or
             not words_in(q.prepared, vocabulary().training_state.all())):
        args["weights"] = q.precision  # "bf16 weights of a 405B model": two bytes a parameter, no training state
    if name in ("amortised-rate", "amortised-cost"):
        if "life_years" in values:
            args["method"] = "straight-line"  # a hardware life was given: depreciate over it
        if q.with_energy is not None:
            args["include_energy"] = q.with_energy  # "含电费" / "hardware only"
    hardware_left_out = q.left_out - {"pue"}  # "just the GPUs", "不含服务器": nothing added for them
    price = values.get("purchase_price")
    # a price the user or the named article gives for one chip ("Meta's H100s at the article's price")
    priced = "purchase_price" in q.given or (price is not None and q.article is not None and (
        price.origin in (q.article, *q.sources) or (q.article == "" and price.origin in vocabulary().articles)))
    if priced and ((name == "acquisition-cost" and not q.whole_cluster) or (
            name in ("amortised-rate", "amortised-cost") and not q.around_chips)):
        # "512 H100s at $30k each: total?", "$32k a card, 4-year straight-line: per GPU-hour?": the chips at the
        # user's price, with no servers or networking the user did not name
        args["left_out"] = "servers,networking"
    elif name in ("amortised-rate", "amortised-cost", "acquisition-cost") and hardware_left_out:
        args["left_out"] = ",".join(sorted(hardware_left_out))
    if name in PAIR_OPS.values():
        args["unit"] = values["larger"].unit  # "8,000 GPUs then 2,000": the pair's own unit
    if name == "figure-total":
        args["unit"] = values["figures"].unit
    if name == "period-amount":
        args["unit"] = values["amount"].unit  # "RMB 1B a year": a month of it in yuan
    if name == "unit-share":
        args["unit"] = values["total_shared"].unit  # "1,287 MWh over 30,000 GPUs": kWh each
    if name == "convert" and "to_unit" in values:  # "GPT-3's 1,287 MWh, in GWh?": a figure's unit, not its money
        args["from_unit"] = values["amount"].unit
    elif name == "convert":
        amount = values["amount"]
        currency = amount.unit.split("/")[0]
        args["from_unit"] = currency if currency in CURRENCIES else "USD"
        args["to_unit"] = _target_currency(q, args["from_unit"])
    return args, sources


def _target_currency(q: Question, source: str) -> str:
    """The currency asked for, else the first other one named, else between USD and CNY."""
    named = [c for c in ([q.currency] if q.currency else []) + q.currencies if c != source]
    return named[0] if named else ("CNY" if source == "USD" else "USD")


ARGUMENT_OF = {"measure": "amount"}  # an input a calculator records under another name than its argument's


def _relabel(result: CalcResult, sources: dict[str, Known]) -> CalcResult:
    """Each input's origin from where its value came; a number the tools saw as given but the user did not type
    (a run's published size, an earlier step's energy) is not marked as the user's."""
    inputs = {}
    for name, inp in result.inputs.items():
        known = sources.get(name) or sources.get(ARGUMENT_OF.get(name, ""))
        if known is not None and inp.origin == "user":
            inp = dataclasses.replace(inp, origin=known.origin)
        inputs[name] = inp
    return dataclasses.replace(result, inputs=inputs)


def _worked_inputs(result: CalcResult, q: Question, out: Outcome) -> CalcResult:
    """An input the user's numbers were worked into ("$3.50 less 35%", "512 × 2", "10 + 4 people"): marked as
    calculated, and that step shown once, with the numbers as typed as the user's inputs."""
    inputs = dict(result.inputs)
    for name, inp in result.inputs.items():
        # under its own name, or under the calculator's ("budget" as the electricity "cost")
        given = next((g for g in (q.given.get(name), *q.given.values()) if g is not None and g.parts and
                      math.isclose(inp.value, g.value, rel_tol=1e-9)), None)
        if inp.origin != "user" or given is None:
            continue
        inputs[name] = dataclasses.replace(inp, origin="calculation")
        if not any(w.formula == given.text for w in out.worked):
            out.worked.append(_worked(given.quantity, given, inp,
                                      f"{q.context} {prepare(q.context)} {q.prepared} {q.text}".casefold()))
    return dataclasses.replace(result, inputs=inputs)


# parts the reading may work out rather than read
WORKED_FACTORS = frozenset({"factor", "hours_per_day", "weeks_per_year", "hours_per_year", "hours_per_month"})


def _worked(name: str, given: Given, inp: Input, said: str) -> CalcResult:
    words = vocabulary().by_input(name)
    label = Text(words.label.en, words.label.zh) if words is not None else Text(inp.label, inp.label)
    parts: dict[str, Input] = {}
    formula, at = given.text, 0
    for part in given.parts:
        key = part.quantity if part.quantity not in parts else f"{part.quantity}_{len(parts)}"
        # a factor the user typed, or said in words ("再加一倍" is × 2), is theirs; one the reading worked out
        # ("20% more" is × 1.2, a price per card-day over 24 hours) is calculated
        typed = part.quantity not in WORKED_FACTORS or \
            re.search(rf"(?<![\d.]){re.escape(part.text.casefold())}(?![\d])", said) is not None or \
            any(f == part.value and prepare(w) in said for ws in vocabulary().relative.values() for w, f in ws.items())
        parts[key] = Input(part.value, part.unit, "user" if typed else "calculation", part.quantity.replace("_", " "))
        found = formula.find(part.text, at)
        if found >= 0:  # the formula in words: each number as typed gives way to what it is
            formula, at = formula[:found] + key + formula[found + len(part.text):], found + len(key)
    unit = inp.unit if inp.unit in UNIT_NAMES["en"] else ""
    return CalcResult("worked_input", label, given.value, inp.unit, formula, "", parts,
                      [f"{name} = {formula} = {given.text} = {fmt(given.value)} {unit}".rstrip()])


def spec_figure(acc: Accelerator, spec: str, text: str = "") -> Figure | None:
    """One accelerator spec as a figure: TDP, memory, dense peak, a purchase or rental price. A price is the latest
    on file, or, when ``text`` (the prepared question) names a vendor or a year, that vendor's or year's: one
    price when one is left, else the span of them ("Lambda's H100 prices" → 1.99-3.49)."""
    if spec in ("purchase_price", "rental_price"):
        points = acc.purchase_prices if spec == "purchase_price" else acc.rental_prices
        named = [p for p in points if p.vendor and p.vendor.lower() in text] or points
        dated = [p for p in named if _dated_as(p.date, text)]
        if dated or named is points or len(named) == 1:
            point = latest_price(dated or named)
            return None if point is None else Figure(value=point.value, unit=point.unit, source=point.source,
                                                      date=point.date, note=point.note)
        low, high = min(named, key=lambda p: p.value), max(named, key=lambda p: p.value)
        first, last = min(p.date for p in named), max(p.date for p in named)
        return Figure(low=low.value, high=high.value, unit=low.unit, source=low.source, date=last,
                      note=f"{named[0].vendor}: {len(named)} prices on file, {first} to {last}")
    if spec == "bf16_dense":
        return peak(acc, "bf16")
    if spec == "fp8_dense":
        return acc.fp8_dense
    return getattr(acc, spec, None)


MONTH_RE = re.compile(r"(?<![\d.])(1[0-2]|0?[1-9])\s?月|"
                      r"(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _dated_as(date: str, text: str) -> bool:
    """Whether the question names the price's year (and its month, when it names one): "2024年9月", "Sept 2024"."""
    year = re.search(r"(?<!\d)(20\d\d)(?!\d)", text)
    if year is None or not date.startswith(year.group(1)):
        return False
    month = MONTH_RE.search(text)
    if month is None:
        return True
    number = int(month.group(1)) if month.group(1) else MONTHS.index(month.group(2)) + 1
    return date[5:7] == f"{number:02d}"


def _dimension_matches(unit: str, target: str) -> bool:
    v = vocabulary()
    mine, wanted = v.unit_dimension(unit), v.by_id[target].dimension
    if mine is None:
        return unit == v.by_id[target].unit
    # a source's hourly price of a whole cluster ("AWS rents a CPU cluster for $6 an hour") answers a price per hour;
    # a span stated in years ("almost 18 months, under a year and a half") answers "how long"
    return same_dimension(mine, wanted) or same_dimension(mine, wanted.replace("gpu_time", "duration")) or \
        (mine, wanted) == ("years", "duration")


def _measures(card: FactCard, asked: list[str], target: str) -> bool:
    """A card whose metric is one quantity's published figure (a cloud cost) answers that quantity only: not an
    electricity bill asked for by name."""
    owner = {w.run_metric: w.id for w in vocabulary().quantities if w.run_metric}.get(card.metric)
    return owner is None or not asked or owner == target or owner in asked


def _measure_words(qid: str) -> list[str]:
    """The words that name a quantity (电费, "power bill"), without the ones every cost question has."""
    words = vocabulary().by_id[qid]
    every = (*words.asks.all(), *words.gives.all(), words.label.en, words.label.zh)
    return [w for w in every if len(w) > 1 and w not in ("cost", "costs", "成本", "费用", "多少钱")]


def _names_measure(card: FactCard, measures: list[str], prepared: str) -> bool:
    """Does the card state a measure asked, or the question name one of its tags ("electricity" for "Energy is only
    2-6% …")?"""
    return words_in(prepare(f"{card.statement.en} {card.statement.zh}"), measures) or \
        words_in(prepared, [t for t in card.tags if len(t) > 2])


def _parts_named(q: Question, source: str, target: str, kb: KnowledgeBase) -> list[FactCard]:
    """The parts of one breakdown ("cost_share_hardware", "cost_share_staff") whose own tags the question names
    ("硬件", "staff"), however low the search ranks them, in the order the question names them; only a tag no other
    part has names a part ("share", "capex" name them all)."""
    groups: dict[str, list[FactCard]] = {}
    for card in kb.facts.values():
        if (not source or card.source == source) and any(_dimension_matches(f.unit, target) for f in card.figures):
            groups.setdefault(card.metric.rpartition("_")[0], []).append(card)
    found: dict[str, list[tuple[int, FactCard]]] = {}
    for kind, cards in groups.items():
        for card in cards:
            shared = {t for c in cards if c is not card for t in c.tags}
            tags = [t for t in card.tags if (len(t) > 2 or not t.isascii()) and t not in shared]
            at = [m.start() for t in tags if (m := compiled(rf"(?<![a-z]){re.escape(t)}(?![a-z])").search(q.prepared))]
            if at:
                found.setdefault(kind, []).append((min(at), card))
    widest = max(found.values(), key=len, default=[])
    return [c for _, c in sorted(widest, key=lambda f: f[0])] if len(widest) >= 2 else []


def about_run(run: str, subject: str) -> bool:
    """Is a card about this run: "gpt-4" for gpt-4, "llama-2" for llama-2-70b, "gemini-ultra" for gemini-1.0-ultra?"""
    return run == subject or run.startswith(subject + "-") or set(subject.split("-")) <= set(run.split("-"))


def matching_cards(q: Question, source: str, target: str, stating: tuple[float, ...], kb: KnowledgeBase,
                   search: Search) -> list[str]:
    """The best fact cards (by retrieval rank) with a figure in the asked quantity's unit: from the named article
    when there is one, about the named run first; up to three about the same subject ("how has the cost
    escalated"), or two about different ones when the question compares."""

    text = f"{q.context} {q.text}" if q.context else q.text  # "and Alphabet?" is found with what it follows
    hits = [h for h in search(text, 24) if h.doc_id.startswith("fact:")]
    cards = [kb.facts[h.doc_id[5:]] for h in hits if h.doc_id[5:] in kb.facts]
    if source:  # the article named, any other source named beside it, and a card about whom the question names
        cards = [c for c in cards if c.source == source or c.source in q.sources or
                 (q.article and not chip_subject(c.subject) and names_subject(q.prepared, c.subject))]
    pairing = any(a in PAIR_OPS for a in q.asked)
    # ("GPT-4's cost against the range for 100B models": the named run's own card is one of the pair, stating no size)
    fitting = [c for c in cards if any(_dimension_matches(f.unit, target) for f in c.figures)
               and (all(states(c, value) for value in stating) or
                    (pairing and any(about_run(r, c.subject) for r in q.runs)))
               and _measures(c, q.asked, target)]
    if source:  # "GPT-4's cost according to Jade Bird": its own card before others' about GPT-4
        fitting = sorted(fitting, key=lambda c: c.source != source)
    told = [g.value for k, g in q.given.items() if k in SUBJECTS]
    if q.article is not None and told and not stating:
        # "the Jade Bird piece… a model in the hundred-billion-parameter class": the card stating the size first
        fitting = sorted(fitting, key=lambda c: not any(states(c, value) for value in told))
    about: list[FactCard] = []
    if q.runs:
        # "GPT-2 和 GPT-3 各有多少参数": a subject named beside the run, though no run of ours, is asked about too
        about = [c for c in fitting if any(about_run(r, c.subject) for r in q.runs)
                 or names_subject(q.prepared, c.subject)]
        # ("GPT-4's cost is how many times the top of the article's range for 100B models?": one run's figure set
        # against the article's best other one)
        against = [c for c in fitting if c not in about][:1] if (q.article is not None or stating) and pairing \
            else []
        if against and stating:  # the run's best figure, set against the card stating the user's number
            about = about[:1]
        fitting = [*about, *against] if about else ([] if q.article is None else fitting)
    if q.models and not q.runs:
        # "文章有说文心一言训练用了多少度电吗?", "Claude 3's cost?": a model no card of the measure is about is not
        # answered with another model's figure
        families = {m.group(0) for name in q.models if (m := re.match(r"[^\d\s.-]+", name))}
        fitting = [c for c in fitting if names_subject(q.prepared, c.subject) or any(
            f in f"{c.statement.en} {c.statement.zh}".lower() for f in families)]  # 文心一言's cluster: a card on it
    # "how big a chunk of the cost is electricity": for a share, a card naming the other measure asked speaks to it
    measures = [w for a in q.asked if a != target for w in _measure_words(a)] if stated_only(target) else []
    topical = [c for c in fitting if stated_only(target) and _names_measure(c, measures, q.prepared)]
    parts = _parts_named(q, source, target, kb) if stated_only(target) else []
    if len(parts) >= 2:  # "硬件、人力、电费各占几成": each part named, its card, in the order named
        return [c.id for c in parts[:4]]
    if q.article is None and not stating and not about:
        # a card about the named run, or stating the user's own numbers, speaks to the question already
        # ("GPT-2 有多少 params?": the measure asked, of the subject named, though few words are shared)
        fitting = [c for c in fitting if c in topical or relevant(text, c) or
                   (target in q.asked and names_subject(q.prepared, c.subject))]
    named = [c for c in fitting if names_subject(q.prepared, c.subject)]
    if not named and not q.runs and not stating:
        # "what's Blackwell expected to sell for?": no figure about the subject named, but a card about it that says
        # so in words ("priced near the Hopper line"), not another subject's figure
        said = [c for c in cards if not c.figures and names_subject(q.prepared, c.subject)
                and _names_measure(c, _measure_words(target), "")]
        if said:
            return [said[0].id]
    subjects = list(dict.fromkeys(c.subject for c in named))
    if len(subjects) >= 2:  # "Microsoft or Alphabet, who spent more?": the best card about each one named
        return [c.id for s in subjects[:3] for c in [c for c in named if c.subject == s][:2]]
    if q.context:  # a follow-up's own words choose among the cards its question finds ("那2020年呢?")
        own = {w for w in tokenize(q.text) if len(w) > 1} - set(tokenize(q.context))
        named += [c for c in fitting if c not in named and own & card_words(c)]
    named += [c for c in topical if c not in named and c in fitting]
    fitting = named + [c for c in fitting if c not in named]  # a card about what the question names comes first
    if not any(a in PAIR_OPS for a in q.asked):  # "Amodei's forecast for 2025 and 2026": the card about the
        # years named first (two years compared keep the retrieval's order)
        fitting = sorted(fitting, key=lambda c: -years_shared(q.text, c, kb))
    # "what size range does it give": a card stating one ("区间下限" asks one end, of whatever card answers)
    if words_in(q.prepared, vocabulary().range_asked.all()) and q.bound is None:
        fitting = sorted(fitting, key=lambda c: not any(f.low is not None and f.high is not None for f in c.figures))
    if not fitting:
        return []

    def floor_only(c: FactCard) -> bool:  # "more than 1.5T": a bound, where another card may state the estimate
        return all(f.value is None and (f.low is None) != (f.high is None) for f in c.figures)

    def spans(c: FactCard, bound: float) -> bool:  # a range or a value that the bound is one end of
        return any(f.low is not None and f.high is not None and f.low <= bound <= f.high for f in c.figures)

    # ("青鸟估的GPT-4参数规模": its 1.5–1.8T estimate before its "more than 1.5T", the same measure's floor)
    ends = [x for f in fitting[0].figures for x in (f.low, f.high) if x is not None]
    fuller = next((c for c in fitting[1:] if c.subject == fitting[0].subject and c.metric == fitting[0].metric
                   and not floor_only(c) and spans(c, ends[0])), None) \
        if floor_only(fitting[0]) and q.bound is None and ends else None
    if fuller is not None:
        fitting = [fuller, *(c for c in fitting if c is not fuller)]
    first = fitting[0]
    same = [c for c in fitting[1:] if c.subject == first.subject][:2]
    compares = q.asked[:1] == ["comparison"] or any(w in q.prepared for w in ("compare", "比", " vs", "versus", "和")) \
        or pairing
    other = [c for c in fitting[1:] if c.subject != first.subject][:1] if compares else []
    return [c.id for c in [first, *same, *other]]
