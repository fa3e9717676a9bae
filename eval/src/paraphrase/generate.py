"""Fill the template families with random values and compute each expected value by calling the calculator.

Every case is a golden-set line (``assistant.evaluation.dataset`` reads it) plus ``given`` (the numbers the user
typed, for the input-fidelity metric) and ``meta`` (family, template, and for a metamorphic sibling the case it
pairs with). Nothing here asks the assistant; expected values come from ``tools.registry`` and the knowledge base.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.loader import KnowledgeBase, default_knowledge
from tools.convert import convert
from tools.errors import InputError
from tools.registry import CALCULATORS

from . import slots as slot_kinds
from .families import LANGS, PLACEHOLDER, Family, FollowUp, load_all
from .surface import plain

CASE_UNITS = {"parameter": "parameter", "token": "token", "FLOP": "FLOP", "GPU": "GPU", "GPU-hour": "GPU-hour",
              "day": "day", "W": "W", "ratio": "ratio", "MWh": "MWh", "kWh": "kWh", "tCO2e": "tCO2e",
              "kgCO2e/kWh": "kgCO2e/kWh", "USD": "USD", "CNY": "CNY", "USD/GPU-hour": "USD/GPU-hour", "GB": "GB",
              "FLOP/s": "FLOP/s"}


@dataclass
class Filled:
    """One draw of a family's slots: canonical values and how each was written."""

    values: dict[str, Any]
    texts: dict[str, str]

    def copy(self) -> Filled:
        return Filled(dict(self.values), dict(self.texts))


def _draw(family: Family, lang: str, kb: KnowledgeBase, rng: random.Random) -> Filled:
    filled = Filled({}, {})
    for name in family.slots:
        _redraw(filled, family, name, lang, kb, rng, avoid=None)
    return filled


def _redraw(filled: Filled, family: Family, name: str, lang: str, kb: KnowledgeBase, rng: random.Random,
            avoid: Any) -> None:
    slot = family.slots[name]
    for _ in range(50):
        if slot.numeric:
            value: Any = slot_kinds.NUMBERS[slot.kind].sample(rng, slot.spec)
        else:
            value = slot_kinds.draw_entity(slot.kind, slot.spec, kb, rng)
        if value != avoid and not _clashes(filled, family, name, value):
            break
    filled.values[name] = value
    filled.texts[name] = (slot_kinds.write_number(slot.kind, value, lang, rng) if slot.numeric
                          else slot_kinds.write_entity(slot.kind, value, lang, kb, rng))


def _clashes(filled: Filled, family: Family, name: str, value: Any) -> bool:
    """Two entity slots of one kind (compare A100 with H100) must differ."""
    kind = family.slots[name].kind
    return any(family.slots[o].kind == kind and v == value for o, v in filled.values.items() if o != name)


def _arg(value: Any, filled: Filled, family: Family, kb: KnowledgeBase) -> Any:
    """A call argument: ``$slot``, ``$slot@USD`` (a money slot converted at the cited rate), a list, a literal."""
    if isinstance(value, list):
        return ",".join(str(_arg(v, filled, family, kb)) for v in value)
    if not isinstance(value, str) or not value.startswith("$"):
        return value
    m = re.fullmatch(r"\$(\w+)(?:@(\w+))?", value)
    if not m:
        raise ValueError(f"bad call argument {value!r}")
    raw = filled.values[m.group(1)]
    if m.group(2):
        currency = slot_kinds.NUMBERS[family.slots[m.group(1)].kind].unit.split("/")[0]
        return convert(raw, currency, m.group(2), kb=kb).value
    return raw


