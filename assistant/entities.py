"""Accelerators and published models named in a question, matched against the knowledge base's aliases.

Matching runs on the same prepared text as quantity extraction (NFKC, simplified, lower case) and lets spaces,
hyphens and underscores vary, so "H100 SXM", "h100-sxm" and "英伟达H100" all find the same record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from assistant.textnorm import prepare
from knowledge.loader import KnowledgeBase, default_knowledge


@dataclass(frozen=True)
class Mention:
    kind: str  # "hardware" or "model"
    id: str
    text: str  # as matched in the prepared text
    start: int = 0
    end: int = 0
    members: tuple[str, ...] = ()  # a family named without a size ("Llama 3.1"): each of its runs on file


def _alias_pattern(alias: str) -> str:
    folded = prepare(alias)
    pattern, prev, parted = "", "", False
    for ch in folded:
        if ch.isspace() or ch in "-_":
            parted = True
            continue
        if prev:
            # "H100" may be typed "H-100", never "a 100" ("a 100B model" names no A100), unless the alias has a
            # space there ("RTX 4090")
            joined = prev.isascii() and prev.isalpha() and ch.isdigit() and not parted
            pattern += r"[\-_]?" if joined else r"[\s\-_]*"
        pattern += re.escape(ch)
        prev, parted = ch, False
    # A Latin alias must not continue a longer name ("h100" is not inside "h1000" or "nh100"), but may follow a
    # count ("110万NVIDIA A100卡时" reads as "1100000nvidia a100卡时")
    before = r"(?:(?<![a-z])|(?<=\dx))" if folded[:1].isascii() else ""  # "8xH100"
    # ("GPT-3.5" and "Llama 3.2" are other versions than "GPT-3" and "Llama 3")
    return before + pattern + r"(?:s)?(?![a-z0-9]|\.\d)"  # plural: "H100s"


@lru_cache(maxsize=4)
def _matchers(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], Mention, frozenset[str]]]:
    entries: list[tuple[str, str, str]] = []
    for acc in kb.hardware.values():
        # the full name without its maker too: "the A100 SXM4 80GB" names "NVIDIA A100 SXM4 80GB"
        unbranded = acc.name.removeprefix(f"{acc.vendor} ")
        entries += [("hardware", acc.id, alias) for alias in {acc.name, unbranded, *acc.aliases}]
    for case in kb.cases.values():
        entries += [("model", case.id, alias) for alias in {case.name, case.id, *case.aliases}]
    # Longest alias first, so "Llama 3.1 405B" wins over "Llama 3" and "H100 PCIe" over "H100".
    entries.sort(key=lambda e: (-len(e[2]), e))  # (ties in a fixed order, whatever the hash seed)
    return [(re.compile(_alias_pattern(alias)), Mention(kind, key, alias), _letters(alias))
            for kind, key, alias in entries]


def _letters(alias: str) -> frozenset[str]:
    """The characters any match of an alias contains: a question lacking one cannot name it (a cheap test first)."""
    return frozenset(ch for ch in prepare(alias) if not (ch.isspace() or ch in "-_"))


def find(text: str, kb: KnowledgeBase | None = None, prepared: str | None = None) -> list[Mention]:
    """Mentions in order of appearance; overlapping aliases resolve to the longest."""
    prepared = prepared if prepared is not None else prepare(text)
    taken = [False] * len(prepared)
    found: list[tuple[int, Mention]] = []
    letters = set(prepared)
    for pattern, mention, needed in _matchers(kb or default_knowledge()):
        if not needed <= letters:
            continue
        for m in pattern.finditer(prepared):
            if any(taken[m.start():m.end()]):
                _widen(found, taken, mention, m.start(), m.end(), prepared)
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            found.append((m.start(), Mention(mention.kind, mention.id, m.group(0), m.start(), m.end())))
    if not any(mention.kind == "model" for _, mention in found):
        found += _split_names(prepared, kb or default_knowledge(), taken)
    for pattern, members in _family_matchers(kb or default_knowledge()):
        for m in pattern.finditer(prepared):
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                found.append((m.start(), Mention("model", members[0], m.group(0), m.start(), m.end(), members)))
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]


def _widen(found: list[tuple[int, Mention]], taken: list[bool], mention: Mention, start: int, end: int,
           prepared: str) -> None:
    """"Google PaLM 540B": two aliases of one name that overlap are one mention over both, so the size in the
    name is never read as a number of the question."""
    for i, (_, other) in enumerate(found):
        if other.kind == mention.kind and other.id == mention.id and other.start < end and start < other.end:
            lo, hi = min(start, other.start), max(end, other.end)
            taken[lo:hi] = [True] * (hi - lo)
            found[i] = (lo, replace(other, text=prepared[lo:hi], start=lo, end=hi))
            return


@lru_cache(maxsize=4)
def _split_matchers(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], str]]:
    """Runs named as a maker and a version ("DeepSeek-V3", "Kimi K2"), for questions that part the two."""
    out = []
    for case in kb.cases.values():
        for alias in {case.name, *case.aliases}:
            parts = re.split(r"[\s\-_]+", prepare(alias))
            if len(parts) == 2 and parts[0].isalpha() and re.fullmatch(r"[a-z]\d+(?:\.\d+)?", parts[1]):
                out.append((re.compile(rf"(?<![a-z0-9]){re.escape(parts[0])}(?:'s|’s)?(?![a-z0-9])"
                                       rf".{{1,40}}?(?<![a-z0-9])({re.escape(parts[1])})(?![a-z0-9])"), case.id))
    return out


def _split_names(prepared: str, kb: KnowledgeBase, taken: list[bool]) -> list[tuple[int, Mention]]:
    """"Is DeepSeek's $5.6M really what V3 cost?": the maker and the version, a few words apart. Only the version
    is marked as the name, so the numbers between stay the user's."""
    for pattern, run_id in _split_matchers(kb):
        m = pattern.search(prepared)
        if m and not any(taken[m.start(1):m.end(1)]):
            return [(m.start(1), Mention("model", run_id, m.group(1), m.start(1), m.end(1)))]
    return []


