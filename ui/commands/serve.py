"""`cost-assistant serve`: the web app (chat page, HTTP API, widget) under uvicorn."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0 for all).")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Worker processes; with more than one, share an index via ASSISTANT_CHROMA_URL.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve_command(host: str, port: int, workers: int, log_level: str) -> None:
    """Serve the chat page (/chat), the HTTP API (/api/v1, /v1/chat/completions, /docs) and the widget."""
    import uvicorn

    click.echo(f"cost-assistant: chat on http://{host}:{port}/chat/  API docs on http://{host}:{port}/docs")
    # An import string with factory=True so each worker builds its own app from the same environment.
    uvicorn.run("ui.web.app:create_app", factory=True, host=host, port=port, workers=workers, log_level=log_level,
                proxy_headers=True, server_header=False)
