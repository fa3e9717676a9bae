"""Plan and run: turn an Understanding into calculator calls and knowledge lookups, writing a Draft.

Each handler returns a status. Calculations come from ``tools``; published figures from ``knowledge`` (cases
and fact cards); explanations from retrieval over the fact cards. Missing inputs are filled from cited defaults
or from the named model's published figures, and the text says so.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from assistant.answer import Figure
from assistant.draft import Draft
from assistant.render import number
from assistant.understand import Understanding
from knowledge.schema import Case, FactCard
from tools.compare import compare_hardware
from tools.compute import achieved_mfu, gpu_hours, gpus_needed, training_days, training_flop, wall_clock_days
from tools.cost import amortised_cost, rental_cost
from tools.energy import carbon, electricity_cost, energy, household_years
from tools.errors import InputError, MissingInputError
from tools.quantities import Q
from tools.result import CalcResult
from tools.scaling import chinchilla_optimal

ARTICLES = {"jadebird-2025": ("北大青鸟", "青鸟", "jade bird", "jadebird", "beida", "2025 cost article",
                              "成本解析", "成本全解析"),
            "tencent-tech-2024": ("腾讯", "tencent")}
CHINA_WORDS = ("中国", "国内", "china", "chinese grid", "人民币", "元/")
CASE_METRICS = {
    "energy": ["energy"],
    "emissions_location": ["emissions_location", "emissions_market"],
    "gpu_hours": ["gpu_hours"],
    "training_flop": ["training_flop"],
    "gpu_count": ["gpu_count", "training_days"],
    "training_days": ["training_days", "gpu_count"],
    "params_total": ["params_total", "params_active"],
    "mfu": ["mfu"],
    "tokens": ["tokens"],
    "cost": ["cost_reported", "cost_cloud", "cost_amortized", "cost_acquisition", "cost_full_development"],
}
METRIC_LABELS = {
    "params_total": ("total parameters", "总参数量"), "params_active": ("active parameters", "激活参数量"),
    "tokens": ("training tokens", "训练token数"), "training_flop": ("training compute", "训练算力"),
    "gpu_count": ("accelerators", "加速卡数量"), "gpu_hours": ("GPU-hours", "GPU卡时"),
    "training_days": ("training time", "训练时长"), "power_per_gpu": ("power per GPU", "单卡功率"),
    "energy": ("training energy", "训练耗电"), "emissions_location": ("location-based emissions", "基于位置的碳排放"),
    "emissions_market": ("market-based emissions", "基于市场的碳排放"), "mfu": ("MFU", "算力利用率"),
    "cost_reported": ("reported training cost", "公开的训练成本"),
    "cost_cloud": ("cloud-rental cost estimate", "云租赁口径成本估计"),
    "cost_amortized": ("amortised hardware + energy estimate", "硬件摊销加电费口径估计"),
    "cost_acquisition": ("hardware acquisition estimate", "硬件购置口径估计"),
    "cost_full_development": ("full development cost estimate", "完整研发成本估计"),
    "pue": ("PUE", "PUE"), "grid_intensity": ("grid carbon intensity", "电网碳强度"),
}


def _article(u: Understanding) -> str | None:
    q = u.prepared
    for sid, words in ARTICLES.items():
        if any(w in q for w in words):
            return sid
    return None


# ------------------------------------------------------------------------------------------------ calculations


def _fill_from_case(u: Understanding, d: Draft) -> dict[str, float]:
    """Model size and data from the named model's published figures, when the question gives none."""
    filled: dict[str, float] = {}
    if not u.models:
        return filled
    case = d.kb.cases[u.models[0]]
    hours = case.figures.get("gpu_hours")
    if u.intent == "training_cost" and "price_per_gpu_hour" in u.slots and hours is not None:
        # "at $2 per GPU-hour, what did DeepSeek-V3 cost?": price the run's published GPU-hours
        filled["gpu_hours"] = hours.central
        d.assumed.add("gpu_hours")
        label = d.t(f"{case.name} GPU-hours", f"{case.name}GPU卡时")
        shown = d.figure(label, hours.central, hours.unit, hours.source)
        cite = d.cite(hours.source, hours.locator)
        d.say(f"{label}: {shown} {cite}", f"{label}:{shown} {cite}")
        return filled
    for slot, metric in (("params", "params_total"), ("tokens", "tokens"), ("active_params", "params_active")):
        fig = case.figures.get(metric)
        if slot not in u.slots and fig is not None:
            filled[slot] = fig.central
            d.assumed.add(slot)
            label = d.t(f"{case.name} {METRIC_LABELS[metric][0]}", f"{case.name}{METRIC_LABELS[metric][1]}")
            shown = d.figure(label, fig.central, fig.unit, fig.source)
            cite = d.cite(fig.source, fig.locator)
            d.say(f"{label}: {shown} {cite}", f"{label}:{shown} {cite}")
    return filled


