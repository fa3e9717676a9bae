"""Dollar costs: cloud rental, amortised ownership (straight-line or Epoch AI's method), acquisition, and the
full development cost (experiments and staff on top of the final run)."""

from __future__ import annotations

import math
from dataclasses import replace

from knowledge.loader import KnowledgeBase
from knowledge.schema import Accelerator, PricePoint
from tools.compute import from_user, hours_input
from tools.errors import InputError, MissingInputError
from tools.formula import Evaluation, Formula, Value, Var, fmt
from tools.hardware import latest_price, resolve
from tools.inputs import Inputs
from tools.quantities import Q, text
from tools.result import CalcResult, Input, Text, non_finite
from tools.variables import GPU_HOURS, GPUS, POWER_FRACTION, PRICE_PER_GPU_HOUR, PUE, SERVER_POWER

DAYS_PER_YEAR = 365.25
HOURS_PER_YEAR = 8766  # 365.25 days, as in Epoch AI's cost model

COST = Var("cost", "USD", "cost")
NODE_RATE = Var("node_rate", "USD/hour", "rental price of one node per hour")
NODE_GPUS = Var("node_gpus", "GPU", "accelerators in one node")
GPU_HOUR_PRICE = Formula("gpu_hour_price", PRICE_PER_GPU_HOUR, NODE_RATE.symbol / NODE_GPUS.symbol,
                         [NODE_RATE, NODE_GPUS], "{node_rate} ÷ {node_gpus}")
RENTAL = Formula("rental_cost", COST, GPU_HOURS.symbol * PRICE_PER_GPU_HOUR.symbol, [GPU_HOURS, PRICE_PER_GPU_HOUR],
                 "{gpu_hours} · {price_per_gpu_hour}", {"price_per_gpu_hour": "{cost} ÷ {gpu_hours}"})
DISCOUNT = Var("discount", "ratio", "discount off the price")
RENTAL_DISCOUNTED = Formula("rental_cost_discounted", COST,
                            GPU_HOURS.symbol * PRICE_PER_GPU_HOUR.symbol * (1 - DISCOUNT.symbol),
                            [GPU_HOURS, PRICE_PER_GPU_HOUR, DISCOUNT],
                            "{gpu_hours} · {price_per_gpu_hour} · (1 − {discount})")

CHIP_PRICE = Var("purchase_price", "USD", "purchase price per accelerator")
OVERHEAD = Var("overhead", "ratio", "server overhead multiplier")
IC = Var("interconnect_fraction", "ratio", "interconnect share of cluster cost")
LIFE = Var("life_years", "year", "hardware life")
UTIL = Var("utilisation", "ratio", "share of life the hardware is busy")
OOMS = Var("ooms_per_year", "ratio", "price-performance gain, orders of magnitude per year")
HW_RATE = Var("hardware_rate", "USD/GPU-hour", "hardware cost per accelerator-hour")
_capex = CHIP_PRICE.symbol * OVERHEAD.symbol / (1 - IC.symbol)
STRAIGHT_LINE = Formula("amortised_straight_line", HW_RATE,
                        _capex / (LIFE.symbol * HOURS_PER_YEAR * UTIL.symbol), [CHIP_PRICE, OVERHEAD, IC, LIFE, UTIL],
                        "{purchase_price} · {overhead} ÷ (1 − {interconnect_fraction})"
                        " ÷ ({life_years} · 8766 · {utilisation})")
# Epoch AI depreciates hardware at the rate its price-performance improves: 0.14 OOM/year → 0.14·ln(10)/year.
EPOCH = Formula("amortised_epoch", HW_RATE, _capex * OOMS.symbol * math.log(10) / HOURS_PER_YEAR,
                [CHIP_PRICE, OVERHEAD, IC, OOMS],
                "{purchase_price} · {overhead} ÷ (1 − {interconnect_fraction}) · {ooms_per_year} · ln 10 ÷ 8766")

TDP = Var("tdp_w", "W", "accelerator TDP")
ELEC = Var("electricity_price", "USD/kWh", "electricity price")
ENERGY_RATE = Var("energy_rate", "USD/GPU-hour", "electricity cost per accelerator-hour")
ENERGY_PER_HOUR = Formula("energy_rate", ENERGY_RATE,
                          TDP.symbol / 1000 * SERVER_POWER.symbol * POWER_FRACTION.symbol * PUE.symbol * ELEC.symbol,
                          [TDP, SERVER_POWER, POWER_FRACTION, PUE, ELEC],
                          "{tdp_w} ÷ 1000 · {server_power_multiplier} · {power_fraction} · {pue} · {electricity_price}")

POWER = Var("power_w", "W", "average power per accelerator")
ENERGY_PER_HOUR_GIVEN = Formula("energy_rate_given", ENERGY_RATE, POWER.symbol / 1000 * PUE.symbol * ELEC.symbol,
                                [POWER, PUE, ELEC], "{power_w} ÷ 1000 · {pue} · {electricity_price}")

ACQUISITION = Formula("acquisition_cost", COST, GPUS.symbol * _capex, [GPUS, CHIP_PRICE, OVERHEAD, IC],
                      "{gpus} · {purchase_price} · {overhead} ÷ (1 − {interconnect_fraction})")

PAID = Var("amount", "USD", "price paid")
PER_YEAR = Var("annual_depreciation", "USD/year", "depreciation per year")
PER_MONTH = Var("monthly_depreciation", "USD/month", "depreciation per month")
MONTHLY = Formula("monthly_depreciation", PER_MONTH, PER_YEAR.symbol / 12, [PER_YEAR], "{annual_depreciation} ÷ 12")
PER_DAY = Var("daily_depreciation", "USD/day", "depreciation per day")
# a year of 365.25 days, as a run's share of the write-off counts it
DAY_WRITE_OFF = Formula("daily_depreciation", PER_DAY, PER_YEAR.symbol * 4 / 1461, [PER_YEAR],
                        "{annual_depreciation} ÷ 365.25")
PAID_TOTAL = Formula("price_paid", PAID, GPUS.symbol * CHIP_PRICE.symbol, [GPUS, CHIP_PRICE],
                     "{gpus} · {purchase_price}")
ANNUAL = Formula("annual_depreciation", PER_YEAR, PAID.symbol / LIFE.symbol, [PAID, LIFE], "{amount} ÷ {life_years}")
SALVAGE_SHARE = Var("salvage_share", "ratio", "salvage value as a share of the price")
SALVAGE = Var("salvage_value", "USD", "salvage value")
ANNUAL_SHARE_LEFT = Formula("annual_depreciation_salvage_share", PER_YEAR,
                            PAID.symbol * (1 - SALVAGE_SHARE.symbol) / LIFE.symbol, [PAID, SALVAGE_SHARE, LIFE],
                            "{amount} · (1 − {salvage_share}) ÷ {life_years}")
ANNUAL_VALUE_LEFT = Formula("annual_depreciation_salvage", PER_YEAR, (PAID.symbol - SALVAGE.symbol) / LIFE.symbol,
                            [PAID, SALVAGE, LIFE], "({amount} − {salvage_value}) ÷ {life_years}")

