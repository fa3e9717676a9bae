"""Load test of the web app: concurrent clients against `cost-assistant serve` on loopback; latency, errors, memory.

Run: python -m bench.load [--workers 1] [--chroma] [--clients 20] [--duration 60] [--json PATH]
     python -m bench.load --workers 2 --rate-limit 100000/minute --feedback --redis --postgres
     python -m bench.load --url http://127.0.0.1:7860 [--server-pid PID]     (a server you started yourself)

Without --url it starts its own stack with the rate limiter off unless --rate-limit sets one (high enough that no
request is refused: every request is then counted, a load test answered with 429s measures nothing): a data dir
into which ../shared/sources is ingested first (as deployed), optionally a `chroma run` server that the workers
share (--chroma, passed as ASSISTANT_CHROMA_URL), a throwaway redis-server counting the limit (--redis, as
ASSISTANT_RATE_LIMIT_STORAGE) and PostgreSQL storing feedback (--postgres, as ASSISTANT_FEEDBACK_URL), and
`cost-assistant serve --workers W`, ready when /healthz answers 200; everything it started is stopped at the end.
With --feedback each answer from POST /api/v1/chat is rated at once (POST /api/v1/feedback, 201 expected), and
the records the database holds afterwards must be exactly those acknowledged. With several workers the load waits
until each has answered /healthz: the first 200 only means one is ready, and keep-alive connections opened while
the others still warm up would all stay on it.

Each client is one keep-alive connection (like one browser; the starts spread over --ramp s) sending, back to
back until --duration is up, a fixed mix of zh-Hans, zh-Hant and English questions (calculations, look-ups,
explanations, a follow-up with history, and a blank question that must get 422) to POST /api/v1/chat (JSON),
/api/v1/chat/stream (SSE, read to the end: meta first, no error event, `done` last with the Answer JSON, tokens
joining to its answer) and /v1/chat/completions (plain and streamed). An error is a transport error, an
unexpected status, or a broken stream or body. For a local server it also reports every server process's RSS and
CPU time, which worker served each request (the server end of the client's TCP connection, found in /proc), and
the warnings in the server's log.

Exit status 1 on any error or failed check. The machine may be shared: the figures are notes, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOURCES = REPO.parent / "shared" / "sources"
CLK_TCK = os.sysconf("SC_CLK_TCK")
LANGUAGES = ("en", "zh-Hans", "zh-Hant")
STATUSES = ("answered", "needs_input", "not_found", "out_of_scope", "invalid_input")

# ---------------------------------------------------------------------------------------------- the request mix

CALC_ZH = "用1024张H100训练700亿参数、2万亿token的模型要多少天?"


@dataclass(frozen=True)
class Probe:
    name: str
    kind: str  # calculation | lookup | explanation | follow-up | invalid
    lang: str  # the language the answer must come back in; "none" for the invalid request
    question: str
    history: tuple[tuple[str, str], ...] = ()

    @property
    def expected_status(self) -> int:
        return 422 if self.kind == "invalid" else 200

    def history_json(self) -> list[dict[str, str]]:
        return [{"role": role, "content": content} for role, content in self.history]


PROBES: tuple[Probe, ...] = (
    Probe("calc-days-zh", "calculation", "zh-Hans", CALC_ZH),
    Probe("calc-gpuh-en", "calculation", "en", "How many H100 GPU-hours to train a 70B model on 2T tokens?"),
    Probe("lookup-gpt3-zh", "lookup", "zh-Hans", "GPT-3训练耗电多少?"),
    # early in the list, so a short run on a slow machine still sends the blank question that must get 422
    Probe("invalid-blank", "invalid", "none", ""),
    Probe("explain-zh", "explanation", "zh-Hans", "为什么训练大模型这么贵?"),
    Probe("calc-cost-en", "calculation", "en", "What would it cost to train a 70B model on 2T tokens on H100s?"),
    Probe("lookup-gpt3-hant", "lookup", "zh-Hant", "GPT-3訓練耗電多少?"),
    Probe("follow-up-zh", "follow-up", "zh-Hans", "那换成A100呢?", (("user", CALC_ZH), ("assistant", "…"))),
    Probe("lookup-gpt3-en", "lookup", "en", "How much electricity did GPT-3 use?"),
    Probe("calc-days-hant", "calculation", "zh-Hant", "用1024張H100訓練700億參數、2萬億token的模型要多少天?"),
    Probe("explain-en", "explanation", "en", "Why is training large models so expensive?"),
    Probe("explain-hant", "explanation", "zh-Hant", "為什麼訓練大模型這麼貴?"),
)
# 3/8 JSON, 3/8 SSE, 1/8 each OpenAI plain and streamed. Client i's request k gets probe i + k and endpoint
# 3i + k + k // len(PROBES): clients start at different pairs, and the shift after each round of the probes makes
# every probe meet every endpoint (8 and 12 share a factor, so without it a third of the pairs never occur).
ENDPOINT_CYCLE = ("json", "sse", "json", "sse", "openai", "json", "sse", "openai-sse")
PATHS = {"json": "/api/v1/chat", "sse": "/api/v1/chat/stream", "openai": "/v1/chat/completions",
         "openai-sse": "/v1/chat/completions"}


def request_body(endpoint: str, probe: Probe) -> dict[str, Any]:
    if endpoint.startswith("openai"):
        messages = [*probe.history_json(), {"role": "user", "content": probe.question}]
        return {"model": "cost-assistant", "messages": messages, "stream": endpoint == "openai-sse"}
    return {"question": probe.question, "history": probe.history_json()}


# ---------------------------------------------------------------------------------------------- one request


@dataclass
class Result:
    client: int
    endpoint: str
    probe: str
    kind: str
    lang: str
    status: int | None = None
    ms: float = 0.0
    ttfe_ms: float | None = None  # streams: time to the first complete event
    error: str | None = None  # the error kind, None when the exchange was as expected
    detail: str = ""
    answer_status: str | None = None
    answer_language: str | None = None
    answer_digest: str | None = None  # of the answer text: a deterministic assistant gives one per probe
    answer_text: str | None = field(default=None, repr=False)  # kept only until it is rated (--feedback)
    client_port: int | None = None
    worker: int | None = None  # pid of the server process that held the connection, when found
    end: float = 0.0  # seconds since the load started


class Broken(Exception):
    """The exchange completed but its content is wrong; ``kind`` names what."""

    def __init__(self, kind: str, detail: str):
        super().__init__(detail)
        self.kind = kind


def check_answer(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        raise Broken("bad-answer", f"Answer JSON is {type(answer).__name__}, not an object")
    missing = [k for k in ("answer", "language", "status", "intent", "citations") if k not in answer]
    if missing:
        raise Broken("bad-answer", f"Answer JSON lacks {missing}")
    if not isinstance(answer["answer"], str) or not answer["answer"].strip():
        raise Broken("bad-answer", "empty answer text")
    if answer["language"] not in LANGUAGES or answer["status"] not in STATUSES:
        raise Broken("bad-answer", f"language {answer['language']!r}, status {answer['status']!r}")
    if not isinstance(answer["citations"], list):
        raise Broken("bad-answer", "citations is not a list")
    return answer


def check_error_body(resp: httpx.Response) -> None:
    try:
        body = resp.json()
    except ValueError as exc:
        raise Broken("bad-json", f"{resp.status_code} body is not JSON: {resp.text[:120]!r}") from exc
    if not isinstance(body, dict) or not isinstance(body.get("error"), dict) or "message" not in body["error"]:
        raise Broken("bad-error-body", f"{resp.status_code} body is not an error object: {resp.text[:120]!r}")


def parse_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise Broken("bad-json", f"{what} is not JSON: {text[:120]!r}") from exc


def check_completion(body: Any) -> dict[str, Any]:
    try:
        message = body["choices"][0]["message"]
        content = message["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise Broken("bad-completion", f"no choices[0].message.content: {str(body)[:120]}") from exc
    answer = check_answer(body.get("answer"))
    if message.get("role") != "assistant" or not content.startswith(answer["answer"]):
        raise Broken("bad-completion", "message is not the assistant's answer text")
    return answer


async def sse_events(resp: httpx.Response, started: float, result: Result) -> list[tuple[str, str]]:
    """The stream's (event, data) pairs, per the SSE rules (comments ignored, data lines joined)."""
    events: list[tuple[str, str]] = []
    name, data = "", []
    async for line in resp.aiter_lines():
        if line == "":
            if data or name:
                events.append((name or "message", "\n".join(data)))
                if result.ttfe_ms is None:
                    result.ttfe_ms = (time.perf_counter() - started) * 1000
            name, data = "", []
        elif line.startswith(":"):
            continue
        else:
            key, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if key == "event":
                name = value
            elif key == "data":
                data.append(value)
    if data or name:
        raise Broken("sse-truncated", f"stream ended inside an event ({name or 'message'})")
    return events


