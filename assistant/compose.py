"""Compose: a Plan's outcome → the answer's text, figures, calculations and sources, in the reader's language.

The first sentence is the answer (value, range, unit), written by the asked quantity's template in the vocabulary;
then the inputs with their origins (the user's numbers as typed), the assumptions, and numbered sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.answer import Bar, Chart, Figure, Origin, StepRow
from assistant.draft import Draft, Row
from assistant.execute import Lookup, Outcome
from assistant.parse import words_in
from assistant.plan import Plan, Step
from assistant.question import CURRENCIES, Given, Question
from assistant.render import FACTORS, UNIT_NAMES, number, quantity
from assistant.textnorm import compiled, to_mainland
from assistant.topics import names_subject, names_topic, relevant, topic_words
from knowledge.schema import FactCard
from knowledge.vocabulary import Label, vocabulary
from tools.quantities import Q
from tools.registry import CALCULATORS
from tools.result import CalcResult

Search = Callable[[str, int], list[Any]]
# Ratios read as plain numbers, not shares: "PUE = 1.1", "20 tokens per parameter".
MULTIPLIERS = frozenset({"pue", "overhead", "server_power_multiplier", "multiplier", "ooms_per_year",
                         "tokens_per_param", "staff_overhead", "factor", "label_passes"})
FIGURE_UNITS = {*CURRENCIES, *(f"{c}/kWh" for c in CURRENCIES), "FLOP", "FLOP/s", "GPU-hour", "GPU", "hour", "day",
                "kWh", "MWh", "GWh", "tCO2e", "kgCO2e/kWh", "W", "kW", "MW", "parameter", "token", "percent",
                "USD/GPU-hour", "USD/hour", "household-year", "ratio", "year", "USD/year", "kWh/year", "GB", "person",
                "token/s", "item", "USD/item", "USD/Mtoken", "byte/parameter", "byte/token", "pass", "expert",
                "person-year", "machine", *(f"{c}/USD" for c in CURRENCIES)}
COSTS = ("rental_cost", "amortised_cost")
# parts a buyer weighs separately; the cards' own draw beside the facility's overhead on it
BROKEN_DOWN = ("amortised_rate", "amortised_cost", "acquisition_cost", "cluster_power")


def say(d: Draft, key: str, **fields: object) -> None:
    v = vocabulary()
    d.lines.append(v.say(key, d.lang, **fields))


def _label(qid: str, d: Draft) -> str:
    return vocabulary().by_id[qid].label.in_(d.lang)


def _value(d: Draft, r: CalcResult, label: str, value: float, unit: str, scale: float = 1.0) -> str:
    """The figure as text (in ``unit``, ``scale`` times the result's), recorded in the answer's figures, with its
    range when a default or the user's range makes one."""
    text = d.figure(label, value * scale, unit, "calculation")
    # (a range whose ends print alike, "1.9–1.9", says nothing a reader can use)
    if r.low is not None and r.high is not None and value == r.value and \
            number(r.low * scale, d.lang, unit) != number(r.high * scale, d.lang, unit):
        rng = d.figure(d.t(f"{label} range", f"{label}范围"), None, unit, "calculation", r.low * scale,
                       r.high * scale)
        text += vocabulary().say("range", d.lang, range=rng)
    return text


def _beside(d: Draft, asked: str, days: str) -> str:
    """A span in the unit asked, then in days: "920 hours (38.3 days)", "920小时(38.3天)"."""
    return f"{asked} ({days})" if not d.zh else f"{asked}({days})"


DAYS_IN = {"hour": 1 / 24, "month": 365.25 / 12, "week": 7.0}  # the vocabulary's hour, month and week, in days


def _larger_unit(unit: str, value: float) -> tuple[str, float]:
    """"454 MWh", "788 kW", "77 MW", "540 kgCO2e", "9.09 TB": energy, power, emissions and bytes in the unit
    people read them in."""
    if unit == "kWh" and value >= 1e4:
        return "MWh", 1e-3
    if unit == "W" and value >= 1e4:
        return ("MW", 1e-6) if value >= 1e6 else ("kW", 1e-3)
    if unit == "GB" and value >= 1e3:  # "9.09 TB of text", "6.48 TB of model state"
        return "TB", 1e-3
    if unit == "tCO2e" and 0 < value < 1:  # "540 kgCO2e", not "0.54 tCO2e", for a fine-tune's footprint
        return "kgCO2e", 1e3
    return unit, 1.0


def headline(d: Draft, qid: str, value_text: str, subject: str = "", prefix: str = "", calculator: str = "",
             other: str = "", pair: tuple[str, str] = ("", "")) -> None:
    """The asked quantity's sentence: the answer's headline, or a line after it when one is already stated;
    ``other`` names the accelerator a job moves to, ``pair`` the two figures a comparison sets side by side."""
    words = vocabulary().by_id[qid]
    template = words.answer_own if words.answer_own and not subject else words.answer
    template = vocabulary().calculator_answers.get(f"{calculator}-pair" if all(pair) else calculator, template)
    if template is None or ("{subject}" in template.en and not subject):  # a run's sentence, with no run
        line = f"{_label(qid, d)}: {value_text}" if not d.zh else f"{_label(qid, d)}:{value_text}"
    else:
        line = template.in_(d.lang).format(value=value_text, subject=subject, other=other, larger=pair[0],
                                           smaller=pair[1])
    if prefix:  # one line per grid region or option compared
        line = f"{prefix}: {line}" if not d.zh else f"{prefix}:{line}"
    d.lead(line)


PAIRED = frozenset({"figure-multiple", "figure-growth", "figure-reduction", "figure-difference"})  # "A is N times B"


def _pair(d: Draft, r: CalcResult) -> tuple[str, str]:
    """The two figures compared, written out ("30,000 GPUs", "1,000 GPUs"), for a headline that names both."""
    if not {"larger", "smaller"} <= r.inputs.keys():
        return "", ""

    def written(name: str) -> str:
        inp = r.inputs[name]
        ranged = inp.low is not None and inp.high is not None
        return d.figure(_input_label(name, inp, d), None if ranged else inp.value, inp.unit, _origin_id(inp),
                        *((inp.low, inp.high) if ranged else ()))

    return written("larger"), written("smaller")


def _bounded(d: Draft, p: Plan, name: str) -> str:
    """A card's sum stated only as a floor ("more than USD 300,000 a year") or a ceiling ("as much as"), rescaled or
    shared out: the result is one too ("more than USD 25,000 a month", "more than USD 167 a GPU")."""
    cards = [d.kb.facts[i] for s in p.steps if s.kind == "cards" for i in s.keys]
    if name not in ("period-amount", "unit-share") or not cards:
        return name
    fig = next((f for f in cards[0].figures if f.unit.split("/")[0] in CURRENCIES), None)
    one_end = fig is not None and fig.value is None and (fig.low is None) != (fig.high is None)
    # ("more than three months" to spend it in: a month's share of it is at most that)
    longer = any(f.unit == "day" and f.value is None and f.high is None for c in cards[1:] for f in c.figures)
    return f"{name}-{'low' if fig.low is not None else 'high'}" if one_end else f"{name}-high" if longer else name


def _period(d: Draft, r: CalcResult) -> str:
    """The period an amount was worked out over, as a person names it ("a full year", "30 days")."""
    days = r.inputs["over_days"].value
    named = next((p for p in vocabulary().periods if abs(p.days - days) < 1e-6 * days), None)
    return named.label.in_(d.lang) if named else d.figure(d.t("period asked for", "所问的时段"), days, "day", "user")


def calculations(d: Draft, q: Question, p: Plan, out: Outcome) -> None:
    from tools.hardware import resolve

    if p.assumed_accelerator:
        say(d, "assumed_accelerator", name=resolve(p.known["gpu"].value, d.kb).name)
    if p.one_gpu:
        say(d, "assumed_one_gpu", name=resolve(p.known["gpu"].value, d.kb).name)
    if q.month_hours is not None:  # "月租10万": the hourly rate shown is the month's rent over its hours
        hours = d.figure(d.t("hours in a month", "每月小时数"), q.month_hours, "hour", "calculation")
        say(d, "monthly_rent", hours=hours)
    for step in (*out.worked, *out.conversions):
        d.calculation(step)
    results: list[CalcResult] = [*out.worked, *out.conversions]
    # what was asked first ("how much per day?"), then the steps it was computed from (the run's total)
    first = q.asked[:1] or p.targets[:1]  # "what does it cost": the cost planned, before the GPU-hours under it
    if any(s.name == "figure-difference" and s.kind == "calc" for s, _ in out.calculations[1:]):
        first = ["difference"]  # "which option is cheaper, by how much": the gap between the options leads
    if any(s.kind == "sum" for s, _ in out.calculations):
        first = ["total"]  # "算力、电费、人力合计多少?": the sum leads, its parts follow
    ordered = sorted(enumerate(out.calculations), key=lambda c: c[1][0].target not in first)
    for i, (step, r) in ordered:
        d.calculation(r)
        results.append(r)
        if step.name == "compare-hardware":
            _comparison(d, r, q)
            continue
        calc = CALCULATORS.get(step.name)
        # a step feeding another quantity ("the optimal tokens, as the tokens trained on") says what it computed
        qid = step.target if calc is None or step.target in (calc.output, *dict(calc.parts)) else calc.output
        part = dict(calc.parts).get(qid) if calc is not None else None
        value = r.components[part] if part else r.value
        unit = vocabulary().by_id[qid].unit if part else r.unit
        # "要几个月", "how many hours": that unit, then the days; less than a day is said in hours
        time_unit = q.time_unit or ("hour" if unit == "day" and 0 < value < 1 else None)
        if unit == "day" and time_unit in DAYS_IN:
            asked = _value(d, r, _label(qid, d), value, time_unit, 1 / DAYS_IN[time_unit])
            text = _beside(d, asked, d.figure(_label(qid, d), value, unit, "calculation"))
        else:
            base, factor = FACTORS.get(q.shown_in or "", ("", 1.0))
            shown = ("MW", 1e-6) if unit == "W" and q.power_in_mw else (q.shown_in or "", 1 / factor) \
                if unit == base else (unit, 1.0) if step.name == "convert" else _larger_unit(unit, value)
            # ("in MW?", "in PF-days?", "多少卡天"; a unit converted to is the one asked: "多少度电" in kWh)
            text = _value(d, r, _label(qid, d), value, *shown)
            if step.name in PAIRED and r.low is not None and r.high is not None and \
                    any(i.low is not None for i in r.inputs.values()):
                # ("USD 5-10 billion against USD 100 million": 50 to 100 times, the stated range's own ends; its
                # midpoint is no figure anyone gave)
                text = d.figure(_label(qid, d), None, shown[0], "calculation", r.low * shown[1], r.high * shown[1])
        budgeted = unit == "GPU" and step.name != "affordable-gpus" and \
            any("budget" in res.inputs for _, res in out.calculations)  # (a budget that buys cards says so)
        if budgeted:  # "we can spend $1.2M over 60 days: how many GPUs?": the cards the money keeps busy, whole
            text = d.figure(_label(qid, d), float(value // 1), "GPU", "calculation")
        elif unit in ("GPU", "machine"):  # a count of accelerators or machines needed rounds up (one a budget
            # buys is whole already), and so do the ends of its range ("about 1,121 (841–1,401)" at MFU 30–50%)
            text = d.figure(_label(qid, d), float(-(-value // 1)), unit, "calculation")
            if r.low is not None and r.high is not None and r.high - r.low >= 1 and value == r.value:
                rng = d.figure(d.t(f"{_label(qid, d)} range", f"{_label(qid, d)}范围"), None, unit, "calculation",
                               float(-(-r.low // 1)), float(-(-r.high // 1)))
                text += vocabulary().say("range", d.lang, range=rng)
        elif q.per_hour and unit in CURRENCIES:  # "hourly burn": one hour of the cluster, a cost per hour
            text = d.figure(_label(qid, d), value, f"{unit}/{q.per_hour}", "calculation")
        if step.name == "figure-difference" and unit == "percent":  # two rates apart: points, not a percent
            text = re.sub(r"\s?%$", d.t(" percentage points", "个百分点"), text)
        prefix = vocabulary().region_names[out.regions[i]].in_(d.lang) if i in out.regions else \
            _option(d, out.options[i]) if i in out.options else ""
        converted = out.in_currency.get(i)
        shown = ""
        # (two runs' or chips' published figures set against each other name which is which, asked or not)
        which = step.kind == "compare" and step.name in WHICH_SENTENCES
        if which and _which_first(d, q, out, r, text, step.name):
            continue
        if step.name == "figure-difference" and _rent_or_own_first(d, out, r, text):
            continue
        if converted is not None:  # "要多少人民币": the answer in the currency asked, then in dollars
            d.calculation(converted)
            per = unit.partition("/")[2]
            shown = _value(d, converted, _label(qid, d), converted.value,
                           converted.unit + (f"/{per}" if per else ""))
        if qid == "cost_per_mtok" and q.per_tokens and not shown and not prefix:  # "…per billion tokens?"
            per = _value(d, r, _label(qid, d), value, unit, q.per_tokens / 1e6)
            d.lead(vocabulary().say("per_tokens", d.lang, value=per, per=number(q.per_tokens, d.lang)))
        else:
            headline(d, qid, shown or text, prefix=prefix,
                     calculator="budget-gpus" if budgeted else step.kind if step.kind == "worked" else
                     _bounded(d, p, step.name),
                     other=_period(d, r) if step.name == "period-amount" else
                     resolve(q.accelerators[1], d.kb).name if len(q.accelerators) == 2 else "",
                     pair=_pair(d, r) if step.name in PAIRED else ("", ""))
        _also_asked(d, q, out, step, r)
        if q.checked is not None and q.checked.quantity == qid:  # "我算出来是2.028e22，对吗": theirs beside this
            yours = d.figure(d.t("your figure", "您的数字"), q.checked.value, unit, "user")
            say(d, "checked_quoted" if q.runs else "checked_mine", yours=yours, ours=text)  # a run's figure quoted
            off = max(value, q.checked.value) / min(value, q.checked.value) if min(value, q.checked.value) > 0 else 0
            if off >= 2:  # "one household for three years" against 119: how far off the figure checked is
                say(d, "checked_off", factor=d.figure(d.t("factor off", "相差倍数"), off, "times", "calculation"))
        if qid in BROKEN_DOWN and len(r.components) > 1:
            _breakdown(d, r, value / r.value if r.value else 1.0)
        if shown and unit.startswith("USD"):
            say(d, "in_dollars_your_rate" if "usd_rate" in q.given else "in_dollars", value=text)
        elif shown:  # a bill in Taiwan dollars asked in US dollars: first as it was priced, then the rate
            say(d, "in_local_your_rate" if "usd_rate" in q.given else "in_local", value=text)
    said: set[tuple[float, str]] = set()
    for conversion in out.conversions:  # the answer first, then how a price in yuan became dollars
        name, given = next(iter(conversion.inputs.items()))  # the sum, recorded first
        currency, _, per = given.unit.partition("/")
        if (conversion.value, per) in said:
            continue  # one sum converted for two steps (a purchase and its write-off) is said once
        said.add((conversion.value, per))
        value = d.figure(_label("converted", d), conversion.value, conversion.unit + (f"/{per}" if per else ""),
                         "calculation")
        # (the money named in the answer's language: "人民币", not "CNY")
        money = UNIT_NAMES["zh"].get(currency, currency).removeprefix("元") if d.zh else currency
        say(d, "converted_price_your_rate" if "usd_rate" in q.given else "converted_price", currency=money,
            value=value, what=re.sub(r"^the ", "", _input_label(name, given, d)))  # "The larger figure", once
    if any(s.target in COSTS for s, _ in out.calculations):
        say(d, "final_run_only")
    if q.unlisted_grid and "grid_intensity" not in q.given and any(s.name == "carbon" for s, _ in out.calculations):
        name, typed = q.unlisted_grid
        zh_words = vocabulary().grids_not_on_file[name].zh
        place = (typed if typed in zh_words else zh_words[0]) if d.zh else name
        say(d, "grid_not_on_file", place=place, world=vocabulary().region_names["world"].in_(d.lang))
    _inputs(d, q, results)
    _steps(d, [*out.worked, *out.conversions, *(r for _, r in out.calculations)])  # in the order worked out
    _assumptions(d, results)
    _rent_or_own_chart(d, out)
    follow_ups(d, q, p, out)


def _rent_or_own_chart(d: Draft, out: Outcome) -> None:
    """Rental and ownership both worked out: the two side by side, rather than what ownership is made of."""
    costs = {s.target: r for s, r in out.calculations if s.target in COSTS}
    if len(costs) < 2 or len({r.unit for r in costs.values()}) > 1:
        return
    series = vocabulary().say("chart_rent_own", d.lang)
    d.chart = Chart(series, next(iter(costs.values())).unit,
                    [Bar(_label(qid, d), r.value, series) for qid, r in costs.items()])


# The accelerator a follow-up offers instead of the one used: the previous generation, or the current one.
OTHER_GPU = {"H100": "A100", "H200": "H100", "B200": "H100", "A100": "H100"}


def follow_ups(d: Draft, q: Question, p: Plan, out: Outcome) -> None:
    """Two or three questions the assistant answers as follow-ups of this one: another MFU, another accelerator,
    the energy and carbon of the same run, in the question's language."""
    v = vocabulary()
    used = {name: inp for _, r in out.calculations for name, inp in r.inputs.items()}
    targets = {s.target for s, _ in out.calculations}
    offers = []
    if "mfu" in used:
        mfu = used["mfu"].value
        offers.append(v.follow_ups["mfu"].in_(d.lang).format(value=quantity(0.3 if mfu >= 0.45 else 0.5, "ratio",
                                                                            d.lang)))
    if "gpu" in p.known:
        from tools.hardware import resolve

        name = resolve(p.known["gpu"].value, d.kb).name
        other = next((o for chip, o in OTHER_GPU.items() if chip in name), None)
        if other:
            offers.append(v.follow_ups["gpu"].in_(d.lang).format(gpu=other))
    energy = {"energy", "emissions_location", "emissions_market", "electricity_cost"}
    if ("gpu_hours" in used or "gpu_hours" in targets) and not targets & energy:
        offers.append(v.follow_ups["energy"].in_(d.lang))
    d.follow_ups.extend(offers[:3])


def fill_ins(d: Draft, missing: list[str]) -> None:
    """Examples of the inputs a needs_input reply asks for, each a follow-up that completes the question."""
    v = vocabulary()
    examples = [v.fill_ins[m].in_(d.lang) for m in missing if m in v.fill_ins]
    if examples:
        d.follow_ups.append((", " if not d.zh else ",").join(examples))


TIME_UNITS = frozenset({"hour", "day", "week", "month", "year"})  # "which is faster" of two spans: the shorter
# "which is higher, A or B?": the sentence that names the one ahead, by how the two are set against each other
WHICH_SENTENCES = {"figure-multiple": "which_{}", "figure-difference": "which_{}_by"}


def _which_first(d: Draft, q: Question, out: Outcome, r: CalcResult, times: str, op: str) -> bool:
    """"Which used more GPU-hours, A or B?", "which emitted more, and by how much?": the one ahead named first, both
    figures, then the multiple or the gap; False when the two figures are not two subjects' published ones."""
    def subject(value: float) -> Lookup | None:
        return next((lk for lk in out.lookups if lk.figure.central == value), None)

    big, small = (subject(r.inputs[k].value) for k in ("larger", "smaller"))
    if big is None or small is None or big.subject == small.subject:
        return False
    way = (q.which or "more") if q.which != "faster" else "less" if big.figure.unit in TIME_UNITS else "more"
    first, second = (big, small) if way == "more" else (small, big)
    shown = [d.figure(lk.subject, lk.figure.central, lk.figure.unit, lk.figure.source) for lk in (first, second)]
    names = [(lk.short or lk.subject) if d.zh else lk.subject for lk in (first, second)]
    d.lead(vocabulary().say(WHICH_SENTENCES[op].format(way), d.lang, first=names[0], second=names[1], one=shown[0],
                            two=shown[1], times=times))
    return True


def _rent_or_own_first(d: Draft, out: Outcome, r: CalcResult, gap: str) -> bool:
    """"租雲端跟自己買，哪個比較划算": the gap between the run's rent and its owned cost, the cheaper one named."""
    bills = {s.target: res.value for s, res in out.calculations if s.target in ("rental_cost", "amortised_cost")}
    if len(bills) != 2 or {r.inputs["larger"].value, r.inputs["smaller"].value} != set(bills.values()):
        return False
    rent, own = (d.figure(_label(k, d), bills[k], "USD", "calculation") for k in ("rental_cost", "amortised_cost"))
    d.lead(vocabulary().say("own_cheaper" if bills["amortised_cost"] < bills["rental_cost"] else "rent_cheaper",
                            d.lang, rent=rent, own=own, gap=gap))
    return True


def _also_asked(d: Draft, q: Question, out: Outcome, step: Step, r: CalcResult) -> None:
    """"Location-based and market-based emissions?": one calculation gives both; each asked one is stated."""
    calc = CALCULATORS.get(step.name)
    if calc is None:  # the user's numbers worked into one quantity: nothing else comes with it
        return
    parts = dict(calc.parts)
    targets = {s.target for s, _ in out.calculations}
    for qid in q.asked:
        if qid in targets or (qid != calc.output and qid not in parts):
            continue
        value = r.components[parts[qid]] if qid in parts else r.value
        headline(d, qid, d.figure(_label(qid, d), value, vocabulary().by_id[qid].unit if qid in parts else r.unit,
                                  "calculation"))
        targets.add(qid)


def _breakdown(d: Draft, r: CalcResult, scale: float) -> None:
    """The parts of an ownership cost: the chips at the price paid (what a buyer depreciates), servers and
    networking, electricity."""
    names = vocabulary().components
    shown = [(k, v * scale) for k, v in r.components.items() if k in names and v > 0]
    if len(shown) < 2:
        return  # the chips alone are the whole of it
    unit, factor = _larger_unit(r.unit, r.value * scale)  # in the headline's unit: "440 kW", "of which 400 kW"
    parts = [f"{names[k].in_(d.lang)} {d.figure(names[k].en, v * factor, unit, 'calculation')}" for k, v in shown]
    say(d, "breakdown", parts=("; " if not d.zh else ";").join(parts))
    if d.chart is None and r.unit.split("/")[0] in CURRENCIES:
        series = r.label.in_("zh" if d.zh else "en")
        d.chart = Chart(vocabulary().say("chart_breakdown", d.lang), r.unit.split("/")[0],
                        [Bar(names[k].in_(d.lang), v, series) for k, v in shown])


def _comparison(d: Draft, r: CalcResult, q: Question) -> None:
    names = sorted({k.rsplit(" ", 1)[0] for k in r.components if k.endswith("GPU-hours")},
                   key=lambda n: list(r.components).index(f"{n} GPU-hours"))
    v = vocabulary()
    # ("哪個總成本比較低?": which one is asked, so the gap that says it leads too)
    if len(names) == 2 and (q.which or words_in(q.prepared, [*v.by_id["saving"].asks.all(),
                                                             *v.by_id["difference"].asks.all()])):
        # "how many GPU-hours do we save with B200s instead of H100s?": the gap between the two, first; in
        # dollars when the cost is asked ("哪个便宜 便宜多少"), in days when the time is ("B200能少用几天")
        first, second = (r.components[f"{n} GPU-hours"] for n in names)
        costs = [r.components.get(f"{n} rental USD") for n in names]
        days = [r.components.get(f"{n} days") for n in names]
        if None not in costs and (words_in(q.prepared, v.cost_words.all()) or q.currency is not None):
            gap = d.figure(d.t("cost difference", "成本差额"), abs(costs[0] - costs[1]), "USD", "calculation")
            say(d, "compare_gap_cost", cost=gap, cheaper=names[0] if costs[0] < costs[1] else names[1])
        elif None not in days and "days" in q.asked:
            gap = d.figure(d.t("days saved", "节省的天数"), abs(days[0] - days[1]), "day", "calculation")
            say(d, "compare_gap_days", days=gap, sooner=names[0] if days[0] < days[1] else names[1])
        elif abs(first - second) < 0.01 * max(first, second):  # H200 and H100 share a dense peak: nothing saved
            say(d, "compare_same", first=names[0], second=names[1])
        else:
            gap = d.figure(d.t("GPU-hours saved", "节省的卡时"), abs(first - second), "GPU-hour", "calculation")
            say(d, "compare_gap", hours=gap, fewer=names[0] if first < second else names[1])
    for name in names:
        hours = d.figure(f"{name} GPU-hours", r.components[f"{name} GPU-hours"], "GPU-hour", "calculation")
        rent = r.components.get(f"{name} rental USD")
        cost = d.figure(f"{name} rental USD", rent, "USD", "calculation") if rent is not None else ""
        unpriced = "" if rent is not None else "_unpriced"  # no price on file: no rent, rather than a rent of 0
        if f"{name} days" in r.components:  # a cluster size was given: how long on it, first
            days = d.figure(f"{name} days", r.components[f"{name} days"], "day", "calculation")
            say(d, f"compare_row_days{unpriced}", name=name, days=days, hours=hours, cost=cost)
        else:
            say(d, f"compare_row{unpriced}", name=name, hours=hours, cost=cost)


# The inputs a result is proportional to, or that a reader weighs first: shown in the table; the others (overheads,
# shares, conversion factors) are one click away, under the steps.
DRIVERS = frozenset({"params", "active_params", "tokens", "flop", "gpu_hours", "gpus", "days", "peak_flops", "mfu",
                     "price_per_gpu_hour", "purchase_price", "energy_kwh", "electricity_price", "grid_intensity",
                     "power_w", "tdp_w", "budget", "final_run_cost", "amount", "measure", "larger", "smaller",
                     "life_years", "salary", "label_price"})


def _option(d: Draft, option: Given) -> str:
    """An option's value as the question set it beside the other: "PUE 1.1", not "110%"; "$2.20/GPU-hour"."""
    if option.unit == "ratio" and option.quantity in MULTIPLIERS:
        terms = vocabulary().formula_terms
        name = terms[option.quantity].in_(d.lang) if option.quantity in terms else _label(option.quantity, d)
        return f"{name} {number(option.value, d.lang)}"
    return quantity(option.value, option.unit, d.lang)


def _origin(inp: Any) -> tuple[Origin, str | None]:
    if inp.origin == "user":
        return "you", None
    if inp.origin == "default":
        return "default", inp.source
    if inp.origin in ("calculation", "definition"):
        return "calculated", None
    return "source", inp.origin


PER_RE = re.compile(r"/|\bper\b|每|\ban? hour\b|hourly", re.IGNORECASE)


def _typed(q: Question, name: str, value: float) -> str | None:
    """The user's number as they typed it ("70B", "700亿", "$2/GPU-hour"), when the input is that number."""
    for qid, given in q.given.items():
        words = vocabulary().by_id.get(qid)
        same = words is not None and words.input == name and abs(given.value - value) <= 1e-9 * abs(value)
        if same and given.text and re.search(r"\d", given.text) and given.low is None:
            # "32台 × 8卡", "30萬美元 ÷ 8卡": an input made of the user's numbers, each as typed
            parts = re.split(r" ([×÷+−]) ", given.text.strip())
            typed = [_as_typed(q, part, given.unit) for part in parts[::2]]
            if any(t is None for t in typed):
                return None
            return "".join(f" {part} " if i % 2 else typed[i // 2] for i, part in enumerate(parts))  # type: ignore
    for given in q.given.values():  # "64 nodes" of "64 nodes × 8": a number an input was worked out from
        for part in given.parts:
            if part.quantity == name and abs(part.value - value) <= 1e-9 * abs(value) and re.search(r"\d", part.text):
                return _as_typed(q, part.text, part.unit) or part.text
    return None


def _as_typed(q: Question, text: str, unit: str) -> str | None:
    """"70B" as typed, not the parser's "70b" (nor its "gpu hour"); with the currency sign: "$2/GPU-hour"."""
    # spaces and hyphens the reading dropped ("30 萬" read as "30万") may stand between any two characters
    pattern = compiled(r"[$¥€£]?\s*" + r"[\s\-]*".join(re.escape(ch) for ch in text if not ch.isspace()),
                       re.IGNORECASE)
    typed = pattern.search(q.text)
    mainland = to_mainland(q.text)
    if typed is None and len(mainland) == len(q.text):  # "95萬台幣" read as "95万台币": the same span, as typed
        found = pattern.search(mainland)
        typed = found and re.match(re.escape(q.text[found.start():found.end()]), q.text[found.start():])
    if typed is None or ("/" in unit and not PER_RE.search(typed.group(0))):
        return None  # "2美元" of "每卡时2美元" is a rate only with its unit: say "2美元/卡时" instead
    return typed.group(0).strip()


def _kind(name: str) -> str:
    """An input's own name: "salary_3", the second pay of a team's groups, is a salary."""
    base = re.sub(r"_\d+$", "", name)
    return base if base != name and (vocabulary().by_input(base) or base in vocabulary().formula_terms) else name


def _input_label(name: str, inp: Any, d: Draft) -> str:
    name, _, chip = name.partition("@")  # "price_per_gpu_hour@H100": one accelerator's own input
    if chip:
        return f"{_input_label(name, inp, d)} ({chip})"
    words = vocabulary().by_input(name)
    extra = vocabulary().input_labels.get(name)
    if extra is not None:  # "peak FLOP/s" as an input: of whichever precision the run is measured in
        return extra.in_(d.lang)
    if words is not None:
        return words.label.in_(d.lang)
    if name in vocabulary().formula_terms:
        return vocabulary().formula_terms[name].in_(d.lang)
    if name in vocabulary().by_id:  # a part the user's number was worked out from ("960万美元买了320张": the whole)
        return vocabulary().by_id[name].label.in_(d.lang)
    listed = re.fullmatch(r"figure_(\d+)", name)
    if listed and d.zh:  # the figures a sum adds, in the order the user listed them
        return f"第{listed.group(1)}项"
    return Q[name].zh if d.zh and name in Q else inp.label


def _inputs(d: Draft, q: Question, results: list[CalcResult]) -> None:
    """The inputs the calculations used, once each, with where each came from; the ones that move the result
    first."""
    seen = set()
    for r in results:
        for name, inp in r.inputs.items():
            if inp.origin in ("calculation", "definition") or (name == "goodput" and inp.origin == "default"):
                continue
            name = _kind(name)
            if (name, inp.value) in seen:
                continue
            seen.add((name, inp.value))
            if inp.unit not in FIGURE_UNITS and inp.origin != "user":
                if inp.source and RATE_RE.fullmatch(inp.unit):  # an exchange rate, cited where it comes from
                    d.cite(inp.source)
                    rate = f"{inp.value:.4g} {inp.unit}"
                    d.rows.append(Row(d.t("exchange rate", "汇率"), rate, *_origin(inp), False))
                continue
            label = _input_label(name, inp, d)
            unit = inp.unit if inp.unit in FIGURE_UNITS else "ratio"
            # "2–3 USD per GPU-hour" as the user said it, "USD 5-10 billion" as a source states it
            ranged = inp.origin != "default" and inp.low is not None and inp.high is not None
            value = None if ranged else inp.value
            if unit == "day" and value is not None and value < 1:  # "per hour": the cluster's hour, not 0.0417 days
                value, unit = value * 24, "hour"
            shown = d.figure(label, value, unit, _origin_id(inp), *((inp.low, inp.high) if ranged else ()))
            if unit == "ratio" and name in MULTIPLIERS:  # PUE 1.1, not 110%; "1.1–1.5" as the user's range
                shown = number(inp.value, d.lang) if not ranged else \
                    d.t("–", "至").join(number(x, d.lang) for x in (inp.low, inp.high))
            if inp.origin == "user":
                shown = _typed(q, name, inp.value) or shown
            origin, source = _origin(inp)
            neutral = unit == "ratio" and inp.value == 1 and inp.origin != "user"  # a ×1 multiplier changes nothing
            key = not neutral and (inp.origin == "user" or name in DRIVERS)
            if source:
                d.cite(source)
            d.rows.append(Row(label, shown, origin, source, key))


def _origin_id(inp: Any) -> str:
    if inp.origin == "default":
        return inp.source or "default"
    return "calculation" if inp.origin in ("user", "definition") else inp.origin


RATE_RE = re.compile(r"[A-Z]{3}/[A-Z]{3}")  # "CNY/USD": what one unit of a currency is worth in another
STEP_RE = re.compile(r"^(?P<name>[a-z_]+) = (?P<formula>.+?) = (?P<rest>.+)$")
NAME_RE = re.compile(r"\b[a-z][a-z_]*[a-z](?:_\d+)?\b")  # "salary_3": a second input of one kind
WHOLE_ZH = {"cards": "张卡", "people": "人"}
RESULT_RE = re.compile(r"^(?P<number>-?[\d,]+(?:\.\d+)?(?:e-?\d+)?) (?P<unit>\S+)$")


def _term(name: str, d: Draft) -> str:
    return _formula_term(name).in_(d.lang)


def _formula_term(name: str) -> Label:
    """A formula variable in words: its own term, else the label of the quantity it is ("saved_share" → "share
    saved", "person_years" → "person-years of work"); the name itself only when the vocabulary has neither."""
    v, kind = vocabulary(), _kind(name)
    words = v.by_input(kind) or v.by_id.get(kind)
    term = v.formula_terms.get(kind) or (words.label if words is not None else None) or v.input_labels.get(kind)
    return term if term is not None else Label(en=name, zh=name)


def _steps(d: Draft, results: list[CalcResult]) -> None:
    """Each step once, as a person writes it: the quantity's name, its formula in words, the arithmetic."""
    seen: set[str] = set()
    for r in results:
        for step in r.steps:
            m = STEP_RE.match(step)
            if m is None or step in seen:
                continue
            seen.add(step)
            label = _term(m.group("name"), d)
            formula = NAME_RE.sub(lambda w: _term(w.group(0), d), m.group("formula"))
            *arithmetic, result = m.group("rest").split(" = ")
            # "… → 333 whole cards": what a budget buys, rounded down, in the answer's language
            result, arrow, whole = result.partition(" → ")
            value = RESULT_RE.match(result)
            if value is not None and value.group("unit") in UNIT_NAMES["en"]:
                amount = float(value.group("number").replace(",", ""))
                # "1.79 MW", not "1.788 million W" (kWh stay kWh: the formula's own unit, "energy (kWh) = …")
                unit, factor = _larger_unit("W", amount) if value.group("unit") == "W" else (value.group("unit"), 1.0)
                result = quantity(amount, unit, d.lang) if factor == 1 else \
                    d.figure(label, amount * factor, unit, "calculation")
            if arrow and value is not None:  # "4,629.63 cards → 4,629": the fraction that is rounded away, shown
                name = UNIT_NAMES["zh" if d.zh else "en"].get(value.group("unit"), value.group("unit"))
                result = f"{value.group('number')}{name}" if d.zh and not name[:1].isascii() else \
                    f"{value.group('number')} {name}"
            if arrow:
                result += arrow + re.sub(r"([\d,]+) whole (cards|people)",
                                         lambda w: d.t(w.group(0), f"取整为{w.group(1)}{WHOLE_ZH[w.group(2)]}"), whole)
            d.steps.append(StepRow(label, f"{label} = {formula}", " = ".join([*arithmetic, result])))


def _assumptions(d: Draft, results: list[CalcResult]) -> None:
    seen: list[str] = []
    for r in results:
        for a in r.assumptions:
            text = a.in_("zh" if d.zh else "en")
            text = re.sub(r"\[([a-z0-9.\-]+)\]", lambda m: d.cite(m.group(1)), text)
            if text not in seen:
                seen.append(text)
    d.assumptions += [s for s in seen if not re.search(r"\d", re.sub(r"\{cite:[^}]+\}", "", s))]


def lookups(d: Draft, items: list[Lookup], time_unit: str | None = None, shown_in: str | None = None) -> None:
    """Each published figure, cited; a span of days in the unit asked first ("跑了幾個小時": 920 hours (38.3 days)),
    and so a figure in the larger unit asked ("GPT-3's compute in PF-days": 3,634 PF-days (3.14e23 FLOP))."""
    v = vocabulary()
    for item in items:
        label = v.run_metrics[item.key].in_(d.lang) if item.key in v.run_metrics else \
            v.by_id[item.key].label.in_(d.lang)
        name = item.short or item.subject
        glue = " " if d.zh and name[-1:].isascii() and name[-1:].isalnum() and label[:1].isascii() else ""
        full = f"{item.subject} {label}" if not d.zh else f"{name}{glue}{label}"  # "DeepSeek-V3 GPU卡时"
        full += f" ({item.chip})" if item.chip and not d.zh else f"({item.chip})" if item.chip else ""
        fig = item.figure
        shown = d.figure(full, fig.value, fig.unit, fig.source, fig.low, fig.high)
        if fig.unit == "day" and time_unit in DAYS_IN and fig.value is not None:
            shown = _beside(d, d.figure(full, fig.value / DAYS_IN[time_unit], time_unit, fig.source), shown)
        base, factor = FACTORS.get(shown_in or "", ("", 1.0))
        if fig.unit == base and fig.value is not None:
            converted = d.figure(full, fig.value / factor, shown_in or "", "calculation")
            one = d.figure(d.t(f"{base} in one {shown_in}", f"每{shown_in}的{base}"), factor, base, "definition")
            d.steps.append(StepRow(full, f"{full} = {number(fig.value, d.lang)} {base} ÷ {one}", converted))
            shown = _beside(d, converted, shown)
        if fig.unit == "ratio" and item.key in MULTIPLIERS and fig.value is not None:
            shown = number(fig.value, d.lang)  # a PUE of 1.08, not 108%
        est = v.say("estimate", d.lang) if fig.estimate else ""
        cite = d.cite(fig.source, fig.locator)
        d.lines.append(f"{full}: {shown}{est} {cite}" if not d.zh else f"{full}:{shown}{est} {cite}")
    if sum(1 for i in items if i.key.startswith("cost_")) > 1:
        say(d, "cost_concepts")


def card_line(d: Draft, card: FactCard, bound: str | None = None) -> None:
    """The card's statement, cited; first the end of its range that was asked for ("just the max": USD 12M)."""
    statement = card.statement.zh if d.zh else card.statement.en
    d.cited_texts.append(statement)
    cite = d.cite(card.source, card.locator, card.as_printed or statement)  # what a reader checks when no print
    ranged = [f for f in card.figures if f.low is not None and f.high is not None]
    if bound in ("low", "high") and ranged:
        end = d.figure(card.metric.replace("_", " "), getattr(ranged[0], bound), ranged[0].unit, card.source)
        line = vocabulary().say(f"bound_{bound}", d.lang, value=end)
        d.lines.append(f"{line} {cite}" if not d.zh else f"{line}{cite}")
    for fig in card.figures or _restated(d, card, statement):
        d.figures.append(Figure(card.metric.replace("_", " "), fig.value, fig.unit, card.source, fig.low, fig.high))
    d.lines.append(f"{statement} {cite}" if not d.zh else f"{statement}{cite}")


def _restated(d: Draft, card: FactCard, statement: str) -> list[Any]:
    """The figures a card with none of its own restates from the cards of its source ("Amodei's figures (about
    USD 100 million, then close to USD 1 billion, then USD 5-10 billion) imply…"): each whose value, or both ends
    of whose range, the statement states."""
    from assistant.numbers import extract

    said = [m.value for m in extract(statement, (), False) if abs(m.value) >= 100]  # no small count matches by chance

    def stated(x: float | None) -> bool:
        return x is not None and any(abs(x - v) <= 1e-6 * abs(x) for v in said)

    others = [f for c in d.kb.facts.values() if c.source == card.source and c is not card for f in c.figures]
    return [f for f in others if stated(f.value) or (stated(f.low) and stated(f.high))]


def unused(d: Draft, q: Question, p: Plan) -> list[dict[str, Any]]:
    """Say which given numbers were not used, and why; the same as data for the Answer."""
    out: list[dict[str, Any]] = []
    if p.unused:
        # as the answer writes it ("8760 h" as 365 days), recorded as the user's figure it is
        texts = [d.figure(_label(k, d), q.given[k].value, q.given[k].unit, "user") for k in p.unused]
        say(d, "unused", inputs=", ".join(texts))
        reason = vocabulary().say("unused", "en", inputs="").split("(", 1)[-1].rstrip(").")
        out += [{"value": q.given[k].value, "unit": q.given[k].unit, "text": q.given[k].text, "reason": reason}
                for k in p.unused]
    if q.sparse_peak is not None and q.accelerators:
        chip = d.kb.hardware[q.accelerators[0]]
        quoted = d.figure(_label("peak_flops", d), q.sparse_peak.value, "FLOP/s", "user")
        dense = d.figure(_label("peak_flops", d), chip.bf16_dense.value, "FLOP/s", chip.bf16_dense.source)
        say(d, "sparse_peak", quoted=quoted, name=chip.name, dense=dense, cite=d.cite(chip.bf16_dense.source))
        out.append({"value": q.sparse_peak.value, "unit": "FLOP/s", "text": q.sparse_peak.text,
                    "reason": "the sparse figure, not the dense peak MFU is measured against"})
    if q.conventions:  # "每天24小时": the use the calculation assumes, said back rather than read as a duration
        say(d, "convention", inputs=", ".join(c.text for c in q.conventions))
        out += [{"value": c.value, "unit": c.unit, "text": c.text, "reason": "the round-the-clock use assumed"}
                for c in q.conventions]
    shown = {round(v, 6) for f in d.figures for v in (f.value, f.low, f.high) if v is not None}
    # "$5.576M" that is the figure the answer states is not unread; nothing of an injected instruction is echoed
    unread = [] if q.injection else [t for t in q.unread if not _quotes(t, shown)]
    if unread:
        say(d, "unread", inputs=", ".join(unread))
        out += [{"text": t, "reason": "not recognised as any input"} for t in unread]
    return out


def _meaning(d: Draft, term: Any) -> None:
    """A glossary term's meaning, cited to its source."""
    meaning = term.means.in_(d.lang)
    if term.source:
        d.cited_texts.append(meaning)
        meaning += (" " if not d.zh else "") + d.cite(term.source)
    d.lines.append(meaning)


def define(d: Draft, q: Question, cards: list[FactCard]) -> str:
    """What each term asked about means, from the glossary; the cited typical values of its defaults; then the
    cards among the best hits that name it too ("Epoch's median MFU")."""
    v = vocabulary()
    terms = {t.id: t for t in v.glossary}
    for tid in q.defines:
        term = terms[tid]
        _meaning(d, term)
        for default_id in term.typical:
            default = d.kb.default(default_id)
            fig, label = default.figure, d.t(default.label.en, default.label.zh)
            value = d.figure(label, fig.value, fig.unit, fig.source)
            factor = fig.unit == "ratio" and fig.value > 1  # PUE 1.1 multiplies, a share never exceeds one
            if factor:
                value = number(fig.value, d.lang)
            if fig.low is not None and fig.high is not None:
                span = d.figure(label, None, fig.unit, fig.source, fig.low, fig.high)
                if factor:
                    span = f"{number(fig.low, d.lang)}–{number(fig.high, d.lang)}"
                value += v.say("range", d.lang, range=span)
            say(d, "typical", label=label, value=value, cite=d.cite(fig.source, fig.locator))
    every = list(d.kb.facts.values())
    # "rent or buy?": two ways to pay for compute named together ask how they compare, which one card weighs
    weighed = [c for c in every if c.metric in WEIGHED and len(WEIGHED[c.metric] & set(q.defines)) >= 2]
    # "why is MFU only 30-40%?": what the term means, then what drives it, when a driver card is among the best hits
    why = words_in(q.prepared, v.explain.why.all())
    # "when does 6ND undercount?": what the term means, then where it falls short
    limits = words_in(q.prepared, v.limits.all())
    near = [c for c in cards[:8] if c not in weighed and (
        names_topic(q.text, c, every) or (why and c.kind == "driver") or (limits and c.kind == "caveat"))]
    for card in [*weighed, *near][:2]:
        card_line(d, card)
    return "answered"


def _quotes(text: str, shown: set[float]) -> bool:
    from assistant.numbers import extract

    values = [m.value for m in extract(text, (), False)]
    if "%" in text:  # "90%" quotes the share 0.9 the answer shows
        values += [v / 100 for v in values]
    return any(abs(v - s) <= 0.005 * max(abs(v), abs(s)) for v in values for s in shown)


# a card that weighs two ways of paying against each other, by its metric, and the terms that name them
WEIGHED = {"rent_vs_own": frozenset({"rental_cost", "acquisition_cost", "amortised_cost", "depreciation"})}
EXPLAIN_HITS = 32
LIST_CARDS = 12  # "what are the ways to cut cost": a source's whole list of levers (one has ten) and what others add


def _general_levers(q: Question, d: Draft, chosen: list[FactCard]) -> list[FactCard]:
    """"How can we cut the cost?": the levers any run can pull (lower precision, faster kernels, committed-use
    prices), beside what the best-matching source lists; none for a question about one article."""
    if q.explain != "lower" or q.article is not None:
        return []
    return [c for c in d.kb.facts.values() if c.kind == "lever" and "lever" in c.tags and c not in chosen
            and d.kb.sources[c.source].kind != "article"]  # an article's levers are one account, not any run's


def _asking_part(text: str) -> str:
    """The sentence of a long message that asks ("we're a small startup … what are some ways to cut the cost?"):
    the story before it says who asks, not what the levers or drivers are about."""
    if len(text) < 120:
        return text
    sentences = [s for s in re.split(r"(?<=[.?!。？！])\s*", text) if s.strip()]
    first = next((i for i, s in enumerate(sentences) if re.search(r"[?？]", s)), None)
    asking = " ".join(sentences[first:]) if first is not None else ""  # every question, from the first one on
    return asking if len(asking) >= 20 else text


def explain(d: Draft, q: Question, search: Search) -> str:
    """The cost drivers ("why so expensive") or the levers ("how to cut it"), from the fact cards."""
    # the articles' own passages share the index: look deep enough that the cards are not crowded out
    hits = [h for h in search(_asking_part(q.text), EXPLAIN_HITS) if h.doc_id.startswith("fact:")]
    cards = [d.kb.facts[h.doc_id[5:]] for h in hits if h.doc_id[5:] in d.kb.facts]
    if q.defines:
        return define(d, q, cards)
    if q.article:
        cards = [c for c in cards if c.source == q.article] or cards
    every = list(d.kb.facts.values())
    if q.explain == "what":  # a description: the cards that speak to it, best first, whatever their kind
        # a card about what the question names: its topic ("MoE", "a book publisher") first, then one whose
        # subject it names ("Did GPT-4 use H100s?")
        topical = [c for c in cards[:8] if names_topic(q.text, c, every)]
        if cards and cards[0] not in topical and relevant(q.text, cards[0]):
            topical.append(cards[0])  # the best hit, when it speaks to the question, before the subject's others
        named = [*topical, *(c for c in cards[:8] if c not in topical and names_subject(q.prepared, c.subject))]
        # "Microsoft vs Alphabet: how do they stack up?": the best card about each one named, before a second
        firsts = list({c.subject: c for c in reversed(named) if c.subject in vocabulary().subject_names and
                       names_subject(q.prepared, c.subject)}.values())[::-1]  # companies, not "frontier models"
        if len(firsts) >= 2:
            named = [*firsts, *(c for c in named if c not in firsts)]
        chosen = [*named, *(c for c in cards if c not in named and relevant(q.text, c))][:3]
        for i, card in enumerate(ranged_first(chosen, q.bound)):
            card_line(d, card, q.bound if i == 0 else None)
        if chosen:
            return "answered"
        # "What is the capital of France?" names nothing of training cost; "what did MoE save?" does
        return "not_found" if q.cost or q.asked or q.given or q.article is not None else "out_of_scope"
    wanted = {"lower": ("lever", "trend"), "why": ("driver",), "trend": ("trend",)}.get(q.explain or "",
                                                                                     ("figure", "caveat"))
    # a card among the first few that shares three words with the question is about what it names ("how do MoE
    # and sparse attention cut cost": the MoE card, whatever its kind), and comes first
    def about(c: FactCard) -> bool:  # its topic ("MoE") or its subject ("why is Microsoft building small models?")
        return names_topic(q.text, c, every) or names_subject(q.prepared, c.subject)

    # the cards that share most of the question's rare words first ("中断": the interruptions, not the trend)
    # (whom the question names before what its words share: "按Anthropic CEO的说法，成本是怎么一步步涨上去的")
    named = sorted((c for c in cards[:6] if about(c)),
                   key=lambda c: (not names_subject(q.prepared, c.subject), -topic_words(q.text, c, every)))[:3]
    if not named and cards and names_topic(q.text, cards[0], every, strict=False):
        named = cards[:1]  # "why does training need more memory than inference?": the best hit names its topic
    if named:  # a question about something named stays on it, and on the cards that name it too
        chosen = [*named, *(c for c in cards[3:8] if c not in named and about(c))][:4]
        if q.explain in ("why", "lower", "trend"):  # "Blackwell needs fewer GPUs: will training get cheaper?":
            # what is named, then what the sources expect of it (the trend, lever or driver that answers)
            chosen = [*chosen[:3], *[c for c in cards[:8] if c.kind in wanted and c not in chosen][:1]]
            chosen += _general_levers(q, d, chosen)
        if q.explain == "lower":  # "a startup of a dozen people: ways to cut cost?": a lever anyone can pull leads,
            chosen = sorted(chosen, key=lambda c: "lever" not in c.tags)  # before one company's example
    else:
        chosen = [c for c in cards if c.kind in wanted][:LIST_CARDS]
    if q.explain and not named:
        # "why so expensive", "what can we do": the source's whole list, the best-matching first, not only the
        # cards its words happened to hit
        # the best-matching source's whole list first, then what the other sources' best hits add
        source = q.article or (chosen[0].source if chosen else "jadebird-2025")
        others = [c for c in chosen if c.source != source]
        chosen = [c for c in chosen if c.source == source]
        chosen += [c for c in d.kb.facts.values() if c.kind in wanted and c.source == source and c not in chosen]
        chosen += [] if q.article else others
        # a card that lays out the whole picture leads ("compute, energy, data, talent and hardware");
        # "how to cut cost": the things anyone can do (cards tagged as a lever, trends that lower cost among
        # them: the best-matching source's and the general ones first), then one company's way of doing it, then
        # (room left) where costs are heading; each best first
        lowering = q.explain == "lower"
        general = _general_levers(q, d, chosen)
        chosen += general
        chosen = sorted(chosen, key=lambda c: ("overview" not in c.tags, lowering and "lever" not in c.tags,
                                               c.source != source and c not in general,
                                               wanted.index(c.kind)))[:LIST_CARDS]
    chosen = (chosen or cards[:3])[: LIST_CARDS if q.explain else 2]
    if not chosen:
        return "not_found"
    for i, card in enumerate(ranged_first(chosen, q.bound)):
        card_line(d, card, q.bound if i == 0 else None)
    return "answered"


def ranged_first(cards: list[FactCard], bound: str | None) -> list[FactCard]:
    """"The upper end of Amodei's forecast": the first card with a range leads when an end of one is asked."""
    ranged = next((c for c in cards if any(f.low is not None and f.high is not None for f in c.figures)), None)
    return cards if bound is None or ranged is None else [ranged, *(c for c in cards if c is not ranged)]
