"""How people write a number, per language: 70B / 70 billion / 0.07T; 700亿 / 七百亿 / 0.07万亿; 700億 / 0.07兆.

This module is the generator's own writer, independent of the assistant's number reader, so a form the reader
misses is a failure the evaluation shows instead of a blind spot both share. Every function takes the value in
its base unit and a ``random.Random`` and returns one surface form chosen at random among those people use.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import cn2an

Lang = str  # "en" | "zh-Hans" | "zh-Hant"


def plain(x: float) -> str:
    """Shortest decimal without float noise: 2.5, 70, 0.07."""
    text = f"{x:.6g}"
    if "e" in text:
        text = f"{x:.12f}".rstrip("0").rstrip(".")
    return text


def grouped(x: float) -> str:
    """Thousands separators for whole numbers: 1,024; decimals as plain."""
    return f"{round(x):,}" if float(x).is_integer() else plain(x)


def significant(x: float) -> int:
    """Significant digits of a decimal: 700 → 1, 1.5 → 2, 398 → 3."""
    return len(plain(x).replace(".", "").strip("0")) or 1


def _hanzi(x: float, lang: Lang) -> str:
    """Chinese numerals as people write them: 七百, 一点五, and 两/兩 before a magnitude word."""
    text = cn2an.an2cn(plain(x))
    if lang == "zh-Hant":
        text = text.translate(str.maketrans("点万亿两", "點萬億兩"))
    if text.startswith("二") and (len(text) == 1 or text[1] not in "十点點"):
        text = ("两" if lang == "zh-Hans" else "兩") + text[1:]
    return text


def _mag_zh(lang: Lang) -> list[tuple[float, str]]:
    trillion = "万亿" if lang == "zh-Hans" else "兆"
    return [(1e12, trillion), (1e8, "亿" if lang == "zh-Hans" else "億"), (1e4, "万" if lang == "zh-Hans" else "萬")]


def _zh_magnitudes(x: float, lang: Lang, rng: random.Random, *, allow_hanzi: bool = True) -> str:
    """700亿 / 七百亿 / 0.07万亿 / 7000000万 (rare) ; zh-Hant: 700億 / 0.07兆 / 2萬億 (Hong Kong usage)."""
    options: list[str] = []
    for scale, word in _mag_zh(lang):
        m = x / scale
        if 1 <= m < 10000 and float(round(m, 4)) == round(m, 4):
            options.append(plain(round(m, 4)) + word)
            if allow_hanzi and significant(m) <= 2:  # 七百亿 and 一点五万亿, never 三千九百八十亿
                options.append(_hanzi(round(m, 4), lang) + word)
        elif scale == 1e12 and 0.05 <= m < 1 and significant(m) == 1:  # 0.07万亿, 0.4兆; never 0.028万亿
            options.append(plain(m) + word)
    if lang == "zh-Hant" and x >= 1e12:
        options.append(plain(x / 1e12) + "萬億")  # Hong Kong writes 萬億 where Taiwan writes 兆
    if x < 1e5:
        options.append(grouped(x) if x >= 1000 and rng.random() < 0.3 else plain(x))
    return rng.choice(options or [plain(x)])


def _en_magnitudes(x: float, rng: random.Random, *, short: bool = True) -> str:
    """70B / 70 billion / 0.07T / 70,000 million / 70e9."""
    options: list[str] = []
    for scale, letter, word in ((1e12, "T", "trillion"), (1e9, "B", "billion"), (1e6, "M", "million"),
                                (1e3, "K", "thousand")):
        m = x / scale
        if 1 <= m < 1000 and round(m, 3) == m:
            if short:
                options.append(plain(m) + letter)
            options.append(f"{plain(m)} {word}")
        elif scale in (1e12, 1e9) and 0.05 <= m < 1 and significant(m) == 1 and short:
            options.append(plain(m) + letter)
    if x < 1e7:
        options.append(grouped(x))
    return rng.choice(options or [grouped(x)])


def count(x: float, lang: Lang, rng: random.Random) -> str:
    """A big count (parameters, tokens, GPU-hours, dollars): magnitude words or letters."""
    if lang == "en":
        return _en_magnitudes(x, rng)
    return _zh_magnitudes(x, lang, rng)


def integer(x: float, lang: Lang, rng: random.Random) -> str:
    """A small count (GPUs, days, people): 1024 / 1,024 / 一千零二十四 / 2万."""
    options = [plain(x)]
    if x >= 1000:
        options.append(grouped(x))
    if lang != "en":
        if significant(x) <= 2:
            options.append(_hanzi(x, lang))
        if x >= 10000 and x % 1000 == 0:
            options.append(_zh_magnitudes(x, lang, rng, allow_hanzi=False))
    elif x >= 1000 and x % 1000 == 0:
        options.append(f"{plain(x / 1000)}k")
    return rng.choice(options)


def decimal(x: float, lang: Lang, rng: random.Random) -> str:
    return plain(x)


def fraction(x: float, lang: Lang, rng: random.Random) -> str:
    """A share: 40% / 0.4 / 40 percent / 四成 / 百分之四十."""
    pct = round(x * 100, 4)
    options = [f"{plain(pct)}%", plain(x)]
    if lang == "en":
        options.append(f"{plain(pct)} percent")
    else:
        options.append("百分之" + _hanzi(pct, lang))
        if pct % 10 == 0:
            options.append(_hanzi(pct / 10, lang).replace("两", "二").replace("兩", "二") + "成")
    return rng.choice(options)


def scientific(x: float, lang: Lang, rng: random.Random) -> str:
    """A FLOP count: 3e23 / 3×10^23 / 3.0E+23 / 3 x 10^23."""
    exp = len(str(int(x))) - 1
    mant = plain(round(x / 10**exp, 3))
    return rng.choice([f"{mant}e{exp}", f"{mant}×10^{exp}", f"{mant}E+{exp}", f"{mant} x 10^{exp}"])


def usd(x: float, lang: Lang, rng: random.Random) -> str:
    """An amount of US dollars with its currency: $28k / 28,000 dollars / USD 28,000 / 2.8万美元 / 2.8萬美金."""
    if lang == "en":
        n = count(x, lang, rng) if x >= 1000 else plain(x)
        return rng.choice([f"${n}", f"{n} dollars", f"USD {n}", f"US${n}"])
    n = count(x, lang, rng) if x >= 10000 else plain(x)
    return n + rng.choice(["美元", "美元", "美金" if lang == "zh-Hant" else "美元"])


def cny(x: float, lang: Lang, rng: random.Random) -> str:
    """Renminbi: RMB 10 / 10 yuan / 10元 / 人民币10元 / 10块."""
    if lang == "en":
        n = count(x, lang, rng) if x >= 1000 else plain(x)
        return rng.choice([f"RMB {n}", f"{n} yuan", f"CNY {n}", f"¥{n}"])
    n = count(x, lang, rng) if x >= 10000 else plain(x)
    rmb = "人民币" if lang == "zh-Hans" else "人民幣"
    return rng.choice([f"{n}元", f"{rmb}{n}元", f"{n}元{rmb}", f"{n}块" if lang == "zh-Hans" else f"{n}塊"])


def eur(x: float, lang: Lang, rng: random.Random) -> str:
    if lang == "en":
        n = count(x, lang, rng) if x >= 1000 else plain(x)
        return rng.choice([f"€{n}", f"{n} euros", f"EUR {n}"])
    n = count(x, lang, rng) if x >= 10000 else plain(x)
    return n + "欧元" if lang == "zh-Hans" else n + "歐元"


def power(x: float, lang: Lang, rng: random.Random) -> str:
    """Watts: 400W / 400 watts / 0.4 kW / 400瓦 / 0.4千瓦."""
    if lang == "en":
        return rng.choice([f"{plain(x)}W", f"{plain(x)} W", f"{plain(x)} watts", f"{plain(x / 1000)} kW"])
    return rng.choice([f"{plain(x)}瓦", f"{plain(x)}W", f"{plain(x / 1000)}千瓦"])


def site_power(x: float, lang: Lang, rng: random.Random) -> str:
    """A site's draw in watts: 1.1 MW / 1,100 kW / 1.1 megawatts / 1.1兆瓦 / 1100千瓦."""
    mw = x / 1e6
    if lang == "en":
        return rng.choice([f"{plain(mw)} MW", f"{grouped(x / 1000)} kW", f"{plain(mw)} megawatts"])
    return rng.choice([f"{plain(mw)} MW", f"{plain(mw)}兆瓦", f"{plain(x / 1000)}千瓦"])


