"""The API over real HTTP: `cost-assistant serve` on loopback, driven by httpx and the official `openai` client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live_server import live_server

pytestmark = pytest.mark.slow

ALLOWED = "http://127.0.0.1:1"  # an origin no test serves from: only its headers matter


@pytest.fixture(scope="module")
def url(served_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("api-server")
    with live_server(served_data_dir, logs / "serve.log", ASSISTANT_ALLOWED_ORIGINS=ALLOWED,
                     ASSISTANT_RATE_LIMIT="off", ASSISTANT_FEEDBACK_FILE=str(logs / "feedback.jsonl")) as base:
        yield base


def _events(lines: Iterator[str]) -> Iterator[tuple[str, dict]]:
    name, data = "message", []
    for line in lines:
        if line.startswith(":"):
            continue
        if not line:
            if data:
                yield name, json.loads("\n".join(data))
            name, data = "message", []
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())


@pytest.mark.parametrize(("question", "language"), [
    ("GPT-3訓練耗電多少?", "zh-Hant"),
    ("What would it cost to train a 70B model on 2T tokens on H100s?", "en"),
])
def test_sse_event_order(url: str, question: str, language: str) -> None:
    with httpx.stream("POST", f"{url}/api/v1/chat/stream", json={"question": question}, timeout=60) as resp:
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/event-stream")
        assert resp.headers["cache-control"] == "no-cache"
        events = list(_events(resp.iter_lines()))
    names = [n for n, _ in events]
    first_citation = names.index("citation")
    assert names[0] == "meta" and names[-1] == "done" and names.count("done") == 1 and "error" not in names
    assert set(names[1:first_citation]) == {"token"} and set(names[first_citation:-1]) == {"citation"}
    meta, done = events[0][1], events[-1][1]
    assert meta["language"] == done["language"] == language and len(meta["request_id"]) == 12
    assert "".join(d["text"] for n, d in events if n == "token") == done["answer"]


def test_openai_client_plain_and_streaming(url: str) -> None:
    openai = pytest.importorskip("openai")
    client = openai.OpenAI(base_url=f"{url}/v1", api_key="not-needed", max_retries=0)
    messages = [{"role": "system", "content": "Answer briefly."},
                {"role": "user", "content": "用1024张H100训练700亿参数、2万亿token的模型要多少天?"}]
    reply = client.chat.completions.create(model="cost-assistant", messages=messages)
    content = reply.choices[0].message.content
    assert reply.object == "chat.completion" and reply.choices[0].finish_reason == "stop"
    assert "天" in content and "来源:" in content and reply.usage.total_tokens > 0
    follow = client.chat.completions.create(model="cost-assistant", messages=[
        *messages, {"role": "assistant", "content": content}, {"role": "user", "content": "那换成A100呢?"}])
    assert "A100" in json.dumps(follow.model_extra["answer"]["calculations"])
    stream = client.chat.completions.create(model="cost-assistant", messages=messages, stream=True)
    chunks = list(stream)
    assert chunks[0].choices[0].delta.role == "assistant" and chunks[-1].choices[0].finish_reason == "stop"
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == content
    with pytest.raises(openai.UnprocessableEntityError) as err:
        client.chat.completions.create(model="cost-assistant", messages=[{"role": "user", "content": ""}])
    assert "non-empty user message" in err.value.message


def test_cors_preflights(url: str) -> None:
    asked = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ok = httpx.options(f"{url}/api/v1/chat/stream", headers={"Origin": ALLOWED, **asked})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in ok.headers["access-control-allow-methods"]
    assert "content-type" in ok.headers["access-control-allow-headers"].lower()
    refused = httpx.options(f"{url}/api/v1/chat/stream", headers={"Origin": "http://127.0.0.1:2", **asked})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    assert refused.json()["error"]["code"] == "origin_not_allowed"
    simple = httpx.post(f"{url}/api/v1/chat", content='{"question": "GPU cost?"}',
                        headers={"Origin": "http://127.0.0.1:2", "Content-Type": "text/plain"})
    assert simple.status_code == 403  # a "simple" request skips the preflight; the server still refuses it


def test_feedback_and_health_over_http(url: str) -> None:
    resp = httpx.post(f"{url}/api/v1/feedback", json={"rating": "up", "question": "GPU cost?", "answer": "…"})
    assert resp.status_code == 201 and len(resp.json()["id"]) == 32
    health = httpx.get(f"{url}/healthz").json()
    assert health["status"] == "ok" and health["uptime_s"] >= 0
    docs = httpx.get(f"{url}/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    widget = httpx.get(f"{url}/widget.js")
    assert widget.status_code == 200 and widget.headers["content-type"].startswith("text/javascript")
    assert "innerHTML" not in widget.text and "attachShadow" in widget.text
