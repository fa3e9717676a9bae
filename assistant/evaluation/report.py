"""Write a run to disk: results.jsonl, summary.json, report.md and a self-contained report.html.

The HTML embeds its plots as base64 PNGs (matplotlib, Agg backend, ASCII labels only so no glyph can render as
a box) and expands every failing case; all case text is HTML-escaped, since questions include injection tests.
"""

from __future__ import annotations

import base64
import html
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.evaluation.baseline import BaselineDiff
from assistant.evaluation.scoring import CaseResult
from assistant.evaluation.thresholds import Violation

FILES = ("results.jsonl", "summary.json", "report.md", "report.html")


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _num(x: float | None, fmt: str = ".1f") -> str:
    return "n/a" if x is None else format(x, fmt)


def _rate_cell(m: dict[str, Any]) -> str:
    lo, hi = m["ci95"]
    return f"{_pct(m['rate'])} ({m['k']}/{m['n']}; 95% CI {lo:.0%}-{hi:.0%})" if m["n"] else "n/a"


# ---------------------------------------------------------------- plots
def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _bar_with_ci(groups: dict[str, Any], title: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [n.encode("ascii", "replace").decode("ascii") for n in groups]
    rates = [(m["pass"]["rate"] or 0.0) for m in groups.values()]
    lo = [max(0.0, r - m["pass"]["ci95"][0]) for r, m in zip(rates, groups.values(), strict=True)]
    hi = [max(0.0, m["pass"]["ci95"][1] - r) for r, m in zip(rates, groups.values(), strict=True)]
    fig, ax = plt.subplots(figsize=(max(4.0, 0.9 * len(names) + 2), 3.2))
    ax.bar(names, rates, yerr=[lo, hi], capsize=4, color="#4c78a8")
    ax.set_ylim(0, 1)
    ax.set_ylabel("pass rate (Wilson 95% CI)")
    ax.set_title(title)
    for i, m in enumerate(groups.values()):
        ax.text(i, 0.02, f"n={m['cases']}", ha="center", fontsize=8, color="white")
    ax.tick_params(axis="x", labelrotation=20)
    return _png(fig)


def _metric_bars(overall: dict[str, Any]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    items = {
        "pass": overall["pass"]["rate"], "status": overall["status_accuracy"]["rate"],
        "numeric": overall["numeric_accuracy"]["rate"], "keywords": overall["keyword_accuracy"]["rate"],
        "language": overall["language_accuracy"]["rate"], "cite prec.": overall["citation_precision"],
        "cite recall": overall["citation_recall"], "cite support": overall["citation_support"],
        "unsupported #": overall["unsupported_number_rate"],
    }
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    ax.bar(list(items), [v or 0.0 for v in items.values()], color="#59a14f")
    ax.set_ylim(0, 1)
    ax.set_title("Overall metrics")
    ax.tick_params(axis="x", labelrotation=25)
    return _png(fig)


def _latency_hist(results: Sequence[CaseResult]) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    lat = [r.latency_ms for r in results if r.latency_ms is not None]
    fig, ax = plt.subplots(figsize=(5, 3.2))
    ax.hist(lat or [0.0], bins=30, color="#f58518")
    ax.set_xlabel("latency (ms)")
    ax.set_ylabel("cases")
    ax.set_title("Latency")
    return _png(fig)


# ---------------------------------------------------------------- tables shared by both writers
Table = tuple[str, list[str], list[list[str]]]
WORST_TEMPLATES = 15


def _tables(summary: dict[str, Any]) -> list[Table]:
    """Dev vs test per language, then per calculator and the worst paraphrase templates, when the run has them."""
    out: list[Table] = []
    if summary.get("by_split"):
        rows = []
        for lang in summary["by_lang"]:
            cells = [summary["by_split_lang"].get(f"{s} {lang}") for s in ("dev", "test")]
            rows.append([lang, *(_rate_cell(c["pass"]) if c else "—" for c in cells),
                         *(_rate_cell(c["input_fidelity"]) if c else "—" for c in cells)])
        rows.append(["all", *(_rate_cell(summary["by_split"][s]["pass"]) if s in summary["by_split"] else "—"
                              for s in ("dev", "test")),
                     *(_rate_cell(summary["by_split"][s]["input_fidelity"]) if s in summary["by_split"] else "—"
                       for s in ("dev", "test"))])
        out.append(("Dev and test, side by side", ["language", "dev pass", "test pass", "dev input fidelity",
                                                   "test input fidelity"], rows))
    if summary.get("by_calc"):
        rows = [[name, _rate_cell(m["pass"]), _rate_cell(m["input_fidelity"]), _rate_cell(m["metamorphic"]),
                 *(_rate_cell(summary["by_calc_lang"][f"{name} {lang}"]["pass"])
                   if f"{name} {lang}" in summary["by_calc_lang"] else "—" for lang in summary["by_lang"])]
                for name, m in summary["by_calc"].items()]
        out.append(("By calculator", ["calculator", "pass", "input fidelity", "metamorphic",
                                      *(f"pass {lang}" for lang in summary["by_lang"])], rows))
    if summary.get("by_template"):
        worst = sorted(summary["by_template"].items(), key=lambda kv: (kv[1]["pass"]["rate"] or 0, kv[0]))
        rows = [[name, _rate_cell(m["pass"]), _rate_cell(m["input_fidelity"])]
                for name, m in worst[:WORST_TEMPLATES]]
        out.append((f"Worst paraphrase templates ({WORST_TEMPLATES} of {len(worst)})",
                    ["template (family/lang/index)", "pass", "input fidelity"], rows))
    return out


# ---------------------------------------------------------------- writers
def _markdown(summary: dict[str, Any], results: Sequence[CaseResult], diff: BaselineDiff | None,
              violations: Sequence[Violation], meta: dict[str, Any]) -> str:
    o = summary["overall"]
    lines = [
        "# Evaluation report", "",
        f"Dataset `{meta.get('dataset', '?')}` · answerer `{meta.get('answerer', '?')}` · {o['cases']} cases", "",
        "| metric | value |", "|---|---|",
        f"| pass | {_rate_cell(o['pass'])} |",
        f"| status accuracy | {_rate_cell(o['status_accuracy'])} |",
        f"| numeric accuracy | {_rate_cell(o['numeric_accuracy'])} |",
        f"| keyword accuracy | {_rate_cell(o['keyword_accuracy'])} |",
        f"| refusal accuracy | {_rate_cell(o['refusal_accuracy'])} |",
        f"| language accuracy | {_rate_cell(o['language_accuracy'])} |",
        f"| citation precision | {_pct(o['citation_precision'])} |",
        f"| citation recall | {_pct(o['citation_recall'])} |",
        f"| citation support | {_pct(o['citation_support'])} |",
        f"| unsupported-number rate | {_pct(o['unsupported_number_rate'])} |",
        f"| input fidelity | {_rate_cell(o['input_fidelity'])} |",
        f"| Taiwan usage (zh-Hant) | {_rate_cell(o['taiwan_usage'])} |",
        f"| metamorphic | {_rate_cell(o['metamorphic'])} |",
        f"| latency p50 / p95 | {_num(o['latency_ms']['p50'])} / {_num(o['latency_ms']['p95'])} ms |",
        "",
    ]
    for title, header, rows in _tables(summary):
        lines += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")
    for title, key in (("By language", "by_lang"), ("By kind", "by_kind")):
        lines += [f"## {title}", "", "| group | pass | numeric | language |", "|---|---|---|---|"]
        for name, m in summary[key].items():
            lines.append(f"| {name} | {_rate_cell(m['pass'])} | {_rate_cell(m['numeric_accuracy'])} | "
                         f"{_rate_cell(m['language_accuracy'])} |")
        lines.append("")
    lines += ["## Thresholds", ""]
    lines += [f"- FAIL {v}" for v in violations] or ["- all thresholds met"]
    lines.append("")
    if diff is not None:
        lines += ["## Against the baseline", "",
                  f"- broken (passed before, fail now): {', '.join(diff.broken) or 'none'}",
                  f"- fixed (failed before, pass now): {', '.join(diff.fixed) or 'none'}",
                  f"- new cases: {len(diff.new)}; missing cases: {len(diff.missing)}", ""]
    failing = [r for r in results if not r.passed]
    lines += [f"## Failing cases ({len(failing)})", ""]
    for r in failing:
        lines.append(f"- **{r.id}** ({r.lang}, {r.kind}): {r.user_input!r} — " + "; ".join(r.failures))
    return "\n".join(lines) + "\n"


def _html(summary: dict[str, Any], results: Sequence[CaseResult], diff: BaselineDiff | None,
          violations: Sequence[Violation], meta: dict[str, Any], plots: dict[str, str]) -> str:
    e = html.escape
    md_rows = "".join(
        f"<tr><td>{e(name)}</td><td>{e(_rate_cell(m['pass']))}</td><td>{e(_rate_cell(m['numeric_accuracy']))}</td>"
        f"<td>{e(_rate_cell(m['language_accuracy']))}</td><td>{_num(m['latency_ms']['p50'])}</td>"
        f"<td>{_num(m['latency_ms']['p95'])}</td></tr>"
        for key in ("by_lang", "by_kind") for name, m in summary[key].items()
    )
    o = summary["overall"]
    headline = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in (
        ("pass", _rate_cell(o["pass"])), ("status accuracy", _rate_cell(o["status_accuracy"])),
        ("numeric accuracy", _rate_cell(o["numeric_accuracy"])),
        ("language accuracy", _rate_cell(o["language_accuracy"])),
        ("citation precision / recall", f"{_pct(o['citation_precision'])} / {_pct(o['citation_recall'])}"),
        ("citation support", _pct(o["citation_support"])),
        ("unsupported-number rate", _pct(o["unsupported_number_rate"])),
        ("input fidelity", _rate_cell(o["input_fidelity"])), ("Taiwan usage (zh-Hant)", _rate_cell(o["taiwan_usage"])),
        ("metamorphic", _rate_cell(o["metamorphic"])),
        ("latency p50 / p95 (ms)", f"{_num(o['latency_ms']['p50'])} / {_num(o['latency_ms']['p95'])}"),
    ))
    tables = "".join(
        f"<h2>{e(title)}</h2><table><tr>{''.join(f'<th>{e(h)}</th>' for h in header)}</tr>"
        + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows) + "</table>"
        for title, header, rows in _tables(summary))
    imgs = "".join(f'<figure><img alt="{e(name)}" src="data:image/png;base64,{b64}"><figcaption>{e(name)}'
                   f"</figcaption></figure>" for name, b64 in plots.items())
    gate = ("<p class='ok'>All thresholds met.</p>" if not violations else
            "<ul class='bad'>" + "".join(f"<li>{e(str(v))}</li>" for v in violations) + "</ul>")
    base = ""
    if diff is not None:
        base = (f"<h2>Against the baseline</h2><p>Broken: {e(', '.join(diff.broken) or 'none')}</p>"
                f"<p>Fixed: {e(', '.join(diff.fixed) or 'none')}</p>"
                f"<p>New: {len(diff.new)} · missing: {len(diff.missing)}</p>")
    failing = [r for r in results if not r.passed]
    cases = "".join(
        f"<details class='case'><summary><b>{e(r.id)}</b> [{e(r.lang)} · {e(r.kind)}] {e(r.user_input[:120])}"
        f"</summary><dl><dt>expected</dt><dd><code>{e(json.dumps(r.expected, ensure_ascii=False))}</code> "
        f"status {e(' | '.join(r.expected_status))}</dd><dt>derivation</dt><dd>{e(r.derivation)}</dd>"
        f"<dt>got</dt><dd>status {e(str(r.status))}</dd><dt>answer</dt><dd><pre>{e(r.answer_text)}</pre></dd>"
        f"<dt>failures</dt><dd><ul>{''.join(f'<li>{e(f)}</li>' for f in r.failures)}</ul></dd></dl></details>"
        for r in failing
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Evaluation report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<style>
body{{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em;max-width:1100px;color:#222}}
table{{border-collapse:collapse;margin:1em 0}} td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}
figure{{display:inline-block;margin:0 1em 1em 0}} img{{max-width:100%;border:1px solid #eee}}
.ok{{color:#2a7}} .bad{{color:#c33}} details.case{{border-bottom:1px solid #eee;padding:4px 0}}
pre{{white-space:pre-wrap;background:#f7f7f7;padding:6px}}
</style></head><body>
<h1>Evaluation report</h1>
<p>Dataset <code>{e(str(meta.get('dataset', '?')))}</code> · answerer <code>{e(str(meta.get('answerer', '?')))}</code>
· {o['cases']} cases</p>
<table>{headline}</table>
<h2>Thresholds</h2>{gate}
{tables}
<h2>Plots</h2><div id="plots">{imgs}</div>
<h2>By language and kind</h2>
<table><tr><th>group</th><th>pass</th><th>numeric</th><th>language</th><th>p50 ms</th><th>p95 ms</th></tr>
{md_rows}</table>
{base}
<h2>Failing cases ({len(failing)})</h2>
<div id="failing">{cases}</div>
</body></html>
"""


def write(outdir: str | Path, results: Sequence[CaseResult], summary: dict[str, Any], *,
          diff: BaselineDiff | None = None, violations: Sequence[Violation] = (),
          meta: dict[str, Any] | None = None) -> dict[str, Path]:
    """Write the four report files into ``outdir``; return their paths."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    meta = dict(meta or {})
    paths = {name: out / name for name in FILES}
    with paths["results.jsonl"].open("w", encoding="utf-8") as fh:
        for r in results:
            fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    full = {**summary, "meta": meta, "thresholds_failed": [str(v) for v in violations],
            "baseline": diff.to_dict() if diff is not None else None}
    paths["summary.json"].write_text(json.dumps(full, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    paths["report.md"].write_text(_markdown(summary, results, diff, violations, meta), encoding="utf-8")
    plots = {
        "pass rate by language": _bar_with_ci(summary["by_lang"], "Pass rate by language"),
        "pass rate by kind": _bar_with_ci(summary["by_kind"], "Pass rate by kind"),
        "overall metrics": _metric_bars(summary["overall"]),
        "latency": _latency_hist(results),
    }
    paths["report.html"].write_text(_html(summary, results, diff, violations, meta, plots), encoding="utf-8")
    return paths