def _args(u: Understanding, d: Draft) -> dict[str, Any]:
    args: dict[str, Any] = {k: v for k, v in u.slots.items() if k in (
        "params", "tokens", "active_params", "flop", "mfu", "goodput", "gpus", "days", "gpu_hours", "pue",
        "grid_intensity", "energy_kwh", "budget", "renewable_share", "power_w")}
    price_unit = u.units.get("price_per_gpu_hour", "")
    if "price_per_gpu_hour" in u.slots and price_unit.startswith("USD"):
        args["price_per_gpu_hour"] = u.slots["price_per_gpu_hour"]
    if "electricity_price" in u.slots:
        args["electricity_price"] = u.slots["electricity_price"]
    if u.hardware:
        args["gpu"] = u.hardware[0]
    elif u.models and d.kb.cases[u.models[0]].hardware:
        args["gpu"] = d.kb.cases[u.models[0]].hardware  # the accelerator the named run used
    if u.intent != "household_check":  # that check needs the model's energy, not its size
        args.update(_fill_from_case(u, d))
    if u.intent in ("household_check", "electricity_cost", "carbon") and u.models and "energy_kwh" not in args:
        case = d.kb.cases[u.models[0]]
        fig = case.figures.get("energy")
        if fig is not None:
            args["energy_kwh"] = fig.central * (1000 if fig.unit == "MWh" else 1)
            d.assumed.add("energy_kwh")
            label = d.t(f"{case.name} training energy", f"{case.name}训练耗电")
            shown = d.figure(label, fig.central, fig.unit, fig.source)
            cite = d.cite(fig.source, fig.locator)
            d.say(f"{label}: {shown} {cite}", f"{label}:{shown} {cite}")
    if "active_params" in args and "params" not in args:
        args["params"] = args.pop("active_params")  # only the active size given: compute depends on it alone
    return args


def _only(fn: Callable[..., CalcResult], args: dict[str, Any], *names: str) -> CalcResult:
    kwargs = {k: v for k, v in args.items() if k in names}
    # An intent can be read without the inputs its calculator requires ("1e24 FLOP?" asks for training compute
    # but gives no model size; "多久" without a GPU count): ask for them instead of failing with a TypeError.
    missing = [n for n, p in inspect.signature(fn).parameters.items()
               if p.default is inspect.Parameter.empty and n not in kwargs]
    if missing:
        raise MissingInputError(missing[0], " and ".join(f"the {Q[n].en.lower()}" if n in Q else n for n in missing),
                                "和".join(Q[n].zh if n in Q else n for n in missing))
    return fn(**kwargs)


COMPUTE = ("flop", "params", "tokens", "active_params", "gpu", "mfu", "goodput")


def _show(d: Draft, r: CalcResult, label: tuple[str, str], unit: str | None = None, scale: float = 1.0) -> str:
    unit = unit or r.unit
    low = r.low * scale if r.low is not None else None
    high = r.high * scale if r.high is not None else None
    text = d.figure(d.t(*label), r.value * scale, unit, "calculation")
    if low is not None and high is not None and abs(high - low) > 1e-9 * abs(r.value * scale):
        rng = d.figure(d.t(f"{label[0]} range", f"{label[1]}范围"), None, unit, "calculation", low, high)
        text += d.t(f" (range {rng})", f"(范围 {rng})")
    d.calculation(r)
    return text


def _report(d: Draft, results: list[CalcResult], r: CalcResult, label: tuple[str, str], en: str, zh: str,
            unit: str | None = None, scale: float = 1.0) -> None:
    """State a calculation's result in a sentence (``{}`` marks where the figure goes) and keep it."""
    shown = _show(d, r, label, unit, scale)
    d.say(en.format(shown), zh.format(shown))
    results.append(r)