def check_api_stream(events: list[tuple[str, str]]) -> dict[str, Any]:
    names = [n for n, _ in events]
    if not events:
        raise Broken("sse-empty", "no events")
    if "error" in names:
        raise Broken("sse-error-event", events[names.index("error")][1][:200])
    if names[0] != "meta":
        raise Broken("sse-order", f"first event is {names[0]!r}, not meta")
    if names[-1] != "done" or names.count("done") != 1:
        raise Broken("sse-no-done", f"events end with {names[-3:]}")
    answer = check_answer(parse_json(events[-1][1], "done data"))
    tokens = "".join(parse_json(d, "token data")["text"] for n, d in events if n == "token")
    if tokens != answer["answer"]:
        raise Broken("sse-tokens", "token events do not join to the answer text")
    if names.count("citation") != len(answer["citations"]):
        raise Broken("sse-citations", f"{names.count('citation')} citation events, {len(answer['citations'])} cited")
    return answer


def check_openai_stream(events: list[tuple[str, str]]) -> dict[str, Any]:
    if not events or events[-1][1] != "[DONE]":
        raise Broken("sse-no-done", "stream does not end with data: [DONE]")
    chunks = [parse_json(d, "chunk") for _, d in events[:-1]]
    try:
        content = "".join(c["choices"][0]["delta"].get("content", "") for c in chunks)
        last = chunks[-1]
        finish = last["choices"][0]["finish_reason"]
    except (KeyError, IndexError, TypeError) as exc:
        raise Broken("bad-completion", "malformed chunk") from exc
    if finish != "stop" or "answer" not in last:
        raise Broken("bad-completion", f"last chunk: finish_reason {finish!r}, answer {'answer' in last}")
    answer = check_answer(last["answer"])
    if not content.startswith(answer["answer"]):
        raise Broken("bad-completion", "streamed content is not the answer text")
    return answer


