"""Wiring of the optional LLM agent, driven by a scripted chat model (no LLM service is reachable here).

The scripted model stands in only for the remote LLM; the agent, the calculator tools, the retrieval tool and
the provenance guard are the real ones.
"""

import sys
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from pydantic import Field

from assistant import Assistant
from assistant.core import Settings

QUESTION = "How many GPU-hours to train a 70B model on 2T tokens on A100 at 40% MFU?"


class ScriptedModel(GenericFakeChatModel):
    """Replies from a fixed script; accepts tools like a real tool-calling model and records their names."""

    offered: list[str] = Field(default_factory=list)

    def bind_tools(self, tools: Any, **kwargs: Any) -> "ScriptedModel":
        self.offered = [t["name"] if isinstance(t, dict) else t.name for t in tools]
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


def test_agent_is_offered_the_registry_and_the_knowledge_search():
    from tools.registry import CALCULATORS

    model = scripted("Training takes about 1.87 million A100 GPU-hours [1].")
    Assistant(Settings(llm=model)).ask(QUESTION)  # the agent offers its tools when it first calls the model
    assert sorted(model.offered) == sorted([c.func.__name__ for c in CALCULATORS.values()] + ["search_knowledge"])


@pytest.mark.parametrize(("provider", "module", "extra"), [
    ("ollama", "langchain_ollama", "ollama"), ("openai", "langchain_openai", "openai")])
def test_a_missing_provider_package_names_the_extra(monkeypatch, provider: str, module: str, extra: str):
    from assistant.llm import LLMSetupError, model_from_env

    monkeypatch.setitem(sys.modules, module, None)  # what Python sees when the package is not installed
    monkeypatch.setenv("ASSISTANT_LLM", f"{provider}:some-model")
    with pytest.raises(LLMSetupError) as err:
        model_from_env()
    message = str(err.value)
    assert f"pip install '.[{extra}]'" in message and module.replace("_", "-") in message
    assert "安装" in message
    with pytest.raises(LLMSetupError, match=f"\\[{extra}\\]"):
        Assistant()  # the assistant refuses to start half-configured, with the same message


def test_an_unknown_provider_is_refused_clearly(monkeypatch):
    from assistant.llm import LLMSetupError, model_from_env

    monkeypatch.setenv("ASSISTANT_LLM", "nosuchprovider:model")
    with pytest.raises(LLMSetupError, match="nosuchprovider"):
        model_from_env()


def test_ollama_from_the_environment_answers_deterministically_while_its_service_is_down(monkeypatch):
    """The real provider class from the [ollama] extra, wired into the agent; nothing listens on its port, so the
    agent's call fails and the deterministic answer stands."""
    pytest.importorskip("langchain_ollama", reason="the [ollama] extra is not installed")
    from live_server import free_port

    from assistant.llm import model_from_env

    monkeypatch.setenv("OLLAMA_HOST", f"127.0.0.1:{free_port()}")
    monkeypatch.setenv("ASSISTANT_LLM", "ollama:qwen2.5")
    model = model_from_env()
    assert type(model).__name__ == "ChatOllama" and model.model == "qwen2.5"
    answer = Assistant().ask(QUESTION).to_dict()
    assert answer["status"] == "answered" and "1.87 million" in answer["answer"]
    monkeypatch.delenv("ASSISTANT_LLM")
    assert answer["answer"] == Assistant().ask(QUESTION).to_dict()["answer"]


def test_openai_from_the_environment_builds_the_provider_model(monkeypatch):
    pytest.importorskip("langchain_openai", reason="the [openai] extra is not installed")
    from assistant.llm import model_from_env

    monkeypatch.setenv("OPENAI_API_KEY", "not-a-real-key")  # constructing the client reaches no service
    monkeypatch.setenv("ASSISTANT_LLM", "openai:gpt-4o-mini")
    model = model_from_env()
    assert type(model).__name__ == "ChatOpenAI" and model.model_name == "gpt-4o-mini"
