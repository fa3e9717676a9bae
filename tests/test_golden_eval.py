"""The held-out test split and the generated paraphrases through the real assistant, gated by their thresholds
(run in CI). The dev split is for working against; the test split is never tuned on."""

import json

import pytest
from click.testing import CliRunner

from ui.cli import main


@pytest.fixture
def deployed(tmp_path, monkeypatch, shared_dir):
    """As deployed: the two source articles ingested beside the knowledge base."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    ingested = CliRunner().invoke(main, ["ingest", str(shared_dir / "sources"), "--no-index"])
    assert ingested.exit_code == 0, ingested.output
    return tmp_path


@pytest.mark.slow
def test_test_split_meets_thresholds_without_regressions(deployed):
    report = deployed / "report"
    result = CliRunner().invoke(main, ["eval", "--split", "test", "--no-progress", "--json", "--report", str(report)])
    assert result.exit_code == 0, result.output[-3000:]
    summary = json.loads((report / "summary.json").read_text())
    assert summary["overall"]["cases"] >= 200
    assert set(summary["by_split"]) == {"test"}
    # The provenance guard over the whole split: no number in any answer that cannot be traced.
    assert summary["overall"]["unsupported_number_rate"] == 0
    assert json.loads(result.output)["regressions"] == []
    for name in ("results.jsonl", "report.md", "report.html"):
        assert (report / name).stat().st_size > 0


@pytest.mark.slow
def test_paraphrase_suite_meets_its_thresholds(deployed):
    """The seeded generator's cases (expected values from the calculators), with their own thresholds."""
    from eval.src.paraphrase.generate import generate, write

    cases = generate(seed=0, per_template=2)
    assert len(cases) >= 2000
    path = deployed / "paraphrase.jsonl"
    write(cases, path)
    report = deployed / "para"
    result = CliRunner().invoke(main, ["eval", "--dataset", str(path), "--thresholds",
                                       "eval/thresholds-paraphrase.toml", "--baseline", str(deployed / "none.json"),
                                       "--no-progress", "--json", "--report", str(report)])
    assert result.exit_code == 0, result.output[-3000:]
    summary = json.loads((report / "summary.json").read_text())
    assert summary["overall"]["cases"] == len(cases)
    assert summary["overall"]["metamorphic"]["n"] >= 200
    assert len(summary["by_calc"]) >= 18
    assert "Worst paraphrase templates" in (report / "report.md").read_text()
