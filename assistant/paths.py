"""Where the assistant keeps what it builds at run time (ingested chunks, the search index)."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "ASSISTANT_DATA_DIR"


def data_dir() -> Path:
    """``$ASSISTANT_DATA_DIR``, else ``$XDG_DATA_HOME/cost-assistant``, else ``~/.local/share/cost-assistant``.

    Per-user by default so that a shared install never writes into the package directory."""
    explicit = os.environ.get(DATA_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "cost-assistant"
