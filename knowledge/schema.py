"""Typed records for everything under knowledge/: sources, fact cards, published runs, hardware, defaults.

Every figure carries the id of the source it comes from and where in that source it stands, so that an answer
can cite it. Validation that needs more than one file (a source id must exist, ids must be unique) lives in
``knowledge.loader``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.units import KNOWLEDGE_UNITS

SourceKind = Literal["article", "paper", "model-card", "datasheet", "estimate", "dataset", "docs", "blog"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("date", mode="before", check_fields=False)
    @classmethod
    def _date_as_text(cls, v: object) -> object:
        # YAML reads an unquoted 2024-05-01 as a date and 2023 as an int; both are meant as text.
        return v.isoformat() if isinstance(v, dt.date) else str(v) if isinstance(v, int) else v


class Bilingual(Record):
    """One sentence in each language, written in the project's own words (never copied from a source)."""

    en: str = Field(min_length=8)
    zh: str = Field(min_length=4)

    @field_validator("zh")
    @classmethod
    def _zh_has_han(cls, v: str) -> str:
        if not any("\u4e00" <= ch <= "\u9fff" for ch in v):
            raise ValueError("the zh statement contains no Chinese characters")
        return v


class Source(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]+$")
    title: str
    title_zh: str | None = Field(default=None, description="the title for a Chinese answer, in our own words")
    publisher: str | None = None
    authors: str | None = None
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY, YYYY-MM or YYYY-MM-DD")
    url: str | None = None
    kind: SourceKind
    language: Literal["en", "zh-Hans", "zh-Hant"]
    note: str | None = None


class Figure(Record):
    """A number (or a low–high range) with its unit and where it comes from."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str
    source: str
    locator: str | None = None
    estimate: bool = Field(default=False, description="a third party's estimate, not a figure from the run's owner")
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    note: str | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        if v not in KNOWLEDGE_UNITS:
            raise ValueError(f"unit {v!r} is not one of: {', '.join(sorted(KNOWLEDGE_UNITS))}")
        return v

    @model_validator(mode="after")
    def _has_a_number(self) -> Figure:
        numbers = [x for x in (self.value, self.low, self.high) if x is not None]
        if not numbers:
            raise ValueError("a figure needs a value, or a low and/or high bound")
        if any(not math.isfinite(x) for x in numbers):
            raise ValueError("figure values must be finite")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError(f"low {self.low} is above high {self.high}")
        return self

    @property
    def central(self) -> float:
        """The value, else the midpoint of the range, else the one bound given."""
        if self.value is not None:
            return self.value
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high  # type: ignore[return-value]


CardKind = Literal["figure", "driver", "lever", "trend", "caveat"]


class FactCard(Record):
    """One claim of one source. ``kind`` says whether it states a figure, a cost driver, a way to cut cost,
    a trend, or a caveat (e.g. a comparison that does not add up)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]+$")
    kind: CardKind = "figure"
    subject: str = Field(description="what the claim is about, e.g. gpt-3, microsoft, training-cost")
    metric: str = Field(description="what is measured, e.g. training_energy, quarterly_capex")
    figures: list[Figure] = Field(default_factory=list)
    source: str
    locator: str = Field(description="section heading or paragraph of the source")
    statement: Bilingual
    as_printed: str | None = Field(
        default=None, description="how the figure appears in the source (a short token such as 1287兆瓦時)"
    )
    tags: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _figures_need_numbers(self) -> FactCard:
        if self.kind == "figure" and not self.figures:
            raise ValueError("a card of kind 'figure' needs at least one figure")
        for fig in self.figures:
            if fig.source != self.source:
                raise ValueError(f"figure source {fig.source!r} differs from the card's source {self.source!r}")
        return self


CaseMetric = Literal[
    "rental_price",
    "params_total",
    "params_active",
    "tokens",
    "training_flop",
    "gpu_count",
    "gpu_hours",
    "gpu_hours_pretraining",
    "gpu_hours_context_extension",
    "gpu_hours_post_training",
    "training_days",
    "power_per_gpu",
    "pue",
    "grid_intensity",
    "energy",
    "emissions_location",
    "emissions_market",
    "mfu",
    "achieved_flops",
    "cost_reported",
    "cost_cloud",
    "cost_amortized",
    "cost_acquisition",
    "cost_full_development",
]


class Case(Record):
    """A published training run; each metric is a figure with its own source."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]+$")
    name: str
    aliases: list[str] = Field(default_factory=list)
    organization: str
    year: int = Field(ge=2015, le=2030)
    architecture: Literal["dense", "moe"] = "dense"
    hardware: str | None = Field(default=None, description="id in hardware.yaml")
    disclosure: Literal["disclosed", "estimate"] = "disclosed"
    figures: dict[CaseMetric, Figure]
    notes: Bilingual | None = None


class PricePoint(Record):
    value: float = Field(gt=0)
    unit: Literal["USD", "USD/GPU-hour"]
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    source: str
    vendor: str | None = None
    level: Literal["chip", "server"] = Field(
        default="chip", description="'server' when the price is per GPU of a DGX/HGX server (no overhead to add)"
    )
    note: str | None = None


class Accelerator(Record):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]+$")
    name: str
    vendor: str
    aliases: list[str] = Field(min_length=1)
    kind: Literal["gpu", "tpu", "npu"] = "gpu"
    bf16_dense: Figure = Field(description="dense BF16/FP16 tensor peak in FLOP/s, never the sparse figure")
    fp8_dense: Figure | None = None
    tdp: Figure | None = Field(default=None, description="W")
    memory: Figure | None = Field(default=None, description="GB")
    memory_bandwidth: Figure | None = Field(default=None, description="TB/s")
    purchase_prices: list[PricePoint] = Field(default_factory=list)
    rental_prices: list[PricePoint] = Field(default_factory=list)
    server_overhead: Figure | None = Field(
        default=None, description="multiplier from a single-chip price to a server-equivalent price"
    )
    server_power_multiplier: Figure | None = Field(
        default=None, description="server power per chip divided by chip TDP (Epoch's chip_to_server_power)"
    )
    note: str | None = None

    @model_validator(mode="after")
    def _units(self) -> Accelerator:
        expected = {"bf16_dense": "FLOP/s", "fp8_dense": "FLOP/s", "tdp": "W", "memory": "GB",
                    "memory_bandwidth": "TB/s", "server_overhead": "ratio", "server_power_multiplier": "ratio"}
        for name, unit in expected.items():
            fig = getattr(self, name)
            if fig is not None and fig.unit != unit:
                raise ValueError(f"{name} must be in {unit}, got {fig.unit}")
        for p in self.purchase_prices:
            if p.unit != "USD":
                raise ValueError("purchase prices are in USD per chip")
        for p in self.rental_prices:
            if p.unit != "USD/GPU-hour":
                raise ValueError("rental prices are in USD/GPU-hour")
        return self


class Default(Record):
    """An input the calculators fall back on when the user gives none; ``low``/``high`` span its uncertainty."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]+$")
    figure: Figure
    label: Bilingual
    region: str | None = Field(default=None, description="ISO country code or a name such as 'world'")
