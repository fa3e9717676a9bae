"""Like/dislike feedback in a database: SQLite by default (a file under the data directory in WAL mode, shared by
every worker of one host), PostgreSQL when several hosts serve (``ASSISTANT_FEEDBACK_URL=postgresql://…``).

The JSON-lines file earlier versions appended to is imported when the store opens and then renamed, so it is never
imported twice; records keep their ids, so an import cut short is simply done again on the next start.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import astuple, dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from ui.web.config import masked

log = logging.getLogger(__name__)

ACCEPTED = ("sqlite:///absolute/path/to/feedback.sqlite3 or postgresql://user:password@host:port/database "
            "(postgres:// and libpq parameters such as ?sslmode=require are accepted too)")
CONNECT_TIMEOUT_S = 10
# A rating waits at most this long for a database connection: while PostgreSQL is away, requests must not hold
# the server's threads (which answer questions too) for long.
POOL_WAIT_S = 3


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


@dataclass(frozen=True)
class Feedback:
    """One rating of one answer: what was asked, the answer's text, and what the person said about it."""

    source: str  # the face it came through: "chat" (the Gradio page) or "api"
    rating: Literal["up", "down"]
    question: str
    answer: str
    comment: str = ""
    request_id: str | None = None
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    ts: str = field(default_factory=_now)  # UTC, ISO 8601


COLUMNS = tuple(f.name for f in fields(Feedback))


class FeedbackUnavailable(Exception):
    """The database cannot be reached or refused the write; the message says which database and why."""


class FeedbackStore(ABC):
    """The repository: add a record, read them all back in the order they were stored."""

    MARK: ClassVar[str]  # the driver's parameter placeholder
    where: str  # which database, for messages (never with a password)

    def add(self, record: Feedback) -> str:
        """Store ``record`` durably (committed before returning) and return its id."""
        self.add_many([record])
        return record.id

    @abstractmethod
    def add_many(self, records: Iterable[Feedback]) -> int:
        """Store records whose ids are not stored yet, in one transaction; returns how many were new."""

    @abstractmethod
    def records(self) -> Iterator[Feedback]:
        """Every record, in the order they were stored."""

    @abstractmethod
    def close(self) -> None:
        """Release the connections."""

    def _insert_sql(self) -> str:
        marks = ", ".join([self.MARK] * len(COLUMNS))
        return f"INSERT INTO feedback ({', '.join(COLUMNS)}) VALUES ({marks}) ON CONFLICT (id) DO NOTHING"

    _SELECT = f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY seq"


class SqliteFeedbackStore(FeedbackStore):
    MARK = "?"
    SCHEMA = ("CREATE TABLE IF NOT EXISTS feedback (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, "
              "ts TEXT NOT NULL, source TEXT NOT NULL, rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), "
              "question TEXT NOT NULL, answer TEXT NOT NULL, comment TEXT NOT NULL, request_id TEXT)")

    def __init__(self, path: Path):
        self.path = path
        self.where = f"SQLite database {path}"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # one connection per process, shared by the server's threads
        try:
            # Autocommit (isolation_level=None) with explicit transactions; other worker processes writing at the
            # same moment are waited for (timeout), not reported as "database is locked".
            self._conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
            self._conn.execute("PRAGMA synchronous=FULL")  # every commit reaches the disk, as the fsync'd file did
            self._conn.execute(self.SCHEMA)
        except sqlite3.Error as err:
            raise FeedbackUnavailable(f"{self.where} cannot be opened: {err}") from err

    def add_many(self, records: Iterable[Feedback]) -> int:
        rows = [astuple(r) for r in records]
        try:
            with self._lock:
                before = self._conn.total_changes
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    self._conn.executemany(self._insert_sql(), rows)
                    self._conn.execute("COMMIT")
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                return self._conn.total_changes - before
        except sqlite3.Error as err:
            raise FeedbackUnavailable(f"{self.where} refused the write: {err}") from err

    def records(self) -> Iterator[Feedback]:
        with self._lock:
            rows = self._conn.execute(self._SELECT).fetchall()
        yield from (Feedback(**dict(zip(COLUMNS, row, strict=True))) for row in rows)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class PostgresFeedbackStore(FeedbackStore):
    MARK = "%s"
    SCHEMA = ("CREATE TABLE IF NOT EXISTS feedback (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
              "id TEXT NOT NULL UNIQUE, ts TEXT NOT NULL, source TEXT NOT NULL, "
              "rating TEXT NOT NULL CHECK (rating IN ('up', 'down')), question TEXT NOT NULL, answer TEXT NOT NULL, "
              "comment TEXT NOT NULL, request_id TEXT)")
    SCHEMA_LOCK = 0x6665656462  # any constant: serialises CREATE TABLE between hosts starting at once

    def __init__(self, url: str):
        params = conninfo_to_dict(url)
        self.where = "PostgreSQL database " + " ".join(
            f"{k}={params[k]}" for k in ("host", "port", "dbname", "user") if params.get(k))
        conninfo = url if "connect_timeout" in params else make_conninfo(url, connect_timeout=CONNECT_TIMEOUT_S)
        try:  # one plain connection first, so that a wrong address or password is reported at once, as it is
            with psycopg.connect(conninfo) as conn, conn.transaction():
                # Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalogue.
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (self.SCHEMA_LOCK,))
                conn.execute(self.SCHEMA)
        except psycopg.Error as err:
            raise FeedbackUnavailable(f"{self.where} cannot be used: {err}") from err
        # A pool replaces connections a restarted server dropped (check=) instead of failing the next write.
        self._pool = ConnectionPool(conninfo, min_size=1, max_size=4, open=True, timeout=POOL_WAIT_S,
                                    check=ConnectionPool.check_connection, name="feedback")

    def add_many(self, records: Iterable[Feedback]) -> int:
        rows = [astuple(r) for r in records]
        try:
            with self._pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
                cur.executemany(self._insert_sql(), rows, returning=False)
                return max(cur.rowcount, 0)
        except (psycopg.Error, PoolTimeout) as err:
            raise FeedbackUnavailable(f"{self.where} refused the write: {err}") from err

    def records(self) -> Iterator[Feedback]:
        try:
            with self._pool.connection() as conn:
                rows = conn.execute(self._SELECT).fetchall()
        except (psycopg.Error, PoolTimeout) as err:
            raise FeedbackUnavailable(f"{self.where} cannot be read: {err}") from err
        yield from (Feedback(**dict(zip(COLUMNS, row, strict=True))) for row in rows)

    def close(self) -> None:
        self._pool.close()


