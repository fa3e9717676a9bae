"""Numbers, units and script as a reader in each language expects them.

Every number the answer text shows goes through ``number()``, so the provenance check and the evaluation read
exactly the notation the assistant writes.
"""

from __future__ import annotations

import re

from babel.numbers import format_compact_decimal, format_decimal

from assistant.textnorm import to_taiwan
from knowledge.vocabulary import vocabulary

UNIT_NAMES = {
    "en": {"GPU-hour": "GPU-hours", "USD": "USD", "CNY": "CNY", "EUR": "EUR", "TWD": "TWD", "HKD": "HKD",
           "day": "days", "GPU": "GPUs", "expert": "experts", "pass": "epochs",
           "kWh": "kWh", "MWh": "MWh", "tCO2e": "tCO2e", "kgCO2e": "kgCO2e", "FLOP": "FLOP", "parameter": "parameters",
           "token": "tokens", "percent": "%", "USD/GPU-hour": "USD per GPU-hour", "household-year": "household-years",
           "FLOP/s": "FLOP/s", "W": "W", "kW": "kW", "MW": "MW", "ratio": "", "USD/year": "USD a year",
           "USD/item": "USD per item", "item": "items", "USD/Mtoken": "USD per million tokens",
           "kgCO2e/kWh": "kgCO2e/kWh", "USD/kWh": "USD/kWh", "CNY/kWh": "CNY/kWh", "TWD/kWh": "TWD/kWh",
           "HKD/kWh": "HKD/kWh", "USD/hour": "USD per hour",
           "GB": "GB", "TB": "TB", "PF-day": "PF-days", "GPU-day": "GPU-days", "GWh": "GWh",
           "year": "years", "month": "months", "week": "weeks",
           "hour": "hours", "L": "litres", "kWh/year": "kWh a year",
           "person": "people", "times": "times", "token/s": "tokens/s", "byte/parameter": "bytes per parameter",
           "byte/token": "bytes per token", "token/parameter": "tokens per parameter",
           "person-year": "person-years", "machine": "machines",
           "step": "steps", "sequence": "sequences", "second": "seconds",
           "USD/month": "USD a month", "per USD": "per USD"},
    "zh": {"GPU-hour": "卡时", "USD": "美元", "CNY": "元人民币", "EUR": "欧元", "TWD": "新台币", "HKD": "港元",
           "day": "天", "GPU": "张卡",
           "kWh": "千瓦时", "MWh": "兆瓦时", "tCO2e": "吨二氧化碳当量", "kgCO2e": "千克二氧化碳当量", "FLOP": "FLOP",
           "parameter": "参数",
           "token": "token", "percent": "%", "USD/GPU-hour": "美元/卡时", "household-year": "户·年",
           "FLOP/s": "FLOP/s", "W": "瓦", "kW": "千瓦", "MW": "兆瓦", "ratio": "", "USD/year": "美元/年",
           "USD/item": "美元/条", "item": "条", "token/s": "token/秒", "USD/Mtoken": "美元/百万token",
           "kgCO2e/kWh": "kgCO2e/kWh", "USD/kWh": "美元/千瓦时", "CNY/kWh": "元/千瓦时", "TWD/kWh": "新台币/千瓦时",
           "HKD/kWh": "港元/千瓦时", "USD/hour": "美元/小时",
           "GB": "GB", "TB": "TB", "PF-day": "PF-day", "GPU-day": "卡天", "GWh": "吉瓦时",
           "year": "年", "month": "个月", "week": "周",
           "hour": "小时", "L": "升", "kWh/year": "千瓦时/年", "person": "人", "expert": "个专家", "pass": "个epoch",
           "times": "倍", "per USD": "/美元",
           "byte/parameter": "字节/参数", "byte/token": "字节/token", "token/parameter": "个token",
           "person-year": "人年", "machine": "台",
           "step": "步", "sequence": "条序列", "second": "秒",
           "USD/month": "美元/月"},
}
# Larger units a result may be asked in ("in PF-days?", "多少卡天"), by the base unit and factor of their forms
SHOWN_IN = {("FLOP", 8.64e19): "PF-day", ("GPU-hour", 24.0): "GPU-day", ("kWh", 1.0e6): "GWh", ("kWh", 1.0e3): "MWh",
            ("kWh", 1.0): "kWh"}
