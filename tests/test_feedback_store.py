"""Feedback in a real database: SQLite under the data directory by default, PostgreSQL shared by several hosts;
the JSON-lines file of earlier versions imported once; `cost-assistant feedback export` for review."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from backing_servers import MISSING_POSTGRES, PG_BIN, postgres_server
from click.testing import CliRunner

from ui.cli import main
from ui.web.feedback import (
    Feedback,
    FeedbackUnavailable,
    SqliteFeedbackStore,
    import_jsonl,
    open_feedback,
    open_store,
)

needs_postgres = pytest.mark.skipif(PG_BIN is None, reason=MISSING_POSTGRES)

LEGACY = [  # as the JSON-lines store of earlier versions wrote them, damage included
    b'{"id": "a1", "ts": "2025-01-02T03:04:05Z", "source": "chat", "rating": "up", "question": "GPT-3\xe8\x80\x97\xe7'
    b'\x94\xb5?", "answer": "1,287 MWh"}\n',
    b'{"rating": "down", "quest',  # a crash cut this one short; the next record starts on a line of its own
    b'\n{"id": "a2", "ts": "2025-01-02T03:05:00Z", "source": "api", "rating": "down", "question": "q", "answer": "a",'
    b' "comment": "wrong unit", "request_id": "r-1"}\n',
    b"\xff\xfe garbage\n[1, 2]\n",
    b'{"rating": "up", "question": "no id", "answer": "x"}\n',  # hand-made: gets an id from its bytes
]


def _records(store: SqliteFeedbackStore) -> list[Feedback]:
    return list(store.records())


def test_records_are_stored_in_wal_mode_and_read_back_in_order(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    store = SqliteFeedbackStore(path)
    ids = [store.add(Feedback(source="api", rating=rating, question=f"问题{i}", answer=f"answer {i}",
                              comment="c" if i else "")) for i, rating in enumerate(["up", "down", "up"])]
    store.close()
    reopened = SqliteFeedbackStore(path)  # as after a restart
    got = _records(reopened)
    assert [r.id for r in got] == ids and [r.question for r in got] == ["问题0", "问题1", "问题2"]
    assert got[1].rating == "down" and got[1].comment == "c" and got[0].ts.endswith("Z")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with pytest.raises(FeedbackUnavailable, match=r"refused the write.*CHECK"):  # the database checks the rating
        reopened.add(Feedback(source="api", rating="meh", question="q", answer="a"))  # type: ignore[arg-type]


def test_the_jsonl_file_is_imported_once_and_renamed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    legacy = tmp_path / "feedback.jsonl"
    legacy.write_bytes(b"".join(LEGACY))
    store = open_feedback(None, legacy)
    assert (tmp_path / "feedback.sqlite3").exists() and not legacy.exists()
    renamed = list(tmp_path.glob("feedback.jsonl.imported-*"))
    assert len(renamed) == 1 and renamed[0].read_bytes() == b"".join(LEGACY)  # kept as it was, for the record
    got = _records(store)
    assert [r.question for r in got] == ["GPT-3耗电?", "q", "no id"]
    assert got[1] == Feedback(source="api", rating="down", question="q", answer="a", comment="wrong unit",
                              request_id="r-1", id="a2", ts="2025-01-02T03:05:00Z")
    assert sum("not a feedback record; skipped" in r.getMessage() for r in caplog.records) == 3
    store.add(Feedback(source="chat", rating="up", question="new", answer="n"))
    store.close()

    again = open_feedback(None, legacy)  # the next start: nothing left to import
    assert len(_records(again)) == 4
    renamed[0].rename(legacy)  # someone puts the old file back: its records are there already
    assert import_jsonl(again, legacy) == 0 and len(_records(again)) == 4


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite://relative.db", "sqlite:///", "feedback.db",
                                 "postgresql://u@[::1/db", "sqlite:/etc/"])
def test_a_url_that_is_not_a_feedback_database_is_refused_with_what_is_accepted(url: str) -> None:
    with pytest.raises(ValueError, match=r"ASSISTANT_FEEDBACK_URL.*accepted: sqlite:///.*postgresql://"):
        open_store(url)


def test_a_password_in_the_url_is_never_shown() -> None:
    for url in ("mysql://user:s3cret@host/db", "postgresql://user:s3cret@[::1/db"):
        with pytest.raises(ValueError) as err:
            open_store(url)
        assert "s3cret" not in str(err.value) and "***" in str(err.value)


def test_an_unreachable_postgresql_is_reported_at_start() -> None:
    from live_server import free_port

    with pytest.raises(FeedbackUnavailable, match=r"PostgreSQL database host=127\.0\.0\.1 .*cannot be used.*refused"):
        open_store(f"postgresql://nobody:pw@127.0.0.1:{free_port()}/feedback")


@pytest.fixture
def exported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ASSISTANT_FEEDBACK_URL", raising=False)
    monkeypatch.delenv("ASSISTANT_FEEDBACK_FILE", raising=False)
    store = SqliteFeedbackStore(tmp_path / "feedback.sqlite3")
    store.add(Feedback(source="api", rating="down", question="=HYPERLINK(\"http://x\")", answer="训练成本 1,287 MWh",
                       comment="-2+3", request_id="r1"))
    store.add(Feedback(source="chat", rating="up", question="H100 hours?", answer="line one\nline two"))
    store.close()
    yield tmp_path


def test_export_writes_csv_for_spreadsheets(exported: Path) -> None:
    out = exported / "review.csv"
    result = CliRunner().invoke(main, ["feedback", "export", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 feedback records" in result.output
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: spreadsheets then read the Chinese as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["rating"] for r in rows] == ["down", "up"] and rows[0]["answer"] == "训练成本 1,287 MWh"
    assert rows[0]["question"] == "'=HYPERLINK(\"http://x\")" and rows[0]["comment"] == "'-2+3"  # never a formula
    assert rows[1]["answer"] == "line one\nline two" and rows[0]["request_id"] == "r1"


def test_export_writes_json_lines_to_standard_output(exported: Path) -> None:
    result = CliRunner().invoke(main, ["feedback", "export", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in lines] == ['=HYPERLINK("http://x")', "H100 hours?"]  # JSON keeps text as is
    assert list(lines[0]) == ["ts", "rating", "source", "question", "answer", "comment", "request_id", "id"]


def test_export_with_a_bad_url_says_what_is_accepted(exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_FEEDBACK_URL", "postgres:/nowhere")
    result = CliRunner().invoke(main, ["feedback", "export"])
    assert result.exit_code == 1 and "accepted: sqlite:///" in result.output


WRITER = """
import sys
from ui.web.feedback import Feedback, open_store
store = open_store(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.add(Feedback(source=sys.argv[2], rating="up" if i % 2 else "down", question=f"{sys.argv[2]} {i}",
                       answer="训练成本"))
store.close()
"""


@pytest.mark.slow
@needs_postgres
def test_two_processes_write_to_one_postgresql_and_no_record_is_lost(tmp_path: Path) -> None:
    per_writer = 300
    with postgres_server() as url:
        # Both create the table and write at once: the schema is made once, every write is committed.
        writers = [subprocess.Popen([sys.executable, "-c", WRITER, url, name, str(per_writer)],
                                    stderr=subprocess.PIPE, text=True) for name in ("host-a", "host-b")]
        for writer in writers:
            _, err = writer.communicate(timeout=180)
            assert writer.returncode == 0, err

        store = open_store(url)
        records = list(store.records())
        assert len(records) == 2 * per_writer and len({r.id for r in records}) == 2 * per_writer
        for name in ("host-a", "host-b"):
            mine = [r.question for r in records if r.source == name]
            assert mine == [f"{name} {i}" for i in range(per_writer)]  # all there, each writer's in its order
        assert {r.answer for r in records} == {"训练成本"}

        # Two hosts with a copy of the same old file: its records land once.
        copies = [tmp_path / "a" / "feedback.jsonl", tmp_path / "b" / "feedback.jsonl"]
        for copy in copies:
            copy.parent.mkdir()
            copy.write_bytes(b"".join(LEGACY))
        assert [import_jsonl(store, copy) for copy in copies] == [3, 0]
        exported = subprocess.run([str(Path(sys.executable).with_name("cost-assistant")), "feedback", "export",
                                   "--format", "jsonl"], capture_output=True, text=True, timeout=120,
                                  env={"PATH": "/usr/bin:/bin", "ASSISTANT_FEEDBACK_URL": url,
                                       "ASSISTANT_DATA_DIR": str(tmp_path)})
        store.close()
    assert exported.returncode == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == 2 * per_writer + 3


@pytest.mark.slow
@needs_postgres
def test_feedback_while_postgresql_is_down_gets_a_503_that_says_to_send_it_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from ui.web import feedback as feedback_module
    from ui.web.app import create_app
    from ui.web.config import WebSettings
    from ui.web.service import AnswerService

    monkeypatch.setattr(feedback_module, "POOL_WAIT_S", 1)
    rating = {"rating": "up", "question": "GPT-3 energy?", "answer": "1,287 MWh"}
    with postgres_server() as url:
        settings = WebSettings(rate_limit=None, warm_up=False, feedback_url=url,
                               feedback_path=tmp_path / "feedback.jsonl")
        client = TestClient(create_app(settings, AnswerService()))
        assert client.post("/api/v1/feedback", json=rating).status_code == 201
    refused = client.post("/api/v1/feedback", json=rating)  # the database server is gone now
    assert refused.status_code == 503 and refused.headers["retry-after"] == "30"
    assert refused.json()["error"]["code"] == "feedback_unavailable"
    assert client.get("/widget.js").status_code == 200  # everything else is served as before
