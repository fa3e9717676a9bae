"""Turning an Answer into what the web clients show: streamed pieces, a sources list, a breakdown table.

The assistant's answer is checked by the provenance guard as a whole before anything is sent, so streaming is
the delivery of an already-verified answer in small pieces: no client ever sees a number that was later withdrawn.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from knowledge.vocabulary import vocabulary

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Every character is Han, whitespace or neither, so the pieces always join back to the whole text.
_PIECE = re.compile(rf"[{_HAN}]{{1,3}}|[^\s{_HAN}]+\s*|\s+")



def pieces(text: str, at_most: int | None = None) -> Iterator[str]:
    """Word-sized pieces of ``text`` (1–3 characters of Chinese), concatenating back to ``text`` exactly.

    ``at_most`` groups neighbouring words so a long answer streams in at most that many pieces: each SSE event has
    a fixed cost, and under load hundreds of them per answer cost more than the answer itself."""
    words = [m.group() for m in _PIECE.finditer(text)]
    size = max(1, -(-len(words) // at_most)) if at_most else 1
    for start in range(0, len(words), size):
        yield "".join(words[start:start + size])


def sources_text(answer: dict[str, Any], markdown: bool = False) -> str:
    """The numbered citations to append to the answer text, for clients that show only that text.

    ``markdown`` escapes markup in titles and quotes (a source is text, never HTML) and sets the list apart."""
    if not answer["citations"]:
        return ""
    zh = answer["language"].startswith("zh")
    esc = escape if markdown else str
    heading = ("**来源**" if zh else "**Sources**") if markdown else ("来源:" if zh else "Sources:")
    lines = ["", "", *(["---", heading, ""] if markdown else [heading])]
    for c in answer["citations"]:
        title = esc(c["title"])
        if c.get("url"):  # a link the reader can follow; plain text shows the address after the title
            title = f"[{title}]({c['url']})" if markdown else f"{title} <{c['url']}>"
        line = f"[{c['n']}] {title}"
        if c.get("locator"):
            line += f", {esc(c['locator'])}"
        if c.get("quote"):
            line += f" — “{esc(c['quote'])}”"
        lines.append(line + ("  " if markdown else ""))  # two spaces: a Markdown line break
    return "\n".join(lines)


def escape(text: str) -> str:
    """Markdown stays, markup does not: a question or quote holding `<img onerror=…>` shows as text."""
    return html.escape(text, quote=False)


def breakdown(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows (calculation, component, value, unit) for every calculation that splits its result into parts."""
    lang = "zh" if answer["language"].startswith("zh") else "en"
    labels = {name: label.in_(lang) for name, label in vocabulary().components.items()}
    rows = []
    for calc in answer["calculations"]:
        for name, value in (calc.get("components") or {}).items():
            if isinstance(value, int | float):
                rows.append({"calculation": calc.get("label", calc["tool"]), "component": labels.get(name, name),
                             "value": float(value), "unit": calc.get("unit", "")})
    return rows
