"""Does a fact card speak to a question: the words they share, and whether the question names the card's topic.

Words are the search index's tokens (jieba for Chinese, whole Latin words), so matching here agrees with retrieval.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.textnorm import everyday_word, tokenize
from knowledge.loader import KnowledgeBase
from knowledge.schema import FactCard
from knowledge.vocabulary import vocabulary


@lru_cache(maxsize=4096)  # a card's or a question's words: cut once, not once per card compared
def _words_of(text: str) -> frozenset[str]:
    return frozenset(tokenize(text))


def card_text(card: FactCard) -> str:
    return f"{card.statement.en} {card.statement.zh} {card.subject} {card.metric}"


def card_words(card: FactCard) -> frozenset[str]:
    return _words_of(card_text(card))


@lru_cache(maxsize=4)
def _rare_words(texts: tuple[str, ...]) -> frozenset[str]:
    """Words at most three cards use ("moe", "蒸馏", "sakana"): naming one names a topic, where "cost" or 训练
    names the whole domain."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in _words_of(text):
            counts[word] = counts.get(word, 0) + 1
    return frozenset(w for w, n in counts.items() if n <= 3 and (len(w) > 1 or w.isascii()))


@lru_cache(maxsize=4)
def _proper_words(texts: tuple[str, ...]) -> frozenset[str]:
    """Latin words some card writes with a capital or a digit ("Sakana", "MoE", "H100"): the names a question can
    share with a card, where "Champions League" shares only a common word ("an early champion of")."""
    return frozenset(w.casefold() for text in texts for w in re.findall(r"[A-Za-z][A-Za-z0-9.\-]*", text)
                     if any(c.isupper() or c.isdigit() for c in w))


@lru_cache(maxsize=1)
def _domain_words() -> frozenset[str]:
    """Words of the vocabulary itself ("lever", "cut", 成本) and the sources' names: they name the domain, the
    question's form or where to look, never a card's topic, however few cards use them."""
    v = vocabulary()
    lists = [*v.explain.why.all(), *v.explain.lower.all(), *v.explain.what.all(), *v.cost_words.all(),
             *v.amount_words.all(), *v.question_words.all(), *v.function_words.all(), *v.asking_fillers.all()]
    lists += [w for q in v.quantities for w in (*q.asks.all(), *q.gives.all(), q.label.en, q.label.zh)]
    # a source's name ("the Jade Bird article", 腾讯科技) says where to look, not what about
    lists += [w for words in (*v.articles.values(), *v.sources_named.values(), v.any_article) for w in words.all()]
    return frozenset(t for w in lists for t in tokenize(w))


def _topical(shared: set[str], question: str, strict: bool = True, proper: frozenset[str] | None = None) -> bool:
    """A name is a topic: a Latin word the question writes with a capital or a digit ("MoE", "Sakana", "H100"),
    a Chinese word of three characters ("知识蒸馏") or a term of two ("模态", not 一部), or two Chinese words;
    one plain Latin word in common ("small") is chance."""
    def named(word: str) -> bool:
        if not word.isascii():
            return len(word) >= 3 or (strict and len(word) == 2 and not everyday_word(word))
        if not any(c.isalpha() for c in word):
            return False  # "for 6 people": a bare number names nothing
        if not strict:
            return len(word) >= 3
        typed = re.search(rf"(?<![A-Za-z]){re.escape(word)}", question, re.IGNORECASE)
        return typed is not None and any(c.isupper() or c.isdigit() for c in typed.group(0)) and \
            (proper is None or word in proper)

    # two Chinese words in common name a topic, unless they are everyday words ("自己", "打算"); so do two longer
    # Latin words however they are cased ("mixture-of-experts")
    return any(named(w) for w in shared) or sum(not w.isascii() and not everyday_word(w) for w in shared) >= 2 or \
        sum(w.isascii() and len(w) >= 5 for w in shared) >= 2


def names_topic(question: str, card: FactCard, every: list[FactCard], strict: bool = True) -> bool:
    """Does the question name something this card is about, by a word few of ``every`` card share? Not
    ``strict``: any longer such word counts ("resellers")."""
    texts = tuple(card_text(c) for c in every)
    return _topical(set(_words_of(question)) & card_words(card) & _rare_words(texts) - _domain_words(), question,
                    strict, _proper_words(texts))


def topic_words(question: str, card: FactCard, every: list[FactCard]) -> int:
    """How many of the rare words the question names this card shares: ranks cards that are all about it."""
    rare = _rare_words(tuple(card_text(c) for c in every))
    return len(set(_words_of(question)) & card_words(card) & rare - _domain_words())


def names_any_topic(question: str, every: list[FactCard], strict: bool = True) -> bool:
    """Does the question name something some card is about ("阿莫代伊", "Sakana"), not only the domain? Not
    ``strict``: any longer word few cards use counts ("and with hopper?")."""
    texts = tuple(card_text(c) for c in every)
    return _topical(set(_words_of(question)) & _rare_words(texts) - _domain_words(), question, strict,
                    _proper_words(texts))


