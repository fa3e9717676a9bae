"""Turning an Answer into what the web clients show: streamed pieces, the chat page's message (from the answer's
``layout`` when it has one, else its markdown), a sources list, a breakdown chart.

The assistant's answer is checked by the provenance guard as a whole before anything is sent, so streaming is
the delivery of an already-verified answer in small pieces: no client ever sees a number that was later withdrawn.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from assistant.render import in_script
from knowledge.vocabulary import vocabulary
from ui.web.chart import bar_chart_svg, data_uri
from ui.web.wording import Lang, lang_of, t

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Every character is Han, whitespace or neither, so the pieces always join back to the whole text.
_PIECE = re.compile(rf"[{_HAN}]{{1,3}}|[^\s{_HAN}]+\s*|\s+")
_MARKER = re.compile(r"\[(\d+)\]")
ORIGINS = ("you", "source", "default", "calculated")


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
    lang = answer["language"]
    labels = {name: in_script(label.in_(lang), lang) for name, label in vocabulary().components.items()}
    rows = []
    for calc in answer["calculations"]:
        for name, value in (calc.get("components") or {}).items():
            if isinstance(value, int | float):
                rows.append({"calculation": in_script(calc.get("label", calc["tool"]), lang),
                             "component": labels.get(name, name),
                             "value": float(value), "unit": calc.get("unit", "")})
    return rows


def chart_of(answer: dict[str, Any]) -> dict[str, Any] | None:
    """The chart the answer asks for (``layout.chart``); an answer without a layout gets its USD breakdown."""
    layout = answer.get("layout")
    if layout is not None:
        return layout.get("chart") or None
    rows = [r for r in breakdown(answer) if r["unit"] == "USD"]
    if not rows:
        return None
    return {"title": t(lang_of(answer["language"]), "chart"), "unit": "USD",
            "bars": [{"label": r["component"], "value": r["value"], "series": r["calculation"]} for r in rows]}


def _cell(text: str) -> str:
    return escape(text).replace("|", "\\|").replace("\n", " ")


class MessageView:
    """One answer as the chat page shows it. ``anchor`` makes the ids of its source entries unique on the page, so
    a ``[n]`` link reaches this answer's source n and not an earlier answer's."""

    def __init__(self, answer: dict[str, Any], anchor: str):
        self.answer = answer
        self.anchor = anchor
        self.lang: Lang = lang_of(answer["language"])
        self.layout: dict[str, Any] | None = answer.get("layout")
        self.numbers = {c["n"] for c in answer["citations"]}

    def source_id(self, n: int) -> str:
        return f"{self.anchor}-src-{n}"

    def linked(self, text: str) -> str:
        """``text`` escaped, each ``[n]`` of a cited source a link to its entry in the list below."""
        def link(m: re.Match[str]) -> str:
            n = int(m.group(1))
            return f"[\\[{n}\\]](#{self.source_id(n)})" if n in self.numbers else m.group()
        return _MARKER.sub(link, escape(text))

    def _inputs_table(self, rows: list[dict[str, Any]]) -> list[str]:
        lang = self.lang
        lines = [f"| {t(lang, 'input')} | {t(lang, 'value')} | {t(lang, 'origin')} |", "|---|---|---|"]
        for row in rows:
            origin = t(lang, f"origin.{row['origin']}") if row.get("origin") in ORIGINS else _cell(str(row["origin"]))
            if isinstance(row.get("cite"), int):
                origin += " " + self.linked(f"[{row['cite']}]")
            lines.append(f"| {_cell(row['name'])} | {_cell(row['value'])} | {origin} |")
        return lines

    def body(self) -> str:
        """The message itself: headline, key inputs, notes, assumptions (the steps go to `steps`)."""
        layout = self.layout
        if layout is None:
            return self.linked(self.answer["answer"])
        lines = [f"**{self.linked(layout['headline'])}**", ""]
        if layout.get("key_inputs"):
            lines += [*self._inputs_table(layout["key_inputs"]), ""]
        lines += [f"{self.linked(note)}\n" for note in layout.get("notes") or []]
        if layout.get("assumptions"):
            lines += [f"**{t(self.lang, 'assumptions')}**", ""]
            lines += [f"- {self.linked(a)}" for a in layout["assumptions"]]
        return "\n".join(lines).strip()

    def steps(self) -> str:
        """The collapsible part: more inputs and the calculation steps (empty when there are none)."""
        layout = self.layout
        if layout is None:
            return self._calculations()
        lines: list[str] = []
        if layout.get("more_inputs"):
            lines += [f"**{t(self.lang, 'more_inputs')}**", "", *self._inputs_table(layout["more_inputs"]), ""]
        for i, step in enumerate(layout.get("steps") or [], 1):
            # The formula as a person writes it, then the numbers put in: "6 × 7e10 × 2e12 = 8.4e23 FLOP".
            lines.append(f"{i}. **{escape(step['label'])}**: {escape(step['formula'])}  \n   {escape(step['result'])}")
        return "\n".join(lines).strip()

    def _calculations(self) -> str:
        lines: list[str] = []
        for calc in self.answer["calculations"]:
            lines += [f"**{escape(in_script(calc.get('label', calc['tool']), self.lang))}**: "
                      f"`{escape(calc['formula'])}`", ""]
            lines += [f"{i}. {escape(step)}" for i, step in enumerate(calc["steps"], 1)]
            lines.append("")
        return "\n".join(lines).strip()

    def steps_title(self) -> str:
        return (self.layout or {}).get("details_title") or t(self.lang, "details")

    def chart(self) -> str:
        """The breakdown chart as a Markdown image, or "" when the answer has none."""
        chart = chart_of(self.answer)
        if not chart or not chart.get("bars"):
            return ""
        title = chart.get("title") or t(self.lang, "chart")
        svg = bar_chart_svg({**chart, "title": title}, self.answer["language"])
        alt = escape(t(self.lang, "chart_alt", title=title)).replace("]", "")
        return f"![{alt}]({data_uri(svg)})"

    def sources(self) -> str:
        """The numbered sources as HTML: each entry opens to its locator and quote, its title links to the source
        when the answer has an address for it (never an invented one)."""
        cites = self.answer["citations"]
        if not cites:
            return ""
        out = [f"**{t(self.lang, 'sources')}**", ""]
        for c in cites:
            title = html.escape(str(c.get("title") or c.get("source_id") or ""))
            url = c.get("url") or ""
            if url.startswith(("https://", "http://")):
                link = f'<a href="{html.escape(url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
            else:
                link = f"{title} ({t(self.lang, 'no_link')})"
            detail = [html.escape(str(c["locator"]))] if c.get("locator") else []
            if c.get("quote"):
                detail.append(f"“{html.escape(str(c['quote']))}”")
            out.append(f'<details class="source" id="{self.source_id(c["n"])}"><summary>[{c["n"]}] {title}'
                       f"</summary><p>{link}</p><p>{' — '.join(detail)}</p></details>")
        return "\n".join(out)
