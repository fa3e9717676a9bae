"""Read a question: language and script, quantities, named accelerators and models, intent, follow-ups.

Deterministic and offline. A follow-up ("那换成A100呢?", "and GPT-4?") keeps the earlier user turns' slots and
intent and overrides only what it names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from assistant.entities import find, mask
from assistant.quantities import extract, prepare
from assistant.textnorm import detect_script, script_neutral

MAX_QUESTION_CHARS = 2000

# Intent keywords on the prepared (simplified, lower-case) text; the first intent whose words match wins.
INTENT_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("explain", ("为什么", "为何", "原因", "why", "如何降低", "怎么降低", "怎样降低", "降低成本", "节省", "省钱",
                 "reduce", "lower the cost", "cut the cost", "cut cost", "save", "cheaper", "驱动因素", "因素",
                 "drivers", "what drives", "levers", "ways to")),
    ("carbon", ("碳排放", "排放", "二氧化碳", "碳足迹", "co2", "carbon", "emission", "emit", "tco2")),
    ("electricity_cost", ("电费", "electricity bill", "electricity cost", "cost of electricity", "power bill",
                          "electricity price")),
    ("household_check", ("家庭", "household", "homes", "family", "families")),
    ("energy", ("耗电", "用电", "电量", "多少电", "多少度电",
                 "能耗", "电力", "energy", "electricity", "power consumption", "kwh", "mwh")),
    ("chinchilla", ("最优", "chinchilla", "compute-optimal", "compute optimal", "optimal size", "多大的模型",
                    "how big a model", "what size model")),
    ("training_days", ("多少天", "几天", "多久", "多长时间", "多长", "how long", "how many days", "how much time",
                       "duration", "时长")),
    ("gpu_hours", ("卡时", "gpu小时", "gpu hours", "gpu-hours", "gpu hour", "gpu-hour", "chip-hours")),
    ("flop", ("flop", "训练算力", "算力需求", "多少算力", "算力是", "算力为", "算力多少", "计算量", "浮点运算",
              "training compute")),
    ("gpus_needed", ("多少张", "几张", "多少块", "多少卡", "多少个gpu", "多少gpu", "how many gpu", "how many h100",
                     "how many a100", "how many h800", "how many accelerators", "how many chips", "gpus needed",
                     "gpus do i need", "gpus would", "gpus are needed")),
    ("compare", ("compare", "comparison", " vs ", "versus", "比较", "对比", "相比")),
    ("training_cost", ("多少钱", "花费", "成本", "费用", "花多少", "要花", "cost", "price", "spend", "expensive",
                       "bill",
                       "budget", "租", "rent", "预算", "投入", "资本支出", "capex", "salary", "年薪", "薪")),
]
METRIC_WORDS: dict[str, tuple[str, ...]] = {
    "mfu": ("mfu", "利用率", "utilisation", "utilization"),
    "energy": ("耗电", "用电", "电量", "能耗", "电力", "energy", "electricity", "kwh", "mwh", "power"),
    "emissions_location": ("碳", "排放", "co2", "carbon", "emission", "emit"),
    "gpu_hours": ("卡时", "gpu小时", "gpu hours", "gpu-hours", "gpu hour", "chip-hours", "小时"),
    "training_flop": ("flop", "算力", "计算量", "compute"),
    "gpu_count": ("多少张", "几张", "多少卡", "多少块", "几块", "how many gpu", "gpus", "cluster", "集群"),
    "training_days": ("多少天", "多久", "how long", "days", "时长"),
    "params_total": ("参数", "parameters", "params", "多大", "how big", "size"),
    "tokens": ("token", "数据量", "语料"),
    "cost": ("多少钱", "花费", "成本", "费用", "cost", "price", "spend", "expensive", "花了"),
}
SUBJECT_SLOTS = {"params", "active_params", "tokens", "flop", "gpu_hours", "energy_kwh", "gpus", "budget"}
LOWER_WORDS = ("降低", "节省", "省钱", "减少", "reduce", "lower the", "lower its", "lower our", "cut ", "save on",
               "cheaper", "levers")
FOLLOW_UP_WORDS = ("那", "换成", "改成", "如果", "呢", "what about", "how about", "what if", "and ", "instead",
                   "same for",
                   "then", "那么", "換成")
INJECTION_RE = re.compile(
    r"ignore (all |the )?(previous|prior|above) (instructions|prompts?)|disregard .*instructions|system prompt|"
    r"忽略(之前|以上|上面|前面)的?(所有)?(指令|指示|提示)|你现在是|you are now|jailbreak", re.IGNORECASE)
TAG_RE = re.compile(r"<[^>]{0,500}>")


@dataclass
class Understanding:
    question: str
    language: str
    prepared: str = ""  # simplified, lower-case form used for matching words
    slots: dict[str, float] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    hardware: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    intent: str | None = None
    metric: str | None = None
    problem: str | None = None  # why the question cannot be read at all (empty, too long, only markup)
    injection: bool = False
    follow_up: bool = False


def clean_question(text: str) -> str:
    """Drop markup and control characters but keep the words: HTML in a question is text, never executed."""
    text = html.unescape(TAG_RE.sub(" ", text))
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    return re.sub(r"\s+", " ", text).strip()


def _intent(prepared: str) -> str | None:
    for intent, words in INTENT_WORDS:
        if any(w in prepared for w in words):
            return intent
    return None


def _metric(prepared: str) -> str | None:
    for metric, words in METRIC_WORDS.items():
        if any(w in prepared for w in words):
            return metric
    return None


def understand_one(question: str) -> Understanding:
    if not isinstance(question, str) or not question.strip():
        return Understanding(question="", language="en", problem="empty")
    if len(question) > MAX_QUESTION_CHARS:
        return Understanding(question=question[:200], language=detect_script(question[:500]), problem="too_long")
    cleaned = clean_question(question)
    language = detect_script(cleaned or question, min_traditional=1)
    if not cleaned:
        return Understanding(question=question, language=language, problem="markup_only")
    prepared = prepare(cleaned)
    u = Understanding(question=cleaned, language=language, prepared=prepared,
                      injection=bool(INJECTION_RE.search(prepared)))
    mentions = find(cleaned, prepared=prepared)
    for m in mentions:
        (u.hardware if m.kind == "hardware" else u.models).append(m.id)
    for q in extract(mask(prepared, mentions)):
        if q.slot == "year":  # a date the question is about, not an input to any calculator
            continue
        u.slots.setdefault(q.slot, q.value)
        u.units.setdefault(q.slot, q.unit)
    hardware_neutral = re.sub(r"\s+", " ", mask(prepared, [m for m in mentions if m.kind == "hardware"]))
    u.intent = _intent(hardware_neutral)
    if u.intent == "energy" and "electricity_price" in u.slots:
        u.intent = "electricity_cost"  # energy and a tariff: the question is the bill
    if any(w in prepared for w in LOWER_WORDS) and u.intent in ("training_cost", None):
        u.intent = "explain"  # "how can we cut training costs" asks for levers, not a price
    if u.intent == "chinchilla" and u.models == ["chinchilla-70b"] and ("optimal" in prepared or "最优" in prepared):
        u.models = []  # "Chinchilla-optimal" names the scaling rule, not the Chinchilla model
    cost_words = dict(INTENT_WORDS)["training_cost"]
    if u.intent in ("gpu_hours", "training_days", "gpus_needed") and "price_per_gpu_hour" in u.slots \
            and (any(w in prepared for w in cost_words) or len(u.slots) == 1):
        u.intent = "training_cost"  # "$2/GPU-hour" names a price; the question is what the hours cost
    u.metric = _metric(hardware_neutral)
    u.follow_up = any(w in prepared for w in FOLLOW_UP_WORDS) and len(prepared) < 60
    return u


def understand(question: str, history: Sequence[dict[str, object]] = ()) -> Understanding:
    """The current question, completed from earlier user turns when it is a follow-up."""
    current = understand_one(question)
    if current.problem:
        return current
    earlier = [understand_one(str(t.get("content", ""))) for t in history if t.get("role") == "user"]
    earlier = [e for e in earlier if not e.problem]
    if not earlier:
        return current
    if current.language == "zh-Hans" and earlier[-1].language == "zh-Hant" and script_neutral(current.question):
        current.language = "zh-Hant"  # "那用H800呢?" reads the same in both scripts: keep the conversation's
    # A follow-up names less than a full question: no intent of its own, or only a new GPU/model/number
    # (a price, a grid factor, a deadline) with nothing to apply it to.
    # A question with no intent and nothing to carry over ("What's the weather?") is a new topic, not a follow-up.
    subject = current.slots.keys() & SUBJECT_SLOTS or current.models or current.hardware
    carries = current.follow_up or current.slots or current.models or current.hardware
    thin = (current.intent is None and carries) or (current.intent is not None and (current.follow_up or not subject))
    if not thin:
        return current
    base = Understanding(question=current.question, language=current.language, prepared=current.prepared)
    for e in earlier:
        base.slots.update(e.slots)
        base.units.update(e.units)
        base.hardware = e.hardware or base.hardware
        base.models = e.models or base.models
        base.intent = e.intent or base.intent
        base.metric = e.metric or base.metric
    base.slots.update(current.slots)
    base.units.update(current.units)
    # A generic "how much?" keeps the earlier question's intent, unless it brings a price to apply.
    keep_own = current.intent not in (None, "training_cost") or "price_per_gpu_hour" in current.slots
    intent = current.intent if keep_own or not base.intent else base.intent
    return replace(base, hardware=current.hardware or base.hardware, models=current.models or base.models,
                   intent=intent, metric=current.metric or base.metric, follow_up=True, injection=current.injection)
