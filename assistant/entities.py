"""Accelerators and published models named in a question, matched against the knowledge base's aliases.

Matching runs on the same prepared text as quantity extraction (NFKC, simplified, lower case) and lets spaces,
hyphens and underscores vary, so "H100 SXM", "h100-sxm" and "英伟达H100" all find the same record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.quantities import prepare
from knowledge.loader import KnowledgeBase, default_knowledge


@dataclass(frozen=True)
class Mention:
    kind: str  # "hardware" or "model"
    id: str
    text: str


def _alias_pattern(alias: str) -> str:
    folded = prepare(alias)
    parts = [re.escape(ch) for ch in folded if not ch.isspace() and ch not in "-_"]
    # Letters and digits of a Latin alias must not continue a longer name: "h100" is not inside "h1000".
    return r"(?<![a-z0-9])" + r"[\s\-_]*".join(parts) + r"(?![a-z0-9])"


@lru_cache(maxsize=4)
def _matchers(kb: KnowledgeBase) -> list[tuple[re.Pattern[str], Mention]]:
    entries: list[tuple[str, str, str]] = []
    for acc in kb.hardware.values():
        entries += [("hardware", acc.id, alias) for alias in {acc.name, *acc.aliases}]
    for case in kb.cases.values():
        entries += [("model", case.id, alias) for alias in {case.name, case.id, *case.aliases}]
    # Longest alias first, so "Llama 3.1 405B" wins over "Llama 3" and "H100 PCIe" over "H100".
    entries.sort(key=lambda e: len(e[2]), reverse=True)
    return [(re.compile(_alias_pattern(alias)), Mention(kind, key, alias)) for kind, key, alias in entries]


def find(text: str, kb: KnowledgeBase | None = None) -> list[Mention]:
    """Mentions in order of appearance; overlapping aliases resolve to the longest."""
    prepared = prepare(text)
    taken = [False] * len(prepared)
    found: list[tuple[int, Mention]] = []
    for pattern, mention in _matchers(kb or default_knowledge()):
        for m in pattern.finditer(prepared):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
            found.append((m.start(), Mention(mention.kind, mention.id, m.group(0))))
    return [mention for _, mention in sorted(found, key=lambda item: item[0])]
