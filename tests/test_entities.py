"""Accelerator and model names are found in questions in either language, longest alias first."""

import pytest

from assistant.entities import find


@pytest.mark.parametrize(("text", "expected"), [
    ("用1024张H100训练一个700亿参数模型要多少天?", [("hardware", "h100-sxm5-80gb")]),
    ("那換成A100呢?", [("hardware", "a100-sxm4-80gb")]),
    ("How much did Llama 3.1 405B emit?", [("model", "llama-3.1-405b")]),
    ("训练 llama-2-70b 需要多少 H100 PCIe", [("model", "llama-2-70b"), ("hardware", "h100-pcie-80gb")]),
    ("比较A100和H800", [("hardware", "a100-sxm4-80gb"), ("hardware", "h800-sxm5")]),
    ("DeepSeek V3用了多少卡时", [("model", "deepseek-v3")]),
    ("TPU v4 pods", [("hardware", "tpu-v4")]),
])
def test_finds_mentions(text, expected):
    assert [(m.kind, m.id) for m in find(text)] == expected


def test_no_match_inside_longer_names():
    assert find("an H1000 or a GPT-35") == []