def client_port(resp: httpx.Response) -> int | None:
    stream = resp.extensions.get("network_stream")
    with contextlib.suppress(Exception):
        return int(stream.get_extra_info("client_addr")[1])
    return None


async def one_request(client: httpx.AsyncClient, index: int, endpoint: str, probe: Probe, t0: float) -> Result:
    result = Result(client=index, endpoint=endpoint, probe=probe.name, kind=probe.kind, lang=probe.lang)
    body = request_body(endpoint, probe)
    started = time.perf_counter()
    answer: dict[str, Any] | None = None
    try:
        if endpoint in ("sse", "openai-sse"):
            async with client.stream("POST", PATHS[endpoint], json=body) as resp:
                result.status, result.client_port = resp.status_code, client_port(resp)
                if resp.status_code == 200 and probe.expected_status == 200:
                    if not resp.headers.get("content-type", "").startswith("text/event-stream"):
                        raise Broken("sse-content-type", resp.headers.get("content-type", ""))
                    events = await sse_events(resp, started, result)
                    answer = check_api_stream(events) if endpoint == "sse" else check_openai_stream(events)
                else:
                    await resp.aread()
                    if resp.status_code != probe.expected_status:
                        raise Broken(f"status-{resp.status_code}", resp.text[:200])
                    check_error_body(resp)
        else:
            resp = await client.post(PATHS[endpoint], json=body)
            result.status, result.client_port = resp.status_code, client_port(resp)
            if resp.status_code != probe.expected_status:
                raise Broken(f"status-{resp.status_code}", resp.text[:200])
            if resp.status_code == 200:
                data = parse_json(resp.text, "body")
                answer = check_answer(data) if endpoint == "json" else check_completion(data)
            else:
                check_error_body(resp)
    except Broken as exc:
        result.error, result.detail = exc.kind, str(exc)
    except httpx.TimeoutException as exc:
        result.error, result.detail = "timeout", f"{type(exc).__name__}: {exc}"
    except httpx.HTTPError as exc:  # transport errors and protocol violations
        result.error, result.detail = f"transport-{type(exc).__name__}", str(exc)[:200]
    except Exception as exc:  # e.g. undecodable bytes: still an error of this exchange, not of the load test
        result.error, result.detail = f"client-{type(exc).__name__}", str(exc)[:200]
    result.ms = (time.perf_counter() - started) * 1000
    result.end = time.perf_counter() - t0
    if answer is not None:
        result.answer_status, result.answer_language = answer["status"], answer["language"]
        result.answer_digest = hashlib.sha1(answer["answer"].encode()).hexdigest()[:12]
        if endpoint == "json":
            result.answer_text = answer["answer"]
    return result


async def rate(client: httpx.AsyncClient, index: int, probe: Probe, answer_text: str, t0: float) -> Result:
    """Rate an answer as a reader would, right after it came."""
    result = Result(client=index, endpoint="feedback", probe=probe.name, kind="feedback", lang="none")
    body = {"rating": "up" if index % 2 else "down", "question": probe.question, "answer": answer_text[:20_000],
            "comment": f"load client {index}"}
    started = time.perf_counter()
    try:
        resp = await client.post("/api/v1/feedback", json=body)
        result.status, result.client_port = resp.status_code, client_port(resp)
        if resp.status_code != 201:
            raise Broken(f"status-{resp.status_code}", resp.text[:200])
        if len(str(parse_json(resp.text, "body").get("id", ""))) != 32:
            raise Broken("bad-feedback-id", resp.text[:200])
    except Broken as exc:
        result.error, result.detail = exc.kind, str(exc)
    except httpx.HTTPError as exc:
        result.error, result.detail = f"transport-{type(exc).__name__}", str(exc)[:200]
    result.ms = (time.perf_counter() - started) * 1000
    result.end = time.perf_counter() - t0
    return result


