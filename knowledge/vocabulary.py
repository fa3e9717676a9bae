"""The vocabulary table (``vocabulary.yaml``): typed, validated, with the lookups the parser and composer need.

One place for the domain's words: quantities (labels, words that ask for or give them, answer sentences), units
and magnitude words, and the small word sets that set a question's scope. Loading fails with every problem named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.loader import KnowledgeError
from knowledge.yaml_text import parse_yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Words(_Strict):
    en: list[str] = Field(default_factory=list)
    zh: list[str] = Field(default_factory=list)

    def all(self) -> tuple[str, ...]:
        return self._all

    @cached_property
    def _all(self) -> tuple[str, ...]:
        # one tuple per list, so a matcher can cache its pattern by the list's identity
        return (*self.en, *self.zh)


class LogField(_Strict):
    """A field of a pasted training log ("tokens/s/gpu=3150") and how a person would say it ("3150 tokens/s per
    gpu"): ``{value}`` is the field's number (with its k/M and s/ms) or, for a model, its size."""

    keys: list[str]
    says: str
    value: Literal["number", "size", "any"] = "number"  # any: a field that is no input (loss, lr), dropped


class Label(_Strict):
    en: str
    zh: str

    def in_(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


class UnitForms(_Strict):
    dimension: str
    base: str
    factor: float = Field(gt=0)
    forms: list[str]  # none for a dimension only counted by other words (machines: "64 台", "8-GPU servers")


class QuantityWords(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    dimension: str
    unit: str
    label: Label
    asks: Words = Field(default_factory=Words)
    gives: Words = Field(default_factory=Words)
    input: str | None = None
    run_metric: str | None = None
    spec: str | None = None
    answer: Label | None = None
    answer_own: Label | None = None  # the sentence when no run or chip is its subject (the user's own run)
    qualifies: bool = True  # may be picked by a qualifier beside a unit noun (a comparison needs its own words)
    compares: bool = False  # worked out from two figures of another quantity, which is asked beside it
    worded: bool = False  # takes a number only by its own giving words (a salvage value, a household's use)
    decisive: bool = False  # its asking words settle what is asked ("per million tokens"), whatever else is named


class Period(_Strict):
    """A span an amount is stated for or asked over: its length, and the words and card metrics that name it."""

    id: str
    days: float = Field(gt=0)
    label: Label
    asks: Words
    metrics: list[str]
    units: list[str]


class Explain(_Strict):
    why: Words
    what: Words
    which: Words
    lower: Words
    trend: Words
    about: Words
    yes_no: Words  # English words count only where a clause starts ("Is MoE really a saver?")


class Convention(_Strict):
    """A number that restates what the calculations already assume ("24 hours a day"): acknowledged, not read."""

    value: float
    unit: str
    words: Words


class Term(_Strict):
    """A term of the domain and what it means ("MFU", 摊销成本), for questions that ask what it is."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    terms: Words
    means: Label
    typical: list[str] = Field(default_factory=list)  # defaults whose cited value is shown beside the meaning
    asks: Words = Field(default_factory=Words)  # with no number given, these ask for the typical value itself
    source: str | None = None  # cited for a rule the meaning states (and the numbers in it)


class Vocabulary(_Strict):
    magnitudes: dict[str, float]
    units: list[UnitForms]
    word_endings: list[str]  # unit characters that end other words ("长度", "温度"): never a unit's noun alone
    per: list[str]
    gpu_hour_rates: list[str]
    quantities: list[QuantityWords]
    question_words: Words
    count_words: Words
    amount_words: Words
    money_asks: Words
    supposing: Words
    off_topic: Words
    writing_requests: Words
    share_marks: Words
    not_share_marks: Words
    domain: Words
    calculate_words: Words
    estimate_words: Words
    official: Words
    epochs: Words
    log_fields: list[LogField]
    lost_time: Words
    meaning_asked: Words
    fee_nouns: Words
    which_cheaper: Words
    compare_words: Words
    hearsay: Words
    overriding: Words
    spend_verbs: Words
    run_words: Words  # "训完", "trained for a month": a training run, never one card rented alone
    stating_words: Words
    option_joiners: Words
    provenance_asked: Words  # "where does that $63M come from?": a figure's source asked, as a claim is checked
    name_asked: Words  # "what is the start-up called?", "那家出版商是谁": a name the sources give, not a number
    label_passes: Words
    moe_parts: dict[str, Words]  # experts, each, routed, shared: the parts of a mixture of experts
    asking_fillers: Words
    function_words: Words
    node_words: Words
    conjunctions: Words
    each_asked: Words
    family_totals: Words
    add_up: Words
    range_ends: Words  # one stated range's two ends, set against each other
    range_asked: Words  # a range asked for ("what size range"): the card that states one answers
    growth_rates: Words
    actually: Words
    chip_groups: Words
    uncounted_batch: Words
    same_count: Words
    switch_to: Words  # the accelerator named after these is the one moved to
    weight_words: Words  # the weights alone ("bf16 weights"), not the training state
    training_state: Words  # what keeps gradients and optimizer state in memory beside the weights
    kept_same: Words
    paid_words: Words  # a sum already paid (a bill, an invoice), not one to spend
    # a run metric of one stage -> the words that name the stage, whose own figure a run may publish beside its total
    training_stages: dict[str, Words]
    agreement: Words  # asks whether a rule's result matches a quoted figure ("does 6ND line up?")
    contract_terms: Words  # a rental commitment: the years before them are its term, not a hardware life
    budget_asks: Words
    method_asks: Words
    example_words: Words
    explain: Explain
    define: Words
    limits: Words
    differ: Words
    glossary: list[Term]
    not_numbers: dict[str, str]
    each_one: list[str]
    per_month: Words
    pay_before: Words
    pay_after: Words
    per_hour_pay: Words
    per_week: Words
    below_spec: Words
    cluster_rate: Words
    time_units: dict[str, list[str]]
    staff_roles: Words
    shorthand: dict[str, str]
    cantonese: dict[str, str]
    taiwan_words: dict[str, str]
    attribution: Words
    money_context: list[str]
    counters: Words
    exfiltration: Words
    per_day: Words
    per_trillion_tokens: Words
    chip_makers: Words
    chip_lines: Words
    run_papers: Words
    chip_nouns: Words
    concepts: dict[str, Words]
    bounds: dict[str, Words]
    which: dict[str, Words]  # "asks", then the comparative after it: "more" or "less"
    hourly: Words
    hourly_forms: dict[str, str]
    conventions: list[Convention]
    megawatts: Words
    monthly_forms: dict[str, str]
    bare_shares: list[str]
    card_inputs: dict[str, str]
    precisions: dict[str, Words]
    input_labels: dict[str, Label]
    calculator_answers: dict[str, Label]  # a calculator's own headline where its output's reads wrong
    alternatives: Words
    energy_included: Words
    energy_excluded: Words
    depreciation: Words
    writing_off: Words
    spending: Words
    per_year: Words
    periods: list[Period]
    adds_before: Words
    adds_after: Words
    takes_before: Words
    dense_model: Words
    server_parts: Words
    at_peak: Words
    result_refs: Words
    left_out: dict[str, Words]
    cost_words: Words
    cost_totals: Words
    cost_sums: Words
    budget_checks: Words
    hypothetical: Words
    worked_from_quoted: Words
    misuse: Words
    size_of: Words
    generic_subject: Words
    asker_frames: Words
    value_for_money: Words
    own_run: Words
    training_run: Words
    whole_cluster: Words
    around_chips: Words
    training_a_model: Words
    check_mine: Words
    available_cards: Words
    card_share: Words
    trailing_fillers: Words
    hedges: Words
    per_example: Words
    above_estimate: Words
    local_money: dict[str, list[str]]
    per_run: Words
    runs: Words
    follow_up: Words
    follow_up_start: Words
    refers_back: Words
    answer_in: Words
    relative: dict[str, dict[str, float]]
    share_change: dict[str, Words]
    regions: dict[str, Words]
    grids_not_on_file: dict[str, Words]  # a place's name in English → the words naming it
    region_names: dict[str, Label]
    any_article: Words
    articles: dict[str, Words]
    sources_named: dict[str, Words]
    subject_names: dict[str, list[str]]
    zh_hant_usage: dict[str, str]
    run_metrics: dict[str, Label]
    model_families: list[str]
    unpublished_models: list[str]
    not_names: list[str]  # capitalised words that are no subject: "CEO", "GPU"
    messages: dict[str, Label]
    components: dict[str, Label]  # the parts a calculation splits its result into
    formula_terms: dict[str, Label]  # a formula variable's name as a person writes it in the answer's steps
    follow_ups: dict[str, Label]  # questions offered after a calculation, {value}/{gpu} filled in
    fill_ins: dict[str, Label]  # an example of each input a needs_input reply asks for
    suggestions: Words

    @model_validator(mode="after")
    def _consistent(self) -> Vocabulary:
        ids = [q.id for q in self.quantities]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"quantity ids repeated: {sorted(dupes)}")
        dims = {u.dimension for u in self.units} | {"none", "money"}
        for q in self.quantities:
            parts = q.dimension.split("/")
            if any(p not in dims for p in parts):
                raise ValueError(f"quantity {q.id}: unknown dimension {q.dimension!r} (units define {sorted(dims)})")
            for word in (*q.asks.all(), *q.gives.all()):
                if word != word.lower() or not word.strip():
                    raise ValueError(f"quantity {q.id}: {word!r} must be lower case and not blank")
        pairs = [*self.hourly_forms.items(), *self.monthly_forms.items()]
        unknown = ({i for pair in pairs for i in pair} | set(self.card_inputs.values()) | set(self.bare_shares)) - \
            set(ids)
        if unknown:
            raise ValueError(f"hourly_forms, monthly_forms, card_inputs, bare_shares: unknown quantities "
                             f"{sorted(unknown)}")
        # A form may belong to two dimensions (块: yuan, or a count of cards); the parser decides by context.
        forms = [(f, u.dimension) for u in self.units for f in u.forms]
        clash = {f for f in forms if forms.count(f) > 1}
        if clash:
            raise ValueError(f"unit forms listed twice in one dimension: {sorted(clash)}")
        for term in self.glossary:
            if term.source is None and re.search(r"(?<![A-Za-z\d])\d", term.means.en + term.means.zh):  # not BF16
                raise ValueError(f"glossary {term.id}: a number in its meaning needs a source")
        return self

    def term_problems(self, defaults: Iterable[str], sources: Iterable[str]) -> list[str]:
        """Glossary entries must name defaults and sources that exist."""
        known_defaults, known_sources = set(defaults), set(sources)
        problems = [f"knowledge/vocabulary.yaml: glossary {t.id}: unknown default {d!r}"
                    for t in self.glossary for d in t.typical if d not in known_defaults]
        problems += [f"knowledge/vocabulary.yaml: glossary {t.id}: unknown source {t.source!r}"
                     for t in self.glossary if t.source is not None and t.source not in known_sources]
        return problems

    @cached_property
    def by_id(self) -> dict[str, QuantityWords]:
        return {q.id: q for q in self.quantities}

    @cached_property
    def unit_forms(self) -> list[tuple[str, UnitForms]]:
        """Every surface form with its unit entry, longest first (兆瓦时 before 兆, gpu-hours before hours)."""
        pairs = [(form, u) for u in self.units for form in u.forms]
        return sorted(pairs, key=lambda p: len(p[0]), reverse=True)

    def by_input(self, name: str) -> QuantityWords | None:
        return next((q for q in self.quantities if q.input == name), None)

    def say(self, key: str, lang: str, **fields: object) -> str:
        """A fixed sentence of the answer in ``lang`` ("en" or "zh"), its placeholders filled."""
        return self.messages[key].in_(lang).format(**fields)

    def unit_dimension(self, unit: str) -> str | None:
        """The dimension of a figure's unit (MWh → energy, USD/GPU-hour → usd/gpu_time); None if unknown."""
        parts = []
        for part in unit.split("/"):
            key = part.strip().lower()
            dim = next((u.dimension for u in self.units if key in u.forms or key == u.base.lower()), None)
            if dim is None:
                return None
            parts.append(dim)
        return "/".join(parts)


@lru_cache(maxsize=1)
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
        return Vocabulary.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise KnowledgeError([f"{path.name}: {exc}"]) from exc