def overlap(question: str, card: FactCard) -> float:
    """Words the question and the card share (a shared single Han character counts half, since jieba cuts 参数量
    as 参+数量 but 参数 whole)."""
    shared = _words_of(question) & card_words(card)
    return sum(1.0 if len(t) > 1 else 0.5 for t in shared if len(t) > 1 or "\u4e00" <= t <= "\u9fff")


def relevant(question: str, card: FactCard, enough: float = 2) -> bool:
    """Does the card speak to the question (two shared words)? Keeps a weather question from the nearest cost
    card."""
    return overlap(question, card) >= enough


def states(card: FactCard, value: float) -> bool:
    """Does the card carry ``value`` among its figures or in its statement ("the same 1.8T-parameter job", "a model
    of about 100 billion parameters")?"""
    from assistant.numbers import extract

    # a range's ends bound an estimate ("several weeks": 14–63 days); they state no subject ("64 GPUs")
    stated = [f.value for f in card.figures if f.value]
    stated += [m.value for m in extract(card.statement.en, (), False)]
    return any(abs(x - value) <= 0.02 * abs(x) for x in stated)


@lru_cache(maxsize=16384)  # one question asks it of every card's subject, several times over
def names_subject(prepared: str, subject: str) -> bool:
    """Does the question name the card's subject ("gpt-2", "meta", "microsoft")? Hyphens and spaces may vary."""
    words = [w for w in re.split(r"[-_\s]+", subject) if w]
    generic = {"llm", "training", "ai", "cost", "model", "models", "industry", "data", "center", "centre", "gpu"}
    if not words or set(words) <= generic:
        return False
    if any(name in prepared for name in vocabulary().subject_names.get(subject, ())):  # 微软 is microsoft
        return True
    if len(words) > 1 and re.fullmatch(r"(19|20)\d\d", words[-1]) and words[-1] in prepared:
        words = words[:-1]  # "transformer-2017" is named by "the 2017 Transformer" as well
    return _subject_pattern(tuple(words)).search(prepared) is not None


@lru_cache(maxsize=1024)
def _subject_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"[\s-]?".join(re.escape(w) for w in words))


YEAR_RE = re.compile(r"(?<!\d)20[0-4]\d(?!\d)")
THIS_YEAR_RE = re.compile(r"(?<![a-z])this year|今年|本年度")
YEAR_PAIR_RE = re.compile(r"20[0-4]\d\s?[、,/和到至~–—-]\s?([0-4]\d)(?!\d)")  # "2025、26年": 2026 too


def years_shared(question: str, card: FactCard, kb: KnowledgeBase) -> int:
    """How many of the years a question names ("Amodei's forecast for 2025-26") the card's statement names too;
    "this year" is the year the card's source was published ("Dell'Oro's estimate for this year")."""
    named = set(YEAR_RE.findall(question)) | {f"20{m.group(1)}" for m in YEAR_PAIR_RE.finditer(question)}
    stated = set(YEAR_RE.findall(card.statement.en))
    if THIS_YEAR_RE.search(question):  # the year its figures are of, where they say (not one they are set against)
        dated = {f.date[:4] for f in card.figures if f.date}
        stated_now = (dated or stated) & set(YEAR_RE.findall((kb.sources[card.source].date or "")[:4]))
        return len(named & stated) + len(stated_now)
    return len(named & stated)



# A proper name as typed: capitalised words (in English past a sentence's start), or a 《title》. A word in capitals
# is an acronym ("CEO", "MSFT", "RLHF") and one in lower case a term ("pretrain", "tCO2e").
_CAPITALISED = r"[A-Z][a-z][A-Za-z0-9&'-]+(?:\s(?:&\s)?[A-Z][A-Za-z0-9&'-]+)*"
NAME_RE = re.compile(rf"(?<![.?!]\s)(?<!^)\b{_CAPITALISED}|《[^》]{{1,30}}》")
LATIN_RE = re.compile(rf"(?<![A-Za-z]){_CAPITALISED}")
PLACED_RE = re.compile(r"\b(?:in|at)\s$")


def unnamed(question: str, texts: list[str], known: frozenset[str]) -> str | None:
    """A name the question asks about that none of ``texts`` mention ("the Jade Bird article on Gemma's cost",
    "OpenAI跟《时代》谈的授权"), nor the vocabulary knows: the sources are silent about it, whatever else they say."""
    chinese = re.search(r"[\u4e00-\u9fff]", question) is not None
    # (a place is where the asker is, "a client in Taipei", not what the figure is of)
    names = [m.group(0) for m in NAME_RE.finditer(question) if not PLACED_RE.search(question, 0, m.start())]
    if chinese:
        names += [m.group(0) for m in LATIN_RE.finditer(question)]
    said = " ".join(texts).casefold()
    for name in names:
        words = [name.strip("《》")] if name.startswith("《") else re.findall(r"[a-z0-9]{3,}", name.casefold())
        if any(w.casefold() not in said and w.casefold().rstrip("s") not in said and w.casefold() not in known
               for w in words):
            return name.removesuffix("'s")
    return None
