"""Compose: a Plan's outcome → the answer's text, figures, calculations and sources, in the reader's language.

The first sentence is the answer (value, range, unit), written by the asked quantity's template in the vocabulary;
then the inputs with their origins (the user's numbers as typed), the assumptions, and numbered sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.answer import Figure
from assistant.draft import Draft
from assistant.execute import Lookup, Outcome
from assistant.plan import Plan, Step
from assistant.question import CURRENCIES, Question
from assistant.render import number, quantity
from assistant.topics import names_subject, names_topic, relevant
from knowledge.schema import FactCard
from knowledge.vocabulary import vocabulary
from tools.quantities import Q
from tools.registry import CALCULATORS
from tools.result import CalcResult

Search = Callable[[str, int], list[Any]]
# Ratios read as plain numbers, not shares: "PUE = 1.1", "20 tokens per parameter".
MULTIPLIERS = frozenset({"pue", "overhead", "server_power_multiplier", "multiplier", "ooms_per_year",
                         "tokens_per_param", "staff_overhead"})
FIGURE_UNITS = {*CURRENCIES, *(f"{c}/kWh" for c in CURRENCIES), "FLOP", "FLOP/s", "GPU-hour", "GPU", "hour", "day",
                "kWh", "MWh", "tCO2e", "kgCO2e/kWh", "W", "parameter", "token", "percent", "USD/GPU-hour", "USD/hour",
                "household-year", "ratio", "year", "USD/year", "kWh/year", "GB", "person"}
COSTS = ("rental_cost", "amortised_cost")
BROKEN_DOWN = ("amortised_rate", "amortised_cost", "acquisition_cost")  # parts a buyer weighs separately


def say(d: Draft, key: str, **fields: object) -> None:
    v = vocabulary()
    d.lines.append(v.say(key, d.lang, **fields))


def _label(qid: str, d: Draft) -> str:
    return vocabulary().by_id[qid].label.in_(d.lang)


def _value(d: Draft, r: CalcResult, label: str, value: float, unit: str) -> str:
    """The figure as text, recorded in the answer's figures, with its range when a default makes one."""
    text = d.figure(label, value, unit, "calculation")
    if r.low is not None and r.high is not None and value == r.value and abs(r.high - r.low) > 1e-9 * abs(value):
        rng = d.figure(d.t(f"{label} range", f"{label}范围"), None, unit, "calculation", r.low, r.high)
        text += vocabulary().say("range", d.lang, range=rng)
    return text


def headline(d: Draft, qid: str, value_text: str, subject: str = "") -> None:
    template = vocabulary().by_id[qid].answer
    if template is None:
        d.lines.append(f"{_label(qid, d)}: {value_text}" if not d.zh else f"{_label(qid, d)}:{value_text}")
        return
    d.lines.append(template.in_(d.lang).format(value=value_text, subject=subject))


