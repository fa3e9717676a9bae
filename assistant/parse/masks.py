"""Spans hidden before numbers are read: dates, titles, model versions, named entities, chip codes."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.parse.lexicon import ACCELERATOR, MODEL, _alternation, _phrases, prepared
from assistant.textnorm import to_simplified
from knowledge.vocabulary import Vocabulary, vocabulary


def _mask_titles(text: str, v: Vocabulary) -> str:
    """A source's name with the year of its title ("AI Index 2024 numbers") names the source; the year is no
    count of anything."""
    names = tuple(w for named in (v.articles, v.sources_named) for words in named.values() for w in words.all())
    text = PAPER_TOPIC_RE.sub(lambda m: " " * len(m.group(0)), text)
    return _titled(names).sub(lambda m: " " * len(m.group(0)), text)


# "what the BLOOM carbon paper reports", "那篇碳排放论文": a paper named by its subject asks nothing of it
PAPER_TOPIC_RE = re.compile(r"(?<![a-z])(?:carbon|emissions?|energy|co2)\s(?:footprint\s)?"
                            r"(?:paper|study|report|notebook)(?![a-z])|碳(?:排放|足迹)?(?:论文|那篇论文|研究报告)")


@lru_cache(maxsize=4)
def _titled(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?:{_phrases(names).pattern})\s*(?:19|20)\d\d(?!\d)")


@lru_cache(maxsize=4)
def _version_re(families: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(f) for f in sorted(families, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{names})[\s-]?v?\d+(?:\.\d+)?[a-z]?(?![\d.])")


@lru_cache(maxsize=1)
def _chip_code_re() -> re.Pattern[str]:
    v = vocabulary()
    code = r"[a-z]{1,3}-?\d{2,5}[a-z]{0,3}(?:\s(?:hyper|ultra|pro|max|plus|super|ti))?"
    makers, nouns = _alternation(prepared(tuple(v.chip_makers.all()))).pattern, \
        _alternation(prepared(tuple(v.chip_nouns.all()))).pattern
    lines = _alternation(prepared(tuple(v.chip_lines.all()))).pattern  # "NVIDIA RTX Z9000 Ultra"
    # "the H900", "MI400X": the letters of a chip on file before other digits name a chip, with no maker or noun
    from knowledge.loader import default_knowledge

    shapes = {m.group(1) for acc in default_knowledge().hardware.values() for alias in (acc.id, *acc.aliases)
              if (m := re.fullmatch(r"([a-z]{1,2})\d{2,3}[a-z]?", alias.lower()))}
    known = "|".join(sorted(shapes, key=len, reverse=True))
    numbered = rf"(?:{lines})\s?(?:\d{{3,5}}[a-z]?(?!\d)|{code})"  # "RTX 9090", "思元590", "昇腾910B"
    return re.compile(rf"(?:{makers})\s?(?:(?P<c>{numbered})|(?P<a>{code}))(?![a-z0-9])|"
                      rf"(?<![a-z0-9])(?P<b>{code})\s?(?:{nouns})(?![a-z])|"
                      rf"(?<![a-z0-9])(?P<e>{numbered})(?![a-z0-9])|"  # no maker
                      rf"(?<![a-z0-9$¥€.,-])(?P<d>(?:{known})\d{{3}}[a-z]?)(?![a-z0-9])|"
                      rf"(?<![a-z0-9])(?P<f>tpu\s?-?v\d{{1,2}}[a-z]{{0,2}})(?![a-z0-9])|"  # "TPU v9": not on file
                      # "Quantum-X1 加速卡", "Zephyrion ZX-9 accelerators", "「QuarkCore Z99」AI 加速卡": a product
                      # name before a chip noun
                      rf"(?<![a-z0-9-])(?!(?:with|and|of|on|the|for|using|use|per|at|in|to|from|by|or|all|only)\s)"
                      rf"(?P<g>[a-z]{{2,12}}[\s-][a-z]{{1,3}}-?\d{{1,4}}[a-z]?)\s?[」』\"”']?\s?(?:ai\s?)?(?:{nouns})"
                      rf"(?![a-z])|"
                      # "「天河星芯 X9」加速卡", "“昆吾Q7”国产加速卡": a product code after a Chinese name, before a
                      # chip noun (the name shown with it when quotes set the two apart)
                      rf"(?<=[\u4e00-\u9fff\s「『\"“])(?P<h>(?:(?<=[「『\"“])[\u4e00-\u9fff]{{1,6}}\s?)?"
                      rf"[a-z]{{1,3}}-?\d{{1,4}}[a-z]?)\s?[」』\"”']?\s?(?:国产|自研|国内|的)?\s?(?:ai\s?)?"
                      rf"(?:{nouns})(?![a-z])")


def _unknown_chips(masked: str, typed: str, v: Vocabulary) -> list[str]:
    """Product codes that name an accelerator not on file (known ones are masked already), as the user typed
    them; a precision ("BF16 cards") is no chip."""
    precisions = {w for words in v.precisions.values() for w in words.all()}
    out = []
    simple = to_simplified(typed)  # found in the script it was read in, shown as typed ("昇腾", not "升腾")
    simple = simple if len(simple) == len(typed) else typed
    for m in _chip_code_re().finditer(masked):
        code = next(c for c in m.group("a", "b", "c", "d", "e", "f", "g", "h") if c)
        if code in precisions:
            continue
        found = re.search(re.escape(code).replace(r"\ ", r"[\s-]*"), simple, re.IGNORECASE)
        out.append(typed[found.start():found.end()] if found else code)
    return out


def _mask_contract_terms(text: str, v: Vocabulary) -> str:
    """"3年合约价每卡时1.45美元", "a 3-year reserved price": the length of a rental commitment, not a hardware life."""
    words = _phrases(tuple(prepared(tuple(v.contract_terms.all())))).pattern
    term = re.compile(rf"(?<![\d.])\d+(?:\.\d+)?\s?-?\s?(?:年期?|years?|yrs?)\s?(?:的|-)?\s?(?=(?:{words}))")
    return term.sub(lambda m: " " * len(m.group(0)), text)


def _mask_sibling_versions(text: str, runs: list[str]) -> str:
    """"Llama 3的70B（最早那版，不是3.1）": another version of the named run's family, written bare, is a name."""
    from knowledge.loader import default_knowledge

    cases = default_knowledge().cases
    families = {cases[r].name.split()[0].lower() for r in runs if r in cases}
    versions = {m.group(0) for c in cases.values() if c.name.split()[0].lower() in families
                for m in re.finditer(r"(?<![\d.])\d+\.\d+(?![\d.])", c.name)}
    if not versions:
        return text
    pattern = rf"(?<![\d.])(?:{'|'.join(re.escape(x) for x in sorted(versions))})(?![\d.]|\s?[a-z%])"
    return re.sub(pattern, lambda m: MODEL * len(m.group(0)), text)