async def run_clients(url: str, clients: int, duration: float, timeout: float, ramp: float = 0.0,
                      on_result: Any = None, feedback: bool = False) -> tuple[list[Result], float]:
    """``clients`` loops sending back to back for ``duration`` s, the starts spread over ``ramp`` s; returns the
    results and the wall time (until the last request in flight at the deadline is done). With ``feedback`` each
    JSON answer is rated right after it came."""
    results: list[Result] = []
    t0 = time.perf_counter()
    deadline = t0 + duration

    async def loop(index: int) -> None:
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=httpx.Timeout(timeout, connect=10), limits=limits,
                                     headers={"User-Agent": "cost-assistant-load/1"}) as client:
            await asyncio.sleep(ramp * index / clients)
            k = 0
            while time.perf_counter() < deadline:
                probe = PROBES[(index + k) % len(PROBES)]
                endpoint = ENDPOINT_CYCLE[(3 * index + k + k // len(PROBES)) % len(ENDPOINT_CYCLE)]
                result = await one_request(client, index, endpoint, probe, t0)
                if on_result is not None:
                    on_result(result)  # while the connection is still open: which worker holds it
                results.append(result)
                if feedback and endpoint == "json" and result.answer_text is not None:
                    rated = await rate(client, index, probe, result.answer_text, t0)
                    if on_result is not None:
                        on_result(rated)
                    results.append(rated)
                k += 1

    await asyncio.gather(*(loop(i) for i in range(clients)))
    return results, time.perf_counter() - t0


# ---------------------------------------------------------------------------------------------- /proc


def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()  # fields from "state" on; comm may hold spaces and parentheses


def descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))):
            children[int(fields[1])].append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        if Path(f"/proc/{pid}").exists():
            out.append(pid)
            todo.extend(children.get(pid, ()))
    return sorted(out)


@dataclass
class Proc:
    pid: int
    role: str
    cmd: str
    start_ticks: int  # /proc start time, to tell the same process from a reused pid
    rss_mb: float = 0.0
    rss_ready_mb: float = 0.0
    cpu_s: float = 0.0  # user + system during the load
    requests: int = 0

    @staticmethod
    def cpu_ticks(pid: int) -> int | None:
        fields = _stat(pid)
        return int(fields[11]) + int(fields[12]) if fields else None


def rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def describe(pid: int, root: int, role_of_root: str) -> Proc | None:
    fields = _stat(pid)
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    if fields is None:
        return None
    if pid == root:
        role = role_of_root
    elif "resource_tracker" in cmd:
        role = "resource-tracker"
    elif "spawn_main" in cmd or "multiprocessing" in cmd:
        role = "worker"
    else:
        role = "child"
    return Proc(pid=pid, role=role, cmd=cmd[:160], start_ticks=int(fields[19]))


def alive(proc: Proc) -> bool:
    fields = _stat(proc.pid)
    return fields is not None and int(fields[19]) == proc.start_ticks and fields[0] != "Z"


class WorkerMap:
    """Which server process holds the server end of a loopback connection from a given client port."""

    def __init__(self, server_port: int, pids: list[int]):
        self.server_port = server_port
        self.pids = pids
        self.cache: dict[int, int | None] = {}

    def _rescan(self) -> None:
        inode_pid: dict[str, int] = {}
        for pid in self.pids:
            with contextlib.suppress(OSError):
                for fd in os.scandir(f"/proc/{pid}/fd"):
                    with contextlib.suppress(OSError):
                        target = os.readlink(fd.path)
                        if target.startswith("socket:["):
                            inode_pid[target[8:-1]] = pid
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            with contextlib.suppress(OSError), open(table) as fh:
                next(fh)
                for line in fh:
                    cols = line.split()
                    local, remote, inode = cols[1], cols[2], cols[9]
                    if int(local.rsplit(":", 1)[1], 16) == self.server_port and inode in inode_pid:
                        self.cache[int(remote.rsplit(":", 1)[1], 16)] = inode_pid[inode]

    def worker(self, port: int | None, fresh: bool = False) -> int | None:
        if port is None:
            return None
        if fresh:  # a short-lived connection: its port may have served another connection before
            self.cache.pop(port, None)
        if port not in self.cache:
            self._rescan()
            self.cache.setdefault(port, None)
        return self.cache[port]


# ---------------------------------------------------------------------------------------------- the stack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def warm(resp: httpx.Response) -> bool:
    """A /healthz of a process that answers at full speed: warmed up and its dense retrieval loaded (or off or
    failed). Its port opens seconds before (README, "Web"), and a load started then would measure the warm-up."""
    if resp.status_code != 200:
        return False
    health = resp.json()
    return bool(health.get("warm", True)) and health.get("dense_retrieval") != "loading"


def wait_ready(url: str, proc: subprocess.Popen | None, log: Path | None, timeout: float,
               ready: Callable[[httpx.Response], bool] = lambda resp: resp.status_code == 200) -> float:
    started = time.monotonic()
    while True:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{url}: process exited with {proc.returncode}\n{tail}")
        with contextlib.suppress(httpx.TransportError):
            if ready(httpx.get(url, timeout=2)):
                return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise RuntimeError(f"{url} not ready after {timeout:.0f} s")
        time.sleep(0.3)