def _inputs_line(d: Draft, results: list[CalcResult]) -> None:
    """State, once, the inputs the calculations used and where each came from (two costs of one run share most)."""
    parts, seen = [], set()
    for r in results:
        for name, inp in r.inputs.items():
            if inp.origin == "calculation" or name in d.assumed or (name == "goodput" and inp.origin == "default"):
                continue
            if (name, inp.value) in seen:
                continue
            seen.add((name, inp.value))
            label = Q[name].zh if d.zh and name in Q else inp.label
            unit = inp.unit if inp.unit in _FIG_UNITS else "ratio"
            shown = d.figure(label, inp.value, unit, _origin(inp))
            if unit == "ratio" and name in MULTIPLIERS:
                shown = number(inp.value, d.lang)  # PUE 1.1, not 110%
            tag = d.cite(inp.source) if inp.origin == "default" and inp.source else (
                d.cite(inp.origin) if inp.origin not in ("user", "default", "definition") else
                d.t("(you gave)", "(您提供)") if inp.origin == "user" else "")
            parts.append(f"{label} = {shown} {tag}".strip())
    if parts:
        d.say("Inputs: " + "; ".join(parts) + ".", "输入:" + ";".join(parts) + "。")


# Ratios read as plain numbers, not shares: "PUE = 1.1", "20 tokens per parameter", "0.14 orders of magnitude".
MULTIPLIERS = frozenset({"pue", "overhead", "server_power_multiplier", "multiplier", "ooms_per_year",
                         "tokens_per_param"})
_FIG_UNITS = {"USD", "CNY", "EUR", "FLOP", "FLOP/s", "GPU-hour", "GPU", "hour", "day", "kWh", "MWh", "tCO2e",
              "kgCO2e/kWh", "W", "parameter", "token", "percent", "USD/GPU-hour", "USD/hour", "USD/kWh",
              "household-year", "ratio", "CNY/kWh", "year", "USD/year", "kWh/year"}


def _origin(inp: Any) -> str:
    if inp.origin == "default":
        return inp.source or "default"
    return "calculation" if inp.origin in ("user", "definition") else inp.origin


def _assumptions(d: Draft, results: list[CalcResult]) -> None:
    seen: list[str] = []
    for r in results:
        for a in r.assumptions:
            text = a.in_("zh" if d.zh else "en")
            text = re.sub(r"\[([a-z0-9.\-]+)\]", lambda m: d.cite(m.group(1)), text)
            if text not in seen:
                seen.append(text)
    numbers_free = [s for s in seen if not re.search(r"\d", re.sub(r"\{cite:[^}]+\}", "", s))]
    if numbers_free:
        d.say("Assumptions: " + " ".join(numbers_free), "假设:" + "".join(numbers_free))


VALIDATED_SLOTS = {"params": "params", "tokens": "tokens", "active_params": "params", "flop": "flop", "mfu": "mfu",
                   "gpus": "gpus", "days": "days", "gpu_hours": "gpu_hours", "pue": "pue", "power_w": "power_w",
                   "grid_intensity": "grid_intensity", "energy_kwh": "energy_kwh", "budget": "budget",
                   "price_per_gpu_hour": "price_per_gpu_hour", "electricity_price": "electricity_price"}


def validate(u: Understanding) -> None:
    """Check every number the user gave before anything else, so "-8 GPUs" is refused, not asked about."""
    for slot, quantity in VALIDATED_SLOTS.items():
        if slot in u.slots:
            Q[quantity].check(u.slots[slot])


def _check_household_claims(u: Understanding, d: Draft, household_years: float) -> None:
    """Set a published household comparison beside the calculated one, and say when it does not add up."""
    for card in d.kb.facts.values():
        claims = [f for f in card.figures if f.unit == "household-year"]
        if not claims or not any(model.startswith(card.subject) for model in u.models):
            continue
        _card_line(d, card)
        factor = household_years / claims[0].central
        if factor > 2 or factor < 0.5:
            d.figures.append(Figure(d.t("calculated ÷ claimed", "计算值与说法之比"), factor, "ratio", "calculation"))
            d.say(f"That comparison does not add up: the published energy is about {factor:.0f}× what it implies.",
                  f"这个类比对不上:公开的耗电量约为其所暗示的{factor:.0f}倍。")


