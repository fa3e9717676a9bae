"""The provenance guard: every number in an answer's text must be a figure, a question number, or come from
the calculation it shows. Numbers are read by `assistant.numbers`, the reader the evaluation uses too, so the
two never disagree."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from assistant import numbers
from assistant.answer import Answer
from assistant.textnorm import prepare


def _allowed(answer: Answer, question: str, history: Sequence[dict[str, Any]], cited_texts: Sequence[str],
             names: Collection[str]) -> list[float]:
    values: list[float] = []
    for f in answer.figures:
        values += [x for x in (f.value, f.low, f.high) if x is not None]
        if f.unit == "ratio":
            values += [x * 100 for x in (f.value, f.low, f.high) if x is not None]
        if f.unit == "FLOP/s":  # a chip's peak is written in TFLOP/s
            values += [x / 1e12 for x in (f.value, f.low, f.high) if x is not None]
    said = [question, *(str(t.get("content", "")) for t in history if t.get("role") == "user")]
    # what the user typed, also with Chinese numerals as digits ("一点二万美元" is echoed as 1.2万美元)
    texts = [*said, *(prepare(t) for t in said), *cited_texts]
    for c in answer.calculations:
        values += [v["value"] for v in c.get("inputs", {}).values()]
        values += [v["value"] / 1e12 for v in c.get("inputs", {}).values() if v.get("unit") == "FLOP/s"]  # TFLOP/s
        values.append(c["value"])
        texts += [str(c.get("formula") or ""), *map(str, c.get("steps") or [])]  # the constants a step shows
    for text in texts:
        values += [m.value for m in numbers.extract(text, names)]
    return values


def unsupported_numbers(answer: Answer, question: str, history: Sequence[dict[str, Any]] = (),
                        cited_texts: Sequence[str] = (), names: Collection[str] = ()) -> list[str]:
    """Numbers in the answer text that no figure, question, calculation or cited statement accounts for.

    ``cited_texts`` are the statements of cited cards shown verbatim; ``names`` are model and chip names whose
    digits are not figures (GPT-3 175B, H100 SXM5 80GB)."""
    allowed = _allowed(answer, question, history, cited_texts, names)
    return [m.text for m in numbers.extract(answer.answer, names) if not numbers.matches(m, allowed)]
