"""Quantities in a question, in Chinese or English: numbers with magnitudes and units mapped to calculator slots.

`700亿参数`, `7百亿参数`, `70B`, `2万亿token`, `2T tokens`, `1,720,320 GPU-hours`, `$2.50/GPU-hour`, `每卡时2美元`,
`30天`, `3个月`, `1024张H100`, `千卡`, `40% MFU`, `利用率四成`, `PUE 1.2`, `0.429 kg/kWh`, `每度电0.6元`.
Chinese numerals are turned into digits by cn2an first; the patterns below then see only Arabic numbers.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
import warnings
from dataclasses import dataclass

from assistant.textnorm import to_simplified

MAGNITUDES = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5,
    "万": 1e4, "千": 1e3, "百": 1e2,
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "t": 1e12,
}
_ZH_MAG = "|".join(sorted((k for k in MAGNITUDES if not k.isascii()), key=len, reverse=True))
_EN_MAG = "|".join(sorted((k for k in MAGNITUDES if k.isascii()), key=len, reverse=True))
# A number never continues a word or another number: the 800 in "H800" is a model name, not a count.
NUM = r"(?<![\d.a-z])(?P<num>-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)"  # a minus is kept so "-8 GPUs" is refused
# An English magnitude must not run into a following word ("2t tokens", "2 trillion" yes; "2 tokens" no).
MAG = rf"\s*(?P<mag>{_ZH_MAG}|(?:{_EN_MAG})(?![a-z]))?"

DAYS_PER = {"天": 1, "日": 1, "day": 1, "days": 1, "d": 1, "周": 7, "星期": 7, "week": 7, "weeks": 7,
            "个月": 30.44, "月": 30.44, "month": 30.44, "months": 30.44, "年": 365.25, "year": 365.25,
            "years": 365.25, "小时": 1 / 24, "hour": 1 / 24, "hours": 1 / 24, "h": 1 / 24}
ENERGY_KWH = {"kwh": 1, "千瓦时": 1, "度": 1, "度电": 1, "mwh": 1e3, "兆瓦时": 1e3, "gwh": 1e6, "吉瓦时": 1e6}
CURRENCY = {"$": "USD", "usd": "USD", "美元": "USD", "美金": "USD", "刀": "USD", "dollars": "USD",
            "dollar": "USD", "元": "CNY", "人民币": "CNY",
            "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "euro": "EUR", "euros": "EUR",
            "块": "CNY", "€": "EUR", "eur": "EUR", "欧元": "EUR"}
_CUR = r"(?P<cur>usd|美元|美金|dollars?|人民币|rmb|cny|yuan|元|eur|euros?|欧元|刀)"


@dataclass(frozen=True)
class Quantity:
    slot: str
    value: float
    unit: str
    text: str


def prepare(text: str) -> str:
    """NFKC, simplified script, lower case, Chinese numerals → digits, digit-group commas removed."""
    import cn2an

    text = to_simplified(unicodedata.normalize("NFKC", text)).casefold()
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"(\d(?:\.\d+)?)\s*[x×*]\s*10\s*\^\s*(\d+)", r"\1e\2", text)  # 1.2×10^24 → 1.2e24
    text = re.sub(r"(?<![\d.])10\s*\^\s*(\d+)", r"1e\1", text)  # 10^24 → 1e24
    with warnings.catch_warnings(), contextlib.suppress(ValueError, KeyError):
        # cn2an warns about (and skips) fragments it cannot read, such as a bare 百亿 without a digit.
        warnings.simplefilter("ignore")
        text = cn2an.transform(text, "cn2an")
    text = re.sub(r"(?<=\d)\s*成", "0%", text)  # 四成 → 4成 → 40%
    return re.sub(r"(?<![\d.])(千|万)(?=卡|张|块|gpu)", lambda m: "1" + m.group(1), text)


def _number(m: re.Match[str]) -> float:
    value = float(m.group("num"))
    mag = (m.groupdict().get("mag") or "").strip()
    return value * MAGNITUDES.get(mag, 1.0)


@dataclass(frozen=True)
class _Pattern:
    slot: str
    regex: re.Pattern[str]
    unit: str
    scale: str = "number"  # how to turn the match into a value


def _p(slot: str, pattern: str, unit: str, scale: str = "number") -> _Pattern:
    return _Pattern(slot, re.compile(pattern, re.IGNORECASE), unit, scale)


GPU_HOUR_WORDS = (r"(?:gpu[\s-]*h(?:ours?|rs?)?(?![a-z])|gpu\s*小时|卡时|卡小时|卡·?时|[a-z]?\d{2,3}[\s-]?hours?"
                  r"|chip[\s-]?hours?)")
PER_GPU_HOUR = rf"(?:/|per|每|一)\s*(?:{GPU_HOUR_WORDS}|gpu/h(?:ou)?r|卡每小时|张卡每小时|小时|hour|hr|h(?![a-z]))"

PATTERNS: list[_Pattern] = [
    # prices per accelerator-hour
    _p("price_per_gpu_hour", rf"\$\s*{NUM}\s*{PER_GPU_HOUR}", "USD/GPU-hour"),
    _p("price_per_gpu_hour", rf"{NUM}\s*{_CUR}\s*{PER_GPU_HOUR}", "USD/GPU-hour", "currency"),
    _p("price_per_gpu_hour", rf"每(?:个)?(?:{GPU_HOUR_WORDS}|卡每小时|张卡每小时|小时)\s*(?:的?(?:租金|价格|费用))?\s*"
       rf"(?:为|是|约|=)?\s*\$?\s*{NUM}\s*{_CUR}?", "USD/GPU-hour", "currency"),
    _p("price_per_gpu_hour", rf"(?:租金|价格|rental price|price)\s*(?:为|是|of|=|:)?\s*\$\s*{NUM}", "USD/GPU-hour"),
    # carbon intensity before electricity prices: "每度电0.55千克" is kilograms, not a price
    _p("grid_intensity", rf"每(?:度电?|千瓦时|kwh)\s*(?:排放)?\s*{NUM}\s*(?P<g>kg|千克|公斤|g|克)", "kgCO2e/kWh",
       "grams"),
    # electricity
    _p("electricity_price", rf"每(?:度电?|千瓦时|kwh)\s*(?:电费|电价)?\s*(?:为|是)?\s*\$?{NUM}\s*{_CUR}?",
       "per kWh", "currency"),
    _p("electricity_price", rf"\$\s*{NUM}\s*(?:/|per)\s*kwh", "USD/kWh"),
    _p("electricity_price", rf"{NUM}\s*{_CUR}\s*(?:/|per|每)\s*(?:kwh|度|千瓦时)", "per kWh", "currency"),
    _p("electricity_price", rf"电价\s*(?:为|是|=)?\s*{NUM}\s*{_CUR}?", "per kWh", "currency"),
    _p("grid_intensity", rf"{NUM}\s*(?P<g>kg|千克|公斤|g|克)\s*(?:co2e?|二氧化碳)?\s*(?:/|per|每)\s*(?:kwh|度|千瓦时)",
       "kgCO2e/kWh", "grams"),
    _p("energy_kwh", rf"{NUM}{MAG}\s*(?P<eu>gwh|mwh|kwh|兆瓦时|吉瓦时|千瓦时|度电|度)", "kWh", "energy"),
    # compute and time
    _p("flop", rf"{NUM}{MAG}\s*(?:flops?(?![a-z])|flop(?![a-z])|次浮点运算|次浮点)", "FLOP"),
    _p("gpu_hours", rf"{NUM}{MAG}\s*(?:个)?\s*(?:gpu\s+)?{GPU_HOUR_WORDS}", "GPU-hour"),
    _p("power_w", rf"{NUM}\s*(?P<pw>kw|千瓦|w|瓦|watts?)(?![a-z])", "W", "power"),
    _p("mfu", rf"(?:mfu|利用率|算力利用率|utili[sz]ation)\s*(?:of|为|是|约|按|=|:|取)?\s*{NUM}\s*(?P<pct>%)?", "ratio",
       "fraction"),
    _p("mfu", rf"{NUM}\s*(?P<pct>%)\s*(?:的)?\s*(?:mfu|利用率|算力利用率|utili[sz]ation)", "ratio", "fraction"),
    _p("goodput", rf"(?:goodput|有效训练时间|有效时间)\s*(?:of|为|是|=|:)?\s*{NUM}\s*(?P<pct>%)?", "ratio", "fraction"),
    _p("pue", rf"pue\s*(?:of|为|是|=|:|取)?\s*{NUM}", "ratio"),
    _p("renewable_share", rf"{NUM}\s*(?P<pct>%)\s*(?:的)?\s*(?:renewable|可再生|绿电)", "ratio", "fraction"),
    _p("active_params", rf"{NUM}{MAG}\s*(?:个)?\s*(?:active|activated|激活)(?:\s*(?:参数|param))?",
       "parameter"),
    _p("active_params", rf"(?:激活参数量?|激活|active param(?:eter)?s?)\s*(?:为|是|=|:|of)?\s*{NUM}{MAG}",
       "parameter"),
    _p("params", rf"{NUM}{MAG}\s*(?:个)?\s*(?:参数|param(?:eter)?s?(?![a-z]))", "parameter"),
    _p("params", rf"(?:参数量?|param(?:eter)?s?)\s*(?:为|是|=|:|of)?\s*{NUM}{MAG}", "parameter"),
    _p("params", rf"(?<![$€]){NUM}\s*(?P<mag>b|m)(?=\s*(?:模型|model|llm|dense|moe|的|$|[\s,，。?？!]))", "parameter"),
    _p("tokens", rf"{NUM}{MAG}\s*(?:个)?\s*(?:tokens?|词元|令牌)", "token"),
    _p("gpus", rf"{NUM}{MAG}\s*(?:张|块|台|个|片|x|×)?\s*(?:卡|gpus?(?![a-z])|显卡|加速卡|accelerators?|chips?)",
       "GPU"),
    # a count right before an accelerator name: 1024张H100, 1024 H100s, 2048 x H800
    _p("gpus", rf"{NUM}{MAG}\s*(?:张|块|台|片|x|×)?\s*(?=(?:nvidia\s*|英伟达)?(?:[abhv]\d{{2,3}}|mi\d{{3}}|gb\d{{3}}"
       rf"|tpu|昇腾|ascend))", "GPU"),
    # a calendar year ("2024年", "in 2023") is a date, not a duration
    _p("year", r"(?<![\d.])(?P<num>19[5-9]\d|20\d\d)\s*(?:年(?!\s*(?:时间|的时间|之久))|财年|fy)?(?![\d.])", "year"),
    _p("days", rf"{NUM}\s*(?P<du>个月|月|天|日|周|星期|年|小时|(?:days?|weeks?|months?|years?|hours?|d)(?![a-z]))",
       "day", "duration"),
    _p("budget", rf"(?P<cur>\$|€){NUM}{MAG}", "money", "currency"),
    _p("budget", rf"{NUM}{MAG}\s*{_CUR}", "money", "currency"),
]


def _value(p: _Pattern, m: re.Match[str]) -> tuple[float, str]:
    groups = m.groupdict()
    if p.scale == "fraction":
        x = float(m.group("num"))
        return (x / 100 if groups.get("pct") or x > 1 else x), "ratio"
    if p.scale == "grams":
        x = float(m.group("num"))
        return (x / 1000 if groups["g"] in ("g", "克") else x), p.unit
    if p.scale == "power":
        return float(m.group("num")) * (1000 if groups["pw"] in ("kw", "千瓦") else 1), "W"
    if p.scale == "energy":
        return _number(m) * ENERGY_KWH[groups["eu"]], "kWh"
    if p.scale == "duration":
        return float(m.group("num")) * DAYS_PER[groups["du"]], "day"
    if p.scale == "currency":
        cur = CURRENCY.get((groups.get("cur") or "$").strip(), "USD")
        value = _number(m)
        if p.slot == "budget":
            return value, cur
        if p.slot == "price_per_gpu_hour":
            return value, f"{cur}/GPU-hour"
        return value, f"{cur}/kWh"
    return _number(m), p.unit


def extract(text: str) -> list[Quantity]:
    """All quantities in ``text``, left to right; each character belongs to at most one quantity."""
    prepared = prepare(text)
    taken = [False] * len(prepared)
    found: list[tuple[int, Quantity]] = []
    for p in PATTERNS:
        for m in p.regex.finditer(prepared):
            if any(taken[m.start():m.end()]):
                continue
            value, unit = _value(p, m)
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.append((m.start(), Quantity(p.slot, value, unit, m.group(0).strip())))
    return [q for _, q in sorted(found, key=lambda item: item[0])]
