"""The one answer layout: built in compose, the markdown answer written from it, the same in every language."""

import re

import pytest
from click.testing import CliRunner

from assistant import Assistant
from assistant.answer import InputRow, Layout, StepRow
from assistant.layout import markdown
from assistant.numbers import extract
from assistant.render import in_script, number, quantity
from tools.cost import amortised_rate

RENTAL_EN = "How much would it cost to train a 70B model on 2T tokens on H100s at $2/GPU-hour with 40% MFU?"
OWN_EN = "What would it cost to train a 70B model on 2T tokens on our own H100s?"
DAYS_ZH = "用1024张H100训练一个700亿参数、2万亿token的模型要多少天?"
DAYS_TW = "用1024張H100訓練一個700億參數、2兆token的模型要多少天?"
LAYOUT_KEYS = {"headline", "key_inputs", "more_inputs", "steps", "assumptions", "notes", "chart", "details_title"}


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    import os

    os.environ["ASSISTANT_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    return Assistant()


def test_markdown_is_written_from_the_layout_in_order():
    layout = Layout("Cost: 1 million USD [1].", [InputRow("price", "$2/GPU-hour", "you")],
                    [InputRow("PUE", "1.1", "default", 2)], [StepRow("cost", "cost = GPU-hours · price", "5 × 2 = 10")],
                    ["Rental, not purchase [1]."], ["A note."], None, "How this was calculated")
    text = markdown(layout, "en")
    assert text.startswith("**Cost: 1 million USD [1].**\n\n| Input | Value | From |")
    assert text.index("| price | $2/GPU-hour | you |") < text.index("A note.") < text.index("- Rental, not purchase")
    details = text[text.index("<details><summary>How this was calculated</summary>"):]
    assert "| PUE | 1.1 | default [2] |" in details and "- cost = GPU-hours · price = 5 × 2 = 10" in details
    assert details.rstrip().endswith("</details>")


def test_every_status_carries_a_layout(bot):
    for question in (RENTAL_EN, "What is the capital of France?", "How many days to train a 70B model on H100s?"):
        a = bot.ask(question).to_dict()
        assert set(a["layout"]) == LAYOUT_KEYS and a["layout"]["headline"], question
        assert a["answer"].startswith(f"**{a['layout']['headline']}**")


def test_key_inputs_show_the_users_numbers_as_typed_and_cite_by_number(bot):
    a = bot.ask(RENTAL_EN).to_dict()
    rows = {r["name"]: r for r in a["layout"]["key_inputs"]}
    assert rows["parameter count"]["value"] == "70B" and rows["parameter count"]["origin"] == "you"
    assert rows["rental price per GPU-hour"]["value"] == "$2/GPU-hour"
    assert rows["peak FLOP/s"]["value"] == "989.4 TFLOP/s" and rows["peak FLOP/s"]["origin"] == "source"
    numbers = {c["n"] for c in a["citations"]}
    assert all(r["cite"] in numbers for r in a["layout"]["key_inputs"] if r["cite"] is not None)
    assert "| peak FLOP/s | 989.4 TFLOP/s | source [1] |" in a["answer"]


def test_inputs_that_do_not_move_the_result_are_collapsed(bot):
    a = bot.ask(OWN_EN).to_dict()
    key = {r["name"] for r in a["layout"]["key_inputs"]}
    more = {r["name"] for r in a["layout"]["more_inputs"]}
    assert "networking share" in more and "networking share" not in key
    assert "price-performance gain per year (orders of magnitude)" in more
    assert a["answer"].index("<details>") < a["answer"].index("| networking share |")
    # the ×1 server overhead of a complete-server price follows from the price, said as an assumption: no source
    # states that 1, so it is neither a row nor a figure credited to one
    assert "server overhead" not in more | key and "no server overhead is added" in a["answer"]
    assert not any(f["unit"] == "ratio" and f["value"] == 1 and f["origin"] not in ("user", "calculation")
                   for f in a["figures"])


def test_steps_show_the_written_formula_never_the_solved_form(bot):
    a = bot.ask(OWN_EN).to_dict()
    steps = a["layout"]["steps"]
    rate = next(s for s in steps if s["label"] == "hardware cost per GPU-hour")
    assert rate["formula"].startswith("hardware cost per GPU-hour = price per GPU · server overhead ÷ (1 − networking")
    for s in steps:
        assert not re.search(r"\d{10,}|e\+\d", s["formula"] + s["result"]), s  # no sympy constants like 2.0e+16
    result = amortised_rate(gpu="H100")
    assert not any("5253445341077" in s for s in result.steps)


def test_assumptions_cite_numbered_sources_only(bot):
    a = bot.ask(OWN_EN).to_dict()
    sources = {c["source_id"] for c in a["citations"]}
    for text in [*a["layout"]["assumptions"], *(x for c in a["calculations"] for x in c["assumptions"])]:
        assert not any(f"[{s}]" in text for s in sources), text
    assert a["layout"]["chart"]["unit"] == "USD" and len(a["layout"]["chart"]["bars"]) == 3


def test_follow_ups_are_answered_as_follow_ups(bot):
    for question in (RENTAL_EN, DAYS_ZH, DAYS_TW):
        a = bot.ask(question).to_dict()
        assert 2 <= len(a["follow_ups"]) <= 3, question
        history = [{"role": "user", "content": question}, {"role": "assistant", "content": a["answer"]}]
        for follow_up in a["follow_ups"]:
            b = bot.ask(follow_up, history=history).to_dict()
            assert b["status"] == "answered" and b["language"] == a["language"], follow_up
            assert b["layout"]["headline"] != a["layout"]["headline"], follow_up


def test_needs_input_offers_a_fill_in_that_completes_the_question(bot):
    question = "How many days to train a 70B model on H100s?"
    a = bot.ask(question).to_dict()
    assert a["status"] == "needs_input" and a["follow_ups"]
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": a["answer"]}]
    assert bot.ask(a["follow_ups"][0], history=history).to_dict()["status"] == "answered"


def test_traditional_chinese_answer_reads_as_taiwan_writes_it(bot):
    a = bot.ask(DAYS_TW).to_dict()
    text = a["answer"]
    assert a["language"] == "zh-Hant" and "<summary>計算過程</summary>" in text and "| 輸入 | 數值 | 來源 |" in text
    assert "2兆" in text and "萬億" not in text
    assert not set("参数训练计过来输") & set(text)  # no simplified characters left
    english = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"</?(details|summary)>", "", text)))
    assert english <= {"token", "FLOP", "TFLOP", "MFU"}, english


