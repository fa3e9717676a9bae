"""Energy, electricity bills, carbon (location- and market-based) and household-equivalent sanity checks."""

from __future__ import annotations

from knowledge.loader import KnowledgeBase
from knowledge.schema import Accelerator
from tools.compute import hours_input
from tools.convert import FX_DEFAULTS
from tools.errors import InputError
from tools.formula import Formula, Var
from tools.hardware import resolve
from tools.inputs import Inputs
from tools.quantities import text
from tools.result import CalcResult, Text
from tools.variables import GPU_HOURS, GPUS, POWER_FRACTION, PUE, SERVER_POWER

POWER = Var("power_w", "W", "average power per accelerator")
ENERGY = Var("energy_kwh", "kWh", "energy")
# Accelerator view (Meta's and Patterson's convention): device power × hours × PUE.
GPU_ENERGY = Formula("energy_gpu", ENERGY, GPU_HOURS.symbol * POWER.symbol / 1000 * PUE.symbol,
                     [GPU_HOURS, POWER, PUE], "{gpu_hours} · {power_w} ÷ 1000 · {pue}")
# The device at a share of its power ("平均功耗只有TDP的75%"): device power × that share × hours × PUE.
GPU_ENERGY_SHARE = Formula("energy_gpu_share", ENERGY,
                           GPU_HOURS.symbol * POWER.symbol * POWER_FRACTION.symbol / 1000 * PUE.symbol,
                           [GPU_HOURS, POWER, POWER_FRACTION, PUE],
                           "{gpu_hours} · {power_w} · {power_fraction} ÷ 1000 · {pue}")
# Facility view (Epoch AI): whole-server power per chip at its average draw, × PUE.
FACILITY_ENERGY = Formula(
    "energy_facility", ENERGY,
    GPU_HOURS.symbol * POWER.symbol / 1000 * SERVER_POWER.symbol * POWER_FRACTION.symbol * PUE.symbol,
    [GPU_HOURS, POWER, SERVER_POWER, POWER_FRACTION, PUE],
    "{gpu_hours} · {power_w} ÷ 1000 · {server_power_multiplier} · {power_fraction} · {pue}",
)

SITE_POWER = Var("site_power", "W", "power the site draws")
RUN_DAYS = Var("days", "day", "wall-clock days")
# A site's or a whole cluster's own draw ("the hall averages 1.1 MW", "IT 负载 1.8 MW"): power × hours × PUE.
SITE_ENERGY = Formula("energy_site", ENERGY, SITE_POWER.symbol * RUN_DAYS.symbol * 24 / 1000 * PUE.symbol,
                      [SITE_POWER, RUN_DAYS, PUE], "{site_power} · {days} · 24 ÷ 1000 · {pue}")

DRAW = Var("cluster_power", "W", "power the cluster draws")
CLUSTER_DRAW = Formula("cluster_power", DRAW, GPUS.symbol * POWER.symbol * PUE.symbol, [GPUS, POWER, PUE],
                       "{gpus} · {power_w} · {pue}")

# An IT load and the data centre's PUE ("IT 负载 800 kW, PUE 1.3"): what the whole facility takes from the grid.
FACILITY_DRAW = Formula("facility_power", DRAW, SITE_POWER.symbol * PUE.symbol, [SITE_POWER, PUE],
                        "{site_power} · {pue}")

PRICE = Var("electricity_price", "per kWh", "electricity price")
BILL = Var("cost", "currency", "electricity cost")
ELECTRICITY = Formula("electricity_cost", BILL, ENERGY.symbol * PRICE.symbol, [ENERGY, PRICE],
                      "{energy_kwh} · {electricity_price}")

INTENSITY = Var("grid_intensity", "kgCO2e/kWh", "grid carbon intensity")
SHARE = Var("renewable_share", "ratio", "share matched by renewable purchases")
CO2 = Var("emissions", "tCO2e", "emissions")
LOCATION = Formula("carbon_location", CO2, ENERGY.symbol * INTENSITY.symbol / 1000, [ENERGY, INTENSITY],
                   "{energy_kwh} · {grid_intensity} ÷ 1000")
MARKET = Formula("carbon_market", CO2, ENERGY.symbol * INTENSITY.symbol * (1 - SHARE.symbol) / 1000,
                 [ENERGY, INTENSITY, SHARE], "{energy_kwh} · {grid_intensity} · (1 − {renewable_share}) ÷ 1000")

