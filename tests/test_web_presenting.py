"""The chat page's rendering of an Answer, from hand-made answers in the layout contract (issue 13), and the fixed
strings every face shows."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from typing import Any

import opencc
import pytest

from ui.web.chart import bar_chart_svg
from ui.web.link_preview import TAGS, rewrite
from ui.web.presenting import MessageView, chart_of
from ui.web.wording import EXAMPLES, LANGS, TEXT, lang_of, ui_language

HOSTILE = '<img src=x onerror="alert(1)">'

ANSWER: dict[str, Any] = {
    "answer": "**Renting H100s costs about 2.07 million USD [1].**", "language": "en", "status": "answered",
    "intent": "training_cost", "figures": [], "latency_ms": 1, "follow_ups": ["And on A100s?"],
    "calculations": [{"tool": "amortised_cost", "label": "amortised", "formula": "f", "steps": ["s"],
                      "components": {"energy": 50963.0}, "unit": "USD"}],
    "citations": [{"n": 1, "source_id": "epoch", "title": "Rising costs", "locator": "Table 2",
                   "quote": "per GPU-hour", "url": "https://arxiv.org/abs/2405.21015"},
                  {"n": 2, "source_id": "card", "title": f"Card {HOSTILE}", "locator": None, "quote": None,
                   "url": None}],
    "layout": {
        "headline": f"Renting H100s costs about 2.07 million USD [1] {HOSTILE}.",
        "key_inputs": [{"name": "parameters", "value": "70B", "origin": "you", "cite": None},
                       {"name": "price | per hour", "value": "3.29 USD", "origin": "source", "cite": 1}],
        "more_inputs": [{"name": "peak", "value": "989 TFLOP/s", "origin": "source", "cite": 2}],
        "steps": [{"label": "compute", "formula": "6·N·D", "result": "8.4e23 FLOP"}],
        "assumptions": ["MFU is 37.5% [1]"], "notes": ["Final run only [3]."],
        "chart": {"title": "Rental vs ownership", "unit": "USD",
                  "bars": [{"label": "rental", "value": 2069000.0, "series": "rent"},
                           {"label": f"hardware {HOSTILE}", "value": 781918.0, "series": "own"}]},
        "details_title": "How this was calculated"}}


def test_a_laid_out_answer_starts_with_its_bold_headline_and_links_its_markers() -> None:
    view = MessageView(ANSWER, "a3")
    body = view.body()
    assert body.startswith("**Renting H100s costs about 2.07 million USD [\\[1\\]](#a3-src-1)")
    assert "&lt;img src=x" in body and "<img" not in body  # the answer's text is text
    assert "| parameters | 70B | you |" in body and "| source [\\[1\\]](#a3-src-1) |" in body
    assert "price \\| per hour" in body  # a pipe in a value does not split the table
    assert "Final run only [3]." in body  # a marker of no citation stays as written: no link to nowhere
    assert body.index("Assumptions") < body.index("MFU is 37.5%")
    assert "6·N·D" not in body and "peak" not in body  # steps and more inputs go to the collapsed part
    steps = view.steps()
    assert "**More inputs**" in steps and "1. **compute**: 6·N·D  \n   8.4e23 FLOP" in steps
    assert view.steps_title() == "How this was calculated"


def test_sources_open_to_locator_and_quote_and_link_only_a_known_address() -> None:
    sources = MessageView(ANSWER, "a3").sources()
    first, second = re.findall(r"<details.*?</details>", sources)
    assert 'id="a3-src-1"' in first and 'href="https://arxiv.org/abs/2405.21015"' in first
    assert "Table 2" in first and "“per GPU-hour”" in first
    assert "href" not in second and "no address on file" in second and "&lt;img" in second and "<img" not in second
    hostile = copy.deepcopy(ANSWER)
    hostile["citations"][0]["url"] = "javascript:alert(1)"
    assert "href" not in MessageView(hostile, "a0").sources()


def test_the_chart_is_the_layouts_and_escapes_its_labels() -> None:
    assert chart_of(ANSWER) == ANSWER["layout"]["chart"]
    svg = bar_chart_svg(chart_of(ANSWER), "en")
    tree = ET.fromstring(svg)  # well-formed: a label cannot open an element
    ns = "{http://www.w3.org/2000/svg}"
    assert len(tree.findall(f"{ns}rect")) == 1 + 2 + 2  # background, legend of two series, two bars
    assert "hardware <img" in "".join(tree.itertext()) and "2.069 million USD" in svg
    assert MessageView(ANSWER, "a0").chart().startswith("![Bar chart: Rental vs ownership](data:image/svg+xml;")


def test_no_chart_when_the_layout_has_none_and_the_breakdown_without_a_layout() -> None:
    no_chart = copy.deepcopy(ANSWER)
    no_chart["layout"]["chart"] = None
    assert chart_of(no_chart) is None and MessageView(no_chart, "a0").chart() == ""
    plain = {k: v for k, v in ANSWER.items() if k != "layout"}
    assert chart_of(plain)["bars"] == [{"label": "electricity", "value": 50963.0, "series": "amortised"}]


def test_an_answer_without_a_layout_shows_its_markdown() -> None:
    plain = {**{k: v for k, v in ANSWER.items() if k != "layout"}, "answer": f"Text {HOSTILE} [1] and [2]."}
    view = MessageView(plain, "a1")
    assert view.body() == "Text &lt;img src=x onerror=\"alert(1)\"&gt; [\\[1\\]](#a1-src-1) and [\\[2\\]](#a1-src-2)."
    assert "1. s" in view.steps()


def test_zh_hant_labels_and_the_chart_are_written_in_taiwan_usage() -> None:
    plain = {k: v for k, v in ANSWER.items() if k != "layout"} | {"language": "zh-Hant"}
    assert chart_of(plain)["title"] == "成本組成" and chart_of(plain)["bars"][0]["label"] == "電費"
    assert "| 項目 | 數值 | 出自 |" in MessageView(ANSWER | {"language": "zh-Hant"}, "a0").body()


def test_every_string_exists_in_every_language_and_zh_hant_has_no_simplified_only_character() -> None:
    assert all(TEXT[lang].keys() == TEXT["en"].keys() for lang in LANGS)
    cc = opencc.OpenCC("s2tw")
    hant = "".join(TEXT["zh-Hant"].values()) + "".join(EXAMPLES["zh-Hant"])
    assert [c for c in hant if cc.convert(c) != c] == []  # character by character: 只 stays 只 (not 隻)
    for word in ("計算過程", "來源", "假設"):
        assert word in hant
    assert all(TEXT["zh-Hant"][k] != cc.convert(TEXT["zh-Hans"][k]) for k in ("title", "intro", "no_link"))


@pytest.mark.parametrize(("tag", "lang"), [("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"),
                                          ("zh-CN", "zh-Hans"), ("zh", "zh-Hans"), ("en-US", "en"), ("fr", "en"),
                                          (None, "en")])
def test_language_of_a_locale(tag: str | None, lang: str) -> None:
    assert lang_of(tag) == lang


def test_the_page_language_is_the_browsers_first_choice() -> None:
    assert ui_language("zh-TW,zh;q=0.9,en;q=0.8") == "zh-Hant" and ui_language("en-GB,zh-CN") == "en"
    assert ui_language("") == "en" and ui_language("*") == "en"


def test_gradios_link_preview_gives_way_to_the_products() -> None:
    page = (b'<head><meta property="og:title" content="Gradio" />\n<meta name="twitter:creator" content="@Gradio" />'
            b'<meta property="og:url" content="{url}" /><meta property="og:image" content="" />'
            b'<meta property="og:title" content="Training-cost assistant" /></head>')
    assert rewrite(page) == b'<head><meta property="og:title" content="Training-cost assistant" />' + TAGS + b"</head>"
    assert b'og:description" content="Ask what it costs' in TAGS and b'href="/favicon.svg"' in TAGS