def calculations(d: Draft, q: Question, p: Plan, out: Outcome) -> None:
    if p.assumed_accelerator:
        from tools.hardware import resolve

        say(d, "assumed_accelerator", name=resolve(p.known["gpu"].value, d.kb).name)
    for conversion in out.conversions:
        d.calculation(conversion)
    results: list[CalcResult] = list(out.conversions)
    # what was asked first ("how much per day?"), then the steps it was computed from (the run's total)
    ordered = sorted(enumerate(out.calculations), key=lambda c: c[1][0].target not in q.asked[:1])
    for i, (step, r) in ordered:
        d.calculation(r)
        results.append(r)
        if step.name == "compare-hardware":
            _comparison(d, r)
            continue
        qid = step.target
        part = dict(CALCULATORS[step.name].parts).get(qid)
        value = r.components[part] if part else r.value
        unit = vocabulary().by_id[qid].unit if part else r.unit
        shown_unit, scale = ("MWh", 1e-3) if unit == "kWh" and value >= 1e4 else (unit, 1.0)
        text = _value(d, r, _label(qid, d), value * scale, shown_unit) if scale == 1 else \
            d.figure(_label(qid, d), value * scale, shown_unit, "calculation")
        if qid == "gpus":
            text = d.figure(_label(qid, d), float(-(-value // 1)), "GPU", "calculation")  # a GPU count rounds up
        headline(d, qid, text)
        _also_asked(d, q, out, step, r)
        if i in out.regions or i in out.options:  # one line per grid region or option compared
            name = vocabulary().region_names[out.regions[i]].in_(d.lang) if i in out.regions else \
                quantity(out.options[i].value, out.options[i].unit, d.lang)
            d.lines[-1] = f"{name}: {d.lines[-1]}" if not d.zh else f"{name}:{d.lines[-1]}"
        if qid in BROKEN_DOWN and len(r.components) > 1:
            _breakdown(d, r, value / r.value if r.value else 1.0)
        if i in out.in_currency:
            converted = out.in_currency[i]
            d.calculation(converted)
            per = unit.partition("/")[2]
            shown = d.figure(_label(qid, d), converted.value, converted.unit + (f"/{per}" if per else ""),
                             "calculation")
            say(d, "in_currency", value=shown)
    for conversion in out.conversions:  # the answer first, then how a price in yuan became dollars
        say(d, "converted_price", currency=conversion.inputs["amount"].unit.split("/")[0])
    if any(s.target in COSTS for s, _ in out.calculations):
        say(d, "final_run_only")
    _inputs_line(d, results)
    _assumptions(d, results)



def _also_asked(d: Draft, q: Question, out: Outcome, step: Step, r: CalcResult) -> None:
    """"Location-based and market-based emissions?": one calculation gives both; each asked one is stated."""
    calc = CALCULATORS[step.name]
    parts = dict(calc.parts)
    targets = {s.target for s, _ in out.calculations}
    for qid in q.asked:
        if qid in targets or (qid != calc.output and qid not in parts):
            continue
        value = r.components[parts[qid]] if qid in parts else r.value
        headline(d, qid, d.figure(_label(qid, d), value, vocabulary().by_id[qid].unit if qid in parts else r.unit,
                                  "calculation"))
        targets.add(qid)


def _breakdown(d: Draft, r: CalcResult, scale: float) -> None:
    """The parts of an ownership cost: the chips at the price paid (what a buyer depreciates), servers and
    networking, electricity."""
    names = vocabulary().components
    parts = [f"{names[k].in_(d.lang)} {d.figure(names[k].en, v * scale, r.unit, 'calculation')}"
             for k, v in r.components.items() if k in names and v > 0]
    say(d, "breakdown", parts=("; " if not d.zh else ";").join(parts))


def _comparison(d: Draft, r: CalcResult) -> None:
    names = sorted({k.rsplit(" ", 1)[0] for k in r.components if k.endswith("GPU-hours")},
                   key=lambda n: list(r.components).index(f"{n} GPU-hours"))
    for name in names:
        hours = d.figure(f"{name} GPU-hours", r.components[f"{name} GPU-hours"], "GPU-hour", "calculation")
        cost = d.figure(f"{name} rental USD", r.components.get(f"{name} rental USD", 0.0), "USD", "calculation")
        say(d, "compare_row", name=name, hours=hours, cost=cost)


def _origin(inp: Any) -> str:
    if inp.origin == "default":
        return inp.source or "default"
    return "calculation" if inp.origin in ("user", "definition") else inp.origin


def _inputs_line(d: Draft, results: list[CalcResult]) -> None:
    """State, once, the inputs the calculations used and where each came from."""
    parts, seen = [], set()
    for r in results:
        for name, inp in r.inputs.items():
            if inp.origin in ("calculation", "definition") or (name == "goodput" and inp.origin == "default"):
                continue
            if (name, inp.value) in seen or (inp.unit not in FIGURE_UNITS and inp.origin != "user"):
                continue  # an exchange rate (CNY/USD) is shown by its conversion step and cited, not here
            seen.add((name, inp.value))
            words = vocabulary().by_input(name)
            extra = vocabulary().input_labels.get(name)
            label = words.label.in_(d.lang) if words is not None else extra.in_(d.lang) if extra is not None else (
                Q[name].zh if d.zh and name in Q else inp.label)
            unit = inp.unit if inp.unit in FIGURE_UNITS else "ratio"
            ranged = inp.origin == "user" and inp.low is not None  # "2–3 USD per GPU-hour", as the user said it
            shown = d.figure(label, None if ranged else inp.value, unit, _origin(inp), *((inp.low, inp.high)
                                                                                        if ranged else ()))
            if unit == "ratio" and name in MULTIPLIERS:
                shown = number(inp.value, d.lang)  # PUE 1.1, not 110%
            if inp.origin == "default":
                tag = d.cite(inp.source) if inp.source else vocabulary().say("assumed", d.lang)
            else:
                tag = vocabulary().say("you_gave", d.lang) if inp.origin == "user" else d.cite(inp.origin)
            parts.append(f"{label} = {shown} {tag}".strip())
    if parts:
        say(d, "inputs", inputs=";".join(parts))


def _assumptions(d: Draft, results: list[CalcResult]) -> None:
    seen: list[str] = []
    for r in results:
        for a in r.assumptions:
            text = a.in_("zh" if d.zh else "en")
            text = re.sub(r"\[([a-z0-9.\-]+)\]", lambda m: d.cite(m.group(1)), text)
            if text not in seen:
                seen.append(text)
    numbers_free = [s for s in seen if not re.search(r"\d", re.sub(r"\{cite:[^}]+\}", "", s))]
    if numbers_free:
        say(d, "assumptions", text=(" " if not d.zh else "").join(numbers_free))


def lookups(d: Draft, items: list[Lookup]) -> None:
    v = vocabulary()
    for item in items:
        label = v.run_metrics[item.key].in_(d.lang) if item.key in v.run_metrics else \
            v.by_id[item.key].label.in_(d.lang)
        name = item.short or item.subject
        glue = " " if d.zh and name[-1:].isascii() and name[-1:].isalnum() and label[:1].isascii() else ""
        full = f"{item.subject} {label}" if not d.zh else f"{name}{glue}{label}"  # "DeepSeek-V3 GPU卡时"
        fig = item.figure
        shown = d.figure(full, fig.value, fig.unit, fig.source, fig.low, fig.high)
        est = v.say("estimate", d.lang) if fig.estimate else ""
        cite = d.cite(fig.source, fig.locator)
        d.lines.append(f"{full}: {shown}{est} {cite}" if not d.zh else f"{full}:{shown}{est} {cite}")
    if sum(1 for i in items if i.key.startswith("cost_")) > 1:
        say(d, "cost_concepts")


def card_line(d: Draft, card: FactCard, bound: str | None = None) -> None:
    """The card's statement, cited; first the end of its range that was asked for ("just the max": USD 12M)."""
    statement = card.statement.zh if d.zh else card.statement.en
    d.cited_texts.append(statement)
    cite = d.cite(card.source, card.locator, card.as_printed)
    ranged = [f for f in card.figures if f.low is not None and f.high is not None]
    if bound in ("low", "high") and ranged:
        end = d.figure(card.metric.replace("_", " "), getattr(ranged[0], bound), ranged[0].unit, card.source)
        line = vocabulary().say(f"bound_{bound}", d.lang, value=end)
        d.lines.append(f"{line} {cite}" if not d.zh else f"{line}{cite}")
    for fig in card.figures:
        d.figures.append(Figure(card.metric.replace("_", " "), fig.value, fig.unit, card.source, fig.low, fig.high))
    d.lines.append(f"{statement} {cite}" if not d.zh else f"{statement}{cite}")


def unused(d: Draft, q: Question, p: Plan) -> list[dict[str, Any]]:
    """Say which given numbers were not used, and why; the same as data for the Answer."""
    out: list[dict[str, Any]] = []
    if p.unused:
        texts = [quantity(q.given[k].value, q.given[k].unit, d.lang) for k in p.unused]  # as the answer writes it
        say(d, "unused", inputs=", ".join(texts))
        reason = vocabulary().say("unused", "en", inputs="").split("(", 1)[-1].rstrip(").")
        out += [{"value": q.given[k].value, "unit": q.given[k].unit, "text": q.given[k].text, "reason": reason}
                for k in p.unused]
    shown = {round(v, 6) for f in d.figures for v in (f.value, f.low, f.high) if v is not None}
    # "$5.576M" that is the figure the answer states is not unread; nothing of an injected instruction is echoed
    unread = [] if q.injection else [t for t in q.unread if not _quotes(t, shown)]
    if unread:
        say(d, "unread", inputs=", ".join(unread))
        out += [{"text": t, "reason": "not recognised as any input"} for t in unread]
    return out


def define(d: Draft, q: Question, cards: list[FactCard]) -> str:
    """What each term asked about means, from the glossary; the cited typical values of its defaults; then the
    cards among the best hits that name it too ("Epoch's median MFU")."""
    v = vocabulary()
    terms = {t.id: t for t in v.glossary}
    for tid in q.defines:
        term = terms[tid]
        meaning = term.means.in_(d.lang)
        if term.source:
            d.cited_texts.append(meaning)
            meaning += (" " if not d.zh else "") + d.cite(term.source)
        d.lines.append(meaning)
        for default_id in term.typical:
            default = d.kb.default(default_id)
            fig, label = default.figure, d.t(default.label.en, default.label.zh)
            value = d.figure(label, fig.value, fig.unit, fig.source)
            factor = fig.unit == "ratio" and fig.value > 1  # PUE 1.1 multiplies, a share never exceeds one
            if factor:
                value = number(fig.value, d.lang)
            if fig.low is not None and fig.high is not None:
                span = d.figure(label, None, fig.unit, fig.source, fig.low, fig.high)
                if factor:
                    span = f"{number(fig.low, d.lang)}–{number(fig.high, d.lang)}"
                value += v.say("range", d.lang, range=span)
            say(d, "typical", label=label, value=value, cite=d.cite(fig.source, fig.locator))
    every = list(d.kb.facts.values())
    for card in [c for c in cards[:4] if names_topic(q.text, c, every)][:2]:
        card_line(d, card)
    return "answered"


def _quotes(text: str, shown: set[float]) -> bool:
    from assistant.numbers import extract

    values = [m.value for m in extract(text, (), False)]
    return any(abs(v - s) <= 0.005 * max(abs(v), abs(s)) for v in values for s in shown)


def explain(d: Draft, q: Question, search: Search) -> str:
    """The cost drivers ("why so expensive") or the levers ("how to cut it"), from the fact cards."""
    hits = [h for h in search(q.text, 16) if h.doc_id.startswith("fact:")]
    cards = [d.kb.facts[h.doc_id[5:]] for h in hits if h.doc_id[5:] in d.kb.facts]
    if q.defines:
        return define(d, q, cards)
    if q.article:
        cards = [c for c in cards if c.source == q.article] or cards
    every = list(d.kb.facts.values())
    if q.explain == "what":  # a description: the cards that speak to it, best first, whatever their kind
        # a card about what the question names: its topic ("MoE") or its subject ("Did GPT-4 use H100s?")
        named = [c for c in cards[:8] if names_topic(q.text, c, every) or names_subject(q.prepared, c.subject)]
        chosen = [*named, *(c for c in cards if c not in named and relevant(q.text, c))][:3]
        for card in chosen:
            card_line(d, card)
        if chosen:
            return "answered"
        # "What is the capital of France?" names nothing of training cost; "what did MoE save?" does
        return "not_found" if q.cost or q.asked or q.given or q.article is not None else "out_of_scope"
    wanted = {"lower": ("lever", "trend"), "why": ("driver",), "trend": ("trend",)}.get(q.explain or "",
                                                                                     ("figure", "caveat"))
    # a card among the first few that shares three words with the question is about what it names ("how do MoE
    # and sparse attention cut cost": the MoE card, whatever its kind), and comes first
    def about(c: FactCard) -> bool:  # its topic ("MoE") or its subject ("why is Microsoft building small models?")
        return names_topic(q.text, c, every) or names_subject(q.prepared, c.subject)

    named = [c for c in cards[:3] if about(c)]
    if named:  # a question about something named stays on it, and on the cards that name it too
        chosen = [*named, *(c for c in cards[3:8] if c not in named and about(c))][:4]
        if q.explain in ("why", "lower", "trend"):  # "Blackwell needs fewer GPUs: will training get cheaper?":
            # what is named, then what the sources expect of it (the trend, lever or driver that answers)
            chosen = [*chosen[:3], *[c for c in cards[:8] if c.kind in wanted and c not in chosen][:1]]
    else:
        chosen = [c for c in cards if c.kind in wanted][:8]
    if q.explain and not named:
        # "why so expensive", "what can we do": the source's whole list, the best-matching first, not only the
        # cards its words happened to hit
        source = q.article or (chosen[0].source if chosen else "jadebird-2025")
        chosen += [c for c in d.kb.facts.values() if c.kind in wanted and c.source == source and c not in chosen]
        chosen = chosen[:8]
    chosen = (chosen or cards[:3])[: 8 if q.explain else 2]
    if not chosen:
        return "not_found"
    for card in chosen:
        card_line(d, card)
    return "answered"
