"""The vocabulary's phrases prepared for matching, and the helpers that search text for them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.question import (
    MONEY,
)
from assistant.textnorm import prepare
from knowledge.vocabulary import UnitForms, Vocabulary, vocabulary

ACCELERATOR, MODEL = "§", "¤"  # masks over names, so "H100" and "Llama 2 7B" are never read as numbers


@dataclass(frozen=True, eq=False)  # one per vocabulary: compared, and cached on, by identity
class Lexicon:
    """The vocabulary's phrases in prepared form, longest first, ready to match."""

    vocab: Vocabulary
    magnitudes: tuple[tuple[str, float], ...]
    units: tuple[tuple[str, UnitForms], ...]
    per: tuple[str, ...]
    gpu_hour_rates: tuple[str, ...]
    asks: tuple[tuple[str, str], ...]  # (phrase, quantity id)
    gives: dict[str, tuple[str, ...]]
    ask_any: re.Pattern[str]  # every asking phrase, longest first, found at every position (a lookahead)
    ask_ids: dict[str, tuple[str, ...]]  # phrase -> quantities it asks for
    give_re: dict[str, re.Pattern[str]]  # quantity -> its giving words
    fillers: re.Pattern[str]  # words between a named quantity and the question word after it, at a text's end
    filler_runs: re.Pattern[str]  # Chinese filler words right before a question word, anywhere
    counter: re.Pattern[str]  # a counting word right after a number ("两次", "3 rounds")


@lru_cache(maxsize=8192)  # the vocabulary is finite: every word list it holds fits
def prepared(words: tuple[str, ...]) -> tuple[str, ...]:
    """Vocabulary words in the matching form (once per word list)."""
    return tuple(prepare(w) for w in words)


def _bounded(phrase: str) -> str:
    """A phrase as a pattern; Latin letters at its edges must not run into a longer word ("h" is not in "the")."""
    left = r"(?<![a-z])" if phrase[:1].isascii() and phrase[:1].isalpha() else ""
    right = r"(?![a-z])" if phrase[-1:].isascii() and phrase[-1:].isalpha() else ""
    # a number at an edge is that number, not the end of a longer one ("1天", from 一天, is not in "91天")
    left = r"(?<![\d.])" if phrase[:1].isdigit() else left
    right = r"(?![\d.])" if phrase[-1:].isdigit() else right
    if right and re.search(r"[a-z]{5}$", phrase) and not phrase.endswith("s"):
        right = r"s?" + right  # "estimates" is "estimate" (short words stay exact: "times" is no "time")
    # Chinese text often spaces the Latin words inside it ("每 GPU 小时"): a space may stand at such a seam
    parts = re.split(r"(?<=[\u4e00-\u9fff])(?=[a-z0-9])|(?<=[a-z0-9])(?=[\u4e00-\u9fff])", phrase)
    return left + r"\s?".join(re.escape(p) for p in parts) + right


SEAM_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s(?=[a-z0-9])|(?<=[a-z0-9])\s(?=[\u4e00-\u9fff])")


def _unspaced(text: str) -> str:
    """A matched phrase as the vocabulary writes it: no space at a Chinese–Latin seam ("多少 gpu 小时")."""
    return SEAM_RE.sub("", text)


def _alternation(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return re.compile("|".join(_bounded(p) for p in ordered) or r"(?!)")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    v = vocabulary()
    longest = lambda items: tuple(sorted(items, key=lambda p: len(p[0]), reverse=True))  # noqa: E731
    asks = longest((prepare(w), q.id) for q in v.quantities for w in q.asks.all())
    fillers = re.compile(f"(?:{_alternation(prepared(tuple(v.asking_fillers.zh))).pattern})+"
                         f"(?=(?:{_alternation(p for p in prepared(tuple(v.question_words.zh)) if p != '?').pattern}))")
    ask_ids: dict[str, tuple[str, ...]] = {}
    for phrase, qid in asks:
        # questions are matched with the fillers before a question word left out ("每个参数对应多少" as
        # "每个参数对多少"), unless too little is left to say what is asked ("等于几张" is no "几张")
        short = fillers.sub("", phrase)
        kept = fillers.search(phrase)
        for form in dict.fromkeys((phrase, short if kept and kept.start() >= 4 else phrase)):
            ask_ids[form] = tuple(dict.fromkeys((*ask_ids.get(form, ()), qid)))  # 差几多 reads as 差多少, also listed
    gives = {q.id: tuple(sorted({prepare(w) for w in q.gives.all()}, key=len, reverse=True)) for q in v.quantities}
    # A Chinese unit noun before a bare number gives it too ("GPU时数48万", "卡时：50万"), for the dimension's plain
    # quantity (English writes the noun after the number, where the unit itself is read).
    plain: set[str] = set()
    for q in v.quantities:
        if q.input and not q.worded and q.dimension not in ("ratio", "none", "money", *MONEY, *plain):
            plain.add(q.dimension)
            nouns = {prepare(f) for f, u in v.unit_forms if u.dimension == q.dimension and not f.isascii() and
                     f not in v.word_endings}
            gives[q.id] = tuple(sorted(set(gives[q.id]) | nouns, key=len, reverse=True))
    money = tuple(prepare(f) for f, u in v.unit_forms if u.dimension in MONEY)
    return Lexicon(
        v,
        longest((k.casefold(), f) for k, f in v.magnitudes.items()),  # as written: "million" is the word itself
        longest((prepare(form), u) for form, u in v.unit_forms),
        tuple(sorted({prepare(p) for p in v.per}, key=len, reverse=True)),
        tuple(sorted({prepare(p) for p in v.gpu_hour_rates}, key=len, reverse=True)),
        asks,
        gives,
        re.compile("(?=(" + _alternation(ask_ids).pattern + "))"),
        ask_ids,
        {qid: _giving((*words, ACCELERATOR) if qid == "gpus" else words, money) for qid, words in gives.items()},
        re.compile(f"(?:{_alternation(prepared(tuple(v.asking_fillers.all()))).pattern}|\\s)+$"),
        fillers,
        re.compile(rf"\s?(?:{_alternation(prepared(tuple(v.counters.all()))).pattern})"),
    )


def _giving(words: tuple[str, ...], money: tuple[str, ...]) -> re.Pattern[str]:
    """Giving words as one pattern; one that begins a name of money gives nothing there ("人" of people is not
    the 人 of "人民币")."""
    pattern = _alternation(words)
    clashes = [f for f in money if any(f.startswith(w) and f != w for w in words)]
    return re.compile(f"(?!{_alternation(clashes).pattern})(?:{pattern.pattern})") if clashes else pattern


@lru_cache(maxsize=8192)
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a word list; a Latin word matches whole words only ("now" is not inside "know")."""
    return _alternation(w.strip() for w in prepared(words))


_BY_IDENTITY: dict[int, tuple[tuple[str, ...], re.Pattern[str]]] = {}


def words_in(text: str, words: Iterable[str]) -> bool:
    """Does ``text`` (prepared) contain any of ``words`` (vocabulary words, prepared here)?"""
    if isinstance(words, tuple):
        # a vocabulary list is one long-lived tuple: its identity finds its pattern without hashing every word;
        # the entry holds the tuple, so its id is not reused while cached
        known = _BY_IDENTITY.get(id(words))
        if known is None or known[0] is not words:
            if len(_BY_IDENTITY) > 4096:
                _BY_IDENTITY.clear()
            known = _BY_IDENTITY[id(words)] = (words, _phrases(words))
        return known[1].search(text) is not None
    return _phrases(tuple(words)).search(text) is not None
