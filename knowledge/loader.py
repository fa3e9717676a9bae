"""Load and validate the knowledge base: every YAML file under knowledge/, cross-checked.

Errors name the file and the entry, so a broken card is found in seconds rather than by a wrong answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.schema import Accelerator, Case, Default, FactCard, Figure, Source
from knowledge.yaml_text import parse_yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent

M = TypeVar("M", bound=BaseModel)


class KnowledgeError(ValueError):
    """The knowledge base is inconsistent; ``problems`` lists each one as 'file: entry: what is wrong'."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the knowledge base:\n" + "\n".join(problems))


@dataclass(frozen=True, eq=False)  # identity hash: lookup tables are cached per loaded base
class KnowledgeBase:
    sources: dict[str, Source]
    facts: dict[str, FactCard]
    cases: dict[str, Case]
    hardware: dict[str, Accelerator]
    defaults: dict[str, Default]
    fingerprint: str

    def source(self, source_id: str) -> Source:
        return self.sources[source_id]

    def default(self, default_id: str) -> Default:
        return self.defaults[default_id]

    def facts_from(self, source_id: str) -> list[FactCard]:
        return [c for c in self.facts.values() if c.source == source_id]


def _read_yaml(path: Path, problems: list[str]) -> list[dict[str, Any]]:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: cannot be read: {exc}")
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(f"{path.name}: expected a list of entries at the top level, got {type(data).__name__}")
        return []
    return data


def _parse(model: type[M], path: Path, entries: Iterable[dict[str, Any]], problems: list[str]) -> list[M]:
    parsed: list[M] = []
    for i, entry in enumerate(entries):
        label = entry.get("id", f"entry #{i + 1}") if isinstance(entry, dict) else f"entry #{i + 1}"
        try:
            parsed.append(model.model_validate(entry))
        except ValidationError as exc:
            for err in exc.errors():
                where = ".".join(str(p) for p in err["loc"]) or "(entry)"
                problems.append(f"{path.name}: {label}: {where}: {err['msg']}")
    return parsed


def _index(items: list[M], path_of: dict[str, str], kind: str, problems: list[str]) -> dict[str, M]:
    out: dict[str, M] = {}
    for item in items:
        key = item.id  # type: ignore[attr-defined]
        if key in out:
            problems.append(f"{path_of.get(key, '?')}: {key}: duplicate {kind} id")
        out[key] = item
    return out


def _figures_of(item: BaseModel) -> Iterable[tuple[str, Figure | Any]]:
    if isinstance(item, FactCard):
        yield from ((f"figures[{i}]", f) for i, f in enumerate(item.figures))
    elif isinstance(item, Case):
        yield from item.figures.items()
    elif isinstance(item, Accelerator):
        for name in ("bf16_dense", "fp8_dense", "tdp", "memory", "memory_bandwidth", "server_overhead",
                     "server_power_multiplier"):
            if getattr(item, name) is not None:
                yield name, getattr(item, name)
        yield from ((f"purchase_prices[{i}]", p) for i, p in enumerate(item.purchase_prices))
        yield from ((f"rental_prices[{i}]", p) for i, p in enumerate(item.rental_prices))
    elif isinstance(item, Default):
        yield "figure", item.figure


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Read and validate the knowledge base in ``directory``; raise KnowledgeError listing every problem."""
    problems: list[str] = []
    files = {
        "sources": [directory / "sources.yaml"],
        "facts": sorted((directory / "facts").glob("*.yaml")),
        "cases": [directory / "cases.yaml"],
        "hardware": [directory / "hardware.yaml"],
        "defaults": [directory / "defaults.yaml"],
    }
    models: dict[str, type[BaseModel]] = {
        "sources": Source, "facts": FactCard, "cases": Case, "hardware": Accelerator, "defaults": Default,
    }
    tables: dict[str, dict[str, Any]] = {}
    for kind, paths in files.items():
        items: list[BaseModel] = []
        path_of: dict[str, str] = {}
        for path in paths:
            if not path.exists():
                problems.append(f"{path.name}: missing")
                continue
            parsed = _parse(models[kind], path, _read_yaml(path, problems), problems)
            path_of.update({p.id: path.name for p in parsed})  # type: ignore[attr-defined]
            items.extend(parsed)
        tables[kind] = _index(items, path_of, kind.rstrip("s"), problems)

    sources = tables["sources"]
    for kind in ("facts", "cases", "hardware", "defaults"):
        for key, item in tables[kind].items():
            for where, fig in _figures_of(item):
                if fig.source not in sources:
                    problems.append(f"{kind}: {key}: {where}: unknown source id {fig.source!r}")
            if isinstance(item, FactCard) and item.source not in sources:
                problems.append(f"facts: {key}: unknown source id {item.source!r}")
            if isinstance(item, Case) and item.hardware and item.hardware not in tables["hardware"]:
                problems.append(f"cases.yaml: {key}: unknown hardware id {item.hardware!r}")

    aliases: dict[str, str] = {}
    for acc in tables["hardware"].values():
        for alias in [acc.id, acc.name, *acc.aliases]:
            folded = fold_name(alias)
            if aliases.setdefault(folded, acc.id) != acc.id:
                problems.append(f"hardware.yaml: {acc.id}: alias {alias!r} also names {aliases[folded]}")

    if problems:
        raise KnowledgeError(problems)
    all_paths = [p for paths in files.values() for p in paths]
    return KnowledgeBase(**tables, fingerprint=_fingerprint(all_paths))


def fold_name(name: str) -> str:
    """Case-, width- and separator-insensitive form of a name, for alias matching."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


@lru_cache(maxsize=1)
def default_knowledge() -> KnowledgeBase:
    """The packaged knowledge base, loaded once per process."""
    return load(KNOWLEDGE_DIR)