def expected(family: Family, filled: Filled, kb: KnowledgeBase,
             said: str | None = None) -> tuple[dict[str, Any], list[str], str]:
    """(expected figure, reference source ids, derivation) for one draw. An argument whose slot the question
    (``said``: every user turn's template) leaves out is not passed: the calculator's cited default applies."""
    if family.calculator:
        kwargs = {k: _arg(v, filled, family, kb) for k, v in family.call.items()
                  if said is None or all("{" + ref + "}" in said for ref in re.findall(r"\$(\w+)", str(v)))}
        result = CALCULATORS[family.calculator](**kwargs, kb=kb)
        component = family.expect.get("component")
        value = result.components[component] if component else result.value
        shown = ", ".join(f"{k}={plain(v) if isinstance(v, float) else v}" for k, v in kwargs.items())
        part = f".components[{component!r}]" if component else ""
        deriv = f"tools.registry[{family.calculator!r}]({shown}){part} = {value:.6g} {family.expect['unit']}"
        return ({"value": value, "unit": family.expect["unit"], "rel_tol": family.expect.get("rel_tol", 0.02)},
                [], deriv)
    if "run" in family.lookup:
        case = kb.cases[filled.values[family.lookup["run"].lstrip("$")]]
        fig = case.figures[family.lookup["metric"]]
        deriv = f"cases.yaml {case.id}.{family.lookup['metric']} ({fig.source})"
        if fig.value is None:
            return {"low": fig.low, "high": fig.high, "unit": fig.unit}, [fig.source], deriv
        return {"value": fig.value, "unit": fig.unit, "rel_tol": 0.01}, [fig.source], deriv + f" = {fig.value:g}"
    name = filled.values[family.lookup["gpu"].lstrip("$")]
    spec = slot_kinds.accelerator_spec(kb, name, family.lookup["spec"])
    assert spec is not None  # the slot draws only accelerators that have the spec
    value, unit, source = spec
    return ({"value": value, "unit": unit, "rel_tol": 0.01}, [source],
            f"hardware.yaml {name}.{family.lookup['spec']} ({source}) = {value:g} {unit}")


def _render(text: str, filled: Filled) -> str:
    return PLACEHOLDER.sub(lambda m: filled.texts[m.group(1)], text)


def _given(family: Family, filled: Filled, used: str) -> list[dict[str, Any]]:
    """The numbers the user typed in ``used`` text(s): value in the slot's unit, and how it was written."""
    out = []
    for name, slot in family.slots.items():
        if slot.numeric and "{" + name + "}" in used:
            out.append({"value": float(filled.values[name]), "unit": slot_kinds.NUMBERS[slot.kind].unit,
                        "text": filled.texts[name]})
    return out


def _case(family: Family, lang: str, cid: str, question: str, exp: tuple[dict[str, Any], list[str], str],
          given: list[dict[str, Any]], tags: list[str], turns: list[dict[str, str]] | None = None,
          meta: dict[str, Any] | None = None) -> dict[str, Any]:
    figure, refs, deriv = exp
    kind = "multi_turn" if turns else ("range" if "low" in figure else "number")
    return {"id": cid, "user_input": question, "lang": lang, "kind": kind, "expected": figure,
            "expected_status": "answered", "reference_source_ids": refs, "acceptable_source_ids": [],
            "turns": turns or [], "tags": ["paraphrase", f"family:{family.id}", f"calc:{family.tool}", *tags],
            "derivation": deriv, "given": given, "meta": {"family": family.id, "tool": family.tool, **(meta or {})}}


def _assistant_turn(exp: tuple[dict[str, Any], list[str], str]) -> str:
    fig = exp[0]
    shown = f"{fig['value']:,.6g}" if "value" in fig else f"{fig['low']:,.6g}–{fig['high']:,.6g}"
    return f"≈ {shown} {fig['unit']}"


def _follow(family: Family, fu: FollowUp, first: Filled, lang: str, kb: KnowledgeBase,
            rng: random.Random) -> Filled:
    after = first.copy()
    for name, op in fu.change.items():
        if op == "new":
            _redraw(after, family, name, lang, kb, rng, avoid=first.values[name])
        else:
            after.values[name] = first.values[name] * op["times"]
            after.texts[name] = ""  # said in words ("twice as many"), not as a number
    return after