def calculate(u: Understanding, d: Draft) -> str:
    args = _args(u, d)
    intent = u.intent
    results: list[CalcResult] = []
    if intent == "training_cost" and "gpu" not in args and (args.keys() & {"params", "flop", "gpu_hours"}):
        args["gpu"] = "h100-sxm5-80gb"
        d.say("No accelerator was named, so this assumes NVIDIA H100 SXM.", "未指定加速卡,以下按英伟达H100 SXM计算。")
    if intent == "gpus_needed" and "days" not in args:
        intent = "gpu_hours"
    if intent in ("training_cost", "gpus_needed", "training_days", "gpu_hours", "flop") and "params" in args \
            and "tokens" not in args and "flop" not in args:
        ratio = d.kb.default("chinchilla-tokens-per-param").figure
        args["tokens"] = args["params"] * ratio.central
        d.assumed.add("tokens")
        d.figure(d.t("tokens per parameter", "每参数token数"), ratio.central, "ratio", ratio.source)
        shown = d.figure(d.t("assumed training tokens", "假设的训练token数"), args["tokens"], "token", "calculation")
        d.say(f"No token count was given: assuming the compute-optimal {ratio.central:g} tokens per parameter "
              f"{d.cite(ratio.source, ratio.locator)}, i.e. {shown}.",
              f"未给出训练token数:按算力最优的每参数{ratio.central:g}个token计 {d.cite(ratio.source, ratio.locator)},"
              f"即{shown}。")
    if len(u.hardware) >= 2 and intent in (None, "gpu_hours", "training_days", "training_cost", "gpus_needed"):
        intent = "compare"  # two accelerators named: the same run on each, side by side
    if {"flop", "gpu_hours"} <= args.keys() and ("mfu" in u.prepared or "利用率" in u.prepared):
        r = _only(achieved_mfu, args, "flop", "gpu_hours", "gpu")
        _report(d, results, r, ("achieved MFU", "实际算力利用率"), "That implies an MFU of {}.",
                "这意味着算力利用率约为{}。")
    elif intent == "flop" or (intent is None and args.keys() >= {"params", "tokens"} and "gpu" not in args):
        r = _only(training_flop, args, "params", "tokens", "active_params")
        _report(d, results, r, ('training compute', '训练算力'), "Training compute: {}.",
                "训练算力:{}。")
    elif intent == "gpus_needed":
        r = _only(gpus_needed, args, "days", *COMPUTE)
        _report(d, results, r, ('accelerators needed', '所需加速卡'), "You need about {}.",
                "大约需要{}。")
    elif intent == "training_days" and {"gpu_hours", "gpus"} <= args.keys():
        r = _only(wall_clock_days, args, "gpu_hours", "gpus")
        _report(d, results, r, ("training time", "训练时长"), "Training takes about {}.",
                "训练大约需要{}。")
    elif intent == "training_days":
        r = _only(training_days, args, "gpus", *COMPUTE)
        _report(d, results, r, ('training time', '训练时长'), "Training takes about {}.",
                "训练大约需要{}。")
    elif intent == "gpu_hours":
        r = _only(gpu_hours, args, *COMPUTE)
        _report(d, results, r, ('GPU-hours', 'GPU卡时'), "About {}.",
                "约{}。")
    elif intent in ("energy", "carbon", "electricity_cost", "household_check"):
        if "energy_kwh" in args:
            kwh = args["energy_kwh"]
        else:
            e = _only(energy, args, "gpu_hours", "gpu", "pue", "gpus", "days", "flop", "params", "tokens",
                      "active_params", "mfu", "power_w")
            kwh = e.value
            shown = _show(d, e, ('training energy', '训练耗电'), 'MWh', 1e-3)
            d.say(f"Energy: {shown}.",
                  f"耗电:{shown}。")
            results.append(e)
        china = any(w in u.prepared for w in CHINA_WORDS)
        if intent == "carbon":
            c = carbon(kwh, grid_intensity=args.get("grid_intensity"), region="cn" if china else "world",
                       renewable_share=args.get("renewable_share", 0.0))
            shown = _show(d, c, ('location-based emissions', '基于位置的碳排放'))
            d.say(f"Location-based emissions: {shown}.",
                  f"基于位置的碳排放:{shown}。")
            results.append(c)
        elif intent == "electricity_cost":
            currency = "CNY" if "CNY" in u.units.get("electricity_price", "") or china else "USD"
            b = electricity_cost(kwh, electricity_price=args.get("electricity_price"), currency=currency,
                                 region="cn" if currency == "CNY" else "us")
            shown = _show(d, b, ('electricity cost', '电费'))
            d.say(f"Electricity bill: {shown}.",
                  f"电费:{shown}。")
            results.append(b)
        elif intent == "household_check":
            h = household_years(kwh)
            _report(d, results, h, ("US household-years", "美国家庭年用电"),
                    "That equals about {} of an average US home's electricity.", "相当于美国普通家庭约{}的用电量。")
            _check_household_claims(u, d, h.value)
    elif intent == "chinchilla" and "flop" not in args and "budget" not in args:
        r = training_flop(args["params"], args["params"] * d.kb.default("chinchilla-tokens-per-param").figure.central)
        d.assumed.add("tokens")
        ratio = d.kb.default("chinchilla-tokens-per-param").figure
        per = d.figure(d.t("tokens per parameter", "每参数token数"), ratio.central, "ratio", ratio.source)
        tokens = d.figure(d.t("compute-optimal tokens", "算力最优token数"), r.inputs["tokens"].value, "token",
                          "calculation")
        cite = d.cite(ratio.source, ratio.locator)
        d.say(f"Compute-optimal training uses about {ratio.central:g} tokens per parameter {cite}, so about "
              f"{tokens}.", f"算力最优训练约为每参数{ratio.central:g}个token {cite},即约{tokens}。")
        del per
        results.append(r)
        d.calculation(r)
    elif intent == "chinchilla":
        r = _only(chinchilla_optimal, args, "flop", "budget", "gpu", "price_per_gpu_hour", "mfu")
        tokens = r.components["tokens"]
        t_shown = d.figure(d.t("compute-optimal tokens", "算力最优token数"), tokens, "token", "calculation")
        shown = _show(d, r, ('compute-optimal parameters', '算力最优参数量'))
        d.say(f"A compute-optimal model has about {shown}, "
              f"trained on about {t_shown}.",
              f"算力最优的模型约{shown},训练约{t_shown}。")
        results.append(r)
    if len(u.hardware) >= 2 and intent in ("compare", "training_cost"):
        r = compare_hardware(",".join(u.hardware), **{k: v for k, v in args.items() if k in (
            "params", "tokens", "flop", "active_params", "mfu")}, cluster_size=args.get("gpus"), kb=d.kb)
        d.calculation(r)
        for label, value in r.components.items():
            unit = "GPU-hour" if label.endswith("GPU-hours") else "USD" if label.endswith("USD") else "day"
            shown = d.figure(label, value, unit, "calculation")
            d.say(f"{label}: {shown}", f"{label}:{shown}")
        results.append(r)
    elif intent in ("training_cost", "compare") or (intent is None and "gpu" in args):
        r = _only(rental_cost, args, "gpu_hours", "price_per_gpu_hour", "gpus", "days", *COMPUTE)
        _report(d, results, r, ('cloud rental cost', '云租赁成本'), "Cloud rental cost: {}.",
                "云租赁成本:{}。")
        try:
            a = _only(amortised_cost, args, "gpu_hours", "gpus", "days", *COMPUTE)
            _report(d, results, a, ("amortised hardware and energy cost", "硬件摊销与电费"),
                    "Owning the hardware instead (amortised hardware + electricity): {}.",
                    "若自购硬件(硬件摊销加电费):{}。")
        except MissingInputError:
            pass
        d.say("These are the final training run only; full development (experiments, staff) typically costs "
              "several times more.", "以上仅为最终一次训练的成本;完整研发(实验、人力)通常高出数倍。")
    _inputs_line(d, results)
    _assumptions(d, results)
    return "answered"


