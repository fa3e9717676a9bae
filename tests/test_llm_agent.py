"""Wiring of the optional LLM agent, driven by a scripted chat model (no LLM service is reachable here).

The scripted model stands in only for the remote LLM; the agent, the calculator tools, the retrieval tool and
the provenance guard are the real ones.
"""

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant import Assistant
from assistant.core import Settings

QUESTION = "How many GPU-hours to train a 70B model on 2T tokens on A100 at 40% MFU?"


class ScriptedModel(GenericFakeChatModel):
    """Replies from a fixed script; accepts tools like a real tool-calling model."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> "ScriptedModel":
        return self


def scripted(final_text: str) -> ScriptedModel:
    call = AIMessage(content="", tool_calls=[{
        "name": "gpu_hours", "id": "call-1",
        "args": {"params": 70e9, "tokens": 2e12, "gpu": "A100", "mfu": 0.4},
    }])
    return ScriptedModel(messages=iter([call, AIMessage(content=final_text)]))


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))


def test_agent_answer_with_traceable_numbers_is_used():
    text = "Training takes about 1.87 million A100 GPU-hours at 40% MFU, using the dense BF16 peak [1]."
    bot = Assistant(Settings(llm=scripted(text)))
    answer = bot.ask(QUESTION).to_dict()
    assert answer["answer"] == text
    # the deterministic calculation plus the one the agent ran through the gpu_hours tool
    assert sum(c.get("tool") == "gpu_hours" for c in answer["calculations"]) == 2
    assert answer["citations"]


def test_agent_answer_with_an_invented_number_falls_back():
    bot = Assistant(Settings(llm=scripted("It takes roughly 4.2 million GPU-hours and costs $9 million.")))
    answer = bot.ask(QUESTION).to_dict()
    assert "4.2 million" not in answer["answer"]
    assert answer["answer"] == Assistant().ask(QUESTION).to_dict()["answer"]


def test_agent_failure_falls_back(monkeypatch):
    bot = Assistant(Settings(llm=scripted("unused")))

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("service down")

    monkeypatch.setattr(bot._agent, "answer", boom)
    assert bot.ask(QUESTION).to_dict()["status"] == "answered"


def test_llm_setting_is_validated(monkeypatch):
    from assistant.llm import model_from_env

    monkeypatch.setenv("ASSISTANT_LLM", "no-colon")
    with pytest.raises(ValueError, match="provider:model"):
        model_from_env()
    monkeypatch.delenv("ASSISTANT_LLM")
    assert model_from_env() is None
