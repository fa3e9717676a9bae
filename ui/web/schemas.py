"""Request bodies of the HTTP API; FastAPI validates them and documents them in /openapi.json."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ui.web.config import MAX_HISTORY_CHARS, MAX_HISTORY_MESSAGES, MAX_QUESTION_CHARS


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_HISTORY_CHARS)


class ChatRequest(BaseModel):
    """One question plus the conversation so far: the server keeps no state between requests."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                          examples=["How many H100 GPU-hours to train a 70B model on 2T tokens?"])
    history: list[Message] = Field(default_factory=list, max_length=MAX_HISTORY_MESSAGES)
    lang: Literal["en", "zh-Hans", "zh-Hant"] | None = Field(
        default=None, description="Answer language and script; null follows the question's.")

    @field_validator("question")
    @classmethod
    def _has_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the question is blank")
        return value


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Literal["up", "down"]
    question: str = Field(max_length=MAX_QUESTION_CHARS)
    answer: str = Field(default="", max_length=MAX_HISTORY_CHARS)
    comment: str = Field(default="", max_length=2000)
    request_id: str | None = Field(default=None, max_length=64)


class CompletionMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant", "tool"]
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """Plain text of the message; OpenAI clients may send a list of content parts."""
        if isinstance(self.content, list):
            return "".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class CompletionRequest(BaseModel):
    """The subset of OpenAI's chat-completions request this service honours; other fields are accepted, ignored."""

    model_config = ConfigDict(extra="allow")

    # Echoed in the reply: the length limit also makes pydantic refuse text that cannot be encoded (lone surrogates).
    model: str = Field(default="cost-assistant", max_length=256)
    messages: list[CompletionMessage] = Field(min_length=1, max_length=MAX_HISTORY_MESSAGES + 1)
    stream: bool = False
