"""Every calculator, by name, with its parameters read from its signature and docstring, the quantity it gives
and the sets of inputs it can work from.

The CLI (`cost-assistant calc NAME`), the LangChain tools and the assistant's planner are all generated from this
one table, so a calculator added here is reachable everywhere with the same names, types and help text. Quantity
names are the vocabulary's ids (knowledge/vocabulary.yaml); ``gpu`` stands for a named accelerator and ``gpu_list``
for two or more.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from tools.compare import compare_hardware, equivalent_days, equivalent_gpu_hours, equivalent_gpus
from tools.compute import (
    achieved_mfu,
    cluster_gpu_hours,
    cluster_gpus,
    compute_params,
    compute_tokens,
    dataset_examples,
    dataset_tokens,
    delivered_flop,
    expected_throughput,
    gpu_hours,
    gpus_needed,
    moe_active_params,
    step_batch,
    step_days,
    step_tokens,
    stretched_days,
    stretched_gpu_hours,
    text_size,
    text_tokens,
    throughput_days,
    throughput_gpu_hours,
    throughput_tokens,
    token_steps,
    trainable_tokens,
    training_days,
    training_flop,
    wall_clock_days,
)
from tools.convert import convert
from tools.cost import (
    acquisition_cost,
    affordable_gpus,
    affordable_items,
    affordable_staff,
    affordable_years,
    amortised_cost,
    amortised_rate,
    annual_depreciation,
    breakeven_days,
    cost_per_million_tokens,
    daily_cost,
    daily_depreciation,
    data_cost,
    development_cost,
    gpu_hour_price,
    labelling_cost,
    machines_needed,
    monthly_depreciation,
    paid_rate,
    rental_cost,
    run_depreciation,
    staff_cost,
    staff_effort,
)
from tools.energy import (
    affordable_energy,
    average_power,
    carbon,
    cluster_power,
    electricity_cost,
    energy,
    energy_gpu_hours,
    facility_power,
    household_years,
    implied_electricity_price,
    implied_intensity,
    power_capped_gpus,
    site_energy,
)
from tools.figures import (
    amount_increase,
    amount_left,
    amount_saved,
    earlier_amount,
    figure_annual_growth,
    figure_difference,
    figure_growth,
    figure_midpoint,
    figure_multiple,
    figure_reduction,
    figure_share,
    figure_total,
    period_amount,
    projected_amount,
    unit_share,
)
from tools.memory import gpus_to_hold, memory_per_gpu, model_memory, params_that_fit, total_memory
from tools.result import CalcResult
from tools.scaling import (
    affordable_gpu_hours,
    affordable_price,
    chinchilla_optimal,
    chinchilla_tokens,
    past_optimal,
    tokens_per_param,
)


@dataclass(frozen=True)
class Param:
    name: str
    type: type
    required: bool
    default: object
    help: str


@dataclass(frozen=True)
class Calculator:
    name: str
    func: Callable[..., CalcResult]
    output: str = ""  # the quantity its value is
    needs: tuple[tuple[str, ...], ...] = ()  # alternative sets of inputs, any one of which is enough
    parts: tuple[tuple[str, str], ...] = ()  # (quantity, component name) for quantities among its components
    zh: str = ""  # the summary in Chinese, for faces that describe the calculator to Chinese readers too

    @property
    def summary(self) -> str:
        return inspect.getdoc(self.func).split("\n\n")[0].replace("\n", " ")  # type: ignore[union-attr]

    @property
    def description(self) -> str:
        """The summary in English, then in Chinese: what an agent reads to choose the tool."""
        return f"{self.summary}\n{self.zh}"

    @cached_property
    def params(self) -> list[Param]:
        docs = _arg_docs(inspect.getdoc(self.func) or "")
        hints = typing.get_type_hints(self.func)
        out = []
        for p in inspect.signature(self.func).parameters.values():
            if p.name == "kb":
                continue
            base = _base_type(hints[p.name])
            out.append(Param(p.name, base, p.default is inspect.Parameter.empty,
                             None if p.default is inspect.Parameter.empty else p.default, docs.get(p.name, "")))
        return out

    def __call__(self, **kwargs: object) -> CalcResult:
        return self.func(**kwargs)


def _base_type(hint: object) -> type:
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    chosen = args[0] if args else hint
    return chosen if isinstance(chosen, type) else str


def _arg_docs(doc: str) -> dict[str, str]:
    """Parse the Google-style ``Args:`` block of a docstring into {name: description}."""
    block = doc.split("Args:", 1)[1] if "Args:" in doc else ""
    out: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        m = re.match(r"^\s{4}(\w+): (.*)$", line)
        if m:
            current = m.group(1)
            out[current] = m.group(2).strip()
        elif current and line.strip():
            out[current] += " " + line.strip()
    return out


COMPUTE: tuple[tuple[str, ...], ...] = (("flop",), ("params", "tokens"))  # what sets a run's FLOP
HOURS: tuple[tuple[str, ...], ...] = (("gpu_hours",), ("gpus", "days"), *((*c, "gpu") for c in COMPUTE))


def _with(extra: tuple[str, ...], alternatives: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(dict.fromkeys((*extra, *alt))) for alt in alternatives)


CALCULATORS: dict[str, Calculator] = {
    c.name: c for c in [
        Calculator("training-flop", training_flop, "flop", (("params", "tokens"), ("active_params", "tokens")),
                   zh="训练算力(FLOP):6 × 参数量 × token数,可选加上注意力项。"),
        Calculator("gpu-hours", gpu_hours, "gpu_hours", _with(("gpu",), COMPUTE),
                   zh="训练所需的加速卡卡时:FLOP ÷ (3600 × 稠密峰值算力 × MFU × 有效训练时间占比)。"),
        Calculator("training-days", training_days, "days", _with(("gpus", "gpu"), COMPUTE),
                   zh="在给定数量的加速卡上训练所需的实际天数。"),
        Calculator("gpus-needed", gpus_needed, "gpus", _with(("days", "gpu"), COMPUTE),
                   zh="在期限内完成训练所需的加速卡数量(结果向上取整)。"),
        Calculator("achieved-mfu", achieved_mfu, "mfu",
                   (*((*c, *h, "gpu") for c in COMPUTE for h in (("gpu_hours",), ("gpus", "days"))),
                    ("achieved_flops", "gpu"), ("achieved_flops", "peak_flops"), ("params", "token_throughput", "gpu")),
                   zh="一次训练达到(或需要达到)的算力利用率MFU:FLOP ÷ (卡时 × 3600 × 稠密峰值算力)。"),
        Calculator("trainable-tokens", trainable_tokens, "tokens",
                   (("params", "gpu_hours", "gpu"), ("params", "gpus", "days", "gpu")),
                   zh="给定卡时下某个规模的模型能训练多少token:卡时 × 3600 × 峰值算力 × MFU ÷ (6 × 参数量)。"),
        Calculator("wall-clock-days", wall_clock_days, "days", (("gpu_hours", "gpus"),),
                   zh="已知卡时分摊到集群上的实际天数:卡时 ÷ (24 × 加速卡数)。"),
        Calculator("stretched-days", stretched_days, "days", (("ideal_days", "goodput"),),
                   zh="无中断时的天数在故障、重启占去部分时间后的实际天数:理想天数 ÷ 有效训练时间占比。"),
        Calculator("stretched-gpu-hours", stretched_gpu_hours, "gpu_hours", (("ideal_gpu_hours", "goodput"),),
                   zh="无中断时的卡时在故障、重启占去部分时间后实际要订的卡时:理想卡时 ÷ 有效训练时间占比。"),
        Calculator("cluster-gpus", cluster_gpus, "gpus", (("gpu_hours", "days"),),
                   zh="已知卡时要在期限内跑完所需的加速卡数:卡时 ÷ (24 × 天数),向上取整。"),
        # an MFU the user names is what makes accelerator time a compute budget; without one, hours stay hours
        Calculator("delivered-flop", delivered_flop, "flop",
                   (("gpu_hours", "gpu", "mfu"), ("gpus", "days", "gpu", "mfu"), ("gpu_hours", "achieved_flops"),
                    ("gpus", "days", "achieved_flops")),
                   zh="一段加速卡时间能提供的训练算力:卡时 × 3600 × 峰值算力 × MFU × 有效时间占比(或实测每卡算力)。"),
        Calculator("compute-params", compute_params, "params", (("flop", "tokens"),),
                   zh="算力预算在给定token数下能训练的模型参数量:FLOP ÷ (6 × token数)。"),
        Calculator("compute-tokens", compute_tokens, "tokens", (("flop", "params"),),
                   zh="算力预算能让给定规模的模型训练多少token:FLOP ÷ (6 × 参数量)。"),
        Calculator("expected-throughput", expected_throughput, "token_throughput",
                   (("params", "gpu"), ("active_params", "gpu"), ("params", "peak_flops")),
                   zh="按算力利用率估算单卡每秒处理的token数:稠密峰值算力 × MFU ÷ (6 × 参数量)。"),
        Calculator("throughput-gpu-hours", throughput_gpu_hours, "gpu_hours", (("tokens", "token_throughput"),),
                   zh="按实测吞吐算卡时:token数 ÷ (单卡每秒token数 × 3600)。"),
        Calculator("moe-active-params", moe_active_params, "active_params", (("expert_params", "experts_routed"),),
                   zh="混合专家模型每个token激活的参数量:共享参数 + 路由专家数 × 每个专家的参数量。"),
        Calculator("throughput-tokens", throughput_tokens, "tokens", (("gpu_hours", "token_throughput"),),
                   zh="按实测吞吐算能过多少token:卡时 × 单卡每秒token数 × 3600。"),
        Calculator("throughput-days", throughput_days, "days", (("tokens", "cluster_throughput"),),
                   zh="按整个集群的实测吞吐算实际天数:token数 ÷ (集群每秒token数 × 86400)。"),
        Calculator("dataset-tokens", dataset_tokens, "tokens", (("examples", "item_tokens"),),
                   zh="一组样本训练时读入的token数:样本条数 × 每条token数 × epoch数。"),
        Calculator("token-steps", token_steps, "steps", (("tokens", "batch_size", "seq_tokens"),
                                                          ("tokens", "batch_tokens")),
                   zh="一批token要跑多少步:token数 ÷ (每步序列数 × 每条序列token数),或 token数 ÷ 每步token数。"),
        Calculator("step-batch", step_batch, "batch_tokens", (("tokens", "steps"),),
                   zh="一批token分到每一步:token数 ÷ 步数,即以token计的全局batch。"),
        Calculator("step-days", step_days, "days", (("steps", "step_seconds"),),
                   zh="按实测每步耗时算训练天数:步数 × 每步秒数 ÷ 86400。"),
        Calculator("step-tokens", step_tokens, "tokens", (("steps", "batch_size", "seq_tokens"),
                                                          ("steps", "batch_tokens")),
                   zh="按训练步数算读入的token数:步数 × 每步序列数 × 每条序列token数(或 步数 × 每步token数)。"),
        Calculator("dataset-examples", dataset_examples, "examples", (("tokens", "item_tokens"),),
                   zh="一批token能装多少条样本:token数 ÷ (每条token数 × epoch数)。"),
        Calculator("text-tokens", text_tokens, "tokens", (("text_gb", "bytes_per_token"), ("text_gb",)),
                   zh="一批原始文本有多少token:字节数 ÷ 每个token的字节数。"),
        Calculator("text-size", text_size, "text_gb", (("tokens", "bytes_per_token"), ("tokens",)),
                   zh="一批token对应多少原始文本:token数 × 每个token的字节数,以GB计。"),
        Calculator("cluster-gpu-hours", cluster_gpu_hours, "gpu_hours", (("gpus", "days"),),
                   zh="集群运行若干天的卡时:加速卡数 × 天数 × 24。"),
        Calculator("affordable-gpu-hours", affordable_gpu_hours, "gpu_hours",
                   (("budget", "price_per_gpu_hour"), ("budget", "gpu")),
                   zh="一笔美元预算能租到的卡时:预算 ÷ 每卡时单价。"),
        Calculator("paid-rate", paid_rate, "price_per_gpu_hour", (("paid_bill", "gpu_hours"),),
                   zh="一笔租用账单折合的每卡时价格:账单 ÷ 卡时。"),
        Calculator("affordable-price", affordable_price, "price_per_gpu_hour", (("budget", "gpu_hours"),),
                   zh="一笔预算能为所需卡时承受的最高每卡时租金:预算 ÷ 卡时。"),
        Calculator("gpu-hour-price", gpu_hour_price, "price_per_gpu_hour", (("node_rate", "node_gpus"),),
                   zh="整机按小时租用时的每卡时单价:整机每小时租金 ÷ 机内加速卡数。"),
        Calculator("rental-cost", rental_cost, "rental_cost",
                   (*_with(("price_per_gpu_hour",), HOURS), *_with(("gpu",), HOURS)),
                   zh="云上租用成本:卡时 × 每卡时单价。"),
        Calculator("amortised-rate", amortised_rate, "amortised_rate", (("gpu",),),
                   zh="自有一张加速卡每小时的成本:硬件摊销(含互联)加电费。"),
        Calculator("amortised-cost", amortised_cost, "amortised_cost", _with(("gpu",), HOURS),
                   zh="一次训练的硬件摊销(含电费)成本:卡时 × 每卡时摊销成本。"),
        Calculator("acquisition-cost", acquisition_cost, "acquisition_cost",
                   (("gpus", "gpu"), ("gpus", "purchase_price")),
                   zh="购置集群的前期投入:加速卡数 × 单价 × 服务器系数 ÷ (1 − 互联占比)。"),
        Calculator("affordable-gpus", affordable_gpus, "gpus", (("budget", "purchase_price"), ("budget", "gpu")),
                   zh="一笔预算能买多少张加速卡:预算 ÷ 单卡价格,向下取整。"),
        Calculator("breakeven-days", breakeven_days, "breakeven_days",
                   (("purchase_price", "price_per_gpu_hour"), ("gpu", "price_per_gpu_hour")),
                   zh="买卡与租卡打平所需的全天候使用天数:单卡价格 ÷ ((每卡时租金 − 自有卡每小时运行成本) × 24)。"),
        Calculator("annual-depreciation", annual_depreciation, "annual_depreciation",
                   (("gpus", "purchase_price"), ("gpus", "gpu"), ("amount",)),
                   zh="按直线法每年的折旧额:所付价款 ÷ 折旧年限。"),
        Calculator("machines-needed", machines_needed, "machines", (("gpus", "node_gpus"),),
                   zh="装下这些加速卡所需的机器台数:加速卡数 ÷ 每台卡数,向上取整。"),
        Calculator("run-depreciation", run_depreciation, "run_depreciation",
                   (("gpus", "purchase_price", "days"), ("gpus", "gpu", "days"), ("amount", "days")),
                   zh="一次训练分摊的直线折旧:每年折旧额 × 占用天数 ÷ 365.25。"),
        Calculator("monthly-depreciation", monthly_depreciation, "monthly_depreciation",
                   (("gpus", "purchase_price"), ("gpus", "gpu"), ("amount",)),
                   zh="按直线法每月的折旧额:每年折旧额 ÷ 12。"),
        Calculator("daily-depreciation", daily_depreciation, "daily_depreciation",
                   (("gpus", "purchase_price"), ("gpus", "gpu"), ("amount",)),
                   zh="按直线法每天的折旧额:每年折旧额 ÷ 365.25。"),
        Calculator("cost-per-token", cost_per_million_tokens, "cost_per_mtok",
                   (("amount", "tokens"), ("price_per_gpu_hour", "token_throughput"), ("rental_cost", "tokens")),
                   zh="每百万训练token的成本:总花费 ÷ token数 × 1,000,000。"),
        Calculator("development-cost", development_cost, "development_cost", (("final_run_cost",),),
                   zh="完整研发成本:最终训练成本 × 实验倍数 + 人数 × 年薪 × 投入比例 × 年数 × 管理系数。"),
        Calculator("staff-cost", staff_cost, "staff_cost", (("staff", "salary", "years"), ("staff", "salary", "days")),
                   zh="项目人员成本:人数 × 人均年薪 × 年数。"),
        Calculator("staff-effort", staff_effort, "person_years", (("staff", "years"), ("staff", "days")),
                   zh="团队投入折合多少人年:人数 × 投入时间占比 × 年数。"),
        Calculator("affordable-staff", affordable_staff, "staff",
                   (("budget", "salary", "years"), ("budget", "salary", "days"), ("budget", "salary")),
                   zh="一笔钱能支付多少人的薪酬:预算 ÷ (人均年薪 × 年数),向下取整;未给年数时按一年。"),
        Calculator("affordable-years", affordable_years, "paid_years",
                   (("budget", "salary", "staff"), ("budget", "salary")),
                   zh="一笔钱够支付多少年的薪酬:金额 ÷ (人均年薪 × 人数);未给人数时按一人。"),
        Calculator("labelling-cost", labelling_cost, "labelling_cost", (("label_items", "label_price"),),
                   zh="数据标注费用:标注条数 × 每条价格。"),
        Calculator("data-cost", data_cost, "data_cost", (("tokens", "price_per_mtok"),),
                   zh="按token计价的数据费用(授权、购买):token数 × 每百万token价格 ÷ 1,000,000。"),
        Calculator("affordable-items", affordable_items, "label_items", (("budget", "label_price"),),
                   zh="一笔标注预算能标注的数据条数:预算 ÷ 每条价格,向下取整。"),
        Calculator("params-that-fit", params_that_fit, "fit_params", (("gpus", "gpu"), ("gpus", "gpu_memory")),
                   zh="加速卡显存合起来放得下的最大模型:卡数 × 单卡显存 × 10⁹ ÷ 每参数字节数。"),
        Calculator("total-memory", total_memory, "total_memory", (("gpus", "gpu"), ("gpus", "gpu_memory")),
                   zh="多张加速卡(一台服务器、一个集群)合起来的显存:卡数 × 单卡显存。"),
        Calculator("memory-per-gpu", memory_per_gpu, "memory_per_gpu", (("params", "gpus"), ("model_memory", "gpus")),
                   zh="模型状态在各卡间均匀切分(ZeRO-3、FSDP)时每张卡分到的内存:所需内存 ÷ 卡数。"),
        Calculator("model-memory", model_memory, "model_memory", (("params",),),
                   zh="模型状态(权重、梯度、优化器状态)所需内存:参数量 × 每参数字节数 ÷ 10⁹,单位GB。"),
        Calculator("gpus-to-hold", gpus_to_hold, "gpus_to_hold",
                   (("params", "gpu"), ("params", "gpu_memory"), ("model_memory", "gpu"),
                    ("model_memory", "gpu_memory")),
                   zh="放下模型状态所需的加速卡数:所需内存 ÷ 单卡显存,向上取整。"),
        Calculator("daily-cost", daily_cost, "daily_cost",
                   (("rental_cost", "days"), ("gpus", "price_per_gpu_hour"), ("gpus", "gpu")),
                   zh="每天的租用费用:租用成本 ÷ 实际天数,或集群一天的租金(卡数 × 24 × 每卡时租金)。"),
        Calculator("energy", energy, "energy_kwh", (*_with(("gpu",), HOURS), *_with(("power_w",), HOURS)),
                   zh="一次训练消耗的电量,单位千瓦时。"),
        Calculator("average-power", average_power, "average_power", (("energy_kwh", "days"),),
                   zh="一段时间内的平均功率:能耗(千瓦时) × 1000 ÷ (天数 × 24)。"),
        Calculator("site-energy", site_energy, "energy_kwh", (("site_power", "days"),),
                   zh="机房或整个集群按其用电功率运行若干天的耗电:功率 × 天数 × 24 ÷ 1000(× PUE,若只是IT负载)。"),
        Calculator("cluster-power", cluster_power, "cluster_power", (("gpus", "gpu"), ("gpus", "power_w")),
                   zh="集群满载时从电网取用的功率:加速卡数 × 单卡功率 × PUE。"),
        Calculator("facility-power", facility_power, "cluster_power", (("site_power", "pue"),),
                   zh="IT负载对应的机房总功耗:IT负载 × PUE。"),
        Calculator("implied-intensity", implied_intensity, "grid_intensity", (("emissions", "energy_kwh"),),
                   zh="报告的排放量所隐含的电网碳排放因子:排放量 × 1000 ÷ 耗电量,单位kgCO2e/kWh。"),
        Calculator("power-capped-gpus", power_capped_gpus, "powered_gpus",
                   (("site_power", "gpu"), ("site_power", "power_w")),
                   zh="一个供电上限满载能带动的加速卡数:可用功率 ÷ (单卡功率 × PUE),向下取整。"),
        Calculator("energy-gpu-hours", energy_gpu_hours, "gpu_hours",
                   (("energy_kwh", "gpu"), ("energy_kwh", "power_w")),
                   zh="一笔电量能跑的卡时:电量 × 1000 ÷ (单卡功率 × PUE)。"),
        Calculator("implied-electricity-price", implied_electricity_price, "electricity_price",
                   (("amount", "energy_kwh"),), zh="一笔电费折合的电价:电费 ÷ 用电量。"),
        Calculator("affordable-energy", affordable_energy, "energy_kwh", (("budget", "electricity_price"),),
                   zh="一笔电费预算能买的电量:预算 ÷ 每千瓦时电价。"),
        Calculator("electricity-cost", electricity_cost, "electricity_cost", (("energy_kwh",),),
                   zh="电费:电量 × 每千瓦时电价,以电价的币种计。"),
        Calculator("carbon", carbon, "emissions", (("energy_kwh",),), (("market_emissions", "market_based"),),
                   zh="碳排放(吨二氧化碳当量):基于地点(电量 × 电网排放因子)与基于市场(扣除可再生能源采购)两种口径。"),
        Calculator("household-years", household_years, "household_years", (("energy_kwh",),),
                   zh="这些电量相当于美国普通家庭多少年的用电量。"),
        Calculator("chinchilla", chinchilla_optimal, "optimal_params", (("flop",), ("budget", "gpu"), ("tokens",)),
                   (("optimal_tokens", "tokens"),),
                   zh="给定算力预算(或租用加速卡的美元预算)下,计算最优的模型参数量与训练token数。"),
        Calculator("chinchilla-tokens", chinchilla_tokens, "optimal_tokens", (("params",),),
                   zh="给定参数量的算力最优训练token数:每参数token数 × 参数量。"),
        Calculator("tokens-per-param", tokens_per_param, "tokens_per_param", (("tokens", "params"),),
                   zh="一次训练每个参数配了多少token:token数 ÷ 参数量(Chinchilla最优约为20)。"),
        Calculator("past-optimal", past_optimal, "optimal_multiple", (("tokens", "params"),),
                   zh="训练token数是算力最优token数的几倍:token数 ÷ (每参数token数 × 参数量)。"),
        Calculator("convert", convert, "converted", (("amount",),),
                   zh="在币种(美元、人民币、欧元,汇率有出处)或单位(兆瓦时↔千瓦时、PF-day↔FLOP)之间换算。"),
        Calculator("equivalent-gpus", equivalent_gpus, "equivalent_gpus", (("gpus", "gpu_list"),),
                   zh="等效卡数:已知卡数 × 该卡稠密峰值 ÷ 另一种卡的稠密峰值(MFU相同时)。"),
        Calculator("equivalent-gpu-hours", equivalent_gpu_hours, "equivalent_gpu_hours", (("gpu_hours", "gpu_list"),),
                   zh="同一任务换用另一种加速卡要多少卡时(MFU相同):卡时 × 原卡峰值算力 ÷ 另一种卡的峰值算力。"),
        Calculator("equivalent-days", equivalent_days, "equivalent_days", (("days", "gpu_list"),),
                   zh="同一任务换用同样数量的另一种加速卡要多久(MFU相同):时长 × 原卡峰值算力 ÷ 另一种卡的峰值算力。"),
        Calculator("compare-hardware", compare_hardware, "comparison", _with(("gpu_list",), COMPUTE),
                   zh="比较多种加速卡完成同一次训练的卡时、按各自最新租价的租用成本,以及在集群上的天数。"),
        Calculator("earlier-amount", earlier_amount, "earlier_amount", (("amount", "growth_rate"),),
                   zh="一个金额在增长之前的数值:金额 ÷ (1 + 增长率),如同比增长79%的140亿美元,上年同期约为78亿美元。"),
        Calculator("amount-increase", amount_increase, "amount_increase", (("amount", "growth_rate"),),
                   zh="一个金额比增长之前多出多少:金额 × 增长率 ÷ (1 + 增长率),如140亿美元同比增79%,多出约62亿美元。"),
        Calculator("period-amount", period_amount, "period_amount", (("amount", "per_days", "over_days"),),
                   zh="一段时间的金额按同样速度折算到另一段时间:金额 × 所问时段 ÷ 原时段(如季度资本开支折成全年)。"),
        Calculator("amount-saved", amount_saved, "amount_saved", (("amount", "saved_share"),),
                   zh="一笔金额按某个比例节省下来的钱:金额 × 节省比例(如开源权重省下八成)。"),
        Calculator("amount-left", amount_left, "amount_left", (("amount", "saved_share"),),
                   zh="一笔金额省掉某个比例后还要花的钱:金额 × (1 − 节省比例)。"),
        Calculator("unit-share", unit_share, "unit_share", (("total_shared", "gpus"),),
                   zh="一笔金额或电量按卡数平均分摊到每张卡:金额 ÷ 卡数(电量折成千瓦时)。"),
        Calculator("projected-amount", projected_amount, "projected_amount",
                   (("amount", "growth_factor", "years_ahead"), ("amount", "growth_rate", "years_ahead")),
                   zh="一个金额按每年固定倍数增长若干年后的数值:金额 × 年增长倍数 ^ 年数。"),
        # two figures a source states, compared (the planner gives them from the cards; no question gives them)
        Calculator("figure-difference", figure_difference, "difference", (("larger", "smaller"),),
                   zh="两个数字中较大者比较小者多出多少,单位不变。"),
        Calculator("figure-growth", figure_growth, "growth", (("larger", "smaller"),),
                   zh="从较小的数字到较大的数字增长了百分之几。"),
        Calculator("figure-annual-growth", figure_annual_growth, "annual_growth", (("larger", "smaller", "years"),),
                   zh="从较小的数字经若干年长到较大数字的年均复合增长率:100 · ((较大 ÷ 较小)^(1 ÷ 年数) − 1)。"),
        Calculator("figure-multiple", figure_multiple, "multiple", (("larger", "smaller"),),
                   zh="较大的数字是较小数字的多少倍。"),
        Calculator("figure-midpoint", figure_midpoint, "midpoint", (("larger", "smaller"),),
                   zh="一个区间的中间值:(上限 + 下限) ÷ 2。"),
        Calculator("figure-total", figure_total, "total", (("figures",),),
                   zh="几个同单位数字的合计(如一个模型系列各型号的排放之和)。"),
        Calculator("figure-share", figure_share, "share", (("larger", "smaller"),),
                   zh="部分占整体的百分比:较小数 ÷ 较大数 × 100。"),
        Calculator("figure-reduction", figure_reduction, "reduction", (("larger", "smaller"),),
                   zh="较小的数字比较大的数字少百分之几(如“GPU少用75%”)。"),
    ]
}


def vocabulary_problems() -> list[str]:
    """Every calculator's output and inputs must be quantities of the vocabulary (``gpu``/``gpu_list`` name
    accelerators), so that the planner can chain them and the answer can name them."""
    from knowledge.vocabulary import vocabulary

    ids = {q.id for q in vocabulary().quantities} | {"gpu", "gpu_list"}
    problems = []
    for calc in CALCULATORS.values():
        names = {calc.output, *(n for alt in calc.needs for n in alt), *(q for q, _ in calc.parts)}
        problems += [f"tools.registry: {calc.name}: {n!r} is not a quantity of knowledge/vocabulary.yaml"
                     for n in sorted(names - ids)]
    return problems