CALC_INTENTS = {"compare", "flop", "gpus_needed", "training_days", "gpu_hours", "energy", "carbon", "electricity_cost",
                "household_check", "chinchilla", "training_cost"}


HYPOTHETICAL = ("would", "today", "now", "if ", "what if", "如果", "假如", "要是", "换成", "现在", "今天", "如今",
                "改用")


def can_calculate(u: Understanding) -> bool:
    s = set(u.slots)
    if u.models and u.intent == "training_cost" and "price_per_gpu_hour" in s:
        return True
    if u.models and u.hardware and u.intent in CALC_INTENTS and any(w in u.prepared for w in HYPOTHETICAL):
        return True  # "What would GPT-3 cost on H100s today?": the model's published size and data, re-run
    if u.intent not in CALC_INTENTS:
        return bool(s >= {"params", "tokens"})
    if u.intent == "household_check" and u.models:
        return True  # the named model's published energy, in household-years
    if u.intent in ("energy", "carbon", "electricity_cost", "household_check"):
        return bool(s & {"energy_kwh", "gpu_hours"} or s >= {"gpus", "days"} or s >= {"params", "tokens"})
    if u.intent == "chinchilla":
        return bool(s & {"flop", "budget", "params"})
    return bool(s & {"params", "active_params", "flop", "gpu_hours"} or s >= {"gpus", "days"})


