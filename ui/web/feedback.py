"""Like/dislike feedback as an append-only JSON-lines file that survives crashes and restarts."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class FeedbackStore:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> str:
        """Write one record durably (fsync before returning) and return its id."""
        entry = {"id": uuid.uuid4().hex, "ts": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **record}
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                if self._ends_mid_line(fd):
                    line = "\n" + line  # a crash cut the last record short: start ours on a line of its own
                os.write(fd, line.encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry["id"]

    @staticmethod
    def _ends_mid_line(fd: int) -> bool:
        size = os.fstat(fd).st_size
        return size > 0 and os.pread(fd, 1, size - 1) != b"\n"

    def read(self) -> Iterator[dict[str, Any]]:
        """Every stored record; a corrupted line is skipped with a warning, never fatal."""
        if not self.path.exists():
            return
        with self.path.open("rb") as fh:
            for number, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    log.warning("%s line %d is not a feedback record; skipped", self.path, number)
                    continue
                if isinstance(record, dict):
                    yield record
                else:
                    log.warning("%s line %d is not a feedback record; skipped", self.path, number)
