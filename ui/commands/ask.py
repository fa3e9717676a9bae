"""`cost-assistant ask` and `cost-assistant chat`: the assistant in a terminal."""

from __future__ import annotations

import json
from typing import Any

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from assistant.answer import InputRow


def _origin(row: dict[str, Any], lang: str) -> str:
    from assistant.layout import origin_text
    from assistant.render import in_script

    said = origin_text(InputRow(row["name"], row["value"], row["origin"], row["cite"]), "zh" if lang != "en" else lang)
    return in_script(said, lang)


def _inputs(rows: list[dict[str, Any]], lang: str) -> Table:
    table = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    for column in ("name", "value", "origin"):
        table.add_column(column, style="dim" if column == "origin" else None)
    for row in rows:
        table.add_row(row["name"], row["value"], _origin(row, lang))
    return table


def _print_answer(console: Console, data: dict[str, Any], show_steps: bool) -> None:
    """The answer's layout in the terminal: the same parts, in the same order, as the chat page shows."""
    layout, lang = data["layout"], data["language"]
    console.print(Text(layout["headline"], style="bold"))
    if layout["key_inputs"]:
        console.print(_inputs(layout["key_inputs"], lang))
    for note in layout["notes"]:
        console.print(note)
    for assumption in layout["assumptions"]:
        console.print(Text(f"• {assumption}"))
    if show_steps and (layout["more_inputs"] or layout["steps"]):
        console.print(Text(layout["details_title"], style="bold dim"))
        if layout["more_inputs"]:
            console.print(_inputs(layout["more_inputs"], lang))
        for step in layout["steps"]:
            console.print(Text(f"  {step['formula']} = {step['result']}", style="dim"))
    if data["citations"]:
        console.print()
        for c in data["citations"]:
            where = "".join(f", {part}" for part in (c.get("locator"), c.get("url")) if part)
            console.print(Text(f"[{c['n']}] {c['title']} ({c['source_id']}{where})"))
            if c.get("quote"):
                console.print(Text(f"    “{c['quote']}”", style="dim"))
    if data["follow_ups"]:
        console.print(Text("→ " + "  ·  ".join(data["follow_ups"]), style="cyan"))


@click.command("ask")
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print the Answer JSON (design §5).")
@click.option("--steps/--no-steps", default=True, show_default=True, help="Show the calculation steps.")
def ask_command(question: str, as_json: bool, steps: bool) -> None:
    """Ask one question in Chinese or English."""
    from assistant import Assistant

    data = Assistant().ask(question).to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_answer(Console(highlight=False), data, steps)


@click.command("chat")
@click.option("--steps/--no-steps", default=True, show_default=True, help="Show the calculation steps.")
def chat_command(steps: bool) -> None:
    """A terminal conversation; follow-ups ("那换成A100呢?") reuse earlier turns. Ctrl-D or 'exit' ends it."""
    from assistant import Assistant

    bot = Assistant()
    console = Console(highlight=False)
    history: list[dict[str, str]] = []
    click.echo("Training-cost assistant — ask in Chinese or English. 'exit' to quit.")
    while True:
        try:
            question = click.prompt(">", prompt_suffix=" ")
        except (EOFError, click.Abort):
            click.echo("")
            return
        if question.strip().lower() in ("exit", "quit", "退出"):
            return
        data = bot.ask(question, history=history).to_dict()
        _print_answer(console, data, steps)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": data["answer"]}]
