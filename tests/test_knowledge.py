"""The knowledge base loads, covers what the issue asks for, and the loader rejects broken entries clearly."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from knowledge.loader import KNOWLEDGE_DIR, KnowledgeError, load
from knowledge.units import ANSWER_UNITS, KNOWLEDGE_UNITS


@pytest.fixture(scope="module")
def kb():
    return load()


def test_counts_and_fixed_ids(kb):
    assert {"jadebird-2025", "tencent-tech-2024"} <= set(kb.sources)
    assert len(kb.cases) >= 20
    assert len(kb.hardware) >= 14
    for source in ("jadebird-2025", "tencent-tech-2024"):
        cards = kb.facts_from(source)
        assert len(cards) >= 30, source
        assert {c.kind for c in cards} >= {"figure", "driver", "lever"}


def test_estimates_are_marked_and_carry_all_cost_concepts(kb):
    for case_id in ("gpt-4", "gemini-1.0-ultra"):
        case = kb.cases[case_id]
        assert case.disclosure == "estimate"
        assert all(f.estimate for f in case.figures.values())
        assert {"cost_cloud", "cost_amortized", "cost_acquisition"} <= set(case.figures)


def test_accelerators_have_dense_peaks_and_dated_prices(kb):
    for acc in kb.hardware.values():
        assert 1e13 < acc.bf16_dense.central < 1e16, acc.id
        if acc.fp8_dense is not None:
            assert acc.fp8_dense.central >= acc.bf16_dense.central
    h100 = kb.hardware["h100-sxm5-80gb"]
    assert h100.bf16_dense.central == pytest.approx(989.4e12)  # dense, never the 1,979 sparse figure
    assert h100.purchase_prices and h100.rental_prices


def test_required_defaults_have_sources(kb):
    required = {"mfu", "pue", "electricity-price-us", "electricity-price-cn", "grid-intensity-world",
                "grid-intensity-cn", "household-electricity-us", "hardware-life", "fx-cny-per-usd"}
    assert required <= set(kb.defaults)
    assert kb.default("mfu").figure.low == 0.30 and kb.default("mfu").figure.high == 0.50


def test_answer_units_are_a_subset(kb):
    assert ANSWER_UNITS <= KNOWLEDGE_UNITS


def _copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(KNOWLEDGE_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _cite_nowhere(cards: list[dict]) -> None:
    cards[0]["source"] = "nowhere"
    for fig in cards[0]["figures"]:
        fig["source"] = "nowhere"


@pytest.mark.parametrize(("file", "change", "message"), [
    ("facts/jadebird-2025.yaml", _cite_nowhere, "unknown source id 'nowhere'"),
    ("facts/jadebird-2025.yaml", lambda d: d[0]["figures"][0].update(unit="furlongs"), "unit 'furlongs'"),
    ("facts/jadebird-2025.yaml", lambda d: d[0]["statement"].pop("zh"), "statement.zh"),
    ("facts/jadebird-2025.yaml", lambda d: d.append(dict(d[0])), "duplicate fact id"),
    ("cases.yaml", lambda d: d[0].update(hardware="abacus"), "unknown hardware id 'abacus'"),
    ("hardware.yaml", lambda d: d[1]["aliases"].append(d[0]["aliases"][0]), "also names"),
])
def test_loader_names_file_entry_and_problem(tmp_path, file, change, message):
    root = _copy_kb(tmp_path)
    _edit(root / file, change)
    with pytest.raises(KnowledgeError) as err:
        load(root)
    text = str(err.value)
    assert message in text
    assert Path(file).name in text or "facts:" in text or "cases" in text


def test_no_sentence_of_the_source_articles_is_copied(shared_dir):
    """Cards state figures in our own words: no run of 12 Han characters may come from the articles."""
    width, non_han = 12, re.compile(r"[^\u3400-\u9fff]+")
    grams = set()
    for path in (shared_dir / "sources").glob("*.txt"):
        for para in path.read_text(encoding="utf-8").splitlines():
            s = non_han.sub("", para)
            grams.update(s[i:i + width] for i in range(len(s) - width + 1))
    repo = KNOWLEDGE_DIR.parent
    hits = []
    for path in [*repo.glob("knowledge/**/*.yaml"), *repo.glob("eval/*.jsonl"), *repo.glob("**/*.md"),
                 *repo.glob("**/*.py")]:
        if ".venv" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            s = non_han.sub("", line)
            if any(s[i:i + width] in grams for i in range(len(s) - width + 1)):
                hits.append(f"{path.relative_to(repo)}:{n}")
    assert not hits


def test_vocabulary_covers_every_calculator():
    from tools.registry import vocabulary_problems

    assert vocabulary_problems() == []


def test_vocabulary_names_every_quantity_in_both_languages():
    from knowledge.vocabulary import vocabulary

    v = vocabulary()
    assert all(q.label.en and q.label.zh for q in v.quantities)
    assert all(q.answer is None or ("{value}" in q.answer.en and "{value}" in q.answer.zh) for q in v.quantities)
    assert v.magnitudes["兆"] == v.magnitudes["万亿"] == 1e12  # 兆 is 10^12 in counts, in both scripts
