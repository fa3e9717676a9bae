"""The calculators through the `cost-assistant calc` CLI and as LangChain tools."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tools.langchain_tools import calculator_tools
from ui.cli import main

BIN = Path(sys.executable).parent


def test_issue_command_prints_gpu_hours_json():
    """The exact command from the issue, through the installed console script."""
    out = subprocess.run(
        [str(BIN / "cost-assistant"), "calc", "gpu-hours", "--params", "70e9", "--tokens", "2e12", "--gpu", "A100",
         "--mfu", "0.4", "--json"], capture_output=True, text=True, check=True, timeout=120,
    )
    data = json.loads(out.stdout)
    assert data["unit"] == "GPU-hour"
    assert data["value"] == pytest.approx(6 * 70e9 * 2e12 / (312e12 * 0.4 * 3600))


def test_human_output_and_suffixed_numbers():
    result = CliRunner().invoke(main, ["calc", "gpu-hours", "--params", "70B", "--tokens", "2T", "--gpu", "英伟达A100",
                                       "--mfu", "40%"])
    assert result.exit_code == 0, result.output
    assert "accelerator-hours: 1,869,658 GPU-hour" in result.output
    assert "nvidia-a100-datasheet" in result.output


def test_bad_input_exits_2_with_bilingual_message():
    result = CliRunner().invoke(main, ["calc", "gpu-hours", "--params", "1e40", "--tokens", "2T", "--gpu", "A100"])
    assert result.exit_code == 2
    assert "too large" in result.output and "过大" in result.output
    as_json = CliRunner().invoke(main, ["calc", "training-flop", "--params", "-5", "--tokens", "1e12", "--json"])
    assert json.loads(as_json.output)["error"]["field"] == "params"
    garbage = CliRunner().invoke(main, ["calc", "training-flop", "--params", "seventy", "--tokens", "1e12"])
    assert garbage.exit_code == 2 and "not a number" in garbage.output


def test_every_calculator_has_help():
    for name in main.commands["calc"].commands:
        result = CliRunner().invoke(main, ["calc", name, "--help"])
        assert result.exit_code == 0 and "--json" in result.output


def test_knowledge_check_command():
    result = CliRunner().invoke(main, ["knowledge", "check"])
    assert result.exit_code == 0 and "knowledge ok" in result.output


def test_langchain_tools_run_and_report_errors():
    tools = {t.name: t for t in calculator_tools()}
    assert {"gpu_hours", "rental_cost", "carbon", "chinchilla_optimal"} <= set(tools)
    out = tools["gpu_hours"].invoke({"params": 70e9, "tokens": 2e12, "gpu": "A100", "mfu": 0.4})
    assert out["unit"] == "GPU-hour"
    schema = tools["gpu_hours"].args_schema.model_json_schema()
    assert "mixture-of-experts" in schema["properties"]["active_params"]["description"]
    err = tools["gpu_hours"].invoke({"params": 70e9, "tokens": 2e12, "gpu": "Z80"})
    assert isinstance(err, str) and "Unknown accelerator" in err
