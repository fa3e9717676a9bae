"""Remove scraping noise from article text while keeping the article's own words in their original script.

Handled generically (no file-specific line lists):
- pinyin annotations a site injected after Han characters: 數(shù)據(jù) → 數據. Only a bracket holding exactly one
  lowercase pinyin syllable right after a Han character is removed; (TB級別), (MoE), (Computational Cost) stay.
- image placeholder lines (1749564342263991.png, ![](x.jpg), [图片]).
- navigation, ads and course menus: runs of three or more short, unpunctuated lines, and lines made of
  known call-to-action phrases or a bare phone number.
- trailers: a risk disclaimer / related-articles / copyright block in the last part of the page and everything
  after it.
- full-width forms (NFKC), stray whitespace, runs of blank lines.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.textnorm import HAN_RE, normalize

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_TONE_BASE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")
# One syllable = optional initial + final; built from the standard pinyin table so that English words in
# brackets ("(data)", "(moe)") are not mistaken for annotations.
_PINYIN_SYLLABLE = re.compile(
    r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|"
    r"er|io|a|o|e|i|u|v)$"
)
# A bracket (ASCII or full-width) right after a Han character, holding only lowercase letters or tone vowels.
_ANNOTATION_RE = re.compile(rf"(?<=[\u3400-\u4dbf\u4e00-\u9fff])[((]([a-z{_TONED}]{{1,6}})[))]")

_IMAGE_LINE_RE = re.compile(
    r"^\s*(?:!\[[^\]]*\]\([^)]*\)|[\w.-]+\.(?:png|jpe?g|gif|webp|bmp|svg)|\[(?:图片|圖片|image|img)\])\s*$",
    re.IGNORECASE,
)
_PHONE_LINE_RE = re.compile(r"^\s*[\d\s()+\-]{7,}\s*$")
_SENTENCE_END = tuple("。！？；.!?;:：…”\"")
MENU_LINE_MAX = 24  # characters; menu entries and slogans are short, article sentences are not
MENU_RUN_MIN = 3

# Phrases (matching form: simplified, case-folded) that mark a call-to-action line; compared to whole lines
# only when the line is short, so an article sentence that mentions one of them survives.
_CTA_PHRASES = (
    "报名优惠", "免费试听", "立即咨询", "在线咨询", "点击咨询", "课程资料", "官方微信", "返回顶部", "扫码关注",
    "关注我们", "关注公众号", "即将爆满", "爆满开班", "热门班型", "站内链接", "热门话题", "培训课程", "分享到",
    "上一篇", "下一篇", "点击查看", "阅读原文", "广告",
)
# Headings that start a trailer: nothing after them is article text.
_TRAILER_PHRASES = (
    "风险提示", "免责声明", "免责条款", "相关文章", "相关阅读", "推荐阅读", "延伸阅读", "猜你喜欢", "热门推荐",
    "版权声明", "版权所有", "责任编辑", "related articles", "disclaimer", "copyright",
)
TRAILER_ZONE = 0.6  # a trailer heading is only trusted in the last 40% of the page


def strip_pinyin(text: str) -> str:
    """數(shù)據(jù) → 數據: drop one-syllable pinyin brackets that directly follow a Han character."""

    def repl(m: re.Match[str]) -> str:
        syllable = m.group(1)
        return "" if _PINYIN_SYLLABLE.match(syllable.translate(_TONE_BASE)) else m.group(0)

    return _ANNOTATION_RE.sub(repl, text)


def _is_image_line(line: str) -> bool:
    return bool(_IMAGE_LINE_RE.match(line))


def _is_short_unpunctuated(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= MENU_LINE_MAX and not s.endswith(_SENTENCE_END) and "。" not in s


def _is_cta(line: str) -> bool:
    s = normalize(line.strip())
    if _PHONE_LINE_RE.match(s):
        return True
    return len(s) <= MENU_LINE_MAX and any(p in s for p in _CTA_PHRASES)


def _is_trailer_heading(line: str) -> bool:
    s = normalize(line.strip()).rstrip(":")
    return len(s) <= 20 and any(s.startswith(p) for p in _TRAILER_PHRASES)


def _drop_menu_runs(lines: list[str]) -> list[str]:
    """Drop runs of ≥3 adjacent short unpunctuated lines (menus, slogans); articles separate headings from
    paragraphs, so a real heading is a single short line followed by a long one."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_is_short_unpunctuated(lines[j]) or _is_cta(lines[j])):
            j += 1
        if j - i >= MENU_RUN_MIN:
            i = j
            continue
        out.extend(lines[i : max(j, i + 1)])
        i = max(j, i + 1)
    return out


def clean_text(text: str) -> str:
    """Cleaned article text: original script and wording, noise removed, paragraphs separated by blank lines."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = strip_pinyin(text)
    lines = [re.sub(r"[ \t\u3000]+", " ", ln).strip() for ln in text.split("\n")]

    n = len(lines)
    for i, line in enumerate(lines):
        if i >= TRAILER_ZONE * n and _is_trailer_heading(line):
            lines = lines[:i]
            break

    lines = [ln for ln in lines if not _is_image_line(ln)]
    # Menu detection works on runs of adjacent non-blank lines, so do it before blank lines are collapsed and
    # before call-to-action lines are removed (they are part of the runs that mark a menu).
    kept: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            kept.extend(ln for ln in _drop_menu_runs(block) if not _is_cta(ln))
            kept.append("")
            block = []
    return "\n".join(_collapse_blank(kept)).strip()


def _collapse_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


def has_han(text: str) -> bool:
    return bool(HAN_RE.search(text))
