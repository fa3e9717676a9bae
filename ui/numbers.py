"""A click type for numbers as people type them on a command line: 70e9, 70B, 2T, 1.5k, 1,720,320, 40%."""

from __future__ import annotations

import re

import click

SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12, "p": 1e15}


class Number(click.ParamType):
    name = "number"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            return float(value)
        text = str(value).strip().replace(",", "").replace("_", "")
        m = re.fullmatch(r"([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*([kmbgtp%]?)", text, re.IGNORECASE)
        if not m:
            self.fail(f"{value!r} is not a number (accepted: 70e9, 70B, 2T, 1.5k, 1,720,320, 40%)", param, ctx)
        number, suffix = float(m.group(1)), m.group(2).lower()
        if suffix == "%":
            return number / 100
        return number * SUFFIX.get(suffix, 1.0)


NUMBER = Number()
