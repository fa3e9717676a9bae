"""Questions that ask what a term of the domain means ("What is MFU?", 攤銷成本跟租用成本有什麼不同?): the
glossary's meaning, the cited typical value of its default, and no number the answer cannot trace."""

import pytest

from assistant import Assistant
from assistant.parse import parse
from knowledge.loader import default_knowledge
from knowledge.vocabulary import vocabulary


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    import os

    os.environ["ASSISTANT_DATA_DIR"] = str(tmp_path_factory.mktemp("data"))
    return Assistant()


@pytest.mark.parametrize(("text", "terms"), [
    ("What is MFU?", ["mfu"]),
    ("what exactly is a GPU-hour", ["gpu_hours"]),
    ("MFU是什么意思", ["mfu"]),
    ("點解PUE咁重要?", ["pue"]),
    ("What's the difference between amortised cost and rental cost?", ["amortised_cost", "rental_cost"]),
    ("攤銷成本跟租用成本有什麼不同?", ["amortised_cost", "rental_cost"]),
    ("Explain straight-line depreciation for GPUs", ["depreciation"]),
    ("What MFU is typical for H100 training?", ["mfu"]),
])
def test_a_term_asked_about_is_defined(text, terms):
    q = parse(text)
    assert q.defines == terms and q.asked == []


@pytest.mark.parametrize("text", [
    "What is the rental cost of 1,000 GPU-hours at $2?",  # numbers: a calculation
    "What is the MFU of Llama 3.1 405B?",  # a published run's figure
    "What is the H100's TDP?",  # an accelerator's spec
    "What is the rental cost?",  # "what is the …" asks for a value
    "How can we raise MFU to cut the cost?",  # levers
])
def test_a_value_asked_for_is_no_definition(text):
    assert parse(text).defines == []


def test_definition_states_the_meaning_and_the_cited_typical_value(bot):
    a = bot.ask("What is MFU?").to_dict()
    assert a["status"] == "answered"
    assert "peak" in a["answer"] and "GPU-hours" in a["answer"]
    assert any(f.get("value") == pytest.approx(0.375) and f["origin"] == "epoch-cost-2024" for f in a["figures"])
    assert any(f.get("low") == pytest.approx(0.30) and f.get("high") == pytest.approx(0.50) for f in a["figures"])
    assert [c["source_id"] for c in a["citations"]] == ["epoch-cost-2024"]


def test_a_multiplier_is_written_as_a_number_not_a_percentage(bot):
    a = bot.ask("什么是PUE?").to_dict()
    assert "1.1" in a["answer"] and "%" not in a["answer"]


def test_zh_hant_definition_reads_as_taiwan_writes(bot):
    a = bot.ask("攤銷成本跟租用成本有什麼不同?").to_dict()
    assert a["status"] == "answered" and "攤銷" in a["answer"] and "伺服器" in a["answer"]
    assert "摊" not in a["answer"]


def test_a_rule_with_a_number_cites_its_source(bot):
    a = bot.ask("What does training compute mean?").to_dict()
    assert "transformer-math-101" in [c["source_id"] for c in a["citations"]]


def test_every_glossary_entry_names_defaults_and_sources_on_file():
    kb = default_knowledge()
    assert vocabulary().term_problems(kb.defaults, kb.sources) == []
    assert vocabulary().term_problems(["none"], ["none"])  # and the check finds a missing one