def wait_all_workers(url: str, workers: WorkerMap, pids: set[int], timeout: float) -> tuple[float, set[int]]:
    """Poll /healthz on fresh connections until every process in ``pids`` has answered one.

    /healthz answering 200 means one worker is ready; the others may still be warming up, and a load that opens
    its keep-alive connections then would pin them all to the first worker."""
    started, seen = time.monotonic(), set()
    while time.monotonic() - started < timeout and not pids <= seen:
        with contextlib.suppress(httpx.TransportError), httpx.Client(timeout=5) as client:
            resp = client.get(f"{url}/healthz")
            pid = workers.worker(client_port(resp), fresh=True)
            if warm(resp) and pid is not None:
                seen.add(pid)
        time.sleep(0.05)
    return time.monotonic() - started, seen


def stop(proc: subprocess.Popen, grace: float = 20) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@dataclass
class Stack:
    url: str
    server: subprocess.Popen | None = None
    chroma: subprocess.Popen | None = None
    chroma_url: str | None = None
    redis_url: str | None = None
    postgres_url: str | None = None
    data_dir: Path | None = None
    log: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)


def server_env(stack: Stack, rate_limit: str = "off") -> dict[str, str]:
    assert stack.data_dir is not None
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(stack.data_dir), "ASSISTANT_RATE_LIMIT": rate_limit}
    for key, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("GRADIO_ANALYTICS_ENABLED", "False"),
                       ("ANONYMIZED_TELEMETRY", "False")):
        env.setdefault(key, value)
    for key, value in (("ASSISTANT_CHROMA_URL", stack.chroma_url), ("ASSISTANT_RATE_LIMIT_STORAGE", stack.redis_url),
                       ("ASSISTANT_FEEDBACK_URL", stack.postgres_url)):
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env


