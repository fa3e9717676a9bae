"""``python -m eval.src.paraphrase``: write the generated cases, or show one example per template."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import click

from .families import load_all
from .generate import cases_for, generate, write


@click.command()
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed: same seed, same cases.")
@click.option("--per-template", type=int, default=3, show_default=True, help="Draws per phrasing template.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the cases here as JSONL (golden-set format plus 'given' and 'meta').")
@click.option("--show", "show", default=None, metavar="FAMILY", help="Print one filled example per template.")
def main(seed: int, per_template: int, out: Path | None, show: str | None) -> None:
    """Generate paraphrased evaluation cases from eval/templates/*.yaml."""
    if show:
        family = next((f for f in load_all() if f.id == show), None)
        if family is None:
            raise click.BadParameter(f"no family {show!r}", param_hint="--show")
        from knowledge.loader import default_knowledge

        for case in cases_for(family, default_knowledge(), random.Random(seed), 1):
            exp = case["expected"]
            click.echo(f"{case['id']}: {case['user_input']}  →  {exp.get('value', exp.get('low'))} {exp['unit']}")
        return
    cases = generate(seed, per_template)
    by_lang = Counter(c["lang"] for c in cases)
    click.echo(f"{len(cases)} cases ({', '.join(f'{k} {v}' for k, v in sorted(by_lang.items()))}) "
               f"from {len({c['meta']['family'] for c in cases})} families, seed {seed}")
    if out:
        write(cases, out)
        click.echo(f"wrote {out}")


if __name__ == "__main__":
    main()
