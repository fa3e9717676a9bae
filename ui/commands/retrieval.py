"""`cost-assistant ingest PATH…` and `cost-assistant search "query"` (registered in ui/cli.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where chunks and the index live (default: $ASSISTANT_DATA_DIR or ~/.local/share/cost-assistant).")
@click.option("--no-index", is_flag=True, help="Only store the chunks; build the search index on first search.")
def ingest_command(paths: tuple[Path, ...], data_dir: Path | None, no_index: bool) -> None:
    """Index .txt/.md/.html/.pdf files and folders so answers can quote them.

    Re-running with the same content adds nothing; a changed file replaces its old passages. A file that cannot
    be read is reported and skipped; the others are still ingested.
    """
    from tqdm import tqdm

    from assistant.ingest import discover_files, ingest
    from assistant.paths import data_dir as default_data_dir

    directory = data_dir or default_data_dir()
    files, _ = discover_files(paths)
    with tqdm(total=len(files), unit="file", desc="ingest", disable=not files) as bar:
        def tick(path: Path, error: object) -> None:
            bar.set_postfix_str(path.name[-30:], refresh=False)
            bar.update(1)

        report = ingest(paths, directory, on_file=tick)
    for error in report.errors:
        click.secho(f"error: {error}", fg="red", err=True)
    extra = f" ({report.added} new, {report.removed} removed)" if report.added or report.removed else " (no changes)"
    click.echo(report.summary() + extra)
    if not no_index and report.files:
        from assistant.retrieval import RetrievalSettings, Retriever

        settings = RetrievalSettings.from_env()
        settings = RetrievalSettings(data_dir=directory, embedder=settings.embedder, chroma_url=settings.chroma_url)
        click.echo("building the search index…", err=True)
        index = Retriever(settings).index
        click.echo(f"index ready: {len(index.docs)} documents" +
                   (f", built in {index.build_seconds:.1f} s" if index.build_seconds else ", unchanged"), err=True)
    if report.errors and not report.files:
        raise SystemExit(1)


@click.command("search")
@click.argument("query")
@click.option("--k", "k", type=click.IntRange(1, 100), default=5, show_default=True, help="Number of hits.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {source_id, locator, text, score}.")
@click.option("--mode", type=click.Choice(["hybrid", "bm25", "dense"]), default="hybrid", show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None)
def search_command(query: str, k: int, as_json: bool, mode: str, data_dir: Path | None) -> None:
    """Search fact cards, published runs and ingested documents (Chinese or English)."""
    from assistant.retrieval import RetrievalSettings, Retriever

    settings = RetrievalSettings.from_env()
    if data_dir is not None:
        settings = RetrievalSettings(data_dir=data_dir, embedder=settings.embedder, chroma_url=settings.chroma_url)
    hits = Retriever(settings).search(query, k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        rows = [{"source_id": h.source_id, "locator": h.locator, "text": h.text, "score": round(h.score, 6)}
                for h in hits]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if not hits:
        click.echo("no results")
    for n, h in enumerate(hits, start=1):
        click.secho(f"[{n}] {h.source_id} {h.locator}  ({h.kind}, {h.score:.4f})", bold=True)
        click.echo("    " + h.text.replace("\n", "\n    "))
