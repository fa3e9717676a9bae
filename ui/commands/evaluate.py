"""`cost-assistant eval`: run the golden set through the assistant, write the report, gate on thresholds.

Registered in ui/cli.py as ``main.add_command(evaluate.eval_command)``. Exit codes: 0 all thresholds met,
1 below a threshold, 2 the dataset, thresholds or answerer could not be loaded.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

import click

from assistant.evaluation import baseline as baseline_mod
from assistant.evaluation import dataset as dataset_mod
from assistant.evaluation import runner, thresholds
from assistant.evaluation.dataset import DatasetError


def _load_answerer(spec: str | None) -> runner.Answerer:
    if not spec:
        return runner.default_answerer()
    module, _, attr = spec.partition(":")
    if not attr:
        raise click.BadParameter("use module:callable, e.g. mypkg.bots:answer", param_hint="--answerer")
    obj = getattr(importlib.import_module(module), attr)
    return obj() if isinstance(obj, type) else obj


@click.command("eval")
@click.option("--dataset", "dataset_path", type=click.Path(dir_okay=False, path_type=Path),
              default=dataset_mod.DEFAULT_DATASET, show_default=True, help="Golden JSONL file.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write results.jsonl, summary.json, report.md and report.html into this folder.")
@click.option("--tags", "tags", multiple=True,
              help="Only cases with any of these tags (repeat or comma-separate); lang and kind count as tags.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON instead of text.")
@click.option("--thresholds", "thresholds_path", type=click.Path(dir_okay=False, path_type=Path),
              default=thresholds.DEFAULT_THRESHOLDS, show_default=True, help="Quality gates (TOML).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              default=baseline_mod.DEFAULT_BASELINE, show_default=True, help="Verdicts of an earlier run.")
@click.option("--update-baseline", is_flag=True, help="Overwrite the baseline with this run's verdicts.")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Which split of the golden set: dev (work against it), test (held out, gated in CI), all.")
@click.option("--allow-regressions", is_flag=True,
              help="Exit 0 even when a case that passed in the baseline fails now (default: exit 1).")
@click.option("--limit", type=int, default=None, help="Run only the first N (filtered) cases.")
@click.option("--answerer", "answerer_spec", default=None, metavar="MODULE:CALLABLE",
              help="Answer with another callable (question, history) -> Answer dict instead of the assistant.")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
def eval_command(dataset_path: Path, report_dir: Path | None, tags: tuple[str, ...], as_json: bool,
                 thresholds_path: Path, baseline_path: Path, update_baseline: bool, split: str,
                 allow_regressions: bool, limit: int | None, answerer_spec: str | None, no_progress: bool) -> None:
    """Evaluate the assistant on the golden set and report accuracy, citations, language and latency."""
    wanted = [t.strip() for group in tags for t in group.split(",") if t.strip()]
    try:
        cases = dataset_mod.load(dataset_path)
        gates = thresholds.load_thresholds(thresholds_path) if thresholds_path.exists() else None
        base = baseline_mod.load(baseline_path)
        answerer = _load_answerer(answerer_spec)
    except DatasetError as err:
        click.echo(str(err), err=True)
        sys.exit(2)
    except (ImportError, AttributeError, ValueError, OSError) as err:
        click.echo(f"cannot start the evaluation: {type(err).__name__}: {err}", err=True)
        sys.exit(2)
    result = runner.run(cases, answerer, tags=wanted, split=split, limit=limit, threshold_config=gates,
                        baseline_data=base,
                        report_dir=report_dir, progress=not no_progress and not as_json,
                        meta={"dataset": str(dataset_path), "answerer": answerer_spec or "assistant.Assistant",
                              "tags": wanted, "split": split})
    if update_baseline:  # a split or tag run updates its own cases and keeps the others' verdicts
        fresh = baseline_mod.make(result.results, answerer_spec or "assistant.Assistant", dataset_path.name)
        fresh["cases"] = {**((base or {}).get("cases") or {}), **fresh["cases"]}
        fresh["pass_rate"] = sum(fresh["cases"].values()) / len(fresh["cases"]) if fresh["cases"] else None
        baseline_mod.save(fresh, baseline_path)
    o = result.summary["overall"]
    regressions = [] if allow_regressions or result.diff is None else result.diff.broken
    if as_json:
        click.echo(json.dumps({"summary": result.summary, "thresholds_failed": [str(v) for v in result.violations],
                               "baseline": result.diff.to_dict() if result.diff else None,
                               "regressions": regressions,
                               "report": {k: str(v) for k, v in result.paths.items()}}, ensure_ascii=False))
    else:
        p = o["pass"]
        click.echo(f"{o['cases']} cases: pass {p['k']}/{p['n']} ({(p['rate'] or 0):.1%}, 95% CI "
                   f"{p['ci95'][0]:.1%}-{p['ci95'][1]:.1%})")
        for lang, m in result.summary["by_lang"].items():
            fid = m["input_fidelity"]
            shown = f", input fidelity {fid['k']}/{fid['n']}" if fid["n"] else ""
            click.echo(f"  {lang}: {m['pass']['k']}/{m['pass']['n']}{shown}")
        for name in ("input_fidelity", "taiwan_usage", "metamorphic"):
            m = o[name]
            if m["n"]:
                click.echo(f"{name.replace('_', ' ')}: {m['k']}/{m['n']} ({m['rate']:.1%})")
        lat = o["latency_ms"]
        click.echo(f"latency p50 {lat['p50'] or 0:.1f} ms, p95 {lat['p95'] or 0:.1f} ms")
        if result.diff is not None and result.diff.flipped:
            click.echo(f"flipped vs baseline: broken {', '.join(result.diff.broken) or 'none'}; "
                       f"fixed {', '.join(result.diff.fixed) or 'none'}")
        for v in result.violations:
            click.echo(f"below threshold: {v}", err=True)
        if result.paths:
            click.echo(f"report: {result.paths['report.html']}")
    if regressions:
        click.echo(f"{len(regressions)} case(s) passed in the baseline and fail now: {', '.join(regressions)}",
                   err=True)
    sys.exit(1 if result.violations or regressions else 0)
