"""The paraphrase generator: every calculator and lookup has templates in three languages, values are written as
people write them, expected values are the calculators' own, and the same seed gives the same cases."""

from __future__ import annotations

import random
import re

import opencc
import pytest

from assistant.evaluation import dataset
from eval.src.paraphrase import surface
from eval.src.paraphrase.families import LANGS, MIN_TEMPLATES, load_all
from eval.src.paraphrase.generate import generate
from tools.registry import CALCULATORS

FAMILIES = load_all()
CONVERTERS = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2twp")]


@pytest.fixture(scope="module")
def cases() -> list[dict]:
    return generate(seed=0)


def test_every_calculator_and_lookup_kind_has_a_family() -> None:
    tools = {f.tool for f in FAMILIES}
    assert set(CALCULATORS) <= tools, set(CALCULATORS) - tools
    assert {"lookup-run", "lookup-spec"} <= tools


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.id)
def test_family_has_enough_phrasings_and_native_zh_hant(family) -> None:
    for lang in LANGS:
        assert len(family.templates[lang]) >= MIN_TEMPLATES, (family.id, lang)
    # A template whose characters are the same in both scripts ("{gpu}功耗多少瓦？") is not a conversion.
    converted = {c.convert(t) for c in CONVERTERS for t in family.templates["zh-Hans"]}
    converted -= set(family.templates["zh-Hans"])
    assert not converted & set(family.templates["zh-Hant"]), "zh-Hant templates must be written, not converted"


def test_generated_set_is_large_valid_and_seeded(cases) -> None:
    assert len(cases) >= 2000
    parsed = dataset.parse_lines([__import__("json").dumps(c, ensure_ascii=False) for c in cases], "generated")
    assert {c.lang for c in parsed} == set(LANGS)
    assert [c["user_input"] for c in generate(seed=0)[:50]] == [c["user_input"] for c in cases[:50]]
    assert [c["user_input"] for c in generate(seed=1)[:50]] != [c["user_input"] for c in cases[:50]]


def test_every_given_number_is_in_the_question_as_written(cases) -> None:
    for c in cases:
        said = c["user_input"] + " ".join(t["content"] for t in c["turns"] if t["role"] == "user")
        for g in c["given"]:
            assert g["text"].startswith("×") or g["text"] in said, (c["id"], g)


def test_expected_values_are_the_calculators_own(cases) -> None:
    """Spot-check: re-run the derivation of a gpu-hours case by hand."""
    case = next(c for c in cases if c["meta"]["family"] == "gpu-hours" and not c["turns"] and
                re.search(r"mfu=", c["derivation"]))
    args = dict(re.findall(r"(\w+)=([^,)]+)", case["derivation"].split("(", 1)[1]))
    result = CALCULATORS["gpu-hours"](params=float(args["params"]), tokens=float(args["tokens"]), gpu=args["gpu"],
                                      mfu=float(args["mfu"]))
    assert result.value == pytest.approx(case["expected"]["value"])


def test_metamorphic_siblings_carry_the_calculators_ratio(cases) -> None:
    by_id = {c["id"]: c for c in cases}
    siblings = [c for c in cases if "pair" in c["meta"]]
    assert len(siblings) >= 200
    for s in siblings:
        base = by_id[s["meta"]["pair"]]
        assert s["meta"]["ratio"] == pytest.approx(s["expected"]["value"] / base["expected"]["value"])
        assert s["user_input"] != base["user_input"]


@pytest.mark.parametrize(("value", "lang", "forms"), [
    (70e9, "en", {"70B", "70 billion", "0.07T", "70,000 million"}),
    (70e9, "zh-Hans", {"700亿", "七百亿", "0.07万亿"}),
    (2e12, "zh-Hant", {"2兆", "兩兆", "2萬億"}),
    (1.4e12, "zh-Hant", {"1.4兆", "一點四兆", "1.4萬億"}),
])
def test_counts_are_written_as_people_write_them(value, lang, forms) -> None:
    rng = random.Random(3)
    seen = {surface.count(value, lang, rng) for _ in range(200)}
    assert seen <= forms | {"70 thousand million"}, seen - forms
    assert len(seen) >= 2


def test_shares_in_chinese_include_cheng_and_percent() -> None:
    rng = random.Random(0)
    seen = {surface.fraction(0.4, "zh-Hans", rng) for _ in range(100)}
    assert {"40%", "0.4", "四成", "百分之四十"} <= seen