# ------------------------------------------------------------------------------------------------ lookups


def _case_figure_line(d: Draft, case: Case, metric: str) -> bool:
    fig = case.figures.get(metric)
    if fig is None:
        return False
    en, zh = METRIC_LABELS.get(metric, (metric, metric))
    label = d.t(f"{case.name} {en}", f"{case.name}{zh}")
    shown = d.figure(label, fig.value, fig.unit if fig.unit != "MWh" else "MWh", fig.source, fig.low, fig.high)
    est = d.t(" (third-party estimate)", "(第三方估计)") if fig.estimate else ""
    cite = d.cite(fig.source, fig.locator)
    d.say(f"{label}: {shown}{est} {cite}", f"{label}:{shown}{est} {cite}")
    return True


def _cards_about(d: Draft, subject: str, metric: str | None) -> list[FactCard]:
    words = {"energy": ("energ", "electric", "power"), "emissions_location": ("emission", "carbon"),
             "params_total": ("param",), "cost": ("cost", "spend"), "gpu_count": ("gpu", "cluster", "chip"),
             "training_days": ("time", "duration", "day", "month"), "tokens": ("token", "data")}
    cards = [c for c in d.kb.facts.values() if c.subject == subject and c.figures]
    if metric and metric in words:
        # none about that metric: nothing to say
        cards = [c for c in cards if any(w in c.metric for w in words[metric])]
    return cards


def _card_line(d: Draft, card: FactCard) -> None:
    statement = card.statement.zh if d.zh else card.statement.en
    d.cited_texts.append(statement)
    for fig in card.figures:
        d.figures.append(_card_figure(d, card, fig))
    cite = d.cite(card.source, card.locator, card.as_printed)
    d.say(f"{statement} {cite}", f"{statement}{cite}")


def _card_figure(d: Draft, card: FactCard, fig: Any) -> Figure:
    return Figure(card.metric.replace("_", " "), fig.value, fig.unit, card.source, fig.low, fig.high)


def lookup_case(u: Understanding, d: Draft) -> str:
    """Published figures of the named model(s); several models are answered one after another."""
    statuses = [_lookup_one(u, d, d.kb.cases[model_id]) for model_id in dict.fromkeys(u.models[:3])]
    return "answered" if "answered" in statuses else statuses[0]


