"""The answer's markdown, written from its layout: the one text the API, the OpenAI-compatible content, the
evaluation and the provenance guard read, so every face shows the same answer in the same order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from assistant.answer import InputRow, Layout
from knowledge.vocabulary import vocabulary


def origin_text(row: InputRow, lang: str) -> str:
    """"you gave" / "source [2]" / "default [3]" / "calculated", in the reader's language."""
    said = vocabulary().say(f"origin_{row.origin}", lang)
    if row.cite is None:
        return said
    return f"{said} [{row.cite}]" if not lang.startswith("zh") else f"{said}[{row.cite}]"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[InputRow], lang: str) -> str:
    v = vocabulary()
    head = [v.say("column_input", lang), v.say("column_value", lang), v.say("column_origin", lang)]
    lines = [f"| {' | '.join(head)} |", "|---|---|---|"]
    lines += [f"| {_cell(r.name)} | {_cell(r.value)} | {_cell(origin_text(r, lang))} |" for r in rows]
    return "\n".join(lines)


def markdown(layout: Layout, lang: str) -> str:
    """Bold headline, the key-inputs table, the notes, the assumptions as bullets, then the remaining inputs and
    the steps inside a collapsed ``<details>`` block."""
    parts = [f"**{layout.headline}**"] if layout.headline else []
    if layout.key_inputs:
        parts.append(_table(layout.key_inputs, lang))
    parts += layout.notes
    if layout.assumptions:
        title = vocabulary().say("assumptions_title", lang)
        parts.append(title + "\n\n" + "\n".join(f"- {a}" for a in layout.assumptions))
    details = []
    if layout.more_inputs:
        details.append(_table(layout.more_inputs, lang))
    if layout.steps:
        details.append("\n".join(f"- {s.formula} = {s.result}" for s in layout.steps))
    if details:
        body = "\n\n".join(details)
        parts.append(f"<details><summary>{layout.details_title}</summary>\n\n{body}\n\n</details>")
    return "\n\n".join(parts)


def converted(layout: Layout, convert: Callable[[str], str]) -> Layout:
    """The layout with every text passed through ``convert`` (the reader's script)."""
    rows = [[replace(r, name=convert(r.name), value=convert(r.value)) for r in rs]
            for rs in (layout.key_inputs, layout.more_inputs)]
    chart = layout.chart
    if chart is not None:
        chart = replace(chart, title=convert(chart.title),
                        bars=[replace(b, label=convert(b.label), series=convert(b.series)) for b in chart.bars])
    return replace(layout, headline=convert(layout.headline), key_inputs=rows[0], more_inputs=rows[1],
                   steps=[replace(s, label=convert(s.label), formula=convert(s.formula), result=convert(s.result))
                          for s in layout.steps],
                   assumptions=[convert(a) for a in layout.assumptions], notes=[convert(n) for n in layout.notes],
                   chart=chart, details_title=convert(layout.details_title))
