"""What each calculator input means, its unit, and the range a plausible value falls in.

One table so that the calculators, the CLI and the LangChain tools check inputs the same way and every
error message can say what is accepted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tools.errors import InputError


@dataclass(frozen=True)
class Quantity:
    name: str
    unit: str
    en: str
    zh: str
    low: float  # smallest plausible value (inclusive unless low_open)
    high: float
    low_open: bool = False
    example: str = ""

    def check(self, value: object) -> float:
        """Return ``value`` as a float, or raise InputError saying what is accepted."""
        accepted = f"{self.en} in {self.unit}, {_fmt(self.low)} {'<' if self.low_open else '≤'} x ≤ {_fmt(self.high)}"
        if self.example:
            accepted += f" (e.g. {self.example})"
        unit_zh = "" if self.unit == "ratio" else f" {self.unit}"  # a share or a factor is a bare number
        accepted_zh = f"可接受:{_fmt(self.low)}–{_fmt(self.high)}{unit_zh}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(self.name, f"{self.en} must be a number, got {value!r}.",
                             f"{self.zh}必须是数字,收到的是 {value!r};{accepted_zh}。", accepted)
        try:
            x = float(value)
        except OverflowError:  # an int beyond float range (10**400); its repr may be too long to print
            raise InputError(self.name, f"{self.en} is too large to be plausible; accepted: {accepted}.",
                             f"{self.zh}过大,不在合理范围内。", accepted) from None
        if not math.isfinite(x):
            raise InputError(self.name, f"{self.en} must be a finite number, got {value!r}.",
                             f"{self.zh}必须是有限的数字,收到的是 {value!r};{accepted_zh}。", accepted)
        if x < 0 or (x == 0 and self.low > 0):
            raise InputError(self.name, f"{self.en} must be positive, got {_fmt(x)}.",
                             f"{self.zh}必须为正数,收到的是 {_fmt(x)};{accepted_zh}。", accepted)
        too_low = x <= self.low if self.low_open else x < self.low
        if too_low or x > self.high:
            side_en, side_zh = ("too small", "过小") if too_low else ("too large", "过大")
            raise InputError(
                self.name,
                f"{self.en} of {_fmt(x)} {self.unit} is {side_en} to be plausible; accepted: {accepted}.",
                f"{self.zh} {_fmt(x)}{unit_zh} {side_zh},不在合理范围内;{accepted_zh}。",
                accepted,
            )
        return x


def _fmt(x: float) -> str:
    if x != 0 and (abs(x) >= 1e6 or abs(x) < 1e-3):
        return f"{x:.3g}"
    return f"{x:,.6g}"


Q = {q.name: q for q in [
    Quantity("params", "parameter", "Parameter count", "参数量", 1e6, 1e14, example="70e9 for 70B"),
    Quantity("tokens", "token", "Training tokens", "训练token数", 1e6, 1e15, example="2e12 for 2T"),
    Quantity("flop", "FLOP", "Training compute", "训练算力", 1e12, 1e30, example="3.14e23"),
    Quantity("peak_flops", "FLOP/s", "Peak FLOP/s per accelerator", "单卡峰值算力", 1e11, 1e17),
    Quantity("achieved_flops", "FLOP/s", "Measured FLOP/s per accelerator", "实测单卡算力", 1e9, 1e17),
    Quantity("mfu", "ratio", "MFU (model FLOPs utilisation)", "算力利用率(MFU)", 0, 1, low_open=True,
             example="0.4 for 40%"),
    Quantity("goodput", "ratio", "Goodput (share of wall-clock time spent training)", "有效训练时间占比",
             0.05, 1, example="0.9"),
    Quantity("gpus", "GPU", "Number of accelerators", "加速卡数量", 1, 1e7, example="1024"),
    Quantity("days", "day", "Training duration", "训练时长", 1e-5, 3650, example="30"),
    Quantity("ideal_days", "day", "Training duration with no time lost", "无中断时的训练天数", 1e-3, 3650,
             example="45"),
    Quantity("gpu_hours", "GPU-hour", "Accelerator-hours", "GPU小时(卡时)", 1e-3, 1e12),
    Quantity("node_rate", "USD/hour", "Rental price of one node per hour", "整机每小时租金", 0.01, 1e5,
             example="23.92"),
    Quantity("node_gpus", "GPU", "Accelerators in one node", "每台机器的加速卡数", 1, 1024, example="8"),
    Quantity("price_per_gpu_hour", "USD/GPU-hour", "Rental price per accelerator-hour", "每卡时租金",
             0, 1000, low_open=True, example="2.0"),
    Quantity("running_cost", "USD/GPU-hour", "Owned accelerator's running cost per hour (power, hosting)",
             "自有卡每小时运行成本", 0, 1000, example="0.40"),
    Quantity("purchase_price", "USD", "Purchase price per accelerator", "单卡采购价", 0, 1e7, low_open=True,
             example="30000"),
    Quantity("life_years", "year", "Hardware life", "硬件使用寿命", 0.25, 20, example="4"),
    Quantity("discount", "ratio", "Discount off the rental price", "租金折扣", 0, 0.99, example="0.3 for 30% off"),
    Quantity("other_peak_flops", "FLOP/s", "Peak FLOP/s of the other accelerator", "另一种加速卡的峰值算力",
             1e12, 1e17),
    Quantity("bytes_per_param", "byte/parameter", "Bytes per parameter", "每参数字节数", 0.5, 64, example="16"),
    Quantity("model_memory", "GB", "Memory for the model's state", "模型状态所需内存", 0, 1e8, low_open=True),
    Quantity("memory_per_gpu", "GB", "Memory each accelerator holds", "每张卡分到的内存", 0, 1e8, low_open=True),
    Quantity("gpu_memory", "GB", "Memory per accelerator", "单卡显存", 1, 2000, example="80"),
    Quantity("staff_overhead", "ratio", "Staff overhead (multiple of pay)", "人员附加系数", 1, 3, example="1.3"),
    Quantity("markup", "ratio", "Share added on top of the cost", "在成本之上另加的比例", 0, 3,
             example="0.2 for 20% on top"),
    Quantity("token_throughput", "token/s", "Tokens per second per accelerator", "单卡每秒token数", 1e-3, 1e7,
             low_open=True, example="3000"),
    Quantity("site_power", "W", "Power a site or a whole cluster draws", "机房或整个集群的用电功率", 1, 1e10,
             example="1.1e6"),
    Quantity("ideal_gpu_hours", "GPU-hour", "GPU-hours with no time lost", "无中断时的卡时", 1e-3, 1e12,
             low_open=True, example="600000"),
    Quantity("cluster_throughput", "token/s", "Tokens per second across the whole cluster", "集群每秒token数", 1e-3,
             1e12, low_open=True, example="1.9e6"),
    Quantity("growth_factor", "ratio", "Growth factor per year (2.4 for 2.4x a year)", "每年增长倍数", 0.01, 100,
             example="2.4"),
    Quantity("earlier_amount", "USD", "Amount before the growth", "增长前的金额", -1e15, 1e15),
    Quantity("growth_rate", "ratio", "Growth per year as a share (0.3 for 30%)", "每年增长率", -0.99, 100,
             example="0.3"),
    Quantity("years_ahead", "year", "Years of growth", "增长年数", 0, 100, example="3"),
    Quantity("usd_rate", "per USD", "Exchange rate: units of the other currency per US dollar", "汇率(每美元兑换)",
             1e-4, 1e5, low_open=True, example="7.2"),
    Quantity("salvage_share", "ratio", "Salvage value as a share of the price paid", "残值率", 0, 0.99,
             example="0.1 for 10%"),
    Quantity("salvage_value", "USD", "Salvage value at the end of the life", "残值", 0, 1e12, example="5000"),
    Quantity("utilisation", "ratio", "Share of the hardware's life it is busy", "硬件利用时间占比",
             0.01, 1, example="0.8"),
    Quantity("overhead", "ratio", "Server overhead multiplier", "服务器开销系数", 1, 5),
    Quantity("interconnect_fraction", "ratio", "Interconnect share of cluster cost", "网络互联成本占比", 0, 0.9),
    Quantity("power_w", "W", "Average power per accelerator", "单卡平均功率", 1, 5000, example="700"),
    Quantity("pue", "ratio", "PUE (power usage effectiveness)", "电能使用效率(PUE)", 1, 3, example="1.2"),
    Quantity("power_fraction", "ratio", "Average draw as a share of TDP", "平均功耗占TDP比例", 0.05, 1),
    Quantity("server_power_multiplier", "ratio", "Server power per chip over chip TDP", "服务器功耗倍数", 1, 5),
    Quantity("energy_kwh", "kWh", "Energy", "能耗", 0, 1e12, low_open=True),
    Quantity("electricity_price", "per kWh", "Electricity price", "电价", 0, 10, low_open=True,
             example="0.08 USD/kWh or 0.6 CNY/kWh"),
    Quantity("emissions", "tCO2e", "Emissions", "碳排放", 0, 1e9, low_open=True),
    Quantity("grid_intensity", "kgCO2e/kWh", "Grid carbon intensity", "电网碳排放因子", 0, 2,
             example="0.429"),
    Quantity("renewable_share", "ratio", "Share of electricity matched by renewables", "可再生能源匹配比例",
             0, 1, example="1.0 for fully matched"),
    Quantity("ooms_per_year", "ratio", "Price-performance gain, orders of magnitude per year",
             "性价比年提升(数量级)", 0.01, 1),
    Quantity("budget", "USD", "Budget", "预算", 1, 1e13, example="1e6"),
    Quantity("rental_cost", "USD", "cloud rental cost", "云租赁成本", 0, 1e13, example="1.1e6"),
    Quantity("paid_bill", "USD", "bill paid", "已付账单", 1, 1e13, example="412800"),
    Quantity("amount", "unit", "Amount", "金额/数量", 0, 1e16),
    Quantity("saved_share", "ratio", "Share saved", "节省的比例", 0, 1, example="0.8 for 80%"),
    Quantity("period_days", "day", "Length of a period", "时段长度", 1e-3, 36525, example="365.25 for a year"),
    Quantity("multiplier", "ratio", "Experiments multiplier", "实验开销倍数", 1, 20, example="2.2"),
    Quantity("staff", "person", "Number of contributors", "参与人数", 0, 1e5),
    Quantity("salary", "USD/year", "Annual compensation per person", "人均年薪", 0, 1e8),
    Quantity("staff_cost", "USD", "Staff cost of the project", "人员成本", 0, 1e12, example="1.5e6"),
    Quantity("label_items", "item", "Items to label", "待标注数据条数", 1, 1e12, example="200000"),
    Quantity("breakeven_days", "day", "Days of use until buying pays off", "买卡回本所需天数", 0, 1e7, low_open=True),
    Quantity("examples", "item", "Training examples", "训练样本条数", 1, 1e12, example="50000"),
    Quantity("item_tokens", "token", "Tokens per example", "每条样本的token数", 1, 1e7, example="2000"),
    Quantity("steps", "step", "Optimizer steps", "训练步数", 1, 1e10, example="120000"),
    Quantity("step_seconds", "second", "Seconds per step", "每步耗时(秒)", 0, 3600, low_open=True, example="2.1"),
    Quantity("batch_size", "sequence", "Sequences per step (global batch)", "每步序列数(全局batch)", 1, 1e8,
             example="1024"),
    Quantity("seq_tokens", "token", "Tokens per sequence", "每条序列的token数", 16, 1e8, example="4096"),
    Quantity("batch_tokens", "token", "Tokens per step (global batch)", "每步token数(全局batch)", 1e3, 1e10,
             example="4e6"),
    Quantity("text_gb", "GB", "Raw text, in GB", "原始文本量(GB)", 1e-6, 1e9, example="500"),
    Quantity("bytes_per_token", "byte/token", "Bytes of text per token", "每个token的文本字节数", 0.5, 32, example="4"),
    Quantity("expert_params", "parameter", "Parameters in each expert", "每个专家的参数量", 1e6, 1e13,
             example="7e9"),
    Quantity("experts_routed", "expert", "Experts each token is routed to (top-k)", "每个token路由到的专家数", 1, 1024,
             example="2"),
    Quantity("shared_params", "parameter", "Parameters every token uses", "所有token共用的参数量", 0, 1e13,
             example="2e9"),
    Quantity("kept", "ratio", "Share of the data kept after filtering", "过滤后保留的比例", 0, 1, low_open=True,
             example="0.6"),
    Quantity("epochs", "pass", "Passes over the data (epochs)", "训练轮数(epoch)", 0.01, 1e4, example="3"),
    Quantity("price_per_mtok", "USD/Mtoken", "Price per million tokens", "每百万token价格", 0, 1e6, low_open=True,
             example="1.5"),
    Quantity("label_price", "USD/item", "Price per labelled item", "每条标注价格", 0, 1e4, low_open=True,
             example="3.5"),
    Quantity("fte", "ratio", "Full-time share per contributor", "投入比例", 0, 1),
    Quantity("years", "year", "Project duration", "项目周期", 0, 50),
    Quantity("tokens_per_param", "ratio", "Tokens per parameter", "每参数token数", 1, 1e4),
    Quantity("layers", "layer", "Transformer layers", "层数", 1, 1000),
    Quantity("seq_len", "token", "Sequence length", "序列长度", 1, 1e8),
    Quantity("d_model", "dimension", "Model width (d_model)", "隐藏维度", 1, 1e6),
    Quantity("household_kwh", "kWh/year", "Household annual electricity use", "家庭年用电量", 100, 4e4),
]}


def check(name: str, value: object) -> float:
    return Q[name].check(value)


def text(name: str, value: object, accepted: str) -> str:
    """``value`` if it is text, else InputError: a LangChain agent may send null or a number for a text input."""
    if not isinstance(value, str):
        kind = type(value).__name__
        raise InputError(name, f"{name} must be text, got {kind}.", f"{name} 必须是文本,收到的是 {kind}。", accepted)
    return value
