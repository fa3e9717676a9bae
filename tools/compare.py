"""The same training run on several accelerators: GPU-hours, days on a given cluster, and rental cost."""

from __future__ import annotations

from collections.abc import Callable

from knowledge.loader import KnowledgeBase
from tools.compute import DAYS, gpu_hours, training_days
from tools.cost import rental_cost
from tools.errors import InputError, MissingInputError
from tools.formula import Formula, Var, fmt
from tools.hardware import peak, resolve
from tools.inputs import Inputs
from tools.quantities import text
from tools.result import CalcResult, Input, Text
from tools.variables import GPU_HOURS

GPUS = Var("gpus", "GPU", "accelerators counted")
PEAK = Var("peak_flops", "FLOP/s", "peak FLOP/s of the accelerator counted")
OTHER_PEAK = Var("other_peak_flops", "FLOP/s", "peak FLOP/s of the other accelerator")
PRICES = 'one USD price per GPU-hour per accelerator, e.g. "1.8,2.8"'
SIZES = 'one accelerator count per accelerator, e.g. "512,1536"'
MFUS = 'one MFU per accelerator, e.g. "0.5,0.4"'
PEAKS = 'one dense peak in FLOP/s per accelerator, e.g. "3.12e14,9.89e14"'


def compare_hardware(gpus: str, params: float | None = None, tokens: float | None = None,
                     flop: float | None = None, active_params: float | None = None, mfu: float | None = None,
                     cluster_size: float | None = None, goodput: float | None = None, prices: str | None = None,
                     cluster_sizes: str | None = None, mfus: str | None = None, peaks: str | None = None,
                     kb: KnowledgeBase | None = None) -> CalcResult:
    """Compare accelerators for one run: GPU-hours, rental cost at each one's latest price, days on a cluster.

    Args:
        gpus: comma-separated accelerator names, e.g. "A100,H100,H800".
        params: total parameter count.
        tokens: training tokens.
        flop: training compute in FLOP, instead of params and tokens.
        active_params: active parameters per token for mixture-of-experts models.
        mfu: model FLOPs utilisation as a fraction; default 0.375 (range 0.30-0.50).
        cluster_size: number of accelerators, to also give wall-clock days.
        goodput: share of wall-clock time spent training (default 1.0).
        prices: comma-separated rental prices in USD per GPU-hour, one per accelerator in the same order
            (e.g. "1.8,2.8"); default: each one's latest price on file.
        cluster_sizes: comma-separated accelerator counts, one per accelerator in the same order (e.g.
            "512,1536"), when each option is a cluster of its own size; instead of cluster_size.
        mfus: comma-separated MFUs, one per accelerator in the same order (e.g. "0.5,0.4"); instead of mfu.
        peaks: comma-separated dense peaks in FLOP/s, one per accelerator in the same order (e.g. "3.12e14,9.89e14"),
            when the user states them; default: each one's datasheet peak.
    """
    names = [n.strip() for n in text("gpus", gpus, 'e.g. "A100,H100"').split(",") if n.strip()]
    if len(names) < 2:
        raise InputError("gpus", "Name at least two accelerators to compare.", "请至少提供两种加速卡进行比较。",
                         accepted='e.g. "A100,H100"')
    quoted = _prices(prices, len(names))
    utilisations = _mfus(mfus, len(names)) or [mfu] * len(names)
    stated = _peaks(peaks, len(names)) or [None] * len(names)
    sizes = _sizes(cluster_sizes, len(names)) or ([cluster_size] * len(names) if cluster_size is not None else [])
    rows: dict[str, float] = {}
    steps: list[str] = []
    first: CalcResult | None = None
    assumptions: list[Text] = []
    priced: dict[str, Input] = {}
    peaked: dict[str, Input] = {}  # each accelerator's datasheet peak, cited where it is read
    for i, name in enumerate(names):
        hours = gpu_hours(flop=flop, params=params, tokens=tokens, gpu=name, mfu=utilisations[i],
                          active_params=active_params, goodput=goodput, peak_flops=stated[i], kb=kb)
        first = first or hours
        label = resolve(name, kb).name
        peaked["peak_flops" + (f"@{resolve(name, kb).aliases[0]}" if i else "")] = hours.inputs["peak_flops"]
        rows[f"{label} GPU-hours"] = hours.value
        line = f"{label}: {fmt(hours.value)} GPU-hour"
        try:
            cost = rental_cost(gpu_hours=hours.value, gpu=name, price_per_gpu_hour=quoted[i] if quoted else None, kb=kb)
            rows[f"{label} rental USD"] = cost.value
            price = cost.inputs["price_per_gpu_hour"]
            if quoted:  # the user's price for each accelerator, each an input of its own
                priced["price_per_gpu_hour" + (f"@{resolve(name, kb).aliases[0]}" if i else "")] = price
            line += f" × {fmt(price.value)} USD/GPU-hour [{price.origin}] = {fmt(cost.value)} USD"
            assumptions.extend(a for a in cost.assumptions if "rental price" in a.en)
        except MissingInputError:
            line += " (no rental price on file)"
        if sizes:
            days = training_days(gpus=sizes[i], flop=flop, params=params, tokens=tokens, gpu=name, mfu=utilisations[i],
                                 active_params=active_params, goodput=goodput, peak_flops=stated[i], kb=kb)
            rows[f"{label} days"] = days.value
            line += f"; {fmt(days.value)} days on {fmt(sizes[i])} GPUs"
        steps.append(line)
    assert first is not None
    inputs = {**{k: v for k, v in first.inputs.items() if k != "peak_flops"}, **priced,
              **({} if peaks else peaked)}
    if mfus:  # each accelerator's own MFU, an input of its own
        own = Inputs(kb)
        for i, value in enumerate(utilisations):
            own.user("mfu" + (f"@{resolve(names[i], kb).aliases[0]}" if i else ""), value, quantity="mfu")
        inputs.update(own.recorded)
    if peaks:  # each accelerator's peak as the user stated it
        own = Inputs(kb)
        for i, value in enumerate(stated):
            own.user("peak_flops" + (f"@{resolve(names[i], kb).aliases[0]}" if i else ""), value, quantity="peak_flops")
        inputs.update(own.recorded)
    if sizes:  # the cluster each accelerator's days are counted on
        cluster = Inputs(kb)
        for i, size in enumerate(sizes if cluster_sizes else sizes[:1]):
            cluster.user("gpus" + (f"@{resolve(names[i], kb).aliases[0]}" if i else ""), size, quantity="gpus")
        inputs.update(cluster.recorded)
    return CalcResult("compare_hardware", Text("hardware comparison", "硬件对比"), first.value, "GPU-hour",
                      first.formula, first.latex, inputs, [*first.steps[:-1], *steps],
                      [*first.assumptions[1:], *assumptions], components=rows)