def test_numbers_come_from_cldr_and_read_back():
    assert number(2e12, "zh") == "2万亿" and in_script(number(2e12, "zh"), "zh-Hant") == "2兆"
    assert number(1.35e4, "zh") == "1.35万" and number(1179165.8, "en") == "1.179 million"
    assert number(9.99999e11, "en") == "1 trillion" and quantity(9.894e14, "FLOP/s", "en") == "989.4 TFLOP/s"
    for text, value in (("2兆", 2e12), ("1.35萬", 1.35e4), ("117.9万", 1.179e6), ("1.179 million", 1.179e6)):
        assert extract(text)[0].value == pytest.approx(value)


def test_cli_prints_the_layout(tmp_path, monkeypatch):
    from ui.cli import main

    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["ask", RENTAL_EN])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Cloud rental cost: 1.179 million USD")
    assert any("70B" in line and "you" in line for line in lines)
    assert "How this was calculated" in result.output and "[1] NVIDIA H100" in result.output
    data = CliRunner().invoke(main, ["ask", "--json", RENTAL_EN])
    assert '"layout"' in data.output and '"follow_ups"' in data.output


def test_rental_and_ownership_side_by_side_make_the_chart(bot):
    a = bot.ask("用H100训练700亿参数、2万亿token的模型,租用和自有硬件分别要多少钱?").to_dict()
    chart = a["layout"]["chart"]
    assert chart["title"] == "租用与自有对比" and chart["unit"] == "USD"
    costs = {f["label"]: f["value"] for f in a["figures"] if f["unit"] == "USD" and f["value"]}
    assert [b["value"] for b in chart["bars"]] == [pytest.approx(v) for v in list(costs.values())[:2]]
