"""Where the rate limit is counted: this process's memory (the default) or a Redis server that every worker and
every host behind the load balancer shares, so that N processes allow one limit, not N of them.

A limit must never take the service down with it: while Redis is unreachable requests are served unlimited, the
log says so once, and Redis is tried again every ``RETRY_SECONDS`` until it answers.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import urlsplit

from limits.storage import MemoryStorage, Storage, storage_from_string
from redis.backoff import NoBackoff
from redis.retry import Retry

from ui.web.config import masked

log = logging.getLogger(__name__)

ACCEPTED = ("memory:// (each process counts alone), redis://[:password@]host:port[/db], rediss://… (Redis over TLS) "
            "or redis+unix:///path/to/redis.sock")
KEY_PREFIX = "cost-assistant"  # so that other applications' limits in the same Redis never collide with ours
RETRY_SECONDS = 5.0
# A request waits at most this long on Redis; redis-py's default (5 s, ten retries with back-off) would stall
# every request for seconds when Redis is gone.
TIMEOUT_SECONDS = 0.5


def limit_storage(uri: str) -> Storage:
    """The `limits` storage for ``uri``; a ValueError names what was wrong and what is accepted."""
    try:
        parts = urlsplit(uri)
        has_host = bool(parts.hostname)
        port_ok = parts.port is None or parts.port > 0
    except ValueError as err:  # an unclosed IPv6 bracket, a port that is not a number
        raise ValueError(f"ASSISTANT_RATE_LIMIT_STORAGE={masked(uri)!r} is not a URL ({err}); "
                         f"accepted: {ACCEPTED}") from err
    if parts.scheme == "memory":
        return MemoryStorage()
    if (parts.scheme in ("redis", "rediss") and has_host and port_ok) or \
            (parts.scheme == "redis+unix" and parts.path not in ("", "/")):
        return storage_from_string(uri, wrap_exceptions=True, key_prefix=KEY_PREFIX,
                                   socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS,
                                   retry=Retry(NoBackoff(), 0))
    raise ValueError(f"ASSISTANT_RATE_LIMIT_STORAGE={masked(uri)!r} is not a rate-limit storage; "
                     f"accepted: {ACCEPTED}")


class Outage:
    """Whether the shared storage may be asked now: not for ``RETRY_SECONDS`` after it failed.

    Warns once when the storage goes away and says when it is back, however many requests meet the outage."""

    def __init__(self, where: str):
        self.where = where
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def should_try(self) -> bool:
        with self._lock:
            return self._down_since is None or time.monotonic() >= self._retry_at

    def failed(self, err: Exception) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            if self._down_since is not None:
                return
            self._down_since = time.monotonic()
        cause = getattr(err, "storage_error", err)
        log.warning("rate-limit storage %s is unreachable (%s: %s); the rate limit is NOT enforced until it is "
                    "back (retried every %g s)", self.where, type(cause).__name__, cause, RETRY_SECONDS)

    def succeeded(self) -> None:
        if self._down_since is None:  # the common case, without taking the lock
            return
        with self._lock:
            since, self._down_since = self._down_since, None
        if since is not None:
            log.warning("rate-limit storage %s is back after %.0f s; the rate limit is enforced again", self.where,
                        time.monotonic() - since)