def open_store(url: str) -> FeedbackStore:
    """The store ``url`` names; a ValueError says what was wrong with it and what is accepted."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/") or parts.path.endswith("/"):
            raise ValueError(f"ASSISTANT_FEEDBACK_URL={url!r} does not name a database file by its absolute path; "
                             f"accepted: {ACCEPTED}")
        return SqliteFeedbackStore(Path("/" + parts.path.lstrip("/")))
    if scheme in ("postgresql", "postgres"):
        try:
            conninfo_to_dict(url)
        except psycopg.ProgrammingError as err:
            problem = str(err).strip().replace(url, masked(url))
            raise ValueError(f"ASSISTANT_FEEDBACK_URL is not a valid PostgreSQL URL ({problem}); accepted: {ACCEPTED}"
                             ) from None
        return PostgresFeedbackStore(url)
    raise ValueError(f"ASSISTANT_FEEDBACK_URL={masked(url)!r} is not a feedback database URL; accepted: {ACCEPTED}")


def read_jsonl(path: Path) -> Iterator[Feedback]:
    """The records of an earlier version's JSON-lines file; a line that is not one is skipped with a warning."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
                if not isinstance(entry, dict) or entry.get("rating") not in ("up", "down"):
                    raise ValueError("not a rating")
                yield _from_legacy(entry, raw)
            except (ValueError, TypeError, UnicodeDecodeError):
                log.warning("%s line %d is not a feedback record; skipped", path, number)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else json.dumps(value, ensure_ascii=False)


def _from_legacy(entry: dict[str, Any], raw: bytes) -> Feedback:
    # A record without an id gets one from its bytes, so importing the same file again adds nothing.
    return Feedback(source=_text(entry.get("source")) or "unknown", rating=entry["rating"],
                    question=_text(entry.get("question")), answer=_text(entry.get("answer")),
                    comment=_text(entry.get("comment")), request_id=_text(entry.get("request_id")) or None,
                    id=_text(entry.get("id")) or hashlib.sha256(raw.strip()).hexdigest()[:32],
                    ts=_text(entry.get("ts")))


def import_jsonl(store: FeedbackStore, path: Path) -> int:
    """Import ``path`` into ``store`` once: afterwards it is renamed ``<name>.imported-<UTC time>``."""
    try:
        records = list(read_jsonl(path))
    except FileNotFoundError:  # nothing to import, or another worker imported and renamed it just now
        return 0
    added = store.add_many(records)
    done = path.with_name(f"{path.name}.imported-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}")
    try:
        path.rename(done)
    except FileNotFoundError:
        return added
    log.warning("imported %d feedback records (%d new) from %s into the %s; the file is now %s", len(records), added,
                path, store.where, done.name)
    return added


def open_feedback(url: str | None, jsonl_path: Path) -> FeedbackStore:
    """The feedback store of a deployment (``url``, else a SQLite file beside ``jsonl_path``), with an earlier
    version's file at ``jsonl_path`` imported into it."""
    store = open_store(url) if url else SqliteFeedbackStore(jsonl_path.absolute().with_name("feedback.sqlite3"))
    import_jsonl(store, jsonl_path)
    return store
