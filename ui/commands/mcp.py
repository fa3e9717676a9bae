"""`cost-assistant mcp`: the MCP server (ui/mcp_server.py) on stdin/stdout, for a desktop agent to start."""

from __future__ import annotations

import click


@click.command("mcp")
@click.option("--warm-up/--no-warm-up", default=True, show_default=True,
              help="Load the search index and embedding model in the background at start, so the first ask or "
                   "search_knowledge call does not wait for them.")
def mcp_command(warm_up: bool) -> None:
    """Serve the calculators, knowledge search and answers over the Model Context Protocol (stdio).

    An MCP client (Claude Desktop, VS Code, Cursor…) starts this command itself; see the README for the snippet
    to paste into its configuration. Nothing but protocol messages is written to stdout; logs go to stderr.
    """
    from ui.mcp_server import build_server, shared_assistant

    build_server(shared_assistant(), warm_up=warm_up).run("stdio")
