"""The Model Context Protocol face: what an agent (Claude Desktop, Cursor, VS Code, a LangGraph app) can call.

Tools: every calculator of ``tools.registry`` (the table the CLI and the LangChain tools are generated from), under
the LangChain tool names with the registry's parameters and bilingual description; ``search_knowledge`` (hybrid
retrieval: passages with source ids and locators); ``ask`` (the full Answer JSON of design §5).
Resources: the sources list, the accelerator table and the cited defaults of ``knowledge/``.

``cost-assistant mcp`` serves it on stdin/stdout; ``cost-assistant serve`` mounts it at ``/mcp`` (ui/web/mcp_http.py).
A calculator's bad input is an MCP tool error (``isError``) carrying the ``InputError`` text in English and Chinese
and what is accepted, so the agent can correct the call.
"""

from __future__ import annotations

import inspect
import json
import logging
import re
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from importlib.metadata import version
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field

from assistant import Assistant
from assistant.parse import MAX_QUESTION_CHARS
from knowledge.loader import KnowledgeBase, default_knowledge
from tools.errors import InputError
from tools.registry import CALCULATORS, Calculator
from ui.web.config import MAX_HISTORY_MESSAGES
from ui.web.schemas import Message

AssistantSource = Callable[[], Assistant]

INSTRUCTIONS = (
    "Costs of training AI models, every figure calculated or cited. Call a calculator for a number (its result "
    "carries the formula, the substituted steps, each input's origin and the sources cited), search_knowledge for "
    "published figures and explanations with their source ids, or ask for a complete answer in the question's "
    "language. / 训练AI模型的成本:每个数字都有计算过程或出处。"
    "算数用计算器工具(结果含公式、代入步骤、各输入的来源和引用),"
    "查已发表的数字与解释用 search_knowledge(附来源id),要完整回答用 ask(按提问的语言作答)。"
)
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)
MAX_HITS = 20
_CITED = re.compile(r"\[([a-z0-9][a-z0-9.\-]+)\]")  # a source id cited inside an assumption, as compose reads it


def shared_assistant() -> AssistantSource:
    """One Assistant, created on first use (loading it costs seconds, listing tools must not)."""
    lock = threading.Lock()
    box: list[Assistant] = []

    def get() -> Assistant:
        with lock:
            if not box:
                box.append(Assistant())
            return box[0]

    return get


def build_server(assistant: AssistantSource, kb: KnowledgeBase | None = None, warm_up: bool = False) -> MCPServer:
    """The MCP server; ``assistant`` is called when a tool first needs answers or retrieval. ``warm_up`` loads the
    index and embedding model in the background once the server runs, so the first search does not wait for them
    (the web app warms up itself before its port opens)."""
    knowledge = kb or default_knowledge()
    if not logging.root.handlers:
        # The SDK calls logging.basicConfig, which would print every library's DEBUG lines (bm25s, jieba) to
        # stderr; keep Python's default instead: warnings and errors on stderr.
        logging.root.addHandler(logging.lastResort or logging.StreamHandler())
    server: MCPServer = MCPServer("cost-assistant", title="Training-cost assistant / 训练成本助手",
                                  version=version("training-cost-assistant"), instructions=INSTRUCTIONS,
                                  log_level="WARNING", lifespan=_warming(assistant) if warm_up else None)
    for calc in CALCULATORS.values():
        server.add_tool(_calculator_tool(calc, knowledge), name=calc.func.__name__, description=calc.description,
                        annotations=READ_ONLY, structured_output=True)
    _add_answer_tools(server, assistant, knowledge)
    _add_resources(server, knowledge)
    return server