def energy(x: float, lang: Lang, rng: random.Random) -> str:
    """kWh given in base kWh: 1,287 MWh / 1.287 GWh / 1,287,000 kWh / 128.7万度 / 1287兆瓦时 / 128.7萬度."""
    mwh = x / 1000
    if lang == "en":
        options = [f"{grouped(mwh)} MWh", f"{grouped(x)} kWh", f"{plain(mwh)} megawatt-hours"]
        if mwh >= 1000:
            options.append(f"{plain(mwh / 1000)} GWh")
        return rng.choice(options)
    n = _zh_magnitudes(x, lang, rng, allow_hanzi=False)
    if lang == "zh-Hans":
        return rng.choice([f"{n}度", f"{n}千瓦时", f"{plain(mwh)}兆瓦时", f"{plain(mwh)}MWh", f"{n}度电"])
    return rng.choice([f"{n}度", f"{n}度電", f"{plain(mwh)} MWh", f"{n}千瓦時", f"{plain(mwh)}百萬瓦時"])


def price_per_kwh_usd(x: float, lang: Lang, rng: random.Random) -> str:
    """USD per kWh: 7 cents per kWh / $0.07/kWh / 每度电7美分 / 一度電0.07美元."""
    cents = plain(round(x * 100, 4))
    if lang == "en":
        return rng.choice([f"{cents} cents per kWh", f"${plain(x)}/kWh", f"{plain(x)} USD per kWh",
                           f"{cents}¢/kWh", f"${plain(x)} a kilowatt-hour"])
    if lang == "zh-Hans":
        return rng.choice([f"每度电{cents}美分", f"{plain(x)}美元/千瓦时", f"每千瓦时{plain(x)}美元",
                           f"{cents}美分一度"])
    return rng.choice([f"每度電{cents}美分", f"一度電{plain(x)}美元", f"每度{plain(x)}美金", f"{cents}美分一度"])