SIZE_RE = re.compile(r"-\d+(?:\.\d+)?[bmt]$")  # the size at the end of a run's id: "llama-2-70b"
_NAME_SIZE_RE = re.compile(r"[\s\-_]+\d+(?:\.\d+)?\s?[bmt]$", re.IGNORECASE)  # "Llama 3.1 405B" → "Llama 3.1"


@lru_cache(maxsize=4)
def _family_matchers(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """"Why is Llama 3.1's market-based carbon zero?": a family named without a size is its runs on file, smallest
    first. A size or a further version after the name ("Llama 3.1 405B", "Llama 3.3") is not the family, and a
    name without a version ("LLaMA", "Falcon") is too loose to stand for every run of it."""
    families: dict[str, list[tuple[float, str]]] = {}
    for case in kb.cases.values():
        size = case.figures.get("params_total")
        # the family its own name gives, else those its aliases with a version give ("Llama 1 13B" names the family
        # "Llama 1" where "LLaMA 13B" cannot); "Llama 3.1 405B", also called "Llama 3 405B", is no April Llama 3
        named = [_NAME_SIZE_RE.sub("", n) for n in (case.name, *case.aliases) if _NAME_SIZE_RE.search(n)]
        versioned = [n for n in named if any(ch.isdigit() for ch in n)]  # not bare "LLaMA"
        own = [n for n in versioned[:1] if _NAME_SIZE_RE.search(case.name)]
        for name in sorted(set(own or versioned)) if size is not None else ():
            families.setdefault(name, []).append((size.central, case.id))
    return [(re.compile(_alias_pattern(name).removesuffix("(?![a-z0-9])") + r"(?![a-z0-9]|[\s\-_.]*\d)"),
             tuple(run_id for _, run_id in sorted(runs)))
            for name, runs in sorted(families.items(), key=lambda f: len(f[0]), reverse=True) if len(runs) >= 2]


def sibling(run_id: str, params: float, kb: KnowledgeBase | None = None) -> str | None:
    """The run of the same family with about this many parameters ("and the 7B one?" after Llama 2 70B)."""
    kb = kb or default_knowledge()
    family = SIZE_RE.sub("", run_id)
    for case in kb.cases.values():
        size = case.figures.get("params_total")
        if case.id != run_id and SIZE_RE.sub("", case.id) == family and size is not None and \
                abs(size.central - params) <= 0.1 * params:
            return case.id
    return None


def member_of_size(members: tuple[str, ...], params: float, kb: KnowledgeBase | None = None) -> str | None:
    """The run of a family named without a size that has about this many parameters ("Llama 3.2 的1B和3B")."""
    kb = kb or default_knowledge()
    for run_id in members:
        size = kb.cases[run_id].figures.get("params_total")
        if size is not None and abs(size.central - params) <= 0.1 * params:
            return run_id
    return None


def mask(prepared: str, mentions: list[Mention]) -> str:
    """The prepared text with each mention replaced by a neutral word, so the digits of a name (Llama 2 7B,
    H100) are never read as quantities while "1024张H100" still reads as a count of GPUs."""
    out = prepared
    for m in sorted(mentions, key=lambda m: m.start, reverse=True):
        out = out[:m.start] + (" gpu " if m.kind == "hardware" else " model ") + out[m.end:]
    return out
