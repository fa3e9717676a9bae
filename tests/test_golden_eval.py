"""The whole golden set through the real assistant, gated by eval/thresholds.toml (runs in CI: seconds)."""

import json

import pytest
from click.testing import CliRunner

from ui.cli import main


@pytest.mark.slow
def test_golden_set_meets_committed_thresholds(tmp_path, monkeypatch, shared_dir):
    """As deployed: the two source articles ingested beside the knowledge base, then every golden case."""
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    ingested = CliRunner().invoke(main, ["ingest", str(shared_dir / "sources"), "--no-index"])
    assert ingested.exit_code == 0, ingested.output
    result = CliRunner().invoke(main, ["eval", "--no-progress", "--json", "--report", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output[-3000:]
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["overall"]["cases"] >= 300
    # The provenance guard over the whole golden set: no number in any answer that cannot be traced.
    assert summary["overall"]["unsupported_number_rate"] == 0
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert summary["by_lang"][lang]["pass"]["rate"] >= 0.90, lang
    for name in ("results.jsonl", "report.md", "report.html"):
        assert (tmp_path / "report" / name).stat().st_size > 0
