"""The calculators as LangChain tools, so an agent calls exactly the functions the deterministic path uses."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import StructuredTool, ToolException
from pydantic import Field, create_model

from tools.errors import InputError
from tools.registry import CALCULATORS, Calculator


def _as_tool(calc: Calculator) -> StructuredTool:
    fields: dict[str, Any] = {}
    for p in calc.params:
        annotation = p.type if p.required else p.type | None
        fields[p.name] = (annotation, Field(default=... if p.required else p.default, description=p.help))
    schema = create_model(f"{calc.func.__name__}_args", **fields)

    def run(**kwargs: Any) -> dict[str, Any]:
        try:
            return calc(**kwargs).to_dict()
        except InputError as err:
            raise ToolException(str(err)) from err

    return StructuredTool.from_function(
        func=run, name=calc.func.__name__, description=calc.description, args_schema=schema, handle_tool_error=True,
    )


def calculator_tools() -> list[StructuredTool]:
    return [_as_tool(c) for c in CALCULATORS.values()]
