"""An answer's cost breakdown as a small SVG bar chart, drawn here so it can sit inside its chat message as an image
(a ``data:`` URI the page's CSP allows) with no plotting library and no script.

Every text in the SVG is XML-escaped: labels come from the answer, which is data, never markup.
"""

from __future__ import annotations

import base64
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from assistant.render import in_script, quantity

WIDTH = 360  # a phone shows the image at about 250 px: few, large letters stay readable there
ROW = 42  # a label line above its bar: long (Chinese) labels need no column of their own
TOP = 34
BAR_H = 14
PALETTE = ("#2563eb", "#0f766e", "#b45309", "#7c3aed", "#be123c")
FONT = "system-ui, 'Noto Sans CJK TC', 'Noto Sans CJK SC', sans-serif"


def _fit(text: str, width: int) -> str:
    """Cut a label to about ``width`` px (a Han character is about twice a Latin one wide at this size)."""
    units, out = 0.0, []
    for ch in text:
        units += 12 if ord(ch) > 0x2E80 else 6.5
        if units > width:
            return "".join(out).rstrip() + "…"
        out.append(ch)
    return text


def bar_chart_svg(chart: dict[str, Any], lang: str) -> str:
    """``chart`` = {"title", "unit", "bars": [{"label", "value", "series"}]} → an SVG document (horizontal bars, one
    colour per series, a legend when there are several); values written as ``lang`` (an answer language) writes
    them."""
    bars = [b for b in chart.get("bars") or [] if isinstance(b.get("value"), int | float) and b["value"] >= 0]
    series = list(dict.fromkeys(str(b.get("series") or "") for b in bars))
    legend = len(series) > 1
    top = TOP + (20 * len(series) if legend else 0)
    height = top + ROW * len(bars) + 8
    biggest = max((b["value"] for b in bars), default=0) or 1
    unit = str(chart.get("unit") or "")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" font-family="{FONT}" font-size="14">',
             f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
             f'<text x="8" y="20" font-weight="600" font-size="14" fill="#111827">'
             f'{xml_escape(_fit(str(chart.get("title") or ""), WIDTH - 16))}</text>']
    if legend:
        for i, name in enumerate(series):
            y = TOP + 20 * i
            parts.append(f'<rect x="8" y="{y - 10}" width="12" height="12" fill="{PALETTE[i % len(PALETTE)]}"/>'
                         f'<text x="26" y="{y}" fill="#374151">{xml_escape(_fit(name, WIDTH - 40))}</text>')
    room = WIDTH - 16 - 150  # the value is written after the bar: "2.069 million USD" needs about 140 px
    for i, bar in enumerate(bars):
        y = top + ROW * i
        colour = PALETTE[series.index(str(bar.get("series") or "")) % len(PALETTE)]
        width = max(2, round(room * bar["value"] / biggest))
        value = xml_escape(in_script(quantity(float(bar["value"]), unit, lang), lang))
        label = xml_escape(_fit(str(bar.get("label") or ""), WIDTH - 16))
        parts.append(f'<text x="8" y="{y + 14}" fill="#374151">{label}</text>'
                     f'<rect x="8" y="{y + 20}" width="{width}" height="{BAR_H}" rx="3" fill="{colour}"/>'
                     f'<text x="{14 + width}" y="{y + 32}" fill="#111827">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