HOUSEHOLD = Var("household_kwh", "kWh/year", "household electricity per year")
HOUSEHOLDS = Var("households", "household-year", "household-years")
HOUSEHOLD_YEARS = Formula("household_years", HOUSEHOLDS, ENERGY.symbol / HOUSEHOLD.symbol, [ENERGY, HOUSEHOLD],
                          "{energy_kwh} ÷ {household_kwh}")

REGIONS = {  # region code → (grid intensity default, electricity price default)
    "world": ("grid-intensity-world", "electricity-price-us"),
    "us": ("grid-intensity-us", "electricity-price-us"),
    "cn": ("grid-intensity-cn", "electricity-price-cn"),
    "fr": ("grid-intensity-fr", None),
}
REGION_ALIASES = {"china": "cn", "中国": "cn", "中國": "cn", "prc": "cn", "usa": "us", "america": "us",
                  "美国": "us", "美國": "us", "united states": "us", "france": "fr", "法国": "fr", "global": "world",
                  "全球": "world"}


def region_code(region: str) -> str:
    text("region", region, "one of: " + ", ".join(REGIONS))
    key = REGION_ALIASES.get(region.strip().casefold(), region.strip().casefold())
    if key not in REGIONS:
        raise InputError("region", f"Unknown region {region!r}.", f"未知地区「{region}」。",
                         accepted=", ".join(REGIONS))
    return key


def energy(gpu_hours: float | None = None, gpu: str | None = None, power_w: float | None = None,
           pue: float | None = None, method: str = "gpu", gpus: float | None = None, days: float | None = None,
           flop: float | None = None, params: float | None = None, tokens: float | None = None,
           active_params: float | None = None, mfu: float | None = None, power_fraction: float | None = None,
           kb: KnowledgeBase | None = None) -> CalcResult:
    """Electricity a training run uses, in kWh.

    Args:
        gpu_hours: accelerator-hours; or give gpus and days, or params and tokens (with gpu).
        gpu: accelerator name or alias (its TDP is used unless power_w is given).
        power_w: average power per accelerator in watts.
        pue: power usage effectiveness of the data centre; default 1.1 (range 1.1-1.25).
        method: "gpu" (device power × hours × PUE) or "facility" (whole server at average draw × PUE, Epoch AI).
        gpus: number of accelerators (with days).
        days: wall-clock days (with gpus).
        flop: training compute in FLOP.
        params: total parameter count.
        tokens: training tokens.
        active_params: active parameters per token for mixture-of-experts models.
        mfu: model FLOPs utilisation as a fraction.
        power_fraction: average draw as a share of the power above (e.g. 0.75 for 75% of TDP); device view only.
    """
    if method not in ("gpu", "facility"):
        raise InputError("method", f"Unknown energy method {method!r}.", f"未知的能耗算法「{method}」。",
                         accepted="gpu or facility")
    inp = Inputs(kb)
    steps = hours_input(inp, gpu_hours, gpus=gpus, days=days, flop=flop, params=params, tokens=tokens,
                        active_params=active_params, gpu=gpu, mfu=mfu)
    acc = resolve(gpu, inp.kb) if gpu is not None else None
    _power_inputs(inp, acc, power_w, pue, at_full=power_fraction is None)
    formula = GPU_ENERGY
    if power_fraction is not None and method == "gpu":
        inp.user("power_fraction", power_fraction)
        formula = GPU_ENERGY_SHARE
    if method == "facility":
        if acc is not None and acc.server_power_multiplier is not None:
            inp.sourced("server_power_multiplier", acc.server_power_multiplier, "server power per chip over TDP")
        else:
            inp.default("server_power_multiplier", "server-power-multiplier")
        inp.default("power_fraction", "gpu-power-fraction")
        formula = FACILITY_ENERGY
    ev = formula.solve("energy_kwh", inp.values)
    return CalcResult("energy", Text("training energy", "训练能耗"), ev.value, "kWh", formula.text, formula.latex,
                      dict(inp.recorded), [*steps, ev.step], list(inp.assumptions), ev.low, ev.high)


def _power_inputs(inp: Inputs, acc: Accelerator | None, power_w: float | None, pue: float | None,
                  at_full: bool = True) -> None:
    """Each accelerator's power (given, else its TDP, drawn in full unless a share of it is given) and the data
    centre's PUE."""
    if power_w is not None:
        inp.user("power_w", power_w)
    elif acc is not None and acc.tdp is not None:
        inp.sourced("power_w", acc.tdp, f"{acc.name} TDP")
        if at_full:
            inp.assume(f"Each {acc.name} draws its full TDP of {acc.tdp.central:g} W.",
                       f"每张{acc.name}按满额TDP {acc.tdp.central:g} W 计。")
    else:
        raise InputError("power_w", "Give the accelerator model or its power in watts.",
                         "请提供加速卡型号或其功率(瓦)。", accepted="gpu=H100 or power_w=700")
    inp.user_or_default("pue", pue, "pue")