def _mask_versions(text: str, families: list[str]) -> str:
    """"llama 3.1", "gpt-4o", "qwen2.5": a model family and its version are a name, not a quantity."""
    return _version_re(tuple(families)).sub(lambda m: MODEL * len(m.group(0)), text)


_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# a month written whole or cut short ("April 25", "Sept 2024"), never the start of another word ("maybe 30%")
_MONTH_WORDS = "january|february|march|april|june|july|august|september|october|november|december|" + _MONTHS


DATE_RE = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?[日号])?"  # 2023 年 2 月
    r"|\d{1,2}\s?月\s?\d{1,2}\s?[日号]"  # 4月25号
    r"|(?<![\d.])\d{1,2}(?:st|nd|rd|th)\b"  # "goes out on the 14th"
    r"|月\s?\d{1,2}\s?[日号]"  # "下个月 15 号"
    r"|(?:去年|今年|明年|前年|last year in|this year in)\s?\d{1,2}\s?月"  # "去年11月立项"
    r"|(?<![\d.$/])\b\d{1,2}/\d{1,2}\b(?![\d.]|\s?(?:gpu|card|chip|hour|hr|h\b|kwh|mwh|卡|张|小时|度))"  # "3/12"
    r"|\bq[1-4]\b"  # "in Q3"
    # "一年前", "a year ago": the count of a time back, never a quantity (its words still ask)
    r"|(?:(?<![\d.])[1一两二三]|\bone|\ba|\btwo)(?=\s?(?:个)?\s?(?:年|years?)\s?(?:前|以前|之前|ago|earlier|before))"
    r"|(?<![\d.])\d{1,2}\s?月(?:底|初|中旬|上旬|下旬|中|份|末|那版|版|那一版|那个版本|发布)"  # 4月底, 10月份, 4月那版
    r"|(?<![\d.])(?:(?:19|20)\d{2}|\d{2})\s?[、,/和到至~–—-]\s?(?:(?:19|20)?\d{2})\s?(?:年|财年)"  # 2025、2026年
    r"|(?<![\d.])(?:19|20)\d{2}\s?(?:年|财年|财季)"  # 2023年
    r"|(?<![\d.])20[1-3]\d\s?[-–/]\s?(?:20)?[1-3]\d(?![\d.%])"  # "2025-26", "2023/24": a span of years
    rf"|\b(?:{_MONTH_WORDS})\b\.?\s\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s(?:19|20)\d{{2}})?(?!\d)"  # april 25, 2024
    rf"|\b(?:{_MONTH_WORDS})\b\.?\s(?:19|20)\d{{2}}\b"  # "the April 2024 one"
    r"|\bq[1-4]\s?(?:19|20)\d{2}\b|\b(?:19|20)\d{2}\s?q[1-4]\b"
    # "Patterson他们2021那篇", "Patterson et al. (2021)", "the 2021 paper": a paper's year
    r"|(?<![\d.])(?:19|20)\d{2}(?=\s?(?:那篇|这篇|的那篇|的论文|论文|年的|paper|report|study|edition))"
    r"|(?:et al\.?|他们|等人|团队)\s?,?\s?[(（]?(?:19|20)\d{2}[)）]?"
    r"|(?<=今年|去年|明年|前年)\s?[(（]\s?(?:19|20)\d{2}\s?[)）]"  # "到今年（2024）": the year said again
    r"|(?:(?<=年)|(?<=year))\s?[(（]\s?(?:19|20)\d{2}\s?[)）]"  # "报道那年（2024）", "that year (2024)"
    # "百度23年在大模型上", "23年那会儿": 2023
    r"|(?<![\d.])(?:1[5-9]|2\d)\s?年(?=在|的|时|底|初|中|上半|下半|全年|第|q[1-4]|那会|那时|那阵|那一?年|左右|剩余|剩下|余下|以来|至今)"
    r"|(?<=对|于|自|从|在)\s?(?:1[5-9]|2\d)\s?年"  # "对24年剩余几季的预期"
)


