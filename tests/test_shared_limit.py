"""The rate limit counted in Redis (design §8): every process and host counts against one limit; while Redis is
gone requests are answered unlimited and the log says so once; the limit holds again when Redis is back."""

from __future__ import annotations

import logging
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest
import redis
from backing_servers import MISSING_REDIS, REDIS, redis_server, start_redis
from fastapi.testclient import TestClient
from live_server import free_port, live_server

from ui.web import limit_storage
from ui.web.app import create_app
from ui.web.config import WebSettings
from ui.web.protection import RateLimiter
from ui.web.service import AnswerService

needs_redis = pytest.mark.skipif(REDIS is None, reason=MISSING_REDIS)
QUESTION = {"question": "How much electricity did GPT-3's training use?"}


@pytest.mark.parametrize("url", ["redis//127.0.0.1:6379", "redis://", "redis://[::1:6379", "redis://h:port",
                                 "memcached://127.0.0.1:11211", "127.0.0.1:6379", "redis+unix://"])
def test_a_storage_url_that_is_not_one_is_refused_with_what_is_accepted(url: str) -> None:
    with pytest.raises(ValueError, match=r"ASSISTANT_RATE_LIMIT_STORAGE=.*accepted: memory://.*redis://"):
        RateLimiter("3/minute", url)


def test_a_password_in_the_storage_url_is_never_shown() -> None:
    with pytest.raises(ValueError) as err:
        RateLimiter("3/minute", "rediss://:s3cret@")
    assert "s3cret" not in str(err.value) and "***" in str(err.value)


def test_an_unreachable_redis_at_start_lets_requests_through_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    limiter = RateLimiter("1/minute", f"redis://127.0.0.1:{free_port()}")  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="ui.web.limit_storage"):
        for _ in range(3):
            limiter.check("10.0.0.1")  # would be 429 from the second on, were the limit enforced
    assert sum("NOT enforced" in r.getMessage() for r in caplog.records) == 1


@pytest.fixture(scope="module")
def service() -> AnswerService:
    return AnswerService()


def _statuses(client: TestClient, n: int) -> list[int]:
    return [client.post("/api/v1/chat", json=QUESTION).status_code for _ in range(n)]


@pytest.mark.slow
@needs_redis
def test_redis_killed_mid_test_answers_unlimited_warns_once_and_enforces_again_when_back(
        service: AnswerService, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limit_storage, "RETRY_SECONDS", 0.3)
    port = free_port()
    server = start_redis(port)
    try:
        settings = WebSettings(rate_limit="3/minute", rate_limit_storage=f"redis://127.0.0.1:{port}", warm_up=False,
                               feedback_path=tmp_path / "feedback.jsonl")
        client = TestClient(create_app(settings, service))
        assert _statuses(client, 4) == [200, 200, 200, 429]

        server.kill()  # SIGKILL: Redis vanishes mid-conversation, as a crashed host would
        server.wait()
        with caplog.at_level(logging.WARNING, logger="ui.web.limit_storage"):
            outage = _statuses(client, 6)
            time.sleep(0.4)  # past the retry interval: Redis is tried again, and still gone
            outage += _statuses(client, 2)
        assert outage == [200] * 8  # answered, although the limit is 3 a minute
        warnings = [r for r in caplog.records if "NOT enforced" in r.getMessage()]
        assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING

        server = start_redis(port)  # an empty Redis: the count starts again
        time.sleep(0.4)
        with caplog.at_level(logging.WARNING, logger="ui.web.limit_storage"):
            assert _statuses(client, 4) == [200, 200, 200, 429]
        assert sum("enforced again" in r.getMessage() for r in caplog.records) == 1
    finally:
        server.kill()
        server.wait()


@pytest.mark.slow
@needs_redis
def test_two_servers_share_one_limit(served_data_dir: Path, tmp_path: Path) -> None:
    """10 a minute across two `serve` processes: of 20 requests spread over both, exactly 10 are answered."""
    with redis_server() as url, ExitStack() as stack:
        bases = [stack.enter_context(live_server(served_data_dir, tmp_path / f"serve-{i}.log",
                                                 ASSISTANT_RATE_LIMIT="10/minute", ASSISTANT_RATE_LIMIT_STORAGE=url,
                                                 ASSISTANT_FEEDBACK_URL=f"sqlite:///{tmp_path}/feedback-{i}.db"))
                 for i in range(2)]

        def post(i: int) -> httpx.Response:
            return httpx.post(f"{bases[i % 2]}/api/v1/chat", json=QUESTION, timeout=120)

        with ThreadPoolExecutor(max_workers=20) as pool:
            replies = list(pool.map(post, range(20)))
        counted = redis.from_url(url).keys(f"{limit_storage.KEY_PREFIX}:*")

    by_server = [Counter(r.status_code for r in replies[i::2]) for i in range(2)]
    assert Counter(r.status_code for r in replies) == {200: 10, 429: 10}, by_server
    refused = [r for r in replies if r.status_code == 429]
    assert all(1 <= int(r.headers["retry-after"]) <= 60 for r in refused)
    assert all(r.json()["error"]["code"] == "rate_limited" for r in refused)
    assert all(r.json()["status"] == "answered" for r in replies if r.status_code == 200)
    assert len(counted) == 1  # one key: one client address, counted once for both servers

