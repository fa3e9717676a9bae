"""`cost-assistant feedback export`: the likes and dislikes people gave, as CSV or JSON lines, for review."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

import click

from ui.web.feedback import Feedback, FeedbackUnavailable, open_feedback

COLUMNS = ("ts", "rating", "source", "question", "answer", "comment", "request_id", "id")
# A spreadsheet runs a cell that starts with one of these as a formula; feedback is text anyone could type.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(records: Iterable[Feedback], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        row = asdict(record)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
        count += 1
    return count


def write_jsonl(records: Iterable[Feedback], out: TextIO) -> int:
    count = 0
    for record in records:
        row = asdict(record)
        out.write(json.dumps({c: row[c] for c in COLUMNS}, ensure_ascii=False) + "\n")
        count += 1
    return count


@click.group("feedback")
def feedback_command() -> None:
    """Feedback on answers, stored where ASSISTANT_FEEDBACK_URL says (default: SQLite in the data directory)."""


@feedback_command.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl"]), default="csv", show_default=True,
              help="CSV (one row per record, UTF-8 with a BOM so spreadsheets read Chinese) or JSON lines.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="File to write; default standard output.")
def export_command(fmt: str, output: Path | None) -> None:
    """Write every feedback record, oldest first. CSV cells that a spreadsheet would run as a formula are
    prefixed with an apostrophe."""
    from ui.web.config import WebSettings

    settings = WebSettings.from_env()
    try:
        store = open_feedback(settings.feedback_url, settings.feedback_path)
    except (ValueError, FeedbackUnavailable) as err:
        raise click.ClickException(str(err)) from err
    write = write_csv if fmt == "csv" else write_jsonl
    try:
        records = store.records()
        if output is None:
            count = write(records, sys.stdout)
        else:
            with output.open("w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as out:
                count = write(records, out)
    except FeedbackUnavailable as err:
        raise click.ClickException(str(err)) from err
    finally:
        store.close()
    click.echo(f"{count} feedback records from the {store.where}" + (f" written to {output}" if output else ""),
               err=True)