def cases_for(family: Family, kb: KnowledgeBase, rng: random.Random, per_template: int) -> Iterator[dict[str, Any]]:
    for lang in LANGS:
        for t, template in enumerate(family.templates[lang]):
            tag = f"template:{family.id}/{lang}/{t}"
            for s in range(per_template):
                filled, exp = _valid_draw(family, lang, kb, rng, template)
                cid = f"para.{family.id}.{lang}.t{t}.s{s}"
                question = _render(template, filled)
                yield _case(family, lang, cid, question, exp, _given(family, filled, template), [tag],
                            meta={"template": t})
                if s == 0 and family.metamorphic:
                    yield from _metamorphic(family, lang, t, template, filled, exp, cid, tag, kb, rng)
        for j, fu in enumerate(family.follow_ups):
            for t, template in enumerate(fu.templates[lang]):
                first_t = rng.randrange(len(family.templates[lang]))
                opening_t = family.templates[lang][first_t]
                first, first_exp = _valid_draw(family, lang, kb, rng, opening_t)
                after = _follow(family, fu, first, lang, kb, rng)
                try:
                    exp = expected(family, after, kb, opening_t + template)
                except InputError:
                    continue
                opening = _render(opening_t, first)
                turns = [{"role": "user", "content": opening},
                         {"role": "assistant", "content": _assistant_turn(first_exp)}]
                # a number redrawn is replaced; one scaled ("twice as many") is still the user's, and so is the factor
                given = [g for g in _given(family, first, opening_t)
                         if not any(g["text"] == first.texts[n] and fu.change[n] == "new" for n in fu.change)]
                given += _given(family, after, template)
                for op in fu.change.values():
                    if isinstance(op, dict):
                        given.append({"value": float(op["times"]), "unit": "ratio", "text": f"×{plain(op['times'])}"})
                yield _case(family, lang, f"para.{family.id}.{lang}.f{j}.t{t}", _render(template, after), exp,
                            given, [f"template:{family.id}/{lang}/f{j}.{t}", "follow-up"], turns,
                            meta={"template": f"f{j}.{t}"})


def _valid_draw(family: Family, lang: str, kb: KnowledgeBase, rng: random.Random, said: str) -> tuple[Filled, Any]:
    """A draw the calculator accepts (a random 1B model on 18T tokens over 7 days can exceed a plausible range)."""
    for _ in range(100):
        filled = _draw(family, lang, kb, rng)
        try:
            return filled, expected(family, filled, kb, said)
        except InputError:
            continue
    raise RuntimeError(f"{family.id}: no valid draw in 100 tries; check the slot ranges")


def _metamorphic(family: Family, lang: str, t: int, template: str, filled: Filled, exp: Any, base_id: str,
                 tag: str, kb: KnowledgeBase, rng: random.Random) -> Iterator[dict[str, Any]]:
    """The same question with one given number changed; the answer must change by the calculators' ratio."""
    name = family.metamorphic
    assert name is not None
    sibling = filled.copy()
    _redraw(sibling, family, name, lang, kb, rng, avoid=filled.values[name])
    try:
        sib_exp = expected(family, sibling, kb, template)
    except InputError:
        return
    ratio = sib_exp[0]["value"] / exp[0]["value"]
    yield _case(family, lang, base_id + ".m", _render(template, sibling), sib_exp, _given(family, sibling, template),
                [tag, "metamorphic"], meta={"template": t, "pair": base_id, "slot": name, "ratio": ratio})


def generate(seed: int = 0, per_template: int = 3, kb: KnowledgeBase | None = None,
             families: list[Family] | None = None) -> list[dict[str, Any]]:
    kb = kb or default_knowledge()
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for family in families if families is not None else load_all():
        out.extend(cases_for(family, kb, rng, per_template))
    return out


def write(cases: list[dict[str, Any]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