FACTORS = {name: (base, factor) for (base, factor), name in SHOWN_IN.items()}
# A price per GPU-hour in each currency the answer may be given in ("39.6 新台币/卡时")
for _code in ("CNY", "EUR", "TWD", "HKD"):
    UNIT_NAMES["en"][f"{_code}/GPU-hour"] = f"{_code} per GPU-hour"
    UNIT_NAMES["zh"][f"{_code}/GPU-hour"] = f"{UNIT_NAMES['zh'][_code].removeprefix('元')}/卡时"
    UNIT_NAMES["zh"][f"{_code}/USD"] = f"{UNIT_NAMES['zh'][_code]}/美元"  # an exchange rate: "7.08元人民币/美元"


# CLDR locales the numbers are written in: Traditional Chinese is written in the simplified locale and converted
# with the rest of the answer (萬, 億, and 兆 for 萬億), so one code path serves both scripts.
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
SIGNIFICANT = 4  # digits a compact magnitude keeps: 1.179 million, 117.9万


def _compact(x: float, locale: str) -> str:
    """``x`` with a magnitude word from CLDR (1.179 million, 117.9万, 2万亿), to four significant digits."""
    x = float(f"{x:.{SIGNIFICANT}g}")  # 9.99999e11 reads 1 trillion, not 1000 billion
    kind = "long" if locale == "en" else "short"  # "1.2 million" reads better than "1.2M"; Chinese has only 万/亿
    whole = format_compact_decimal(x, format_type=kind, locale=locale, fraction_digits=0)
    digits = len(re.sub(r"\D", "", whole))
    return format_compact_decimal(x, format_type=kind, locale=locale, fraction_digits=max(0, SIGNIFICANT - digits))


def number(x: float, lang: str, unit: str = "") -> str:
    """``x`` in the reader's notation, from CLDR: 1.87 million / 186.9万, 8.4e23 for FLOP, 3 significant digits
    for small values."""
    locale = LOCALES["zh" if lang.startswith("zh") else "en"]
    ax = abs(x)
    # no magnitude word fits a training run's FLOP (8.4e23, as papers write it), nor anything past a thousand
    # trillion or below a thousandth
    if (unit == "FLOP" and ax >= 1e9) or ax >= 1e15 or 0 < ax < 1e-3:
        mantissa, exponent = f"{x:.3e}".split("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"
    if x == 0:
        return "0"
    if ax >= (1e6 if locale == "en" else 1e4):
        return _compact(x, locale)
    if ax >= 1000:
        return format_decimal(x, format="#,##0", locale=locale)
    if ax >= 10:
        return format_decimal(x, format="#,##0.#", locale=locale)
    # rounded first: Babel writes 0.09999999999999987 at three significant digits as "0.01"
    return format_decimal(float(f"{x:.3g}"), format="@##", locale=locale)


def quantity(x: float, unit: str, lang: str) -> str:
    names = UNIT_NAMES["zh" if lang.startswith("zh") else "en"]
    if unit == "ratio":
        return f"{number(x * 100, lang)}%"
    if unit == "FLOP/s" and abs(x) >= 1e12:  # a chip's peak as its datasheet writes it: 989.4 TFLOP/s
        return f"{number(x / 1e12, lang)} TFLOP/s"
    name = names.get(unit, unit)
    text = number(x, lang, unit)
    if text == "1" and name in ("hours", "days", "years", "GPUs", "GPU-hours"):
        name = name[:-1]  # "1 hour", "1 GPU"
    if name == "%":
        return f"{text}%"
    return f"{text} {name}" if not lang.startswith("zh") or name[:1].isascii() else f"{text}{name}"


def span(low: float, high: float, unit: str, lang: str) -> str:
    sep = "–" if not lang.startswith("zh") else "至"
    first, last = quantity(low, unit, lang), quantity(high, unit, lang)
    # the unit once, after both ends ("50–100 times", "2至5美元"), as people write a range
    name = UNIT_NAMES["zh" if lang.startswith("zh") else "en"].get(unit, unit)
    suffix = f" {name}" if not lang.startswith("zh") or name[:1].isascii() else name
    if name and name != "%" and first.endswith(suffix) and last.endswith(suffix):
        first = first[:-len(suffix)]
    return f"{first}{sep}{last}"


def in_script(text: str, language: str) -> str:
    """Simplified text → Traditional as Taiwan writes it (OpenCC s2twp: 硬體, 伺服器, 為; then 兆 for 10^12)
    when the reader wrote in Traditional Chinese."""
    if language != "zh-Hant":
        return text
    text = to_taiwan(text)
    for mainland, taiwan in vocabulary().zh_hant_usage.items():
        text = text.replace(mainland, taiwan)
    return text