def site_energy(site_power: float, days: float, pue: float | None = None,
                kb: KnowledgeBase | None = None) -> CalcResult:
    """Electricity a site or a whole cluster uses at the power it draws: power × hours (× PUE for an IT load).

    Args:
        site_power: the power drawn, in watts (e.g. 1.1e6 for 1.1 MW).
        days: wall-clock days it runs.
        pue: power usage effectiveness, when the power is the IT load alone; none (1.0) otherwise.
    """
    inp = Inputs(kb)
    inp.user("site_power", site_power)
    inp.user("days", days)
    if pue is None:
        inp.fixed("pue", 1.0, "ratio", "PUE", "definition")
        inp.assume("The power given is the whole draw, cooling included (give a PUE if it is the IT load alone).",
                   "所给功率视为总用电(含制冷);如果只是IT负载,请给出PUE。")
    else:
        inp.user("pue", pue)
    ev = SITE_ENERGY.solve("energy_kwh", inp.values)
    return CalcResult("energy", Text("training energy", "训练能耗"), ev.value, "kWh", SITE_ENERGY.text,
                      SITE_ENERGY.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


AVERAGE_POWER = Var("average_power", "W", "average power draw")
AVERAGE_DRAW = Formula("average_power", AVERAGE_POWER, ENERGY.symbol * 1000 / (RUN_DAYS.symbol * 24),
                       [ENERGY, RUN_DAYS], "{energy_kwh} · 1000 ÷ ({days} · 24)")


def average_power(energy_kwh: float, days: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """The steady power that uses a run's energy over its wall-clock time: energy ÷ hours.

    Args:
        energy_kwh: energy used, in kWh (e.g. 1.287e6).
        days: wall-clock days it is spread over.
    """
    inp = Inputs(kb)
    inp.user("energy_kwh", energy_kwh)
    inp.user("days", days)
    inp.assume("The energy is spread evenly over the whole time, round the clock.",
               "按能耗在整段时间内全天均匀分布计算。")
    ev = AVERAGE_DRAW.solve("average_power", inp.values)
    return CalcResult("average_power", Text("average power draw", "平均功率"), ev.value, "W", AVERAGE_DRAW.text,
                      AVERAGE_DRAW.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


def cluster_power(gpus: float, gpu: str | None = None, power_w: float | None = None, pue: float | None = None,
                  kb: KnowledgeBase | None = None) -> CalcResult:
    """Power a cluster draws from the grid at full load: accelerators × power each × PUE.

    Args:
        gpus: number of accelerators.
        gpu: accelerator name or alias (its TDP is used unless power_w is given).
        power_w: power per accelerator in watts.
        pue: power usage effectiveness of the data centre; default 1.1 (range 1.1-1.25).
    """
    inp = Inputs(kb)
    inp.user("gpus", gpus)
    _power_inputs(inp, resolve(gpu, inp.kb) if gpu is not None else None, power_w, pue)
    ev = CLUSTER_DRAW.solve("cluster_power", inp.values)
    # "1000 A100s at full load": many mean the cards alone, so the answer shows both
    it_load = ev.value / inp.values["pue"].value
    return CalcResult("cluster_power", Text("power the cluster draws", "集群功耗"), ev.value, "W", CLUSTER_DRAW.text,
                      CLUSTER_DRAW.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high,
                      {"it_load": it_load, "facility": ev.value - it_load})


def facility_power(site_power: float, pue: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """Power a facility draws from the grid for an IT load: IT load × PUE.

    Args:
        site_power: the IT load, in watts (e.g. 8e5 for 800 kW).
        pue: power usage effectiveness of the data centre.
    """
    inp = Inputs(kb)
    inp.user("site_power", site_power)
    inp.user("pue", pue)
    ev = FACILITY_DRAW.solve("cluster_power", inp.values)
    return CalcResult("cluster_power", Text("power the facility draws", "机房总功耗"), ev.value, "W",
                      FACILITY_DRAW.text, FACILITY_DRAW.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high, {"it_load": site_power, "facility": ev.value - site_power})


def electricity_cost(energy_kwh: float, electricity_price: float | None = None, currency: str = "USD",
                     region: str = "us", kb: KnowledgeBase | None = None) -> CalcResult:
    """Electricity bill: energy × price per kWh, in the price's currency.

    Args:
        energy_kwh: energy in kWh.
        electricity_price: price per kWh in `currency`; default the region's price on file.
        currency: USD or CNY (the currency of electricity_price).
        region: us or cn, for the default price.
    """
    inp = Inputs(kb)
    inp.user("energy_kwh", energy_kwh)
    accepted = ", ".join(("USD", *FX_DEFAULTS))
    currency = text("currency", currency, accepted).upper()
    if currency not in ("USD", *FX_DEFAULTS):
        raise InputError("currency", f"Unknown currency {currency!r}.", f"未知货币「{currency}」。",
                         accepted=accepted)
    if electricity_price is not None:
        inp.user("electricity_price", electricity_price, unit=f"{currency}/kWh")
    else:
        default_id = REGIONS[region_code(region)][1]
        if default_id is None:
            raise InputError("electricity_price", f"No electricity price on file for {region}.",
                             f"知识库中没有{region}的电价。", accepted="electricity_price=0.08")
        inp.default("electricity_price", default_id)
        currency = inp.kb.default(default_id).figure.unit.split("/")[0]
    ev = ELECTRICITY.solve("cost", inp.values)
    return CalcResult("electricity_cost", Text("electricity cost", "电费"), ev.value, currency, ELECTRICITY.text,
                      ELECTRICITY.latex, dict(inp.recorded), [ev.step.replace("currency", currency)],
                      list(inp.assumptions), ev.low, ev.high)


def carbon(energy_kwh: float, grid_intensity: float | None = None, region: str = "world",
           renewable_share: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Emissions in tCO2e: location-based (energy × grid intensity) and market-based (after renewable matching).

    Args:
        energy_kwh: energy in kWh.
        grid_intensity: kgCO2e per kWh; default the region's average on file.
        region: world, us, cn or fr, for the default intensity.
        renewable_share: share of the electricity matched by renewable purchases (0-1), for market-based.
    """
    inp = Inputs(kb)
    inp.user("energy_kwh", energy_kwh)
    inp.user_or_default("grid_intensity", grid_intensity, REGIONS[region_code(region)][0])
    if renewable_share is None:  # not given: nothing matched, and the answer must not say the user gave 0%
        inp.fixed("renewable_share", 0.0, "ratio", "share matched by renewable purchases", "definition")
    else:
        inp.user("renewable_share", renewable_share)
    loc = LOCATION.solve("emissions", inp.values)
    mkt = MARKET.solve("emissions", inp.values)
    steps = [loc.step.replace("emissions =", "location_based ="), mkt.step.replace("emissions =", "market_based =")]
    inp.assume("Location-based uses the grid average; market-based subtracts electricity matched by renewable "
               "purchases (Meta reports both).",
               "基于位置的排放按电网平均计算;基于市场的排放扣除可再生能源采购所匹配的电量(Meta 两者都披露)。")
    return CalcResult("carbon", Text("location-based emissions", "基于位置的碳排放"), loc.value, "tCO2e",
                      f"{LOCATION.text} ; {MARKET.text}", LOCATION.latex, dict(inp.recorded), steps,
                      list(inp.assumptions), loc.low, loc.high,
                      {"location_based": loc.value, "market_based": mkt.value})


def implied_intensity(emissions: float, energy_kwh: float, kb: KnowledgeBase | None = None) -> CalcResult:
    """The grid carbon intensity a reported footprint implies: emissions × 1000 ÷ energy, in kgCO2e per kWh.

    Args:
        emissions: the emissions reported, in tCO2e.
        energy_kwh: the electricity they came from, in kWh.
    """
    inp = Inputs(kb)
    inp.user("emissions", emissions)
    inp.user("energy_kwh", energy_kwh)
    ev = LOCATION.solve("grid_intensity", inp.values)
    return CalcResult("grid_intensity", Text("grid carbon intensity", "电网碳排放因子"), ev.value, "kgCO2e/kWh",
                      LOCATION.text, LOCATION.latex, dict(inp.recorded), [ev.step], list(inp.assumptions))


def power_capped_gpus(site_power: float, gpu: str | None = None, power_w: float | None = None,
                      pue: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """Accelerators a power cap feeds at full load: power available ÷ (power per accelerator × PUE), rounded down.

    Args:
        site_power: the power available, in watts (e.g. 1.5e6 for 1.5 MW), cooling included.
        gpu: accelerator name or alias (its TDP is used unless power_w is given).
        power_w: power per accelerator in watts, with its share of the server when the user counts it so.
        pue: power usage effectiveness of the data centre; default 1.1 (range 1.1-1.25).
    """
    inp = Inputs(kb)
    inp.user("cluster_power", site_power, quantity="site_power")
    _power_inputs(inp, resolve(gpu, inp.kb) if gpu is not None else None, power_w, pue)
    ev = CLUSTER_DRAW.solve("gpus", inp.values)
    whole = float(int(ev.value))
    inp.assume("Rounded down: one more accelerator would draw more than the power available.",
               "向下取整:再多一张卡就会超出可用功率。")
    low, high = (float(int(ev.low)), float(int(ev.high))) if ev.low is not None and ev.high is not None else (None,
                                                                                                            None)
    return CalcResult("powered_gpus", Text("accelerators the power feeds", "这些电力能带动的加速卡数"), whole, "GPU",
                      CLUSTER_DRAW.text, CLUSTER_DRAW.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      low, high)


def energy_gpu_hours(energy_kwh: float, gpu: str | None = None, power_w: float | None = None,
                     pue: float | None = None, kb: KnowledgeBase | None = None) -> CalcResult:
    """GPU-hours an amount of electricity runs: energy × 1000 ÷ (power per accelerator × PUE).

    Args:
        energy_kwh: the electricity available, in kWh.
        gpu: accelerator name or alias (its TDP is used unless power_w is given).
        power_w: average power per accelerator in watts.
        pue: power usage effectiveness of the data centre; default 1.1 (range 1.1-1.25).
    """
    inp = Inputs(kb)
    inp.user("energy_kwh", energy_kwh)
    _power_inputs(inp, resolve(gpu, inp.kb) if gpu is not None else None, power_w, pue)
    ev = GPU_ENERGY.solve("gpu_hours", inp.values)
    return CalcResult("gpu_hours", Text("GPU-hours", "GPU卡时"), ev.value, "GPU-hour", GPU_ENERGY.text,
                      GPU_ENERGY.latex, dict(inp.recorded), [ev.step], list(inp.assumptions), ev.low, ev.high)


def affordable_energy(budget: float, electricity_price: float, currency: str = "USD",
                      kb: KnowledgeBase | None = None) -> CalcResult:
    """Electricity a budget buys: budget ÷ price per kWh, both in one currency.

    Args:
        budget: the money for electricity, in `currency`.
        electricity_price: price per kWh, in `currency`.
        currency: USD or another currency on file (the currency of both).
    """
    inp = Inputs(kb)
    currency = text("currency", currency, ", ".join(("USD", *FX_DEFAULTS))).upper()
    inp.user("cost", budget, quantity="budget", unit=currency)
    inp.user("electricity_price", electricity_price, unit=f"{currency}/kWh")
    ev = ELECTRICITY.solve("energy_kwh", inp.values)
    return CalcResult("energy", Text("electricity the budget buys", "这笔预算能买的电量"), ev.value, "kWh",
                      ELECTRICITY.text, ELECTRICITY.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def implied_electricity_price(amount: float, energy_kwh: float, currency: str = "USD",
                              kb: KnowledgeBase | None = None) -> CalcResult:
    """The price per kWh a bill implies: bill ÷ energy, in the bill's currency.

    Args:
        amount: the electricity bill, in `currency`.
        energy_kwh: the electricity it paid for, in kWh.
        currency: USD or another currency on file (the bill's).
    """
    inp = Inputs(kb)
    currency = text("currency", currency, ", ".join(("USD", *FX_DEFAULTS))).upper()
    inp.user("cost", amount, quantity="amount", unit=currency)
    inp.user("energy_kwh", energy_kwh)
    ev = ELECTRICITY.solve("electricity_price", inp.values)
    return CalcResult("electricity_price", Text("electricity price", "电价"), ev.value, f"{currency}/kWh",
                      ELECTRICITY.text, ELECTRICITY.latex, dict(inp.recorded), [ev.step], list(inp.assumptions),
                      ev.low, ev.high)


def household_years(energy_kwh: float, household_kwh: float | None = None,
                    kb: KnowledgeBase | None = None) -> CalcResult:
    """How many years of an average US household's electricity the energy equals.

    Args:
        energy_kwh: energy in kWh.
        household_kwh: household use per year in kWh; default the EIA average on file.
    """
    inp = Inputs(kb)
    inp.user("energy_kwh", energy_kwh)
    inp.user_or_default("household_kwh", household_kwh, "household-electricity-us")
    ev = HOUSEHOLD_YEARS.solve("households", inp.values)
    return CalcResult("household_years", Text("US household-years of electricity", "相当于美国家庭年用电量"),
                      ev.value, "household-year", HOUSEHOLD_YEARS.text, HOUSEHOLD_YEARS.latex, dict(inp.recorded),
                      [ev.step], list(inp.assumptions), ev.low, ev.high)