EQUIVALENT = Formula("equivalent_gpus", Var("equivalent_gpus", "GPU", "accelerators of the other kind"),
                     GPUS.symbol * PEAK.symbol / OTHER_PEAK.symbol, [GPUS, PEAK, OTHER_PEAK],
                     "{gpus} · {peak_flops} ÷ {other_peak_flops}")
# the same work on a chip with another peak, at the same MFU, takes time in inverse proportion to the peaks
EQUIVALENT_HOURS = Formula("equivalent_gpu_hours",
                           Var("equivalent_gpu_hours", "GPU-hour", "GPU-hours on the other accelerator"),
                           GPU_HOURS.symbol * PEAK.symbol / OTHER_PEAK.symbol, [GPU_HOURS, PEAK, OTHER_PEAK],
                           "{gpu_hours} · {peak_flops} ÷ {other_peak_flops}")
EQUIVALENT_DAYS = Formula("equivalent_days", Var("equivalent_days", "day", "days on the other accelerator"),
                          DAYS.symbol * PEAK.symbol / OTHER_PEAK.symbol, [DAYS, PEAK, OTHER_PEAK],
                          "{days} · {peak_flops} ÷ {other_peak_flops}")


def equivalent_gpus(gpus: float, gpu_list: str, peaks: str | None = None,
                    kb: KnowledgeBase | None = None) -> CalcResult:
    """How many of another accelerator match a count of one at equal MFU: count × its dense peak ÷ the other's
    ("how many H20s replace 1,000 H800s?").

    Args:
        gpus: number of the accelerator counted.
        gpu_list: the accelerator counted, then the one that replaces it, comma-separated (e.g. "H800,H20").
        peaks: their dense peaks in FLOP/s in the same order (e.g. "9.89e14,1.48e14"), when the user states them;
            default: each one's datasheet peak.
    """
    return _equivalent(EQUIVALENT, "gpus", gpus, gpu_list, peaks, kb,
                       Text("accelerators of the other kind that match", "等效的另一种加速卡数量"), "GPU")


def equivalent_gpu_hours(gpu_hours: float, gpu_list: str, peaks: str | None = None,
                         kb: KnowledgeBase | None = None) -> CalcResult:
    """GPU-hours the same job takes on another accelerator at equal MFU: GPU-hours × the first one's dense peak ÷
    the other's ("a job of 100k H100-hours is how many H20-hours?").

    Args:
        gpu_hours: GPU-hours the job takes on the first accelerator.
        gpu_list: the accelerator the hours are on, then the other one, comma-separated (e.g. "H100,H20").
        peaks: their dense peaks in FLOP/s in the same order, when the user states them; default: datasheets.
    """
    return _equivalent(EQUIVALENT_HOURS, "gpu_hours", gpu_hours, gpu_list, peaks, kb,
                       Text("GPU-hours on the other accelerator", "换用另一种加速卡的卡时"), "GPU-hour")


