"""A mixture of experts told by its parts: each expert's size, the experts a token is routed to, the parameters
every token uses, and how many experts there are ("64个专家，每个3B，top-4路由，共享参数2B")."""

from __future__ import annotations

import re

from assistant.parse.lexicon import Lexicon, _phrases, words_in
from assistant.parse.mentions import Mention
from assistant.question import Given, Question

SIDE = 24  # characters either side of a number where the word naming its part stands
TOP_K_RE = re.compile(r"top\s?-?\s?(\d{1,3}|[一二两三四五六七八])(?![\d.])")
ONE_EXPERT_RE = re.compile(r"(?:走|选|用|激活|路由到)\s?(?:一|1)个?\s?(?:专家|expert)")
CHINESE_DIGITS = {ch: float(i) for i, ch in enumerate("一二三四五六七八", start=1)} | {"两": 2.0}
MAX_ROUTED = 64


def _sides(found: list[Mention], m: Mention, masked: str) -> tuple[str, str]:
    """The text just before and after ``m``, never reaching past the numbers beside it."""
    before = max((n.end for n in found if n.end <= m.start), default=0)
    after = min((n.start for n in found if n.start >= m.end), default=len(masked))
    return masked[max(before, m.start - SIDE):m.start], masked[m.end:min(after, m.end + SIDE)]


def _experts(q: Question, found: list[Mention], masked: str, lex: Lexicon) -> None:
    """Read the parts and, with an expert's size and the experts per token known, ask for the active size
    (unless something else is asked); the numbers taken are no model size, tokens or GPUs."""
    parts = {name: _phrases(tuple(words.all())) for name, words in lex.vocab.moe_parts.items()}
    if not words_in(masked, lex.vocab.moe_parts["experts"].all()):
        return
    taken: dict[str, tuple[float, str]] = {}
    top = TOP_K_RE.search(masked)
    one = ONE_EXPERT_RE.search(masked)
    if one is not None:  # "每个token走一个专家": the 一个 is one expert, not an article
        taken["experts_routed"] = (1.0, one.group(0))
    k = None if top is None else CHINESE_DIGITS.get(top.group(1)) or float(top.group(1))
    if top is not None and k is not None and 1 <= k <= MAX_ROUTED:  # "top-2", "top-一": the k of top-k routing
        taken["experts_routed"] = (k, top.group(0))
    for m in sorted(found, key=lambda n: n.start):
        before, after = _sides(found, m, masked)
        if m.value >= 1e6 and m.dimension in (None, "params"):
            if parts["shared"].search(before) or parts["shared"].match(after.lstrip(" 的of")):
                taken.setdefault("shared_params", (m.value, m.text))
            elif parts["each"].search(before) or parts["each"].match(after.lstrip(" 参数的")):
                taken.setdefault("expert_params", (m.value, m.text))
        elif m.dimension in (None, "gpus") and not m.magnitude and float(m.value).is_integer():
            named = parts["experts"].match(after.lstrip(" 个位"))
            routed = parts["routed"].search(before) or parts["routed"].match(after.lstrip(" 个位")) or (
                named and parts["routed"].search(after))
            if routed and m.value <= MAX_ROUTED:
                taken.setdefault("experts_routed", (m.value, m.text))
            elif named:
                taken.setdefault("experts", (m.value, m.text))
    if not {"expert_params", "experts_routed"} <= taken.keys():
        return
    texts = {text for _, text in taken.values()}
    # "2B each" was read as a price each: the number's own text begins the given one
    q.given = {k: g for k, g in q.given.items() if not any(g.text.startswith(t) for t in texts)}
    units = {"expert_params": "parameter", "shared_params": "parameter", "experts_routed": "expert",
             "experts": "expert"}
    q.given.update({k: Given(k, value, units[k], text) for k, (value, text) in taken.items()})
    q.unread = [t for t in q.unread if t not in texts]
    if not q.asked or set(q.asked) & {"active_params", "params"}:
        q.asked = ["active_params"]