def _warming(assistant: AssistantSource) -> Callable[[MCPServer], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[None]:
        # Started once the transport owns stdout, so nothing the loading prints can reach the protocol stream.
        threading.Thread(target=lambda: assistant().warm_up(), name="warm-up", daemon=True).start()
        yield

    return lifespan


def _calculator_tool(calc: Calculator, kb: KnowledgeBase) -> Callable[..., dict[str, Any]]:
    """A function whose signature is the calculator's parameters (plus ``lang``), which the SDK turns into the
    tool's input schema; it returns the result dict with the sources it cites."""

    def run(**kwargs: Any) -> dict[str, Any]:
        lang = kwargs.pop("lang")
        try:
            result = calc(**{k: v for k, v in kwargs.items() if v is not None})
        except InputError as err:
            raise ToolError(tool_error_text(err)) from err
        data = result.to_dict(lang)
        data["citations"] = cited_sources(data, kb)
        return data

    params = [inspect.Parameter(
        p.name, inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[p.type if p.required else p.type | None, Field(description=p.help)],
        default=inspect.Parameter.empty if p.required else p.default) for p in calc.params]
    params.append(inspect.Parameter("lang", inspect.Parameter.KEYWORD_ONLY, default="en", annotation=Annotated[
        Literal["en", "zh"], Field(description="language of the label and assumptions / 标签与假设的语言")]))
    run.__signature__ = inspect.Signature(params, return_annotation=dict[str, Any])  # type: ignore[attr-defined]
    run.__name__ = calc.func.__name__
    return run


def tool_error_text(err: InputError) -> str:
    """What a calculator refused, in both languages, with the form it accepts."""
    lines = [f"Invalid input `{err.field}` / 输入 `{err.field}` 无效", err.message_en, err.message_zh]
    if err.accepted:
        lines.append(f"accepted / 可接受: {err.accepted}")
    return "\n".join(lines)


def cited_sources(result: dict[str, Any], kb: KnowledgeBase) -> list[dict[str, Any]]:
    """The sources a calculation stands on, in order of first use: where its inputs were read (an accelerator's
    datasheet, a default's source) and the sources its assumptions cite."""
    ids: list[str] = []
    for inp in result["inputs"].values():
        ids += [inp["origin"], inp.get("source", "")]
    for assumption in result["assumptions"]:
        ids += _CITED.findall(assumption)
    return [_source(kb, sid) for sid in dict.fromkeys(ids) if sid in kb.sources]


def _source(kb: KnowledgeBase, source_id: str) -> dict[str, Any]:
    src = kb.sources[source_id]
    return {"source_id": src.id, "title": src.title, "publisher": src.publisher or src.authors, "date": src.date,
            "url": src.url}


def _add_answer_tools(server: MCPServer, assistant: AssistantSource, kb: KnowledgeBase) -> None:
    def search_knowledge(
        query: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                                    description="what to look for, in Chinese or English / 检索内容,中英文均可")],
        k: Annotated[int, Field(ge=1, le=MAX_HITS, description="number of passages / 返回条数")] = 5,
    ) -> list[dict[str, Any]]:
        """Search the cited knowledge base (fact cards, published training runs, ingested source articles) with
        hybrid retrieval; each passage comes with its source id and locator (section or paragraph) to cite.
        检索有出处的知识库(事实卡片、已发表的训练记录、已导入的文章),混合检索;每段附来源id与位置,便于引用。"""
        hits = assistant().search(query, k)
        return [{"source_id": h.source_id, "title": kb.sources[h.source_id].title if h.source_id in kb.sources
                 else None, "locator": h.locator, "kind": h.kind, "text": h.text, "quote": h.quote,
                 "score": round(h.score, 6)} for h in hits]

    def ask(
        question: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_CHARS,
                                       description="the question, in Chinese or English / 问题,中英文均可")],
        history: Annotated[list[Message] | None, Field(
            max_length=MAX_HISTORY_MESSAGES,
            description="earlier turns, oldest first, for follow-ups such as 'and on A100?' / 之前的对话,用于追问")]
        = None,
        lang: Annotated[Literal["en", "zh-Hans", "zh-Hant"] | None, Field(
            description="answer language and script; null follows the question's / 回答语言,留空则随提问")] = None,
    ) -> dict[str, Any]:
        """Answer a question about the cost of training AI models: the Answer JSON with the text, status, figures,
        calculations (formula, inputs with origins, steps), assumptions and numbered citations.
        回答训练AI模型成本的问题:返回完整的回答JSON(正文、状态、数字、计算过程、假设与编号引用)。"""
        turns = [m.model_dump() for m in history or []]
        return assistant().ask(question, turns, lang).to_dict()

    server.add_tool(search_knowledge, annotations=READ_ONLY, structured_output=True)
    server.add_tool(ask, annotations=READ_ONLY, structured_output=True)


def _add_resources(server: MCPServer, kb: KnowledgeBase) -> None:
    def as_json(rows: list[dict[str, Any]]) -> str:
        return json.dumps(rows, ensure_ascii=False, indent=1)

    @server.resource("cost-assistant://knowledge/sources", name="sources", mime_type="application/json",
                     title="Sources / 来源", description="Every source answers cite: id, title, publisher, date, url. "
                                                         "/ 回答引用的全部来源。")
    def sources() -> str:
        return as_json([s.model_dump(mode="json", exclude_none=True) for s in kb.sources.values()])

    @server.resource("cost-assistant://knowledge/hardware", name="hardware", mime_type="application/json",
                     title="Accelerators / 加速卡",
                     description="Accelerators with dense BF16/FP8 peaks, TDP, memory and dated purchase and rental "
                                 "prices, each figure with its source. / "
                                 "加速卡的稠密峰值算力、功耗、显存与带日期的价格,均附出处。")
    def hardware() -> str:
        return as_json([a.model_dump(mode="json", exclude_none=True) for a in kb.hardware.values()])

    @server.resource("cost-assistant://knowledge/defaults", name="defaults", mime_type="application/json",
                     title="Defaults / 默认值",
                     description="What the calculators assume when not told (MFU, PUE, prices, grid intensity…), "
                                 "each with its range, source and locator. / 计算器的默认假设,均附范围、出处与位置。")
    def defaults() -> str:
        rows = []
        for d in kb.defaults.values():
            row = d.model_dump(mode="json", exclude_none=True)
            source = d.figure.source
            if source in kb.sources:
                row["citation"] = {**_source(kb, source), "locator": d.figure.locator}
            rows.append(row)
        return as_json(rows)
