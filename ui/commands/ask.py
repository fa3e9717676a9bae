"""`cost-assistant ask` and `cost-assistant chat`: the assistant in a terminal."""

from __future__ import annotations

import json
from typing import Any

import click


def _print_answer(data: dict[str, Any], show_steps: bool) -> None:
    click.echo(data["answer"])
    if show_steps:
        for calc in data["calculations"]:
            click.secho(f"\n{calc['label']}: {calc['formula']}", dim=True)
            for step in calc["steps"]:
                click.secho(f"  {step}", dim=True)
    if data["citations"]:
        click.echo("")
        for c in data["citations"]:
            where = f", {c['locator']}" if c.get("locator") else ""
            click.echo(f"[{c['n']}] {c['title']} ({c['source_id']}{where})")


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
        _print_answer(data, steps)


@click.command("chat")
@click.option("--steps/--no-steps", default=True, show_default=True, help="Show the calculation steps.")
def chat_command(steps: bool) -> None:
    """A terminal conversation; follow-ups ("那换成A100呢?") reuse earlier turns. Ctrl-D or 'exit' ends it."""
    from assistant import Assistant

    bot = Assistant()
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
        _print_answer(data, steps)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": data["answer"]}]