def _lookup_one(u: Understanding, d: Draft, case: Case) -> str:
    article = _article(u)
    metric = u.metric or ("cost" if u.intent == "training_cost" else None)
    if article:
        cards = [c for c in _cards_about(d, case.id, metric) if c.source == article]
        if cards:
            for card in cards[:2]:
                _card_line(d, card)
            return "answered"
    metrics = CASE_METRICS.get(metric or "", []) if metric else []
    shown = [m for m in metrics if _case_figure_line(d, case, m)]
    if metric == "cost":
        for card in _cards_about(d, case.id, "cost"):
            if "cost" in card.metric:
                _card_line(d, card)
                shown.append(card.id)
        if len(shown) > 1:
            d.say("These are different cost concepts (cloud rental, amortised ownership, purchase, full "
                  "development), not conflicting measurements of one number.",
                  "这些是不同口径的成本(云租赁、自有硬件摊销、硬件购置、完整研发),并非对同一数字的矛盾测量。")
    if not shown:
        for card in _cards_about(d, case.id, metric)[:2]:
            _card_line(d, card)
            shown.append(card.id)
    if not shown:
        what = METRIC_LABELS.get(metric or "", (metric or "this figure", metric or "该数据"))
        d.say(f"No published {what[0]} for {case.name} is on file, and I do not estimate one without inputs.",
              f"知识库中没有{case.name}公开的{what[1]},在没有输入的情况下我不做臆测。")
        if case.figures:
            d.follow_ups.append(d.t(f"What published figures exist for {case.name}?", f"{case.name}有哪些公开数据?"))
        return "not_found"
    if case.notes and not re.search(r"\d", case.notes.en):
        d.say(case.notes.en, case.notes.zh)
        d.cited_texts.append(case.notes.zh if d.zh else case.notes.en)
    return "answered"


LOWER_WORDS = ("降低", "节省", "省钱", "减少", "reduce", "lower", "cut", "save", "cheaper", "ways", "levers", "办法",
               "方法", "策略", "替代")


def relevant(question: str, card: FactCard) -> bool:
    """Does the card share at least two real words with the question? Guards lookups from answering a
    weather question with the nearest cost card."""
    from assistant.textnorm import tokenize

    asked = {t for t in tokenize(question) if len(t) > 1}
    said = {t for t in tokenize(f"{card.statement.en} {card.statement.zh} {card.subject} {card.metric}") if len(t) > 1}
    return len(asked & said) >= 2


def explain(u: Understanding, d: Draft, search: Callable[[str, int], list[Any]]) -> str:
    article = _article(u)
    hits = [h for h in search(u.question, 16) if h.doc_id.startswith("fact:")]
    cards = [d.kb.facts[h.doc_id[5:]] for h in hits if h.doc_id[5:] in d.kb.facts]
    if article:
        cards = [c for c in cards if c.source == article] or cards
    lowering = any(w in u.prepared for w in LOWER_WORDS)
    wanted = ("figure", "caveat")
    if u.intent == "explain":
        wanted = ("lever", "trend") if lowering else ("driver",)
    chosen = [c for c in cards if c.kind in wanted][:6]
    if u.intent == "explain" and len(chosen) < 4:
        # A "why so expensive" question wants the whole list, not only the cards its words happened to hit.
        source = article or (chosen[0].source if chosen else "jadebird-2025")
        chosen += [c for c in d.kb.facts.values() if c.kind in wanted and c.source == source and c not in chosen]
        chosen = chosen[:6]
    chosen = chosen or cards[:3]
    if not chosen:
        return "not_found"
    for card in chosen:
        _card_line(d, card)
    return "answered"


UNPUBLISHED_RE = re.compile(r"claude|gpt-?4o|gpt-?5|\bo1\b|\bo3\b|grok|mistral large|gemini 1\.5|gemini 2|"
                            r"文心一言\s*4|ernie 4|qwen ?3|kimi|豆包|doubao", re.IGNORECASE)


def unpublished_model(u: Understanding) -> str | None:
    m = UNPUBLISHED_RE.search(u.question)
    return m.group(0) if m and not u.models else None


def not_published(d: Draft, name: str) -> str:
    d.say(f"There is no published training-cost, compute or energy figure for {name} in my sources, so I will "
          "not guess one. I can estimate a run you describe (parameters, tokens, GPUs).",
          f"我的资料中没有{name}公开的训练成本、算力或能耗数据,因此不做猜测。您可以描述一次训练(参数量、token数、"
          "GPU),我来估算。")
    return "not_found"


def invalid(d: Draft, err: InputError) -> str:
    d.error = err.to_dict()  # the limits the text quotes, as structured data a client (and the eval) can read
    accepted_en = "" if "accepted" in err.message_en else f" Accepted: {err.accepted}."
    accepted_zh = "" if "可接受" in err.message_zh else f" 可接受:{err.accepted}。"
    d.say(f"I can't use that input: {err.message_en}{accepted_en}", f"无法使用该输入:{err.message_zh}{accepted_zh}")
    return "invalid_input"