FINAL = Var("final_run_cost", "USD", "final training run cost")
MULT = Var("multiplier", "ratio", "experiments multiplier")
STAFF = Var("staff", "person", "contributors")
SALARY = Var("salary", "USD/year", "compensation per person")
FTE = Var("fte", "ratio", "full-time share")
YEARS = Var("years", "year", "project duration")
STAFF_OH = Var("staff_overhead", "ratio", "staff overhead")
STAFF_COST = Var("staff_cost", "USD", "staff cost")
DEVELOPMENT = Formula(
    "development_cost", COST,
    FINAL.symbol * MULT.symbol + STAFF.symbol * SALARY.symbol * FTE.symbol * YEARS.symbol * STAFF_OH.symbol,
    [FINAL, MULT, STAFF, SALARY, FTE, YEARS, STAFF_OH],
    "{final_run_cost} · {multiplier} + {staff} · {salary} · {fte} · {years} · {staff_overhead}",
)
# the people as one sum the user knows ("staff is another $1.5M"), not a headcount to price
DEVELOPMENT_STAFF_COST = Formula("development_cost_staff_sum", COST, FINAL.symbol * MULT.symbol + STAFF_COST.symbol,
                                 [FINAL, MULT, STAFF_COST], "{final_run_cost} · {multiplier} + {staff_cost}")

# the people at the pay the user gives, for as long as they work on it: no overhead the user did not name
STAFF_TOTAL = Formula("staff_cost", COST, STAFF.symbol * SALARY.symbol * YEARS.symbol, [STAFF, SALARY, YEARS],
                      "{staff} · {salary} · {years}")
STAFF_WITH_OVERHEAD = Formula("staff_cost_overhead", COST,
                              STAFF.symbol * SALARY.symbol * YEARS.symbol * STAFF_OH.symbol,
                              [STAFF, SALARY, YEARS, STAFF_OH], "{staff} · {salary} · {years} · {staff_overhead}")
# people who give the project only part of their time ("each spending 40% of their time on it")
STAFF_PART = Formula("staff_cost_part_time", COST, STAFF.symbol * FTE.symbol * SALARY.symbol * YEARS.symbol,
                     [STAFF, FTE, SALARY, YEARS], "{staff} · {fte} · {salary} · {years}")
PERSON_YEARS = Var("person_years", "person-year", "person-years of work")
# a team's effort in full-time years, whatever it is paid
STAFF_EFFORT = Formula("staff_effort", PERSON_YEARS, STAFF.symbol * FTE.symbol * YEARS.symbol, [STAFF, FTE, YEARS],
                       "{staff} · {fte} · {years}")
STAFF_PART_WITH_OVERHEAD = Formula("staff_cost_part_time_overhead", COST,
                                   STAFF.symbol * FTE.symbol * SALARY.symbol * YEARS.symbol * STAFF_OH.symbol,
                                   [STAFF, FTE, SALARY, YEARS, STAFF_OH],
                                   "{staff} · {fte} · {salary} · {years} · {staff_overhead}")
MARKUP = Var("markup", "ratio", "share added on top")
BASE = Var("base_cost", "USD", "cost before what is added on top")
MARKED_UP = Formula("marked_up", COST, BASE.symbol * (1 + MARKUP.symbol), [BASE, MARKUP],
                    "{base_cost} · (1 + {markup})")
LABEL_ITEMS = Var("label_items", "item", "items to label")
LABEL_PRICE = Var("label_price", "USD/item", "price per item")
LABELLING = Formula("labelling_cost", COST, LABEL_ITEMS.symbol * LABEL_PRICE.symbol, [LABEL_ITEMS, LABEL_PRICE],
                    "{label_items} · {label_price}")

DAYS = Var("days", "day", "wall-clock days")
RENTAL_TOTAL = Var("rental_cost", "USD", "cloud rental cost")
PER_DAY = Var("daily_cost", "USD/day", "cost per day")
DAILY = Formula("daily_cost", PER_DAY, RENTAL_TOTAL.symbol / DAYS.symbol, [RENTAL_TOTAL, DAYS],
                "{rental_cost} ÷ {days}")

COMPUTE_ARGS = ("flop", "params", "tokens", "active_params", "mfu", "goodput", "precision")


def _price_input(inp: Inputs, name: str, given: float | None, prices: list[PricePoint], acc: Accelerator | None,
                 what_en: str, what_zh: str, quantity: str) -> PricePoint | None:
    if given is not None:
        inp.user(name, given, quantity)
        return None
    point = latest_price(prices)
    if point is None:
        chip = acc.name if acc else "this accelerator"
        raise MissingInputError(name, f"the {what_en} for {chip} (none is on file)",
                                f"{acc.name if acc else '该加速卡'}的{what_zh}(知识库中没有)")
    label = f"{acc.name if acc else ''} {what_en}".strip()
    inp.fixed(name, point.value, point.unit, label, point.source)
    vendor = f" ({point.vendor})" if point.vendor else ""
    inp.assume(f"{label}: USD {fmt(point.value)}{vendor}, dated {point.date} [{point.source}].",
               f"{label}:{fmt(point.value)} 美元{vendor},日期 {point.date} [{point.source}]。")
    return point


