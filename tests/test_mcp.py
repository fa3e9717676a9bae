"""The MCP face through the official `mcp` client: in memory against the server object, over stdio against
`cost-assistant mcp`, and over streamable HTTP against `cost-assistant serve` at /mcp."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from live_server import CLI, live_server
from mcp import Client, ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.server.mcpserver.exceptions import ToolError, UnexpectedToolError

from tools.registry import CALCULATORS
from ui.mcp_server import build_server, shared_assistant

CANONICAL = {"params": 70e9, "tokens": 2e12, "gpu": "A100", "mfu": 0.4}
GPU_HOURS = 6 * 70e9 * 2e12 / (3600 * 312e12 * 0.4)  # 1,869,658 at the A100's dense BF16 peak
QUESTION_ZH = "训练一个700亿参数的模型用2T token需要多少GPU小时？"
TOOLS = {c.func.__name__ for c in CALCULATORS.values()} | {"search_knowledge", "ask"}
RESOURCES = {f"cost-assistant://knowledge/{name}" for name in ("sources", "hardware", "defaults")}
ANSWER_KEYS = {"answer", "language", "status", "intent", "figures", "calculations", "citations", "follow_ups",
               "latency_ms", "layout"}
# Bad inputs and the accepted range each error must state (tools/quantities.py).
BAD_INPUTS = [({**CANONICAL, "mfu": 1.5}, "mfu", "0 < x ≤ 1"),
              ({**CANONICAL, "params": -70e9}, "params", "1e+06 ≤ x ≤ 1e+14")]
ALLOWED = "http://127.0.0.1:1"  # an origin no test serves from: only its headers matter
REFUSED = "http://127.0.0.1:2"


def _han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


async def check_calculators(session: Any) -> None:
    tools = {t.name: t for t in (await session.list_tools()).tools}
    assert set(tools) == TOOLS  # the registry, nothing more or less, plus search and ask
    for calc in CALCULATORS.values():
        tool = tools[calc.func.__name__]
        assert tool.description == calc.description and _han(tool.description)
        schema = tool.input_schema
        assert set(schema["properties"]) == {p.name for p in calc.params} | {"lang"}
        assert set(schema.get("required", [])) == {p.name for p in calc.params if p.required}
        assert tool.annotations.read_only_hint
    result = await session.call_tool("gpu_hours", CANONICAL)
    assert not result.is_error
    data = result.structured_content
    assert data["value"] == pytest.approx(GPU_HOURS) and round(data["value"]) == 1_869_658
    assert data["formula"] == "gpu_hours = flop ÷ (peak_flops · mfu · goodput · 3600)" and data["unit"] == "GPU-hour"
    assert data["inputs"]["peak_flops"]["origin"] == "nvidia-a100-datasheet"
    assert [c["source_id"] for c in data["citations"]] == ["nvidia-a100-datasheet", "llama3-herd"]
    assert json.loads(result.content[0].text) == data  # the same result for clients that read only text
    zh = await session.call_tool("gpu_hours", {**CANONICAL, "lang": "zh"})
    assert zh.structured_content["value"] == data["value"] and _han(zh.structured_content["assumptions"][0])
    for arguments, field, accepted in BAD_INPUTS:
        refused = await session.call_tool("gpu_hours", arguments)
        text = refused.content[0].text
        assert refused.is_error and f"`{field}`" in text and accepted in text, text
        assert "accepted / 可接受" in text and _han(text.split("\n")[2])  # the Chinese message
    wrong_type = await session.call_tool("gpu_hours", {**CANONICAL, "params": "seventy billion"})
    assert wrong_type.is_error and "params" in wrong_type.content[0].text


async def check_resources(session: Any) -> None:
    listed = {str(r.uri): r for r in (await session.list_resources()).resources}
    assert set(listed) == RESOURCES and all(r.mime_type == "application/json" for r in listed.values())

    async def read(name: str) -> list[dict[str, Any]]:
        return json.loads((await session.read_resource(f"cost-assistant://knowledge/{name}")).contents[0].text)

    assert {"jadebird-2025", "tencent-tech-2024", "nvidia-a100-datasheet"} <= {s["id"] for s in await read("sources")}
    a100 = next(a for a in await read("hardware") if a["id"] == "a100-sxm4-80gb")
    assert a100["bf16_dense"] == {**a100["bf16_dense"], "value": 312e12, "unit": "FLOP/s"}
    mfu = next(d for d in await read("defaults") if d["id"] == "mfu")
    assert mfu["figure"]["value"] == 0.375 and mfu["citation"]["source_id"] == "epoch-cost-2024"
    assert mfu["citation"]["locator"] and mfu["citation"]["title"]


async def check_answers(session: Any) -> dict[str, Any]:
    reply = await session.call_tool("ask", {"question": QUESTION_ZH})
    answer = reply.structured_content
    assert not reply.is_error and set(answer) >= ANSWER_KEYS
    assert answer["status"] == "answered" and answer["language"] == "zh-Hans" and "卡时" in answer["answer"]
    assert any(c["tool"] == "gpu_hours" for c in answer["calculations"]) and answer["citations"]
    found = await session.call_tool("search_knowledge", {"query": "GPT-3训练耗电多少", "k": 3})
    hits = found.structured_content["result"]
    assert len(hits) == 3 and all(h["source_id"] and h["locator"] and h["text"] for h in hits)
    assert any("1287" in h["text"] or "1,287" in h["text"] for h in hits)
    return answer


def run(check: Callable[[], Awaitable[Any]]) -> Any:
    return anyio.run(check)


# ---------------------------------------------------------------- in memory: the server object, no process


def test_in_memory_tools_and_resources() -> None:
    async def check() -> None:
        async with Client(build_server(shared_assistant())) as session:
            await check_calculators(session)
            await check_resources(session)

    run(check)


SERVER = build_server(shared_assistant())
JSON_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False),
                       st.sampled_from(["A100", "H100", "英伟达H100", "70B", "bf16", "fp8", "epoch", "USD", "cn", ""]),
                       st.text(max_size=20), st.lists(st.integers(), max_size=3))


@st.composite
def calls(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    calc = draw(st.sampled_from(list(CALCULATORS.values())))
    names = [p.name for p in calc.params] + ["lang", "unknown_argument"]
    return calc.func.__name__, draw(st.dictionaries(st.sampled_from(names), JSON_VALUE, max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call=calls())
def test_any_json_arguments_give_a_result_or_a_tool_error(call: tuple[str, dict[str, Any]]) -> None:
    """What an agent may send: a finite result, or an anticipated tool error (never a crash, whose text the
    SDK withholds from the agent)."""
    name, arguments = call
    try:
        result = anyio.run(SERVER.call_tool, name, arguments)
    except UnexpectedToolError as err:
        raise AssertionError(f"{name}({arguments}) crashed") from err.__cause__
    except ToolError as err:
        assert str(err).startswith(f"Error executing tool {name}: ") and len(str(err)) > 40
        return
    data = result.structured_content
    assert not result.is_error and isinstance(data["value"], float | int) and data["value"] == data["value"]
    json.dumps(data, allow_nan=False)


# ---------------------------------------------------------------- stdio: what a desktop agent starts


@pytest.mark.slow
def test_stdio_server(served_data_dir: Path) -> None:
    params = StdioServerParameters(command=str(CLI), args=["mcp"], env={
        "ASSISTANT_DATA_DIR": str(served_data_dir), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    timings: dict[str, list[float]] = {"tools/list": [], "gpu_hours": []}

    async def check() -> None:
        async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            await check_calculators(session)
            await check_resources(session)
            await check_answers(session)
            for _ in range(5):  # after the warm-up, as an agent's later calls see it
                start = time.perf_counter()
                await session.list_tools()
                timings["tools/list"].append(time.perf_counter() - start)
                start = time.perf_counter()
                await session.call_tool("gpu_hours", CANONICAL)
                timings["gpu_hours"].append(time.perf_counter() - start)

    run(check)
    print("stdio median: " + ", ".join(f"{k} {statistics.median(v) * 1000:.1f} ms" for k, v in timings.items()))


# ---------------------------------------------------------------- streamable HTTP: /mcp on `cost-assistant serve`


@pytest.fixture(scope="module")
def url(served_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("mcp-server")
    with live_server(served_data_dir, logs / "serve.log", ASSISTANT_ALLOWED_ORIGINS=ALLOWED,
                     ASSISTANT_RATE_LIMIT="off", ASSISTANT_FEEDBACK_FILE=str(logs / "feedback.jsonl")) as base:
        yield base


@pytest.mark.slow
def test_http_server(url: str) -> None:
    async def check() -> dict[str, Any]:
        async with streamable_http_client(f"{url}/mcp") as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            await check_calculators(session)
            await check_resources(session)
            return await check_answers(session)

    answer = run(check)
    api = httpx.post(f"{url}/api/v1/chat", json={"question": QUESTION_ZH}, timeout=60).json()
    assert {**answer, "latency_ms": 0} == {**api, "latency_ms": 0}  # the API's Answer JSON, field for field


PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.mark.slow
def test_http_origin_check_and_body_limit_match_the_api(url: str) -> None:
    refused = httpx.post(f"{url}/mcp", json=PING, headers={**MCP_HEADERS, "Origin": REFUSED})
    api = httpx.post(f"{url}/api/v1/chat", json={"question": "GPU cost?"}, headers={"Origin": REFUSED})
    assert refused.status_code == api.status_code == 403 and refused.json() == api.json()
    assert refused.json()["error"]["code"] == "origin_not_allowed"
    stream = httpx.get(f"{url}/mcp", headers={"Accept": "text/event-stream", "Origin": REFUSED})
    assert stream.status_code == 403  # a GET is checked too
    assert httpx.post(f"{url}/mcp", json=PING, headers={**MCP_HEADERS, "Origin": ALLOWED}).status_code == 200
    assert httpx.post(f"{url}/mcp", json=PING, headers=MCP_HEADERS).status_code == 200  # an agent sends no Origin
    preflight = httpx.options(f"{url}/mcp", headers={
        "Origin": ALLOWED, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, mcp-protocol-version"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ALLOWED
    too_big = httpx.post(f"{url}/mcp", content=b'{"x": "' + b"a" * 300_000 + b'"}', headers=MCP_HEADERS)
    assert too_big.status_code == 413 and too_big.json()["error"]["code"] == "body_too_large"
    idle = httpx.get(f"{url}/mcp", headers={"Accept": "text/event-stream"})
    assert idle.status_code == 405 and idle.headers["allow"] == "POST"  # stateless: no stream to hold open


@pytest.mark.slow
def test_http_rate_limit_counts_mcp_messages(served_data_dir: Path, tmp_path: Path) -> None:
    with live_server(served_data_dir, tmp_path / "serve.log", ASSISTANT_RATE_LIMIT="4/minute",
                     ASSISTANT_WARM_UP="0") as base:
        codes = [httpx.post(f"{base}/mcp", json=PING, headers=MCP_HEADERS).status_code for _ in range(4)]
        limited = httpx.post(f"{base}/mcp", json=PING, headers=MCP_HEADERS)
        api = httpx.post(f"{base}/api/v1/chat", json={"question": "GPU cost?"})  # one limit for the API and MCP
    assert codes == [200] * 4 and limited.status_code == api.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1 and limited.json()["error"]["code"] == "rate_limited"
