"""Find the numbers an answer states in its text, in Chinese or English notation, with their display precision.

`1,287` · `1287` · `1.287k` · `128.7万` · `1.5万亿` · `$63M` · `63 million` · `1.2e24` · `1.2×10^24` · `40%`.
Citation markers (`[1]`), list numbering (`1.` at a line start), model and chip names (`GPT-4`, `H100`,
`Llama 3.1 405B`) and calendar years are not figures and are skipped.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from knowledge.vocabulary import vocabulary

ZH_SCALES = {"兆": 1e12, "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7, "百万": 1e6,
             "十万": 1e5, "万": 1e4, "千": 1e3, "萬億": 1e12, "億": 1e8, "萬": 1e4}
EN_SCALES = {word.casefold(): factor for word, factor in vocabulary().magnitudes.items() if word.isascii()}
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")

# 兆 is 10^12 in a count (Taiwan, Hong Kong: 2兆個token) but mega in a unit (兆瓦, 兆瓦时 = MW, MWh); likewise
# 千 is a thousand in a count but kilo in 千瓦/千瓦时 (5,200千瓦时 is 5,200 kWh) and 千克
_ZH = "|".join([*(f"{k}(?![瓦克])" if k.endswith("千") else k
                  for k in sorted((k for k in ZH_SCALES if k != "兆"), key=len, reverse=True)), "兆(?!瓦)"])
_EN = "|".join(sorted(EN_SCALES, key=len, reverse=True))
NUMBER_RE = re.compile(
    r"(?<![A-Za-z0-9_.\-/])"
    r"(?P<mant>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*[eE](?P<exp>[-+]?\d+)|\s*[x×*·]\s*10\s*\^?\s*(?P<pow>[-+]?\d+))?"
    rf"(?:\s*(?P<zh>{_ZH})|\s?(?P<en>{_EN})(?![A-Za-z])|\s*(?P<pct>%|％|percent\b))?",
    re.IGNORECASE,
)
CITATION_RE = re.compile(r"\[\d+(?:\s*[,，-]\s*\d+)*\]")
LIST_RE = re.compile(r"^\s*(?:\d+[.)、]|[-*+])\s+", re.MULTILINE)
YEAR_RE = re.compile(r"(?<![\d.,])(?:199\d|20[0-2]\d|2030)(?=\s*(?:年|年度|财年|Q[1-4]|\b))(?![\d.,%])")
NAME_RE = re.compile(
    r"\b(?:(?:gpt|llama|claude|gemini|palm|qwen|deepseek|chatglm|glm|ernie|mistral|mixtral|falcon|olmo|bloom|opt|"
    r"gopher|chinchilla|phi|gemma|nemotron|megatron|tpu)[\s-]?v?\d+(?:\.\d+)?"
    r"|(?:h|a|b|v|l|t|mi|gb|rtx)\d{2,4}[a-z]?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    text: str
    value: float
    tolerance: float  # half a unit in the last displayed digit, in the value's own scale
    percent: bool = False


def _pow10(exponent: int | str) -> float:
    """10 ** exponent as a float: inf beyond float range ("1e400", "1" and 400 zeros), 0 below it."""
    if isinstance(exponent, str):  # int() refuses more than 4,300 digits; any 400 are already out of range
        exponent = int(exponent) if len(exponent) < 400 else (-1000 if exponent.startswith("-") else 1000)
    try:
        return 10.0**exponent
    except OverflowError:
        return math.inf


def _precision(mant: str) -> float:
    digits = mant.replace(",", "")
    if "." in digits:
        return 0.5 * _pow10(-len(digits.split(".")[1]))
    if float(digits) < 1000:
        return 0.5
    stripped = digits.rstrip("0")
    zeros = len(digits) - len(stripped) if stripped else 0
    return 0.5 * _pow10(zeros)


@lru_cache(maxsize=8)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """One regex for every name with digits in it, longest first; built once per set of names, not per call."""
    with_digits = sorted((n for n in names if len(n) >= 2 and any(ch.isdigit() for ch in n)), key=len, reverse=True)
    if not with_digits:
        return None
    return re.compile("|".join(re.escape(n) for n in with_digits), re.IGNORECASE)


def strip_markup(text: str, names: Iterable[str] = ()) -> str:
    """Remove citation markers, list numbering, years and model/chip names before numbers are read."""
    text = unicodedata.normalize("NFKC", text).translate(SUPERSCRIPTS)
    text = CITATION_RE.sub(" ", text)
    text = LIST_RE.sub(" ", text)
    names_re = _names_pattern(frozenset(names))
    if names_re is not None:
        text = names_re.sub(" ", text)
    text = NAME_RE.sub(" ", text)
    return YEAR_RE.sub(" ", text)


def extract(text: str, names: Iterable[str] = (), skip_small_integers: bool = True) -> list[Mention]:
    """Every number stated in ``text``. Bare integers 0-10 (ordinals, "3 ways") are skipped by default."""
    return list(_extract(text, names if isinstance(names, frozenset) else frozenset(names), skip_small_integers))


@lru_cache(maxsize=4096)
def _extract(text: str, names: frozenset[str], skip_small_integers: bool) -> tuple[Mention, ...]:
    """Cached: the guard reads the same cited statements and question texts answer after answer."""
    out: list[Mention] = []
    for m in NUMBER_RE.finditer(strip_markup(text, names)):
        mant = m.group("mant")
        try:
            value = float(mant.replace(",", ""))
        except ValueError:
            continue
        tol = _precision(mant)
        scale = 1.0
        if m.group("exp"):
            scale = _pow10(m.group("exp"))
        elif m.group("pow"):
            scale = _pow10(m.group("pow"))
        if m.group("zh"):
            scale *= ZH_SCALES[m.group("zh")]
        elif m.group("en"):
            scale *= EN_SCALES[m.group("en").casefold()]
        pct = bool(m.group("pct"))
        bare = scale == 1.0 and not pct and "." not in mant and "," not in mant
        if skip_small_integers and bare and value <= 10:
            continue
        out.append(Mention(m.group(0).strip(), value * scale, tol * scale, pct))
    return tuple(out)


def matches(mention: Mention, allowed: Iterable[float], rel: float = 0.005) -> bool:
    """True when the mention equals an allowed value up to its display rounding (or ``rel``).

    A number beyond float range ("1e400") matches nothing, and allows nothing: an infinite tolerance would let any
    number through."""
    if not math.isfinite(mention.value):
        return False
    for v in allowed:
        if not math.isfinite(v):
            continue
        if v == 0 and mention.value == 0:
            return True
        tol = max(mention.tolerance, rel * abs(v))
        if abs(mention.value - v) <= tol or (mention.percent and abs(mention.value / 100 - v) <= tol / 100):
            return True
    return False