@contextlib.contextmanager
def started_stack(args: argparse.Namespace, workdir: Path) -> Iterator[Stack]:
    cli = BIN / "cost-assistant"
    stack = Stack(url="")
    procs: list[subprocess.Popen] = []
    backing = contextlib.ExitStack()
    try:
        if args.redis or args.postgres:
            sys.path.insert(0, str(REPO / "tests"))  # the tests' throwaway servers, started the same way
            from backing_servers import postgres_server, redis_server

            started = time.monotonic()
            stack.redis_url = backing.enter_context(redis_server()) if args.redis else None
            stack.postgres_url = backing.enter_context(postgres_server()) if args.postgres else None
            stack.timings["redis_postgres_ready_s"] = time.monotonic() - started
        if args.chroma:
            port = free_port()
            stack.chroma_url = f"http://127.0.0.1:{port}"
            out = (workdir / "chroma.log").open("w")
            stack.chroma = subprocess.Popen([str(BIN / "chroma"), "run", "--path", str(workdir / "chroma"), "--host",
                                             "127.0.0.1", "--port", str(port)], stdout=out, stderr=subprocess.STDOUT,
                                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
            out.close()
            procs.append(stack.chroma)
            stack.timings["chroma_ready_s"] = wait_ready(f"{stack.chroma_url}/api/v2/heartbeat", stack.chroma,
                                                         workdir / "chroma.log", 60)
        if args.data_dir:
            stack.data_dir = Path(args.data_dir)
        else:
            stack.data_dir = workdir / "data"
            started = time.monotonic()
            # With ASSISTANT_CHROMA_URL set, ingest builds the index into that server, as the workers will use it.
            done = subprocess.run([str(cli), "ingest", str(args.sources)], capture_output=True, text=True,
                                  env=server_env(stack), timeout=900)
            if done.returncode != 0:
                raise RuntimeError(f"ingest failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
            stack.timings["ingest_s"] = time.monotonic() - started
        port = args.port or free_port()
        stack.url = f"http://127.0.0.1:{port}"
        stack.log = Path(args.log) if args.log else workdir / "server.log"
        with stack.log.open("w") as out:
            stack.server = subprocess.Popen([str(cli), "serve", "--port", str(port), "--workers", str(args.workers),
                                             "--log-level", args.log_level], stdout=out, stderr=subprocess.STDOUT,
                                            env=server_env(stack, args.rate_limit), cwd=workdir)
        procs.append(stack.server)
        stack.timings["server_ready_s"] = wait_ready(f"{stack.url}/healthz", stack.server, stack.log,
                                                     args.ready_timeout, warm)
        yield stack
    finally:
        for proc in reversed(procs):  # the app first, then the servers it talks to
            stop(proc)
        backing.close()


# ---------------------------------------------------------------------------------------------- the report


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def latency(values: list[float]) -> dict[str, float | None]:
    return {"p50": pct(values, 0.50), "p95": pct(values, 0.95), "p99": pct(values, 0.99),
            "max": max(values) if values else None}


def group(results: list[Result], key: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted({getattr(r, key) for r in results}):
        rows = [r for r in results if getattr(r, key) == name]
        ok = [r for r in rows if r.error is None]
        ttfe = [r.ttfe_ms for r in ok if r.ttfe_ms is not None]
        out[name] = {"n": len(rows), "errors": len(rows) - len(ok), "ms": latency([r.ms for r in ok]),
                     "ttfe_ms": latency(ttfe) if ttfe else None}
    return out


ROLE_ORDER = {"server": 0, "supervisor": 1, "worker": 2, "resource-tracker": 3, "child": 4, "chroma": 5}


def summarise(results: list[Result], wall: float, procs: list[Proc], checks: list[dict[str, Any]],
              log_lines: list[str], config: dict[str, Any], client_cpu_s: float) -> dict[str, Any]:
    errors = Counter(r.error for r in results if r.error)
    samples: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.error and len(samples[r.error]) < 3:
            samples[r.error].append(f"{r.endpoint} {r.probe}: {r.detail}")
    answered = [r for r in results if r.kind != "invalid"]
    by_endpoint = group(answered, "endpoint")
    by_endpoint["invalid (422)"] = group([r for r in results if r.kind == "invalid"], "kind").get("invalid")
    statuses: dict[str, Counter] = defaultdict(Counter)
    digests: dict[str, set[str]] = defaultdict(set)
    anomalies: list[str] = []
    for r in results:
        if r.answer_status:
            statuses[r.probe][r.answer_status] += 1
            digests[r.probe].add(r.answer_digest or "")
            if r.lang != r.answer_language:
                anomalies.append(f"{r.probe} via {r.endpoint}: answered in {r.answer_language}, expected {r.lang}")
    for probe, seen in sorted(digests.items()):
        if len(seen) > 1:
            anomalies.append(f"{probe}: {len(seen)} different answer texts for the same question")
    server_procs = [p for p in procs if p.role != "chroma"]
    return {
        "config": config,
        "requests": len(results),
        "errors": sum(errors.values()),
        "errors_by_kind": dict(errors.most_common()),
        "error_samples": dict(samples),
        "wall_s": round(wall, 2),
        "throughput_rps": round(len(results) / wall, 2) if wall else None,
        "latency_ms": {"all": latency([r.ms for r in results]), **{k: v["ms"] for k, v in by_endpoint.items() if v}},
        "by_endpoint": by_endpoint,
        "by_language": group(results, "lang"),
        "by_kind": group(results, "kind"),
        "answer_statuses": {k: dict(v) for k, v in sorted(statuses.items())},
        "anomalies": sorted(set(anomalies)),
        "processes": [asdict(p) for p in procs],
        "server_rss_mb": round(sum(p.rss_mb for p in server_procs), 1) if server_procs else None,
        "requests_by_worker": dict(Counter(str(r.worker) for r in results if r.worker is not None)),
        "client_cpu_s": round(client_cpu_s, 1),
        "checks": checks,
        "server_log_problems": log_lines,
    }


def fmt(value: float | None, width: int = 7) -> str:
    return f"{value:{width}.0f}" if value is not None else " " * (width - 1) + "-"


def print_report(s: dict[str, Any], out: Any = sys.stdout) -> None:
    c = s["config"]
    p = print
    p(f"load: {c['clients']} clients × {c['duration']:g} s on {c['url']} — {c['server']}; {c['cpus']} CPUs, "
      f"load average at the end {' '.join(c['loadavg_end'])}", file=out)
    if c.get("timings"):
        p("setup: " + ", ".join(f"{k.removesuffix('_s').replace('_', ' ')} {v:.1f} s"
                                for k, v in c["timings"].items()), file=out)
    p(f"requests {s['requests']} in {s['wall_s']:.1f} s = {s['throughput_rps']:.1f} req/s; errors {s['errors']}"
      + (f" {s['errors_by_kind']}" if s["errors"] else ""), file=out)
    p(f"{'endpoint':14} {'n':>5} {'err':>4} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7}"
      f" {'1st-ev p50':>10} {'1st-ev p95':>10}", file=out)
    rows = [("all", {"n": s["requests"], "errors": s["errors"], "ms": s["latency_ms"]["all"], "ttfe_ms": None}),
            *((k, v) for k, v in s["by_endpoint"].items() if v)]
    for name, row in rows:
        ms, tt = row["ms"], row["ttfe_ms"] or {}
        p(f"{name:14} {row['n']:5} {row['errors']:4} {fmt(ms['p50'])} {fmt(ms['p95'])} {fmt(ms['p99'])}"
          f" {fmt(ms['max'])} {fmt(tt.get('p50'), 10)} {fmt(tt.get('p95'), 10)}", file=out)
    p("by language: " + ", ".join(f"{k} {v['n']} (p50 {fmt(v['ms']['p50'], 0).strip()} ms)"
                                  for k, v in s["by_language"].items()), file=out)
    p("by kind:     " + ", ".join(f"{k} {v['n']} (p50 {fmt(v['ms']['p50'], 0).strip()} ms)"
                                  for k, v in s["by_kind"].items()), file=out)
    statuses = Counter()
    for per in s["answer_statuses"].values():
        statuses.update(per)
    p("answer statuses: " + ", ".join(f"{k} {v}" for k, v in statuses.most_common()), file=out)
    if s["processes"]:
        p(f"{'process':17} {'pid':>7} {'RSS ready':>9} {'RSS end':>8} {'CPU s':>6} {'requests':>8}", file=out)
        for proc in s["processes"]:
            p(f"{proc['role']:17} {proc['pid']:7} {proc['rss_ready_mb']:7.0f}MB {proc['rss_mb']:6.0f}MB"
              f" {proc['cpu_s']:6.1f} {proc['requests'] or '':>8}", file=out)
        p(f"server RSS at end (all its processes): {s['server_rss_mb']:.0f} MB; load generator CPU "
          f"{s['client_cpu_s']:.1f} s (same machine)", file=out)
    for check in s["checks"]:
        p(f"check {'ok  ' if check['ok'] else 'FAIL'} {check['name']}: {check['detail']}", file=out)
    for line in s["anomalies"][:10]:
        p(f"anomaly: {line}", file=out)
    for kind, lines in s["error_samples"].items():
        for line in lines:
            p(f"error {kind}: {line}", file=out)
    if s["server_log_problems"] is not None:
        p(f"server logs: {len(s['server_log_problems'])} warning/error lines", file=out)
        for line in s["server_log_problems"][:20]:
            p(f"  | {line}", file=out)


PROBLEM = re.compile(r"WARN|ERROR|CRITICAL|Traceback|Exception|Error\b|Warning\b")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def stored_feedback(stack: Stack) -> int:
    """How many feedback records the started server's database holds."""
    from ui.web.feedback import SqliteFeedbackStore, open_store

    assert stack.data_dir is not None
    store = open_store(stack.postgres_url) if stack.postgres_url else \
        SqliteFeedbackStore(stack.data_dir / "feedback.sqlite3")
    try:
        return sum(1 for _ in store.records())
    finally:
        store.close()


def log_problems(*logs: tuple[str, Path | None]) -> list[str] | None:
    """Lines of the logs that look like a warning or an error, prefixed with the log's name."""
    found = [(name, log) for name, log in logs if log is not None and log.exists()]
    if not found:
        return None
    return [f"[{name}] {line.rstrip()}" for name, log in found
            for line in ANSI.sub("", log.read_text(errors="replace")).splitlines() if PROBLEM.search(line)]


# ---------------------------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="an already running server; without it one is started on loopback")
    parser.add_argument("--server-pid", type=int, help="with --url on this machine: the server's pid, for RSS/CPU")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (default 1)")
    parser.add_argument("--chroma", action="store_true", help="start a Chroma server the workers share")
    parser.add_argument("--rate-limit", default="off",
                        help="ASSISTANT_RATE_LIMIT for the started server (default off), e.g. 100000/minute")
    parser.add_argument("--redis", action="store_true", help="start a redis-server that counts the rate limit")
    parser.add_argument("--postgres", action="store_true", help="start a PostgreSQL that stores the feedback")
    parser.add_argument("--feedback", action="store_true", help="rate every answer of POST /api/v1/chat")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--ramp", type=float, default=1.0,
                        help="seconds over which the clients' first requests are spread (default 1)")
    parser.add_argument("--timeout", type=float, default=120, help="per-request timeout in seconds (default 120)")
    parser.add_argument("--json", dest="json_path", help="write the results here as JSON")
    parser.add_argument("--data-dir", help="use this data dir as it is (no ingest); default a fresh temp dir")
    parser.add_argument("--sources", type=Path, default=SOURCES, help=f"what to ingest (default {SOURCES})")
    parser.add_argument("--port", type=int, help="port for the started server (default a free one)")
    parser.add_argument("--log", help="server log file (default in the temp dir, removed unless --keep)")
    parser.add_argument("--log-level", default="warning", choices=["error", "warning", "info", "debug"])
    parser.add_argument("--ready-timeout", type=float, default=300, help="seconds to wait for /healthz")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (data, logs)")
    args = parser.parse_args(argv)
    if args.url and (args.chroma or args.workers != 1 or args.data_dir or args.redis or args.postgres
                     or args.rate_limit != "off"):
        parser.error("--url uses a running server: --workers, --chroma, --data-dir, --rate-limit, --redis and "
                     "--postgres start one")
    if args.clients < 1 or args.duration <= 0 or args.workers < 1 or not 0 <= args.ramp < args.duration:
        parser.error("--clients and --workers must be at least 1, --duration positive, --ramp in [0, duration)")
    return args


def load(args: argparse.Namespace, stack: Stack, server_pid: int | None) -> tuple[dict[str, Any], list[Proc]]:
    local = server_pid is not None and Path(f"/proc/{server_pid}").exists()
    procs: list[Proc] = []
    if local:
        tree = descendants(server_pid)
        procs = [p for pid in tree if (p := describe(pid, server_pid, "server"))]
        if any(p.role == "worker" for p in procs):  # uvicorn --workers N: the root only supervises
            procs[[p.pid for p in procs].index(server_pid)].role = "supervisor"
        if stack.chroma is not None:
            for pid in descendants(stack.chroma.pid):
                if p := describe(pid, stack.chroma.pid, "chroma"):
                    p.role = "chroma"
                    procs.append(p)
        procs.sort(key=lambda p: (ROLE_ORDER.get(p.role, 9), p.pid))
    port = urlparse(stack.url).port or 80
    workers = WorkerMap(port, [p.pid for p in procs if p.role != "chroma"]) if local else None
    serving = [p for p in procs if p.role in ("worker", "server")]
    checks: list[dict[str, Any]] = []
    if workers is not None and len(serving) > 1:
        waited, seen = wait_all_workers(stack.url, workers, {p.pid for p in serving}, args.ready_timeout)
        stack.timings["all_workers_ready_s"] = waited
        if len(seen) < len(serving):
            checks.append({"name": "all workers ready", "ok": False,
                           "detail": f"only {sorted(seen)} answered /healthz within {waited:.0f} s"})
    ticks0 = {p.pid: Proc.cpu_ticks(p.pid) or 0 for p in procs}
    for p in procs:
        p.rss_ready_mb = round(rss_mb(p.pid), 1)

    def attribute(result: Result) -> None:
        if workers is not None:
            result.worker = workers.worker(result.client_port)

    count_stored = args.feedback and stack.server is not None
    stored_before = stored_feedback(stack) if count_stored else 0
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    results, wall = asyncio.run(run_clients(stack.url, args.clients, args.duration, args.timeout, args.ramp,
                                            attribute, args.feedback))
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    if count_stored:
        acknowledged = sum(1 for r in results if r.kind == "feedback" and r.error is None)
        stored = stored_feedback(stack) - stored_before
        checks.append({"name": "feedback stored", "ok": stored == acknowledged,
                       "detail": f"{acknowledged} ratings acknowledged (201), {stored} new records in "
                                 + ("PostgreSQL" if stack.postgres_url else "SQLite")})
    client_cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)

    counts = Counter(r.worker for r in results if r.worker is not None)
    for p in procs:
        p.rss_mb = round(rss_mb(p.pid), 1)
        p.cpu_s = round(((Proc.cpu_ticks(p.pid) or 0) - ticks0[p.pid]) / CLK_TCK, 1)
        p.requests = counts.get(p.pid, 0)
    if local:
        expected = args.workers if stack.server is not None else max(1, len(serving))
        gone = [p.pid for p in serving if not alive(p)]
        checks.append({"name": "worker processes", "ok": len(serving) == expected and not gone,
                       "detail": f"{len(serving)} serving process(es) for --workers {expected}"
                                 + (f"; exited during the load: {gone}" if gone else "")})
        busy = [p for p in serving if p.cpu_s >= 0.1]
        answered = [p for p in serving if p.requests > 0]
        checks.append({"name": "every worker answered", "ok": len(busy) == len(serving) == len(answered),
                       "detail": f"{len(answered)}/{len(serving)} served requests "
                                 f"({', '.join(f'{p.pid}: {p.requests}' for p in serving)}), "
                                 f"{len(busy)}/{len(serving)} used CPU "
                                 f"({', '.join(f'{p.pid}: {p.cpu_s:.1f} s' for p in serving)})"})
        unattributed = sum(1 for r in results if r.worker is None and r.client_port is not None)
        if unattributed:
            checks.append({"name": "worker attribution", "ok": True,
                           "detail": f"{unattributed} request(s) not traced to a process (connection gone?)"})
    config = {"url": stack.url, "clients": args.clients, "duration": args.duration, "workers": args.workers,
              "chroma": bool(args.chroma), "self_started": stack.server is not None, "timings": stack.timings,
              "rate_limit": args.rate_limit, "feedback": args.feedback,
              "server": (f"{args.workers} worker(s), " + ("shared Chroma server" if args.chroma else "embedded Chroma")
                         + f", rate limit {args.rate_limit}"
                         + (" counted in Redis" if args.redis else " in memory" if args.rate_limit != "off" else "")
                         + (", feedback in PostgreSQL" if args.postgres else ", feedback in SQLite")
                         if stack.server is not None else "external server"),
              "cpus": os.cpu_count(), "loadavg_end": Path("/proc/loadavg").read_text().split()[:3]}
    return summarise(results, wall, procs, checks, [], config, client_cpu), procs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="cost-assistant-load-"))
    summary: dict[str, Any]
    try:
        if args.url:
            stack = Stack(url=args.url.rstrip("/"))
            wait_ready(f"{stack.url}/healthz", None, None, 10, warm)
            summary, _ = load(args, stack, args.server_pid)
            summary["server_log_problems"] = None
        else:
            with started_stack(args, workdir) as stack:
                assert stack.server is not None
                summary, procs = load(args, stack, stack.server.pid)
            # After the stop: everything the server started must be gone too.
            left = [p.pid for p in procs if alive(p)]
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)  # our own children, by pid
            summary["checks"].append({"name": "clean shutdown", "ok": not left and stack.server.returncode is not None,
                                      "detail": f"server exited with {stack.server.returncode}"
                                                + (f"; killed leftover pids {left}" if left else "")})
            summary["server_log_problems"] = log_problems(("server", stack.log),
                                                          ("chroma", workdir / "chroma.log" if args.chroma else None))
            if args.keep:
                summary["config"]["workdir"] = str(workdir)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print_report(summary)
    if args.json_path:
        Path(args.json_path).write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    failed = summary["errors"] > 0 or not all(c["ok"] for c in summary["checks"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
