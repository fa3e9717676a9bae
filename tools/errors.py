"""Typed, bilingual input errors: each says what was wrong and what is accepted, in English and Chinese."""

from __future__ import annotations


class InputError(ValueError):
    """An input a calculator cannot use. ``field`` names the input; ``accepted`` states the valid form."""

    def __init__(self, field: str, message_en: str, message_zh: str, accepted: str = ""):
        self.field = field
        self.message_en = message_en
        self.message_zh = message_zh
        self.accepted = accepted
        super().__init__(f"{message_en} / {message_zh}")

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "en": self.message_en, "zh": self.message_zh, "accepted": self.accepted}


class UnknownHardwareError(InputError):
    def __init__(self, name: str, suggestions: list[str], known: list[str]):
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        hint_zh = f"您是否指:{'、'.join(suggestions)}?" if suggestions else ""
        super().__init__(
            "gpu",
            f"Unknown accelerator {name!r}.{hint} Name one on file, or give the chip's peak in TFLOPS.",
            f"未知的加速卡「{name}」。{hint_zh}可接受:知识库中的加速卡型号(如H100、A100、H800、B200),"
            "或直接给出该卡的峰值算力(TFLOPS)。",
            accepted=", ".join(known),
        )
        self.suggestions = suggestions


class MissingInputError(InputError):
    """Nothing sensible can be assumed for this input; the caller has to ask for it."""

    def __init__(self, field: str, what_en: str, what_zh: str):
        super().__init__(field, f"Please give {what_en}.", f"请提供{what_zh}。", accepted=what_en)