def price_per_kwh_cny(x: float, lang: Lang, rng: random.Random) -> str:
    if lang == "en":
        return rng.choice([f"{plain(x)} yuan per kWh", f"RMB {plain(x)}/kWh", f"CNY {plain(x)} per kilowatt-hour"])
    if lang == "zh-Hans":
        return rng.choice([f"{plain(x)}元/度", f"每度电{plain(x)}元", f"每千瓦时{plain(x)}元", f"一度电{plain(x)}块"])
    return rng.choice([f"每度電{plain(x)}元", f"{plain(x)}元人民幣一度",
                       f"每度{plain(x)}元人民幣"])


def intensity(x: float, lang: Lang, rng: random.Random) -> str:
    """kgCO2e per kWh: 0.4 kg/kWh / 400 g/kWh / 400 gCO2e per kWh / 每度电0.4千克 / 400克/千瓦时."""
    grams = plain(round(x * 1000, 3))
    if lang == "en":
        return rng.choice([f"{plain(x)} kg CO2e/kWh", f"{grams} g/kWh", f"{grams} gCO2e per kWh",
                           f"{plain(x)} kgCO2 per kWh"])
    if lang == "zh-Hans":
        return rng.choice([f"每度电{plain(x)}千克二氧化碳", f"{grams}克/千瓦时", f"{plain(x)} kgCO2e/kWh",
                           f"每度电排放{grams}克"])
    return rng.choice([f"每度電{plain(x)}公斤二氧化碳", f"{grams}克/度", f"每度電排放{grams}公克",
                       f"{plain(x)} kgCO2e/kWh"])


def tonnes(x: float, lang: Lang, rng: random.Random) -> str:
    """Emissions in tCO2e: 300 tCO2e / 300 tonnes of CO2e / 300吨二氧化碳当量 / 300公噸CO2e."""
    if lang == "en":
        return rng.choice([f"{plain(x)} tCO2e", f"{grouped(x)} tonnes of CO2e", f"{plain(x)} t CO2e",
                           f"{grouped(x)} metric tons of CO2e"])
    if lang == "zh-Hans":
        return rng.choice([f"{plain(x)}吨CO2e", f"{plain(x)}吨二氧化碳当量", f"{plain(x)}吨二氧化碳"])
    return rng.choice([f"{plain(x)}公噸CO2e", f"{plain(x)}噸二氧化碳當量", f"{plain(x)}公噸二氧化碳"])


def price_per_gpu_hour_usd(x: float, lang: Lang, rng: random.Random) -> str:
    """The amount only (the template says per GPU-hour): $2.50 / 2.5 dollars / 2.5美元 / 2.5美金."""
    if lang == "en":
        return rng.choice([f"${x:.2f}", f"${plain(x)}", f"{plain(x)} dollars", f"USD {plain(x)}"])
    return rng.choice([f"{plain(x)}美元", f"{plain(x)}美元" if lang == "zh-Hans" else f"{plain(x)}美金"])


def storage(x: float, lang: Lang, rng: random.Random) -> str:
    """An amount of data given in GB, with its unit: 800 GB / 800GB / 1.2 TB / 1,200 gigabytes / 1.2TB."""
    gb, tb = grouped(x), plain(round(x / 1000, 6))
    options = [f"{gb} GB", f"{plain(x)}GB"] if x < 10000 else []  # 22 TB, rarely 22,000 GB
    if x >= 1000:
        options += [f"{tb} TB", f"{tb}TB", f"{tb} TB"]  # past a thousand GB, people mostly switch to TB
    if lang == "en":
        if x < 10000:
            options.append(f"{gb} gigabytes")
        if x >= 1000:
            options.append(f"{tb} terabytes")
    return rng.choice(options)


FORMS: dict[str, Callable[[float, Lang, random.Random], str]] = {
    "count": count,
    "integer": integer,
    "decimal": decimal,
    "fraction": fraction,
    "scientific": scientific,
    "usd": usd,
    "cny": cny,
    "eur": eur,
    "power": power,
    "site_power": site_power,
    "energy": energy,
    "price_per_kwh_usd": price_per_kwh_usd,
    "price_per_kwh_cny": price_per_kwh_cny,
    "intensity": intensity,
    "tonnes": tonnes,
    "price_per_gpu_hour_usd": price_per_gpu_hour_usd,
    "storage": storage,
}
