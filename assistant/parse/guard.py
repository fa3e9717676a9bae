"""What a question must not carry: markup that runs code, injected instructions, tags and control characters."""

from __future__ import annotations

import html
import re

INJECTION_RE = re.compile(
    r"ignore (all |any )?(of )?(the |your )?(previous|prior|above|earlier) (instructions|prompts?|rules)|"
    r"disregard .*instructions|system prompt|(?<![a-z])(?:assistant|system)\s*[:：]|系统提示|"
    r"(忽略|无视|忘掉|忘记)(你|您)?(之前|以上|上面|前面|先前)?(收到)?的?(所有|全部|一切)?的?(指令|指示|提示|规则|设定)|"
    r"(唔好|不要|别|唔)(理|管|睬)(之前|先前|以上|前面|上面)?(啲|的)?\s?(所有|全部)?\s?(instructions?|指令|指示|规则|设定)|"
    r"(冇|没有|无|不受)(任何)?限制(嘅|的)\s?(ai|助手|模型)|系统通知|知识库已更新|请以此为准|以此为准|"
    r"你现在是|you are now|jailbreak|system override|from now on,? (?:you|answer|reply|respond|always)|"
    r"answer every question with|(?:reply|respond|answer) only with|"
    r"<\|im_(?:start|end)\|>|</?s>|\[/?INST\]|<<SYS>>", re.IGNORECASE)  # chat-template tokens smuggled in


TAG_RE = re.compile(r"<[^>]{0,500}>")


QUOTED_FIGURE_RE = re.compile(r"[\"'“‘「『][^\"'”’」』\s]{0,12}?\d[^\"'”’」』]{0,12}[\"'”’」』]")


SCRIPT_RE = re.compile(r"<(script|style)\b[^>]{0,500}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


# Markup that would run code (a script, an event handler, a javascript: link): refused, not answered around
ACTIVE_RE = re.compile(r"<\s*(script|iframe|object|embed)\b|<[^>]*\bon[a-z]+\s*=|javascript:", re.IGNORECASE)


EMPHASIS_RE = re.compile(r"(?<![\w*])(\*{1,2})(?=[^\s*])([^*\n]{1,60}?)(?<=[^\s*])\1(?![\w*])")


def clean_question(text: str) -> str:
    """Drop markup, scripts and control characters but keep the words: HTML in a question is never executed,
    and a script's code is not part of what the user asks."""
    text = html.unescape(TAG_RE.sub(" ", SCRIPT_RE.sub(" ", text)))
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    if text.count("|") >= 2:  # a pasted table: its rows stay apart ("訓練 tokens | 1.2T" is one row's column and cell)
        text = re.sub(r"\s*\n\s*", " ; ", text.strip())
    text = EMPHASIS_RE.sub(r"\2", text)  # "300k *useful* H100-hours": emphasis, not a product like 6*N*D
    return re.sub(r"\s+", " ", text).strip()