def paid_rate(paid_bill: float, gpu_hours: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """The price per GPU-hour a bill works out to: the bill ÷ the GPU-hours it paid for.

    Args:
        paid_bill: the bill already paid, in USD.
        gpu_hours: the accelerator-hours it paid for.
    """
    inp = Inputs(kb)
    inp.user("cost", paid_bill, quantity="paid_bill")
    inp.user("gpu_hours", gpu_hours)
    ev = RENTAL.solve("price_per_gpu_hour", inp.values)
    return CalcResult("paid_rate", Text("price paid per GPU-hour", "折合每卡时价格"), ev.value, "USD/GPU-hour",
                      RENTAL.text, RENTAL.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def rental_cost(gpu_hours: float | None = None, price_per_gpu_hour: float | None = None, gpu: str | None = None,
                gpus: float | None = None, days: float | None = None, flop: float | None = None,
                params: float | None = None, tokens: float | None = None, active_params: float | None = None,
                mfu: float | None = None, goodput: float | None = None, precision: str = "bf16",
                discount: float | None = None, markup: float | None = None,
                kb: KnowledgeBase | None = None) -> CalcResult:
    """Cloud rental cost: accelerator-hours × price per accelerator-hour (less any discount, plus any share on top).

    Args:
        gpu_hours: accelerator-hours; or give gpus and days, or params and tokens (with gpu) to compute them.
        price_per_gpu_hour: rental price in USD per accelerator-hour; default: the latest dated price on file.
        gpu: accelerator name or alias.
        gpus: number of accelerators (with days).
        days: wall-clock days (with gpus).
        flop: training compute in FLOP.
        params: total parameter count.
        tokens: training tokens.
        active_params: active parameters per token for mixture-of-experts models.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        precision: bf16 (default) or fp8.
        discount: share taken off the price (0.3 for "30% off", a committed-use or reserved discount).
        markup: share added on top of the bill (0.2 for "plus 20% VAT", "再加10%的存储和网络费用").
    """
    inp = Inputs(kb)
    steps = hours_input(inp, gpu_hours, gpus=gpus, days=days, flop=flop, params=params, tokens=tokens,
                        active_params=active_params, gpu=gpu, mfu=mfu, goodput=goodput, precision=precision)
    acc = resolve(gpu, inp.kb) if gpu is not None else None
    if price_per_gpu_hour is None and acc is None:
        raise MissingInputError("price_per_gpu_hour", "the rental price per GPU-hour or the accelerator model",
                                "每卡时租金或加速卡型号")
    _price_input(inp, "price_per_gpu_hour", price_per_gpu_hour, acc.rental_prices if acc else [], acc,
                 "rental price per GPU-hour", "每卡时租金", "price_per_gpu_hour")
    inp.assume("Cloud rental: the price of renting the accelerators for the run, not buying them.",
               "云租赁口径:租用算力完成本次训练的费用,不含购置硬件。")
    formula = RENTAL
    if discount:
        inp.user("discount", discount)
        formula = RENTAL_DISCOUNTED
    ev = formula.solve("cost", inp.values)
    marked, total, formula = _marked_up(inp, ev, formula, markup)
    return CalcResult("rental_cost", Text("cloud rental cost", "云算力租赁成本"), total.value, "USD", formula.text,
                      formula.latex, dict(inp.recorded), [*steps, *marked], list(inp.assumptions), total.low,
                      total.high)


LEFT_OUT = '"servers", "networking", or both comma-separated'


def _capex_inputs(inp: Inputs, acc: Accelerator | None, purchase_price: float | None,
                  interconnect_fraction: float | None, overhead: float | None = None, left_out: str = "") -> None:
    """Purchase price, server overhead and interconnect share: what one accelerator's share of a cluster costs.
    ``left_out`` names the parts not bought ("servers", "networking"): they add nothing."""
    point = _price_input(inp, "purchase_price", purchase_price, acc.purchase_prices if acc else [], acc,
                         "purchase price per GPU", "单卡采购价", "purchase_price")
    parts = {p.strip() for p in text("left_out", left_out, LEFT_OUT).split(",") if p.strip()} if left_out else set()
    if parts - {"servers", "networking"}:
        raise InputError("left_out", f"Unknown part {left_out!r}.", f"未知的部件「{left_out}」。", accepted=LEFT_OUT)
    if "servers" in parts:
        inp.fixed("overhead", 1.0, "ratio", "server overhead multiplier", "definition")
    elif overhead is not None:
        inp.user("overhead", overhead)
    elif point is not None and point.level == "server":
        inp.fixed("overhead", 1.0, "ratio", "server overhead multiplier", "definition")
        inp.assume("The price is per GPU of a complete server (DGX/HGX), so no server overhead is added.",
                   "该价格为整机(DGX/HGX)折合每卡价格,因此不再叠加服务器开销。")
    elif acc is not None and acc.server_overhead is not None:
        inp.sourced("overhead", acc.server_overhead, "server overhead multiplier")
    else:
        inp.default("overhead", "server-overhead")
    if "networking" in parts:
        inp.fixed("interconnect_fraction", 0.0, "ratio", "interconnect share of cluster cost", "definition")
    else:
        inp.user_or_default("interconnect_fraction", interconnect_fraction, "interconnect-cost-fraction")
    if inp.values["overhead"].value == 1 and inp.values["interconnect_fraction"].value == 0:
        inp.assume("The accelerators alone: no servers or networking around them are added.",
                   "只算加速卡本身,不另加服务器和网络。")


def _chip_share(inp: Inputs) -> float:
    """The accelerators' share of the hardware cost; the rest is servers and networking (Epoch AI's overheads)."""
    return (1 - inp.values["interconnect_fraction"].value) / inp.values["overhead"].value


def _hardware_rate(inp: Inputs, method: str, life_years: float | None, utilisation: float | None) -> Evaluation:
    if method == "epoch":
        inp.default("ooms_per_year", "price-performance-ooms-per-year")
        return EPOCH.solve("hardware_rate", inp.values)
    inp.user_or_default("life_years", life_years, "hardware-life")
    busy = Input(1.0, "ratio", "default", "share of life the hardware is busy")
    inp.user_or_assumed("utilisation", utilisation, busy,
                        Text("The hardware is assumed busy all of its life; idle time raises the cost per used hour.",
                             "假设硬件在使用寿命内始终满载;闲置会提高每个有效卡时的成本。"))
    return STRAIGHT_LINE.solve("hardware_rate", inp.values)


def _energy_rate(inp: Inputs, acc: Accelerator, pue: float | None, electricity_price: float | None,
                 power_w: float | None = None, device_only: bool = False) -> Evaluation:
    """Electricity per accelerator-hour: the power the user gives, or the chip's TDP when the chip is priced
    alone (no server around it), else the whole server's share at its average draw (Epoch AI)."""
    if power_w is not None or (device_only and acc.tdp is not None):
        if power_w is not None:  # "每卡电力按1.05kW": what the user says each accelerator draws, all in
            inp.user("power_w", power_w)
        else:
            inp.sourced("power_w", acc.tdp, f"{acc.name} TDP")  # type: ignore[arg-type]
        inp.user_or_default("pue", pue, "pue")
        inp.user_or_default("electricity_price", electricity_price, "electricity-price-us", unit="USD/kWh")
        return ENERGY_PER_HOUR_GIVEN.solve("energy_rate", inp.values)
    if acc.tdp is None:
        raise MissingInputError("tdp_w", f"the power draw of {acc.name} (no TDP on file)", f"{acc.name}的功耗")
    inp.sourced("tdp_w", acc.tdp, f"{acc.name} TDP")
    if acc.server_power_multiplier is not None:
        inp.sourced("server_power_multiplier", acc.server_power_multiplier, "server power per chip over TDP")
    else:
        inp.default("server_power_multiplier", "server-power-multiplier")
    inp.default("power_fraction", "gpu-power-fraction")
    inp.user_or_default("pue", pue, "pue")
    inp.user_or_default("electricity_price", electricity_price, "electricity-price-us", unit="USD/kWh")
    return ENERGY_PER_HOUR.solve("energy_rate", inp.values)


def amortised_rate(gpu: str, purchase_price: float | None = None, method: str = "epoch",
                   life_years: float | None = None, utilisation: float | None = None,
                   interconnect_fraction: float | None = None, overhead: float | None = None, left_out: str = "",
                   include_energy: bool = True, pue: float | None = None, electricity_price: float | None = None,
                   power_w: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Cost of owning one accelerator per hour: hardware amortisation (+ interconnect) plus electricity.

    Args:
        gpu: accelerator name or alias.
        purchase_price: price per accelerator in USD; default: the latest dated price on file.
        method: "epoch" (depreciate at 0.14 orders of magnitude a year, Epoch AI) or "straight-line".
        life_years: hardware life for straight-line amortisation; default 4 (range 3-5).
        utilisation: share of its life the hardware is busy (straight-line only; default 1.0).
        interconnect_fraction: interconnect share of cluster cost; default 0.19.
        overhead: server cost per accelerator as a multiple of its price; default the chip's or 1.64.
        left_out: parts not bought, comma-separated: "servers", "networking".
        include_energy: add electricity for the server, cooling included (default true).
        pue: power usage effectiveness; default 1.1 (range 1.1-1.25).
        electricity_price: USD per kWh; default the US industrial average.
        power_w: average power per accelerator in watts, all in; default its TDP times the server's share.
    """
    if method not in ("epoch", "straight-line"):
        raise InputError("method", f"Unknown amortisation method {method!r}.", f"未知的摊销方法「{method}」。",
                         accepted="epoch or straight-line")
    inp = Inputs(kb)
    acc = resolve(gpu, inp.kb)
    _capex_inputs(inp, acc, purchase_price, interconnect_fraction, overhead, left_out)
    hw = _hardware_rate(inp, method, life_years, utilisation)
    steps = [hw.step]
    share = _chip_share(inp)
    components = {"accelerators": hw.value * share, "servers_networking": hw.value * (1 - share)}
    total, lo, hi = hw.value, hw.low, hw.high
    if include_energy:
        e = _energy_rate(inp, acc, pue, electricity_price, power_w, device_only="servers" in (left_out or ""))
        steps.append(e.step)
        components["energy"] = e.value
        total += e.value
        if lo is not None or e.low is not None:
            lo = (hw.low if hw.low is not None else hw.value) + (e.low if e.low is not None else e.value)
            hi = (hw.high if hw.high is not None else hw.value) + (e.high if e.high is not None else e.value)
        steps.append(f"total = hardware_rate + energy_rate = {fmt(hw.value)} + {fmt(e.value)} = {fmt(total)} "
                     "USD/GPU-hour")
    if include_energy:
        inp.assume("Amortised ownership: hardware depreciation plus electricity, not a cloud price.",
                   "自有硬件摊销口径:硬件折旧加电费,不是云租赁价格。")
    else:
        inp.assume("Amortised ownership: hardware depreciation only (electricity left out), not a cloud price.",
                   "自有硬件摊销口径:仅硬件折旧(不含电费),不是云租赁价格。")
    formula = EPOCH.text if method == "epoch" else STRAIGHT_LINE.text
    if include_energy:
        formula += " ; + " + (ENERGY_PER_HOUR_GIVEN if "power_w" in inp.values else ENERGY_PER_HOUR).text
    return CalcResult("amortised_rate", Text("amortised cost per GPU-hour", "每卡时摊销成本"), total,
                      "USD/GPU-hour", formula, EPOCH.latex if method == "epoch" else STRAIGHT_LINE.latex,
                      dict(inp.recorded), steps, list(inp.assumptions), lo, hi, components)


def amortised_cost(gpu: str, gpu_hours: float | None = None, gpus: float | None = None, days: float | None = None,
                   flop: float | None = None, params: float | None = None, tokens: float | None = None,
                   active_params: float | None = None, mfu: float | None = None, goodput: float | None = None,
                   precision: str = "bf16", purchase_price: float | None = None, method: str = "epoch",
                   life_years: float | None = None, interconnect_fraction: float | None = None,
                   overhead: float | None = None, left_out: str = "", include_energy: bool = True,
                   pue: float | None = None, electricity_price: float | None = None, power_w: float | None = None,
                   kb: KnowledgeBase | None = None) -> CalcResult:
    """Amortised hardware (+ energy) cost of a training run: GPU-hours × amortised cost per GPU-hour.

    Args:
        gpu: accelerator name or alias.
        gpu_hours: accelerator-hours; or give gpus and days, or params and tokens.
        gpus: number of accelerators (with days).
        days: wall-clock days (with gpus).
        flop: training compute in FLOP.
        params: total parameter count.
        tokens: training tokens.
        active_params: active parameters per token for mixture-of-experts models.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        goodput: share of wall-clock time spent training (default 1.0).
        precision: bf16 (default) or fp8.
        purchase_price: price per accelerator in USD; default: the latest dated price on file.
        method: "epoch" (default) or "straight-line".
        life_years: hardware life for straight-line amortisation; default 4 (range 3-5).
        interconnect_fraction: interconnect share of cluster cost; default 0.19.
        overhead: server cost per accelerator as a multiple of its price; default the chip's or 1.64.
        left_out: parts not bought, comma-separated: "servers", "networking".
        include_energy: add electricity (default true).
        pue: power usage effectiveness; default 1.1.
        electricity_price: USD per kWh; default the US industrial average.
        power_w: average power per accelerator in watts, all in; default its TDP times the server's share.
    """
    rate = amortised_rate(gpu, purchase_price=purchase_price, method=method, life_years=life_years,
                          interconnect_fraction=interconnect_fraction, overhead=overhead, left_out=left_out,
                          include_energy=include_energy, pue=pue, electricity_price=electricity_price,
                          power_w=power_w, kb=kb)
    inp = Inputs(kb)
    steps = hours_input(inp, gpu_hours, gpus=gpus, days=days, flop=flop, params=params, tokens=tokens,
                        active_params=active_params, gpu=gpu, mfu=mfu, goodput=goodput, precision=precision)
    inp.recorded.update({k: v for k, v in rate.inputs.items() if k not in inp.recorded})
    inp.assumptions.extend(rate.assumptions)
    inp.values["price_per_gpu_hour"] = Value(rate.value, rate.low, rate.high)
    ev = RENTAL.solve("cost", inp.values)
    hours = inp.values["gpu_hours"].value
    components = {k: v * hours for k, v in rate.components.items()}
    step = ev.step.replace("price_per_gpu_hour", "amortised_rate")
    return CalcResult("amortised_cost", Text("amortised hardware and energy cost", "硬件摊销与电费成本"),
                      ev.value, "USD", "cost = gpu_hours·amortised_rate", RENTAL.latex, dict(inp.recorded),
                      [*steps, *rate.steps, step], list(inp.assumptions), ev.low, ev.high, components)


BUDGET = Var("budget", "USD", "budget")
AFFORDABLE = Formula("affordable_gpus", Var("gpus", "GPU", "accelerators"), BUDGET.symbol / CHIP_PRICE.symbol,
                     [BUDGET, CHIP_PRICE], "{budget} ÷ {purchase_price}")


def affordable_gpus(budget: float, purchase_price: float | None = None, gpu: str | None = None,
                    kb: KnowledgeBase | None = None) -> CalcResult:
    """How many accelerators a budget buys: budget ÷ price per accelerator, rounded down to whole cards.

    Args:
        budget: money to spend in USD (e.g. 1e7).
        purchase_price: price per accelerator in USD (e.g. 32000); or name the gpu for the latest price on file.
        gpu: accelerator name or alias.
    """
    inp = Inputs(kb)
    inp.user("budget", budget)
    acc = resolve(gpu, inp.kb) if gpu is not None else None
    _price_input(inp, "purchase_price", purchase_price, acc.purchase_prices if acc else [], acc,
                 "purchase price per GPU", "单卡采购价", "purchase_price")
    ev = AFFORDABLE.solve("gpus", inp.values)
    if not math.isfinite(ev.value):  # a price too small to divide by
        raise non_finite(ev.value)
    whole = math.floor(ev.value)  # a part of a card cannot be bought
    inp.assume("Whole cards only, and the cards alone: nothing left for servers, networking or power.",
               "只算整张卡,且只买卡本身:不含服务器、网络和电力。")
    ends = (math.floor(ev.low), math.floor(ev.high)) if ev.low is not None and ev.high is not None else (None, None)
    return CalcResult("affordable_gpus", Text("accelerators the budget buys", "预算可购买的加速卡数"), whole, "GPU",
                      AFFORDABLE.text, AFFORDABLE.latex, dict(inp.recorded), [_floored(ev, whole, "cards")],
                      list(inp.assumptions), low=ends[0], high=ends[1])  # a budget given as a range: both ends


BREAKEVEN_DAYS = Var("breakeven_days", "day", "days of use until buying pays off")
BREAKEVEN = Formula("breakeven", BREAKEVEN_DAYS, CHIP_PRICE.symbol / (PRICE_PER_GPU_HOUR.symbol * 24),
                    [CHIP_PRICE, PRICE_PER_GPU_HOUR], "{purchase_price} ÷ ({price_per_gpu_hour} · 24)")
RUNNING_COST = Var("running_cost", "USD/GPU-hour", "owner's running cost per accelerator-hour")
# An owned card still costs something each hour it runs (power, hosting): only the rest of the rent is saved.
BREAKEVEN_RUNNING = Formula("breakeven_running", BREAKEVEN_DAYS,
                            CHIP_PRICE.symbol / ((PRICE_PER_GPU_HOUR.symbol - RUNNING_COST.symbol) * 24),
                            [CHIP_PRICE, PRICE_PER_GPU_HOUR, RUNNING_COST],
                            "{purchase_price} ÷ (({price_per_gpu_hour} − {running_cost}) · 24)")


def breakeven_days(price_per_gpu_hour: float, purchase_price: float | None = None, gpu: str | None = None,
                   running_cost: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Days of round-the-clock use after which buying a card costs as much as renting one: price ÷ (hourly rent
    × 24), or price ÷ ((hourly rent − the owned card's running cost per hour) × 24).

    Args:
        price_per_gpu_hour: rental price per accelerator-hour in USD.
        purchase_price: price per accelerator in USD; or name the gpu for the latest price on file.
        gpu: accelerator name or alias.
        running_cost: what an owned card costs per hour it runs (power, hosting) in USD; default none counted.
    """
    inp = Inputs(kb)
    acc = resolve(gpu, inp.kb) if gpu is not None else None
    _price_input(inp, "purchase_price", purchase_price, acc.purchase_prices if acc else [], acc,
                 "purchase price per GPU", "单卡采购价", "purchase_price")
    rent = inp.user("price_per_gpu_hour", price_per_gpu_hour)
    formula = BREAKEVEN
    if running_cost is not None:
        if inp.user("running_cost", running_cost) >= rent:
            raise InputError("running_cost", "An owned card that costs as much to run as the rent never pays off.",
                             "自有卡每小时的运行成本不低于租金,买卡永远无法回本。",
                             accepted="a running cost below the hourly rent")
        formula = BREAKEVEN_RUNNING
        inp.assume("The card's price against the rent less its running cost; what it still sells for afterwards is "
                   "left out.", "卡价对比租金扣除自有卡运行成本后的差额;用完后的残值未计入。")
    else:
        inp.assume("The card's price against the rent alone: power, hosting and staff for an owned card, and what it "
                   "still sells for afterwards, are left out.",
                   "只比较卡价与租金:自有卡的电费、托管与运维人力,以及用完后的残值,都未计入。")
    ev = formula.solve("breakeven_days", inp.values)
    if not math.isfinite(ev.value):
        raise non_finite(ev.value)
    return CalcResult("breakeven_days", Text("time until buying pays off", "买卡回本所需时间"), ev.value, "day",
                      formula.text, formula.latex, dict(inp.recorded), [ev.step], list(inp.assumptions))


def acquisition_cost(gpus: float, gpu: str | None = None, purchase_price: float | None = None,
                     interconnect_fraction: float | None = None, overhead: float | None = None, left_out: str = "",
                     markup: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Up-front capital to buy the cluster: GPUs × price × server overhead ÷ (1 − interconnect share); or, when
    the user puts the rest of the cluster at a share of the chips' price, GPUs × price × (1 + that share).

    Args:
        gpus: number of accelerators.
        gpu: accelerator name or alias (needed unless purchase_price is given).
        purchase_price: price per accelerator in USD; default: the gpu's latest dated price on file.
        interconnect_fraction: interconnect share of cluster cost; default 0.19.
        overhead: server cost per accelerator as a multiple of its price; default the chip's or 1.64.
        left_out: parts not bought, comma-separated: "servers", "networking" ("servers,networking": the chips alone).
        markup: servers, networking and racks as a share on top of the chips' price (e.g. 0.15), instead of the
            overhead and interconnect share.
    """
    inp = Inputs(kb)
    inp.user("gpus", gpus)
    acc = resolve(gpu, inp.kb) if gpu is not None else None
    if markup is not None:  # "plus 15% for networking and racks": the user's allowance replaces Epoch's overheads
        _price_input(inp, "purchase_price", purchase_price, acc.purchase_prices if acc else [], acc,
                     "purchase price per GPU", "单卡采购价", "purchase_price")
        chips = PAID_TOTAL.solve("amount", inp.values)
        steps, total, formula = _marked_up(inp, chips, PAID_TOTAL, markup)
        return CalcResult("acquisition_cost", Text("hardware acquisition cost", "硬件购置成本"), total.value, "USD",
                          formula.text, formula.latex, dict(inp.recorded), steps, list(inp.assumptions),
                          total.low, total.high, {"accelerators": chips.value,
                                                  "servers_networking": total.value - chips.value})
    _capex_inputs(inp, acc, purchase_price, interconnect_fraction, overhead, left_out)
    inp.assume("Acquisition: the capital to buy the hardware, which outlives one training run.",
               "购置口径:一次性购买硬件的资本支出,硬件寿命远长于一次训练。")
    ev = ACQUISITION.solve("cost", inp.values)
    share = _chip_share(inp)
    return CalcResult("acquisition_cost", Text("hardware acquisition cost", "硬件购置成本"), ev.value, "USD",
                      ACQUISITION.text, ACQUISITION.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high, {"accelerators": ev.value * share, "servers_networking": ev.value * (1 - share)})


def annual_depreciation(amount: float | None = None, gpus: float | None = None, purchase_price: float | None = None,
                        gpu: str | None = None, life_years: float | None = None,
                        salvage_share: float | None = None, salvage_value: float | None = None,
                        kb: KnowledgeBase | None = None) -> CalcResult:
    """Straight-line depreciation per year: (the price paid − what is left at the end) ÷ the years it is written
    off over.

    Args:
        amount: the price paid in USD, when gpus and purchase_price are not given.
        gpus: number of accelerators bought (with purchase_price).
        purchase_price: price paid per accelerator in USD; or name the gpu for the latest price on file.
        gpu: accelerator name or alias.
        life_years: years to depreciate over; default 4 (range 3-5).
        salvage_share: what the hardware is still worth at the end, as a share of the price (0.1 for 10%); default 0.
        salvage_value: what the hardware is still worth at the end, in USD (instead of salvage_share).
    """
    inp = Inputs(kb)
    steps: list[str] = []
    # "8-GPU server at $270,480": the sum the user paid, not the chip's listed price times its count
    if gpus is not None and (purchase_price is not None or (gpu is not None and amount is None)):
        inp.user("gpus", gpus)
        acc = resolve(gpu, inp.kb) if gpu is not None else None
        _price_input(inp, "purchase_price", purchase_price, acc.purchase_prices if acc else [], acc,
                     "purchase price per GPU", "单卡采购价", "purchase_price")
        paid = PAID_TOTAL.solve("amount", inp.values)
        steps.append(paid.step)
        inp.values["amount"] = Value(paid.value)
    elif amount is not None:
        inp.user("amount", amount, unit="USD")
    else:
        raise MissingInputError("amount", "the price paid, or the number of accelerators and the price of each",
                                "所付总价,或加速卡数量与单价")
    inp.user_or_default("life_years", life_years, "hardware-life")
    formula = ANNUAL
    if salvage_value is not None:
        inp.user("salvage_value", salvage_value, unit="USD")
        if salvage_value >= inp.values["amount"].value:
            raise InputError("salvage_value", "The salvage value must be less than the price paid.",
                             "残值必须小于所付价款。", accepted="0 ≤ salvage value < price paid")
        formula = ANNUAL_VALUE_LEFT
    elif salvage_share:
        inp.user("salvage_share", salvage_share)
        formula = ANNUAL_SHARE_LEFT
    if formula is ANNUAL:
        inp.assume("Straight-line: the price paid is written off in equal parts each year, nothing left at the end; "
                   "servers and networking count only if their price is in what was paid.",
                   "直线法:所付价款按年平均摊销,期末不留残值;服务器和网络只有计入所付价款时才算在内。")
    else:
        inp.assume("Straight-line: the price paid less the salvage value is written off in equal parts each year.",
                   "直线法:所付价款减去残值后按年平均摊销。")
    ev = formula.solve("annual_depreciation", inp.values)
    return CalcResult("annual_depreciation", Text("depreciation per year", "每年折旧额"), ev.value, "USD",
                      formula.text, formula.latex, dict(inp.recorded), [*steps, ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def _yearly_over(formula: Formula, label: Text, year: CalcResult) -> CalcResult:
    """The yearly write-off spread over a shorter period (a month, a day)."""
    ev = formula.solve(formula.name, {"annual_depreciation": Value(year.value, year.low, year.high)})
    return CalcResult(formula.name, label, ev.value, "USD", formula.text, formula.latex, year.inputs,
                      [*year.steps, ev.step], year.assumptions, ev.low, ev.high)


def monthly_depreciation(amount: float | None = None, gpus: float | None = None, purchase_price: float | None = None,
                         gpu: str | None = None, life_years: float | None = None,
                         salvage_share: float | None = None, salvage_value: float | None = None,
                         kb: KnowledgeBase | None = None) -> CalcResult:
    year = annual_depreciation(amount, gpus, purchase_price, gpu, life_years, salvage_share, salvage_value, kb)
    return _yearly_over(MONTHLY, Text("depreciation per month", "每月折旧额"), year)


def daily_depreciation(amount: float | None = None, gpus: float | None = None, purchase_price: float | None = None,
                       gpu: str | None = None, life_years: float | None = None,
                       salvage_share: float | None = None, salvage_value: float | None = None,
                       kb: KnowledgeBase | None = None) -> CalcResult:
    year = annual_depreciation(amount, gpus, purchase_price, gpu, life_years, salvage_share, salvage_value, kb)
    return _yearly_over(DAY_WRITE_OFF, Text("depreciation per day", "每日折旧额"), year)


# the same inputs as the yearly write-off, described once
_ARGS = annual_depreciation.__doc__[annual_depreciation.__doc__.index("\n\n    Args:"):]
monthly_depreciation.__doc__ = "Straight-line depreciation per month, as a finance team books it: the yearly " \
    "write-off ÷ 12." + _ARGS
daily_depreciation.__doc__ = "Straight-line depreciation per day the hardware is held: the yearly write-off ÷ 365.25." \
    + _ARGS

MACHINES = Var("machines", "machine", "machines")
MACHINES_FOR = Formula("machines_needed", MACHINES, GPUS.symbol / NODE_GPUS.symbol, [GPUS, NODE_GPUS],
                       "{gpus} ÷ {node_gpus}")


def machines_needed(gpus: float, node_gpus: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Machines (servers, nodes) that hold a number of accelerators: accelerators ÷ accelerators per machine,
    rounded up to whole machines.

    Args:
        gpus: accelerators needed (e.g. 3000).
        node_gpus: accelerators in one machine (e.g. 8).
    """
    return from_user("machines_needed", Text("machines needed", "所需机器台数"), MACHINES_FOR, "machines", "machine",
                     kb, gpus=gpus, node_gpus=node_gpus)


RUN_DAYS = Var("days", "day", "days the run holds the hardware")
PER_RUN = Var("run_depreciation", "USD", "depreciation charged to the run")
RUN_SHARE = Formula("run_depreciation", PER_RUN, PER_YEAR.symbol * RUN_DAYS.symbol / DAYS_PER_YEAR,
                    [PER_YEAR, RUN_DAYS], "{annual_depreciation} · {days} ÷ 365.25")


def run_depreciation(days: float, amount: float | None = None, gpus: float | None = None,
                     purchase_price: float | None = None, gpu: str | None = None, life_years: float | None = None,
                     salvage_share: float | None = None, salvage_value: float | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """The straight-line depreciation a run carries for the days it holds the hardware: the yearly write-off ×
    days ÷ 365.25.

    Args:
        days: days the run occupies the hardware (e.g. 90).
        amount: the price paid in USD, when gpus and purchase_price are not given.
        gpus: number of accelerators bought (with purchase_price).
        purchase_price: price paid per accelerator in USD; or name the gpu for the latest price on file.
        gpu: accelerator name or alias.
        life_years: years to depreciate over; default 4 (range 3-5).
        salvage_share: what the hardware is still worth at the end, as a share of the price; default 0.
        salvage_value: what the hardware is still worth at the end, in USD (instead of salvage_share).
    """
    year = annual_depreciation(amount, gpus, purchase_price, gpu, life_years, salvage_share, salvage_value, kb)
    inp = Inputs(kb)
    inp.user("days", days)
    ev = RUN_SHARE.solve("run_depreciation", {"annual_depreciation": Value(year.value, year.low, year.high),
                                              **inp.values})
    return CalcResult("run_depreciation", Text("depreciation charged to the run", "本次训练分摊的折旧"), ev.value,
                      "USD", RUN_SHARE.text, RUN_SHARE.latex, {**year.inputs, **inp.recorded},
                      [*year.steps, ev.step], year.assumptions, ev.low, ev.high)


SPENT = Var("amount", "USD", "amount spent")
TRAINED = Var("tokens", "token", "training tokens")
PER_MILLION = Formula("cost_per_million_tokens", Var("cost_per_mtok", "USD", "cost per million tokens"),
                      SPENT.symbol / TRAINED.symbol * 10**6, [SPENT, TRAINED], "{amount} ÷ {tokens} · 1,000,000")


SPEED = Var("token_throughput", "token/s", "tokens per second per accelerator")
PER_MILLION_AT_SPEED = Formula("cost_per_million_tokens_at_speed",
                               Var("cost_per_mtok", "USD", "cost per million tokens"),
                               PRICE_PER_GPU_HOUR.symbol / (SPEED.symbol * 3600) * 10**6, [PRICE_PER_GPU_HOUR, SPEED],
                               "{price_per_gpu_hour} ÷ ({token_throughput} · 3600) · 1,000,000")


def cost_per_million_tokens(amount: float | None = None, tokens: float | None = None,
                            price_per_gpu_hour: float | None = None, token_throughput: float | None = None,
                            rental_cost: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """What training costs per million tokens: amount spent ÷ tokens × 10^6, or, from a measured speed, the price
    of a GPU-hour ÷ the tokens one GPU gets through in an hour × 10^6.

    Args:
        amount: what the run cost in USD (e.g. 2.4e6), with tokens.
        tokens: tokens it trained on (e.g. 1.2e12).
        price_per_gpu_hour: rental price in USD per accelerator-hour, with token_throughput.
        token_throughput: tokens each accelerator processes per second (e.g. 3000).
        rental_cost: the run's rental bill in USD, when it is what was spent (with tokens).
    """
    inp = Inputs(kb)
    if amount is None and rental_cost is not None and tokens is not None:
        inp.user("rental_cost", rental_cost)  # the bill an earlier step worked out, recorded as what it is
        inp.values["amount"] = inp.values.pop("rental_cost")
        inp.user("tokens", tokens)
        formula = PER_MILLION
    elif amount is not None and tokens is not None:
        inp.user("amount", amount, unit="USD")
        inp.user("tokens", tokens)
        formula = PER_MILLION
    elif price_per_gpu_hour is not None and token_throughput is not None:
        inp.user("price_per_gpu_hour", price_per_gpu_hour)
        inp.user("token_throughput", token_throughput)
        formula = PER_MILLION_AT_SPEED
    else:
        raise MissingInputError("amount", "what the run cost and its tokens, or a GPU-hour's price and the tokens "
                                "per second per GPU", "总花费和token数,或每卡时价格和单卡每秒token数")
    ev = formula.solve("cost_per_mtok", inp.values)
    return CalcResult(formula.name, Text("cost per million training tokens", "每百万训练token成本"), ev.value,
                      "USD", formula.text, formula.latex, dict(inp.recorded), [ev.step],
                      list(inp.assumptions), ev.low, ev.high)


def development_cost(final_run_cost: float, multiplier: float | None = None, staff: float | None = None,
                     salary: float | None = None, fte: float | None = None, years: float | None = None,
                     staff_cost: float | None = None, staff_overhead: float | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """Full development cost: final run × experiments multiplier + staff × salary × FTE × years × overhead.

    Args:
        final_run_cost: cost of the final training run in USD.
        multiplier: compute spent on experiments relative to the final run; default 2.2 (range 1.2-4).
        staff: number of contributors (0 leaves staff out).
        salary: annual compensation per person in USD; default Epoch AI's range.
        fte: share of full time each contributor spends (default 1.0).
        years: project duration in years (default 1).
        staff_cost: the people's whole cost in USD, instead of staff × salary.
        staff_overhead: benefits and overhead as a multiple of pay; default Epoch AI's with its salaries, none
            with a salary the user gives.
    """
    inp = Inputs(kb)
    inp.user("final_run_cost", final_run_cost, "budget")
    inp.user_or_default("multiplier", multiplier, "experiments-multiplier")
    if staff_cost is not None:
        inp.user("staff_cost", staff_cost)
        formula = DEVELOPMENT_STAFF_COST  # the sum the user knows stands for headcount × pay
    else:
        formula = DEVELOPMENT
        # Inputs the user did not give are recorded as definitions, never as "user": the answer must not say
        # "you gave" for a number nobody typed.
        if staff:
            inp.user("staff", staff)
            inp.user_or_default("salary", salary, "engineer-salary")
            if staff_overhead is not None:
                inp.user("staff_overhead", staff_overhead)
            elif salary is None:  # Epoch AI's salaries come with its overhead on them
                inp.default("staff_overhead", "staff-overhead", "multiplier")
            else:
                inp.fixed("staff_overhead", 1.0, "ratio", "staff overhead", "definition")
                _pay_as_given(inp)
        else:
            inp.fixed("staff", 0.0, "person", "contributors", "definition")
            inp.fixed("salary", 0.0, "USD/year", "compensation per person", "definition")
            inp.fixed("staff_overhead", 1.0, "ratio", "staff overhead", "definition")
            inp.assume("Staff cost left out (no contributor count given).", "未计入人力成本(未提供人数)。")
        for name, given in (("fte", fte), ("years", years)):
            if given is None:
                inp.fixed(name, 1.0, Q[name].unit, Q[name].en, "definition")
            else:
                inp.user(name, given)
    ev = formula.solve("cost", inp.values)
    v = inp.values
    compute = v["final_run_cost"].value * v["multiplier"].value
    components = {"compute": compute, "staff": ev.value - compute}
    inp.assume("Full development: experiments and ablations before the final run, plus the people.",
               "完整研发口径:包括最终训练之前的实验与消融,以及人力。")
    return CalcResult("development_cost", Text("full development cost", "完整研发成本"), ev.value, "USD",
                      formula.text, formula.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high, components)


def staff_cost(staff: float, salary: float, years: float | None = None, days: float | None = None,
               staff_overhead: float | None = None, markup: float | None = None, fte: float | None = None,
               kb: KnowledgeBase | None = None) -> CalcResult:
    """Staff cost of a project: people × annual pay per person × years worked (× an overhead multiplier, or
    plus a share on top, when the user names one).

    Args:
        staff: number of people working on it.
        salary: annual pay per person in USD, as loaded as the user means it.
        years: how long they work on it, in years.
        days: how long they work on it, in days, when given as a duration ("a 9-month project").
        staff_overhead: benefits and overhead as a multiple of pay (e.g. 1.3).
        markup: benefits and overhead as a share on top of pay (e.g. 0.3 for 30%), instead of staff_overhead.
        fte: the share of their working time each person gives the project (e.g. 0.4), when not all of it.
    """
    inp = Inputs(kb)
    inp.user("staff", staff)
    inp.user("salary", salary)
    _work_years(inp, years, days)
    formula = STAFF_TOTAL
    if fte is not None:
        inp.user("fte", fte)
        formula = STAFF_PART
    if staff_overhead is not None:
        inp.user("staff_overhead", staff_overhead)
        formula = STAFF_PART_WITH_OVERHEAD if fte is not None else STAFF_WITH_OVERHEAD
    elif markup is None:
        _pay_as_given(inp)
    ev = formula.solve("cost", inp.values)
    steps, value, formula = _marked_up(inp, ev, formula, markup)
    return CalcResult("staff_cost", Text("staff cost", "人员成本"), value.value, "USD", formula.text,
                      formula.latex, dict(inp.recorded), steps, list(inp.assumptions), value.low, value.high)


def staff_effort(staff: float, years: float | None = None, days: float | None = None, fte: float | None = None,
                 kb: KnowledgeBase | None = None) -> CalcResult:
    """A team's work in person-years: people × the share of their time they give it × years.

    Args:
        staff: number of people working on it.
        years: how long they work on it, in years.
        days: how long they work on it, in days, when given as a duration ("for 9 months").
        fte: the share of their working time each person gives the project (e.g. 0.4); default all of it.
    """
    inp = Inputs(kb)
    inp.user("staff", staff)
    _work_years(inp, years, days)
    if fte is None:  # not given: full time, and the answer must not say the user said so
        inp.fixed("fte", 1.0, "ratio", "full-time share", "definition")
    else:
        inp.user("fte", fte)
    ev = STAFF_EFFORT.solve("person_years", inp.values)
    return CalcResult("staff_effort", Text("person-years of work", "人年工作量"), ev.value, "person-year",
                      STAFF_EFFORT.text, STAFF_EFFORT.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def _work_years(inp: Inputs, years: float | None, days: float | None) -> None:
    """How long people work on it, in years: as given, or from a duration in days."""
    if years is not None:
        inp.user("years", years)
        return
    if days is None:
        raise MissingInputError("years", "how long the people work on it", "人员投入的时长")
    inp.user("days", days)
    years = Q["years"].check(days / DAYS_PER_YEAR)
    inp.assume(f"{fmt(days)} days is {fmt(years)} years ({fmt(DAYS_PER_YEAR)} days a year).",
               f"{fmt(days)}天折合{fmt(years)}年(每年{fmt(DAYS_PER_YEAR)}天)。")
    inp.values["years"] = Value(years)


def _pay_as_given(inp: Inputs) -> None:
    inp.assume("The pay as given: no benefits or overhead on top unless it is in the figure.",
               "按所给薪酬计算:未另加福利或管理费用,除非已含在该数字中。")


def _marked_up(inp: Inputs, ev: Evaluation, formula: Formula, markup: float | None
               ) -> tuple[list[str], Evaluation, Formula]:
    """``ev`` plus the share the user adds on top ("再加20%", "plus 30% overhead"), as a second step."""
    if markup is None:
        return [ev.step], ev, formula
    inp.user("markup", markup)
    inp.values["base_cost"] = Value(ev.value, ev.low, ev.high)
    total = MARKED_UP.solve("cost", inp.values)
    return [ev.step, total.step], total, MARKED_UP


def labelling_cost(label_items: float, label_price: float, markup: float | None = None,
                   kb: KnowledgeBase | None = None) -> CalcResult:
    """Cost of labelling data: items × price per labelled item (plus a share on top for review and rework, when
    the user adds one).

    Args:
        label_items: number of items (examples, annotations) to label.
        label_price: price per labelled item in USD.
        markup: share added on top (e.g. 0.2 for 20% quality checks and rework).
    """
    inp = Inputs(kb)
    inp.user("label_items", label_items)
    inp.user("label_price", label_price)
    ev = LABELLING.solve("cost", inp.values)
    steps, value, formula = _marked_up(inp, ev, LABELLING, markup)
    return CalcResult("labelling_cost", Text("data labelling cost", "数据标注费用"), value.value, "USD", formula.text,
                      formula.latex, dict(inp.recorded), steps, list(inp.assumptions), value.low, value.high)


TOKEN_PRICE = Var("price_per_mtok", "USD", "price per million tokens")
DATA_COST = Formula("data_cost", Var("data_cost", "USD", "cost of the data"),
                    TRAINED.symbol * TOKEN_PRICE.symbol / 10**6, [TRAINED, TOKEN_PRICE],
                    "{tokens} · {price_per_mtok} ÷ 1,000,000")


def data_cost(tokens: float, price_per_mtok: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """What data sold or licensed by the token costs: tokens × price per million tokens ÷ 10^6.

    Args:
        tokens: tokens bought or licensed (e.g. 5e11).
        price_per_mtok: price in USD per million tokens (e.g. 1.5).
    """
    return from_user("data_cost", Text("cost of the data", "数据费用"), DATA_COST, "data_cost", "USD", kb,
                     tokens=tokens, price_per_mtok=price_per_mtok)


ITEMS_BOUGHT = Formula("affordable_items", LABEL_ITEMS, BUDGET.symbol / LABEL_PRICE.symbol, [BUDGET, LABEL_PRICE],
                       "{budget} ÷ {label_price}")


def affordable_items(budget: float, label_price: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """How many items a labelling budget pays for: budget ÷ price per item, rounded down to whole items.

    Args:
        budget: money to spend on labelling in USD (e.g. 50000).
        label_price: price per labelled item in USD.
    """
    inp = Inputs(kb)
    inp.user("budget", budget)
    inp.user("label_price", label_price)
    ev = ITEMS_BOUGHT.solve("label_items", inp.values)
    if not math.isfinite(ev.value):
        raise non_finite(ev.value)
    def whole(x: float) -> float:  # a part of an item is not labelled
        return float(math.floor(x + 1e-9))

    # ("at the $2-5 a piece the article quotes": as many items as the range of prices pays for)
    ends = (whole(ev.low), whole(ev.high)) if ev.low is not None and ev.high is not None else (None, None)
    return CalcResult("label_items", Text("items the budget labels", "预算可标注的数据条数"), whole(ev.value), "item",
                      ITEMS_BOUGHT.text, ITEMS_BOUGHT.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      *ends)


def _floored(ev: Evaluation, whole: float, noun: str) -> str:
    """The step of a count rounded down, its fraction kept to two places ("462.96 person → 462 whole people"), so
    the rounding is not hidden by the step's own four significant figures ("463.0 → 462")."""
    worked, _, result = ev.step.rpartition(" = ")
    return f"{worked} = {ev.value:,.2f} {result.split(' ', 1)[1]} → {whole:,.0f} whole {noun}"


def _divided(formula: Formula, unknown: str, inp: Inputs) -> Evaluation:
    """``formula`` solved for ``unknown``, a quotient: a zero pay, head count or span divides by nothing."""
    try:
        ev = formula.solve(unknown, inp.values)
    except (ZeroDivisionError, OverflowError):
        raise non_finite(math.inf) from None
    if not math.isfinite(ev.value):
        raise non_finite(ev.value)
    return ev


STAFF_PAID = Formula("affordable_staff", STAFF, BUDGET.symbol / (SALARY.symbol * YEARS.symbol), [BUDGET, SALARY, YEARS],
                     "{budget} ÷ ({salary} × {years})")


def affordable_staff(budget: float, salary: float, years: float | None = None, days: float | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """How many people a sum pays for: budget ÷ (annual pay per person × years), rounded down to whole people.

    Args:
        budget: money to spend on pay in USD (e.g. 1.4e8).
        salary: annual pay per person in USD.
        years: how long they are paid for, in years; one year when not said.
        days: how long they are paid for, in days, when given as a duration ("for 18 months").
    """
    inp = Inputs(kb)
    inp.user("budget", budget)
    inp.user("salary", salary)
    if years is None and days is None:  # "would pay how many engineers?": a year's pay each, as a salary is
        inp.fixed("years", 1.0, "year", "project duration", "definition")
        inp.assume("Each person is paid for one year.", "按每人发一年薪酬计算。")
    else:
        _work_years(inp, years, days)
    _pay_as_given(inp)
    ev = _divided(STAFF_PAID, "staff", inp)
    whole = float(math.floor(ev.value + 1e-9))  # a part of a person is not hired
    return CalcResult("staff", Text("people the sum pays", "这笔钱能支付的人数"), whole, "person",
                      STAFF_PAID.text, STAFF_PAID.latex, dict(inp.recorded), [_floored(ev, whole, "people")],
                      list(inp.assumptions))


PAID_YEARS = Var("paid_years", "year", "years of pay")
YEARS_PAID = Formula("affordable_years", PAID_YEARS, BUDGET.symbol / (SALARY.symbol * STAFF.symbol),
                     [BUDGET, SALARY, STAFF], "{budget} ÷ ({salary} × {staff})")


def affordable_years(budget: float, salary: float, staff: float | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """How many years of pay a sum covers: budget ÷ (annual pay per person × people), one person unless said.

    Args:
        budget: the sum in USD (e.g. 6e7).
        salary: annual pay per person in USD.
        staff: how many people are paid; one when not said.
    """
    inp = Inputs(kb)
    inp.user("budget", budget)
    inp.user("salary", salary)
    if staff is None:  # "how many years of her pay": one person's
        inp.fixed("staff", 1.0, "person", "contributors", "definition")
    else:
        inp.user("staff", staff)
    _pay_as_given(inp)
    ev = _divided(YEARS_PAID, "paid_years", inp)
    return CalcResult("paid_years", Text("years of pay the sum covers", "这笔钱够支付的年数"), ev.value, "year",
                      YEARS_PAID.text, YEARS_PAID.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def gpu_hour_price(node_rate: float, node_gpus: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Rental price per accelerator-hour of a node rented whole: the node's hourly price ÷ its accelerators.

    Args:
        node_rate: price of the whole node per hour in USD (e.g. 23.92 for an 8x H100 node).
        node_gpus: accelerators in the node (e.g. 8).
    """
    inp = Inputs(kb)
    inp.user("node_rate", node_rate)
    inp.user("node_gpus", node_gpus)
    ev = GPU_HOUR_PRICE.solve("price_per_gpu_hour", inp.values)
    return CalcResult("gpu_hour_price", Text("rental price per GPU-hour", "每卡时租金"), ev.value, "USD/GPU-hour",
                      GPU_HOUR_PRICE.text, GPU_HOUR_PRICE.latex, dict(inp.recorded), [ev.step],
                      list(inp.assumptions), ev.low, ev.high)


def daily_cost(rental_cost: float | None = None, days: float | None = None, gpus: float | None = None,
               price_per_gpu_hour: float | None = None, gpu: str | None = None,
               kb: KnowledgeBase | None = None) -> CalcResult:
    """Rental bill per day: a run's cost ÷ its wall-clock days, or a cluster's rent for one day.

    Args:
        rental_cost: the run's cloud rental cost in USD (with days).
        days: wall-clock days the run takes.
        gpus: number of accelerators rented, for a day of the cluster's rent instead.
        price_per_gpu_hour: rental price in USD per accelerator-hour (with gpus); default: the latest on file.
        gpu: accelerator name or alias (with gpus).
    """
    if rental_cost is None or days is None:
        if gpus is None:
            raise MissingInputError("rental_cost", "the rental cost and the days, or the number of GPUs rented",
                                    "租用成本和天数,或租用的加速卡数量")
        day = _one_day(gpus, price_per_gpu_hour, gpu, kb)
        return replace(day, tool="daily_cost", label=Text("rental cost per day", "每天的租金"))
    inp = Inputs(kb)
    inp.user("rental_cost", rental_cost)
    inp.user("days", days)
    ev = DAILY.solve("daily_cost", inp.values)
    return CalcResult("daily_cost", Text("rental cost per day", "每天的租金"), ev.value, "USD", DAILY.text,
                      DAILY.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


def _one_day(gpus: float, price_per_gpu_hour: float | None, gpu: str | None, kb: KnowledgeBase | None) -> CalcResult:
    """"Daily cost of renting 1.5k H100s": the cluster's rent over 24 hours."""
    day = rental_cost(gpus=gpus, days=1, price_per_gpu_hour=price_per_gpu_hour, gpu=gpu, kb=kb)
    # the one day is what "per day" means, not a duration the user gave
    return replace(day, inputs={**day.inputs, "days": replace(day.inputs["days"], origin="definition")})
