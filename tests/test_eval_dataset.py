"""The golden set validates: size, three forms of every question, known sources, no copied phrases, clear errors."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from assistant.evaluation import dataset
from assistant.evaluation.dataset import DatasetError, parse_lines
from knowledge.loader import default_knowledge

EVAL_DIR = Path(__file__).resolve().parents[1] / "eval"


@pytest.fixture(scope="module")
def cases() -> list[dataset.GoldenCase]:
    return dataset.load(dataset.DEFAULT_DATASET)


def test_at_least_300_cases_in_every_language_and_kind(cases: list[dataset.GoldenCase]) -> None:
    assert len(cases) >= 300
    langs = Counter(c.lang for c in cases)
    assert set(langs) == set(dataset.LANGS) and len(set(langs.values())) == 1
    assert set(Counter(c.kind for c in cases)) == set(dataset.KINDS)
    statuses = {s for c in cases for s in c.expected_status}
    assert statuses == set(dataset.STATUSES)


def test_every_question_has_all_three_forms(cases: list[dataset.GoldenCase]) -> None:
    assert all(c.question_tag for c in cases)
    assert dataset.missing_languages(cases) == {}


def test_defaults_are_tagged_and_ranged(cases: list[dataset.GoldenCase]) -> None:
    uses_default = [c for c in cases if "uses_default" in c.tags]
    assert len(uses_default) >= 30
    assert all(c.kind == "range" or c.figures[0].rel_tol >= 0.05 for c in uses_default)


def test_sources_exist_and_article_figures_are_covered(cases: list[dataset.GoldenCase]) -> None:
    kb = default_knowledge()
    cited = {s for c in cases for s in (*c.reference_source_ids, *c.acceptable_source_ids)}
    assert cited <= set(kb.sources)
    derivations = " ".join(c.derivation for c in cases)
    for source in ("jadebird-2025", "tencent-tech-2024"):
        uncovered = [card.id for card in kb.facts_from(source) if card.figures and card.id not in derivations]
        assert uncovered == [], f"figure cards of {source} with no golden question: {uncovered}"


def test_no_phrase_copied_from_the_sources(shared_dir: Path) -> None:
    sources = [p.read_text(encoding="utf-8") for p in sorted((shared_dir / "sources").glob("*.txt"))]
    assert sources
    for path in [*EVAL_DIR.glob("*.jsonl"), *EVAL_DIR.glob("src/*.yaml"), *EVAL_DIR.glob("templates/*.yaml")]:
        copied = dataset.copied_phrases(path.read_text(encoding="utf-8").splitlines(), sources)
        assert copied == [], f"{path.name} copies source text: {copied[:5]}"


def test_copy_check_catches_a_copy_in_either_script() -> None:
    src = ["大模型訓(xùn)練需要消耗海量的計算資源和電力成本"]
    assert dataset.copied_phrases(["听说大模型训练需要消耗海量的计算资源"], src)
    assert dataset.copied_phrases(["大模型訓練需要消耗海量的計算資源"], src)
    assert dataset.copied_phrases(["训练大模型很费电"], src) == []


def _line(**kw: object) -> str:
    obj: dict[str, object] = {"id": "x1", "user_input": "q", "lang": "en", "kind": "number",
                              "expected": {"value": 1, "unit": "USD"}, "expected_status": "answered",
                              "reference_source_ids": [], "turns": [], "tags": ["q:x"], "derivation": "1"}
    obj.update(kw)
    return json.dumps(obj)


@pytest.mark.parametrize(("kw", "message"), [
    ({"lang": "zh"}, "'lang' must be one of"),
    ({"kind": "essay"}, "'kind' must be one of"),
    ({"expected": {"value": 1}}, "'unit' is missing"),
    ({"expected": {"value": "1", "unit": "USD"}}, "'value' must be a number"),
    ({"expected": {"low": 1, "unit": "USD"}}, "needs 'value'"),
    ({"kind": "range"}, "a range case needs 'low' and 'high'"),
    ({"expected": {"low": 1, "high": 2, "unit": "USD"}}, "use kind 'range'"),
    ({"expected_status": "done"}, "'expected_status' must be one of"),
    ({"kind": "multi_turn"}, "needs the earlier turns"),
    ({"kind": "compare"}, "at least two figures"),
    ({"derivation": ""}, "'derivation' must give"),
    ({"kind": "refuse", "expected": None}, "cannot expect status 'answered'"),
    ({"extra_field": 1}, "unknown field 'extra_field'"),
])
def test_invalid_lines_are_named(kw: dict[str, object], message: str) -> None:
    with pytest.raises(DatasetError) as err:
        parse_lines([_line(**kw)], "g.jsonl")
    assert message in str(err.value) and "g.jsonl: line 1 (x1)" in str(err.value)


def test_bad_json_and_duplicates() -> None:
    with pytest.raises(DatasetError) as err:
        parse_lines([_line(), "{not json", _line()], "g.jsonl")
    text = str(err.value)
    assert "line 2: not valid JSON" in text and "line 3 (x1): duplicate id (first on line 1)" in text


def test_missing_file_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="cannot be read"):
        dataset.load(tmp_path / "nope.jsonl")


def test_filter_tags(cases: list[dataset.GoldenCase]) -> None:
    calc = dataset.filter_tags(cases, ["calc"])
    assert calc and all("calc" in c.tags for c in calc)
    assert {c.lang for c in dataset.filter_tags(cases, ["zh-Hant"])} == {"zh-Hant"}
    assert dataset.filter_tags(cases, []) == list(cases)


def test_script_forms_are_distinguishable(cases: list[dataset.GoldenCase]) -> None:
    """A zh-Hant question must differ from its zh-Hans twin, or script matching could not be judged."""
    by_q: dict[str, dict[str, str]] = {}
    for c in cases:
        by_q.setdefault(c.question_tag or c.id, {})[c.lang] = c.user_input + json.dumps(c.turns, ensure_ascii=False)
    same = [q for q, forms in by_q.items() if forms.get("zh-Hans") == forms.get("zh-Hant")
            and dataset.HAN.search(forms.get("zh-Hans", ""))]
    assert same == []


def test_zh_hant_questions_are_written_natively_not_converted() -> None:
    """Traditional Chinese as Taiwan and Hong Kong readers write it (兆, 晶片, 伺服器), never an OpenCC conversion."""
    cases = dataset.load()
    assert dataset.converted_zh_hant(cases) == []


def test_a_machine_converted_zh_hant_case_is_caught() -> None:
    import opencc

    cases = dataset.load()
    hans = next(c for c in cases if c.id == "mt-a100.zh-Hans")
    hant = next(c for c in cases if c.id == "mt-a100.zh-Hant")
    converted = dataclasses.replace(hant, user_input=opencc.OpenCC("s2t").convert(hans.user_input))
    assert dataset.converted_zh_hant([hans, converted]) == ["mt-a100.zh-Hant"]


def test_split_is_per_question_stratified_and_at_least_40_percent_test() -> None:
    cases = dataset.load()
    by_question: dict[str, set[str | None]] = {}
    for c in cases:
        by_question.setdefault(c.question_tag or c.id, set()).add(c.split)
    assert all(len(s) == 1 and s != {None} for s in by_question.values()), "every language of a question together"
    for kind in dataset.KINDS:
        of_kind = [c for c in cases if c.kind == kind]
        assert sum(c.split == "test" for c in of_kind) >= 0.4 * len(of_kind), kind
    assert len(dataset.filter_split(cases, "test")) + len(dataset.filter_split(cases, "dev")) == len(cases)
