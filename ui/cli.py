"""The `cost-assistant` command: one click group whose subcommands call down into the layers."""

from __future__ import annotations

import importlib
import json
import sys
from typing import TYPE_CHECKING, Any

import click

from tools.errors import InputError
from ui.commands.ask import ask_command, chat_command
from ui.commands.feedback import feedback_command
from ui.commands.mcp import mcp_command
from ui.commands.retrieval import ingest_command, search_command
from ui.commands.serve import serve_command
from ui.numbers import NUMBER

if TYPE_CHECKING:
    from tools.registry import Calculator, Param


class LazyGroup(click.Group):
    """A group whose ``lazy`` subcommands ({name: "module.attribute"}) are imported when invoked or listed: `eval`
    imports the whole evaluation and answering stack, seconds that `serve` should not wait for."""

    def __init__(self, *args: Any, lazy: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module, _, attribute = self.lazy[cmd_name].rpartition(".")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy={"eval": "ui.commands.evaluate.eval_command"},
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="training-cost-assistant")
def main() -> None:
    """Training-cost assistant: what it costs to train large AI models, with every figure cited."""


@main.group()
def knowledge() -> None:
    """Inspect and validate the knowledge base."""


@knowledge.command("check")
def knowledge_check() -> None:
    """Validate every knowledge file; list each problem with its file and entry."""
    from knowledge.loader import KnowledgeError, load
    from knowledge.vocabulary import vocabulary
    from tools.registry import vocabulary_problems

    try:
        kb = load()
        words = vocabulary()
    except KnowledgeError as err:
        click.echo(str(err), err=True)
        sys.exit(1)
    problems = vocabulary_problems() + words.term_problems(kb.defaults, kb.sources)
    if problems:
        click.echo("\n".join(problems), err=True)
        sys.exit(1)
    figures = sum(len(c.figures) for c in kb.facts.values()) + sum(len(c.figures) for c in kb.cases.values())
    click.echo(f"knowledge ok: {len(kb.sources)} sources, {len(kb.facts)} fact cards, {len(kb.cases)} cases, "
               f"{len(kb.hardware)} accelerators, {len(kb.defaults)} defaults, {figures} figures, "
               f"{len(words.quantities)} quantities and {len(words.unit_forms)} unit forms in the vocabulary "
               f"(fingerprint {kb.fingerprint})")


class CalculatorGroup(click.Group):
    """The calculators as subcommands, made when one is asked for: the registry imports sympy (seconds on a busy
    box), which `serve` and the other commands never need before they start."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from tools.registry import CALCULATORS

        return sorted(CALCULATORS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        from tools.registry import CALCULATORS

        calculator = CALCULATORS.get(cmd_name)
        return _command(calculator) if calculator is not None else None


@main.group(cls=CalculatorGroup)
def calc() -> None:
    """Run a calculator directly. `cost-assistant calc NAME --help` lists its inputs."""


def _print_result(data: dict[str, Any]) -> None:
    from tools.formula import fmt

    rng = f"  (range {fmt(data['low'])} – {fmt(data['high'])})" if "low" in data else ""
    click.echo(f"{data['label']}: {fmt(data['value'])} {data['unit']}{rng}")
    click.echo(f"formula: {data['formula']}")
    click.echo("steps:")
    for step in data["steps"]:
        click.echo(f"  {step}")
    click.echo("inputs:")
    for name, inp in data["inputs"].items():
        origin = inp["origin"] + (f" [{inp['source']}]" if "source" in inp else "")
        click.echo(f"  {name} = {fmt(inp['value'])} {inp['unit']}  ({origin})")
    if data["assumptions"]:
        click.echo("assumptions:")
        for a in data["assumptions"]:
            click.echo(f"  - {a}")


def _option(p: Param) -> click.Option:
    flag = "--" + p.name.replace("_", "-")
    if p.type is bool:
        return click.Option([f"{flag}/--no-{p.name.replace('_', '-')}"], default=p.default, help=p.help)
    kind = NUMBER if p.type in (float, int) else click.STRING
    return click.Option([flag], type=kind, required=p.required, default=p.default, help=p.help,
                        show_default=p.default is not None)


def _command(calculator: Calculator) -> click.Command:
    def callback(as_json: bool, lang: str, **kwargs: Any) -> None:
        args = {k: v for k, v in kwargs.items() if v is not None}
        try:
            data = calculator(**args).to_dict(lang)  # type: ignore[arg-type]
        except InputError as err:
            if as_json:
                click.echo(json.dumps({"error": err.to_dict()}, ensure_ascii=False, indent=2))
            else:
                click.echo(f"error: {err.message_en}\n错误:{err.message_zh}\naccepted: {err.accepted}", err=True)
            sys.exit(2)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            _print_result(data)

    params = [_option(p) for p in calculator.params]
    params.append(click.Option(["--json", "as_json"], is_flag=True, help="Print the result as JSON."))
    params.append(click.Option(["--lang"], type=click.Choice(["en", "zh"]), default="en", show_default=True,
                               help="Language of labels and assumptions."))
    return click.Command(calculator.name, callback=callback, params=params, help=calculator.summary)


main.add_command(ingest_command)
main.add_command(search_command)
main.add_command(ask_command)
main.add_command(chat_command)
main.add_command(mcp_command)
main.add_command(feedback_command)


if __name__ == "__main__":
    main()
main.add_command(serve_command)