# "in 2020", "from 2020 to 2024", "by 2027": a year after a word that places it in time
YEAR_AFTER_RE = re.compile(
    r"(?:\b(?:in|by|to|of|fy|since|from|until|after|before|during|through|between|year|and|the|this|that|its|their|"
    r"our|over|versus|vs|than|on)|'s)"  # ("Meta's 2024 capex guidance", "growth over 2023")
    r" ((?!2048)(?:19|20)\d{2})(?![\d,%]|\.\d)"  # (2048 is a power of two: a batch, a context, a cluster)
    rf"(?!\s?(?:gpus?|cards?|chips?|accelerators?|nodes?|servers?|tokens?|days?|hours?|weeks?|[kmg]?wh?\b|[kmbt]\b|"
    rf"gb\b|tb\b|gigabytes?|terabytes?|bytes?|(?:kilo|mega|giga)watt|"
    rf"params?|parameters?|sequences?|seqs?|steps?|iterations?|samples?|examples?|h\d|a\d|b\d|张|块|台|卡|天|条|"
    rf"{ACCELERATOR}|{MODEL}))")


def _mask_dates(text: str) -> str:
    """"4月25号", "2025、2026年", "from 2020 to 2024": a date, never a quantity."""
    text = DATE_RE.sub(lambda m: " " * len(m.group(0)), text)
    return YEAR_AFTER_RE.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + " " * 4, text)


WORKED_RE = re.compile(r"(?<![\d.])\d[\d,.]*\s?(?:[a-z]+|[\u4e00-\u9fff]{1,3})?\s?[x×*]\s?\d[\d,.]*\s?"
                       r"(?:[a-z]+|[\u4e00-\u9fff]{1,3})?\s?=\s?(?=[$¥€]?\d)")


# "一年算365天", "一年按 8760 小时", "365 days a year": how long a year is counted, not a span of the run
YEAR_LENGTH_RE = re.compile(r"(?:(?:1|一)\s?|每)年\s?(?:算|按|当|以|为|有|=)?\s?(?:365|366|360|8760|8766)\s?"
                            r"(?:天|日|个?小时|h)|"
                            r"(?:365|366|8760|8766)\s?(?:days|hours|hrs|h)\s?(?:a|per|in a|each)\s?year")
# "(1) pretraining …; (2) 4 engineers …", "1) …", "①": the numbers of a list's items, never quantities
LIST_ITEM_RE = re.compile(r"(?<![\w.$])[(（]\d{1,2}[)）]|(?:^|(?<=[\n:;：；,，。])|(?<=[:;：；,，。]\s))\d{1,2}[)）]"
                          r"(?=\s?[a-z\u4e00-\u9fff])")  # not "汇率 32)": a number a word before it names
ORDINAL_RE = re.compile(r"第\s?\d+(?![\d.])")  # "第三方", "第2期": a position, never a quantity


def _mask_worked(text: str) -> str:
    """"32 nodes x 8 = 256 H100s": the factors of a product the user worked out; its result is the number. "第三方":
    an ordinal; "一年算365天": the length of a year. "6ND 那个6是怎么来的": once the
    rule is named, its 6 said again is no quantity."""
    for pattern in (WORKED_RE, ORDINAL_RE, LIST_ITEM_RE, YEAR_LENGTH_RE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    if re.search(r"c[- ]equals[- ]snd", text):
        text = re.sub(r"(?<![a-z\d.])6(?![a-z\d.%])", " ", text)  # "这个6" too: 个 is no digit
    return text


def _entity_mask(text: str, entities: list) -> str:
    chars = list(text)
    for e in entities:
        chars[e.start:e.end] = (ACCELERATOR if e.kind == "hardware" else MODEL) * (e.end - e.start)
    return "".join(chars)
