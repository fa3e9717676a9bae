"""Template families (``eval/templates/*.yaml``): read and validate them, naming the file and field at fault.

A family is one kind of question — one calculator, or one lookup — with its slots, how the expected value is
computed, at least ``MIN_TEMPLATES`` hand-written phrasings per language, and optional follow-up turns that
change one slot. The format is described in ``eval/templates/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tools.registry import CALCULATORS

from .slots import ENTITIES, NUMBERS, SPECS

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
LANGS = ("en", "zh-Hans", "zh-Hant")
MIN_TEMPLATES = 8
PLACEHOLDER = re.compile(r"\{(\w+)\}")
CASE_METRICS = ("params_total", "params_active", "tokens", "training_flop", "gpu_count", "gpu_hours",
                "training_days", "power_per_gpu", "pue", "grid_intensity", "energy", "emissions_location",
                "emissions_market", "mfu", "cost_reported", "cost_cloud", "cost_amortized", "cost_acquisition",
                "cost_full_development")


class FamilyError(ValueError):
    pass


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str
    spec: dict[str, Any]

    @property
    def numeric(self) -> bool:
        return self.kind in NUMBERS


@dataclass(frozen=True)
class FollowUp:
    change: dict[str, Any]  # slot -> "new" | {"times": k}
    templates: dict[str, list[str]]


@dataclass(frozen=True)
class Family:
    id: str
    path: Path
    slots: dict[str, Slot]
    templates: dict[str, list[str]]
    calculator: str | None = None
    call: dict[str, Any] = field(default_factory=dict)
    expect: dict[str, Any] = field(default_factory=dict)
    lookup: dict[str, str] = field(default_factory=dict)
    metamorphic: str | None = None
    follow_ups: list[FollowUp] = field(default_factory=list)

    @property
    def tool(self) -> str:
        return self.calculator or ("lookup-run" if "run" in self.lookup else "lookup-spec")


def _fail(path: Path, msg: str) -> FamilyError:
    return FamilyError(f"{path.name}: {msg}")


def _templates(path: Path, where: str, obj: Any, slots: dict[str, Slot], minimum: int) -> dict[str, list[str]]:
    if not isinstance(obj, dict):
        raise _fail(path, f"{where}: a mapping of language -> list of phrasings")
    out: dict[str, list[str]] = {}
    for lang in LANGS:
        items = obj.get(lang)
        if not isinstance(items, list) or len(items) < minimum:
            raise _fail(path, f"{where}.{lang}: needs at least {minimum} phrasings, has "
                              f"{len(items) if isinstance(items, list) else 0}")
        if len(set(items)) != len(items):
            raise _fail(path, f"{where}.{lang}: a phrasing is repeated")
        for text in items:
            unknown = set(PLACEHOLDER.findall(text)) - set(slots)
            if unknown:
                raise _fail(path, f"{where}.{lang}: {text!r} uses unknown slot(s) {sorted(unknown)}")
        out[lang] = [str(t) for t in items]
    return out


def _slot(path: Path, name: str, obj: Any) -> Slot:
    spec = {"kind": obj} if isinstance(obj, str) else dict(obj or {})
    kind = spec.pop("kind", None)
    if kind not in NUMBERS and kind not in ENTITIES:
        raise _fail(path, f"slots.{name}: unknown kind {kind!r}; known: {', '.join([*NUMBERS, *ENTITIES])}")
    return Slot(name, kind, spec)


def load_family(path: Path) -> Family:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise _fail(path, "needs an 'id'")
    slots = {n: _slot(path, n, o) for n, o in (data.get("slots") or {}).items()}
    calc, lookup = data.get("calculator"), data.get("lookup") or {}
    if (calc is None) == (not lookup):
        raise _fail(path, "give exactly one of 'calculator' (with 'call' and 'expect') or 'lookup'")
    if calc is not None:
        if calc not in CALCULATORS:
            raise _fail(path, f"calculator {calc!r} is not in tools.registry: {', '.join(CALCULATORS)}")
        params = {p.name for p in CALCULATORS[calc].params}
        call = data.get("call") or {}
        for arg, val in call.items():
            if arg not in params:
                raise _fail(path, f"call.{arg}: {calc} has no such parameter ({', '.join(sorted(params))})")
            for ref in re.findall(r"\$(\w+)", str(val)):
                if ref not in slots:
                    raise _fail(path, f"call.{arg}: ${ref} is not a slot")
        expect = data.get("expect") or {}
        if not isinstance(expect.get("unit"), str):
            raise _fail(path, "expect.unit is required (the unit of the calculator's value or component)")
    else:
        call, expect = {}, {}
        if "run" in lookup and lookup.get("metric") not in CASE_METRICS:
            raise _fail(path, f"lookup.metric must be one of {', '.join(CASE_METRICS)}")
        if "gpu" in lookup and lookup.get("spec") not in SPECS:
            raise _fail(path, f"lookup.spec must be one of {', '.join(SPECS)}")
        if not ({"run", "gpu"} & set(lookup)):
            raise _fail(path, "lookup needs run: $slot with metric, or gpu: $slot with spec")
    templates = _templates(path, "templates", data.get("templates"), slots, MIN_TEMPLATES)
    for lang, items in templates.items():
        for text in items:
            missing = {n for n in slots if n not in PLACEHOLDER.findall(text) and not slots[n].spec.get("optional")}
            if missing:
                raise _fail(path, f"templates.{lang}: {text!r} leaves out slot(s) {sorted(missing)}")
    follow_ups = []
    for i, f in enumerate(data.get("follow_ups") or []):
        change = f.get("change") or {}
        for slot, op in change.items():
            if slot not in slots:
                raise _fail(path, f"follow_ups[{i}].change: {slot!r} is not a slot")
            if op != "new" and not (isinstance(op, dict) and isinstance(op.get("times"), int | float)):
                raise _fail(path, f"follow_ups[{i}].change.{slot}: 'new' or {{times: k}}")
        follow_ups.append(FollowUp(change, _templates(path, f"follow_ups[{i}]", f, slots, 2)))
    meta = data.get("metamorphic")
    if meta is not None and (meta not in slots or not slots[meta].numeric):
        raise _fail(path, f"metamorphic: {meta!r} is not a numeric slot")
    return Family(data["id"], path, slots, templates, calc, call, expect, dict(lookup), meta, follow_ups)


def load_all(directory: Path = TEMPLATE_DIR) -> list[Family]:
    families = [load_family(p) for p in sorted(directory.glob("*.yaml"))]
    ids = [f.id for f in families]
    if len(set(ids)) != len(ids):
        raise FamilyError(f"duplicate family ids in {directory}")
    return families
