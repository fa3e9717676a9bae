"""`python -m bench.load` end to end: a short load on a real server; behaviour only, never timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_short_load_has_no_errors_and_well_formed_answers(served_data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    done = subprocess.run([sys.executable, "-m", "bench.load", "--workers", "1", "--clients", "5", "--duration", "5",
                           "--data-dir", str(served_data_dir), "--json", str(out), "--rate-limit", "100000/minute",
                           "--feedback"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    report = json.loads(out.read_text(encoding="utf-8"))

    # Every exchange as expected: 200 with a well-formed Answer (JSON, SSE ending in `done`, OpenAI shapes) or
    # 422 with an error object for the blank question.
    assert report["requests"] >= 5
    assert report["errors"] == 0, report["error_samples"]
    assert report["by_endpoint"]["invalid (422)"]["n"] >= 1
    assert report["by_endpoint"]["feedback"]["n"] >= 1  # answers rated; the check below counts them stored
    statuses = {s for per in report["answer_statuses"].values() for s in per}
    assert statuses <= {"answered", "needs_input", "not_found", "out_of_scope"}
    # Concurrent requests for one question get one answer text, in the question's language.
    assert report["anomalies"] == []
    assert set(report["by_language"]) >= {"en", "zh-Hans"}

    # The one worker served everything, every rating acknowledged is in the database, the stack shut down cleanly,
    # and the server logged no error.
    assert all(check["ok"] for check in report["checks"]), report["checks"]
    assert "feedback stored" in {check["name"] for check in report["checks"]}
    assert report["server_rss_mb"] > 0
    assert not [line for line in report["server_log_problems"] if "ERROR" in line or "Traceback" in line]
