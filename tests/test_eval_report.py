"""End to end: a scripted answerer (a test double for the assistant) through runner, report files, CLI and browser."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import opencc
import pytest
from browser import chromium, needs_chromium
from click.testing import CliRunner

from assistant.evaluation import baseline, dataset, runner
from assistant.evaluation.dataset import GoldenCase
from ui.commands.evaluate import eval_command

_S2TWP = opencc.OpenCC("s2twp")
_BY_INPUT: dict[tuple[str, str], GoldenCase] = {}


def _oracle_answer(case: GoldenCase) -> dict[str, Any]:
    """A perfect answer built from the expectation: checks that every golden case is satisfiable."""
    figures = []
    for e in case.figures:
        if e.is_range:
            figures.append({"label": "expected", "value": None, "low": e.low, "high": e.high, "unit": e.unit,
                            "origin": "calculation"})
        else:
            figures.append({"label": "expected", "value": e.value, "unit": e.unit, "origin": "calculation"})
    words = [alts[0] for alts in case.keywords]
    if case.lang == "en":
        text = "Here is the answer based on the cited sources: " + "; ".join(words)
    else:
        text = "这是根据所引来源给出的回答:" + ";".join(words)
        if case.lang == "zh-Hant":
            text = _S2TWP.convert(text)
    cites = [{"n": i + 1, "source_id": s, "title": s, "locator": None, "quote": None}
             for i, s in enumerate(case.reference_source_ids)]
    text += "".join(f" [{c['n']}]" for c in cites)
    return {"answer": text, "language": case.lang, "status": case.expected_status[0], "intent": "test",
            "figures": figures, "calculations": [], "citations": cites, "follow_ups": [], "latency_ms": 5.0}


def oracle(question: str, history: list[dict[str, str]]) -> Mapping[str, Any]:
    if not _BY_INPUT:
        for c in dataset.load():
            _BY_INPUT[(c.user_input, json.dumps(c.history(), ensure_ascii=False))] = c
    return _oracle_answer(_BY_INPUT[(question, json.dumps(history, ensure_ascii=False))])


def always_english(question: str, history: list[dict[str, str]]) -> Mapping[str, Any]:
    """A weak answerer: always answers in English with a made-up figure."""
    if "crash" in question:
        raise RuntimeError("scripted failure")
    return {"answer": "It costs about $12.3 million.", "language": "en", "status": "answered",
            "figures": [{"label": "cost", "value": 12.3e6, "unit": "USD", "origin": "calculation"}],
            "citations": [], "latency_ms": 1.0}


def test_oracle_passes_every_golden_case() -> None:
    cases = dataset.load()
    result = runner.run(cases, oracle, progress=False)
    failed = [(r.id, r.failures) for r in result.results if not r.passed]
    assert failed == [], failed[:5]
    assert result.summary["overall"]["citation_recall"] == 1.0


def test_end_to_end_report_files(tmp_path: Path) -> None:
    cases = dataset.load()
    subset = [c for c in cases if c.question_tag in {"q:jb-gpt3-energy", "q:gpt4-estimates", "q:bad-script",
                                                      "q:oos-weather", "q:mt-a100", "q:why-expensive-jb"}]
    extra = dataset.parse_lines([json.dumps({
        "id": "crash.en", "user_input": "please crash", "lang": "en", "kind": "refuse", "expected": None,
        "expected_status": "out_of_scope", "tags": ["q:crash"], "derivation": "x"})])
    result = runner.run([*subset, *extra], always_english, progress=False, report_dir=tmp_path,
                        threshold_config={"min": {"pass_rate": 0.9}, "max": {}},
                        baseline_data={"cases": {"jb-gpt3-energy.en": True}}, meta={"answerer": "always_english"})
    assert set(result.paths) == {"results.jsonl", "summary.json", "report.md", "report.html"}
    assert all(p.stat().st_size > 0 for p in result.paths.values())
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(subset) + 1
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["thresholds_failed"] and summary["baseline"]["broken"] == ["jb-gpt3-energy.en"]
    assert set(summary["by_lang"]) == {"en", "zh-Hans", "zh-Hant"}
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "jb-gpt3-energy.en" in md and "95% CI" in md and "answerer raised" in md
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert len(re.findall(r'<img alt="[^"]+" src="data:image/png;base64,', page)) == 4
    assert "<script>" not in page and "&lt;script&gt;" in page  # the injection case is escaped
    assert "<details" in page and "missing figure" in page
    assert not result.ok


def _write_thresholds(tmp_path: Path, pass_rate: float) -> Path:
    p = tmp_path / "thresholds.toml"
    p.write_text(f"[min]\npass_rate = {pass_rate}\n[max]\nunsupported_number_rate = 0.5\n", encoding="utf-8")
    return p


def _small_dataset(tmp_path: Path) -> Path:
    src = dataset.DEFAULT_DATASET.read_text(encoding="utf-8").splitlines()
    keep = [ln for ln in src if '"q:jb-gpt3-energy"' in ln or '"q:oos-poem"' in ln or '"q:mt-h800"' in ln]
    p = tmp_path / "small.jsonl"
    p.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return p


def test_cli_passes_and_fails_on_thresholds(tmp_path: Path) -> None:
    data = _small_dataset(tmp_path)
    cli = CliRunner()
    base = tmp_path / "baseline.json"
    args = ["--dataset", str(data), "--answerer", "test_eval_report:oracle", "--baseline", str(base), "--no-progress"]
    ok = cli.invoke(eval_command, [*args, "--thresholds", str(_write_thresholds(tmp_path, 0.99)),
                                   "--report", str(tmp_path / "rep"), "--update-baseline"])
    assert ok.exit_code == 0, ok.output
    assert "9 cases: pass 9/9" in ok.output and (tmp_path / "rep" / "report.html").exists()
    assert baseline.load(base)["pass_rate"] == 1.0
    bad = cli.invoke(eval_command, ["--dataset", str(data), "--answerer", "test_eval_report:always_english",
                                    "--baseline", str(base), "--thresholds", str(_write_thresholds(tmp_path, 0.9)),
                                    "--json"])
    assert bad.exit_code == 1
    payload = json.loads(bad.stdout)
    assert payload["thresholds_failed"] and "jb-gpt3-energy.zh-Hans" in payload["baseline"]["broken"]


def test_cli_tags_and_errors(tmp_path: Path) -> None:
    cli = CliRunner()
    res = cli.invoke(eval_command, ["--dataset", str(_small_dataset(tmp_path)), "--answerer",
                                    "test_eval_report:oracle", "--tags", "zh-Hant,out_of_scope", "--json",
                                    "--thresholds", str(_write_thresholds(tmp_path, 0.5)),
                                    "--baseline", str(tmp_path / "none.json")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["summary"]["overall"]["cases"] == 5  # 3 zh-Hant + 2 more out_of_scope
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    res = cli.invoke(eval_command, ["--dataset", str(broken), "--answerer", "test_eval_report:oracle"])
    assert res.exit_code == 2 and "problem(s) in the golden set" in res.output
    res = cli.invoke(eval_command, ["--dataset", str(_small_dataset(tmp_path)), "--answerer", "nosuchmod:fn"])
    assert res.exit_code == 2 and "cannot start the evaluation" in res.output


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    cases = [c for c in dataset.load() if c.kind in ("number", "refuse")][:40]
    result = runner.run(cases, always_english, progress=False, report_dir=tmp_path / "rep")
    html_path = result.paths["report.html"]
    with chromium(tmp_path / "profile") as browser:
        page = browser.new_page()
        page.goto(html_path.as_uri())
        page.wait_for_load_state("load")
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        widths = page.eval_on_selector_all("#plots img", "els => els.map(e => e.complete ? e.naturalWidth : 0)")
        assert len(widths) == 4 and all(w > 0 for w in widths), widths
        assert page.locator("details.case").count() >= 1
        assert "Evaluation report" in page.title()