def equivalent_days(days: float, gpu_list: str, peaks: str | None = None,
                    kb: KnowledgeBase | None = None) -> CalcResult:
    """Wall-clock days the same job takes on as many cards of another accelerator at equal MFU: days × the first
    one's dense peak ÷ the other's ("1,000 hours on A100s; how long on B200s?").

    Args:
        days: wall-clock days the job takes on the first accelerator.
        gpu_list: the accelerator the time is on, then the other one, comma-separated (e.g. "A100,B200").
        peaks: their dense peaks in FLOP/s in the same order, when the user states them; default: datasheets.
    """
    return _equivalent(EQUIVALENT_DAYS, "days", days, gpu_list, peaks, kb,
                       Text("time on the other accelerator", "换用另一种加速卡的时长"), "day")


def _equivalent(formula: Formula, name: str, value: float, gpu_list: str, peaks: str | None,
                kb: KnowledgeBase | None, label: Text, unit: str) -> CalcResult:
    """An amount on one accelerator scaled by the ratio of the two dense peaks, the MFU taken as equal."""
    names = [n.strip() for n in text("gpu_list", gpu_list, 'e.g. "H800,H20"').split(",") if n.strip()]
    if len(names) != 2:
        raise InputError("gpu_list", "Name the accelerator counted and the one to replace it.",
                         "请给出已知数量的加速卡和用来替代的加速卡。", accepted='e.g. "H800,H20"')
    inp = Inputs(kb)
    inp.user(name, value)
    stated = _peaks(peaks, 2) or [None, None]
    for peak_name, chip, stated_peak in (("peak_flops", names[0], stated[0]),
                                         ("other_peak_flops", names[1], stated[1])):
        if stated_peak is not None:
            inp.user(peak_name, stated_peak, quantity="peak_flops")
        else:
            inp.sourced(peak_name, peak(resolve(chip, inp.kb)), f"peak FLOP/s of {resolve(chip, inp.kb).name}")
    inp.assume("Equal MFU on both: real throughput also depends on memory, interconnect and software.",
               "假设两者MFU相同;实际吞吐还取决于显存、互联和软件。")
    unknown = formula.lhs.name
    ev = formula.solve(unknown, inp.values)
    return CalcResult(unknown, label, ev.value, unit, formula.text, formula.latex, dict(inp.recorded), [ev.step],
                      list(inp.assumptions), ev.low, ev.high)


def _sizes(sizes: str | None, count: int) -> list[float]:
    """"512,1536": one cluster size per accelerator compared, or none."""
    return _each("cluster_sizes", sizes, count, SIZES, lambda v: 1 <= v <= 1e7,
                 f"Give one accelerator count per accelerator ({count}), each 1 to 10 million.",
                 f"请为每种加速卡各给一个卡数(共{count}个),每个在1到1000万之间。")


def _mfus(mfus: str | None, count: int) -> list[float | None]:
    """"0.5,0.4": one MFU per accelerator compared, or none."""
    return list(_each("mfus", mfus, count, MFUS, lambda v: 0 < v <= 1,
                      f"Give one MFU per accelerator ({count}), each above 0 and at most 1.",
                      f"请为每种加速卡各给一个MFU(共{count}个),每个大于0且不超过1。"))


def _peaks(peaks: str | None, count: int) -> list[float | None]:
    """"3.12e14,9.89e14": one dense peak in FLOP/s per accelerator compared, or none."""
    return list(_each("peaks", peaks, count, PEAKS, lambda v: 1e12 <= v <= 1e17,
                      f"Give one peak in FLOP/s per accelerator ({count}), each 1e12 to 1e17.",
                      f"请为每种加速卡各给一个峰值算力(FLOP/s,共{count}个),每个在1e12到1e17之间。"))


def _prices(prices: str | None, count: int) -> list[float]:
    """"1.8,2.8": one rental price per accelerator compared, or none."""
    return _each("prices", prices, count, PRICES, lambda v: 0 < v < 1000,
                 f"Give one rental price per accelerator ({count}), each above 0 and below 1,000.",
                 f"请为每种加速卡各给一个租价(共{count}个),每个大于0、小于1000。")


def _each(name: str, raw: str | None, count: int, accepted: str, fits: Callable[[float], bool], en: str,
          zh: str) -> list[float]:
    """A comma-separated list with one value per accelerator compared, each one that ``fits``; none when not given."""
    if raw is None:
        return []
    try:
        values = [float(v) for v in text(name, raw, accepted).split(",") if v.strip()]
    except ValueError:
        values = []
    if len(values) != count or not all(fits(v) for v in values):
        raise InputError(name, en, zh, accepted=accepted)
    return values
