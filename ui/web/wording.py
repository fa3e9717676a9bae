"""Every fixed string of the chat page and its chart, in English, simplified Chinese and traditional Chinese as
written in Taiwan (計算過程, 來源, 硬體): each written out, never converted character by character, because Taiwan
usage differs in words (硬件 → 硬體, 网络 → 網路), not only in characters.

The page's language follows the answer's (`Answer.language`) for what belongs to an answer, and the browser's
locale for the page around it (`ui_language`).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "zh-Hans", "zh-Hant"]
LANGS: tuple[Lang, ...] = ("en", "zh-Hans", "zh-Hant")

TEXT: dict[Lang, dict[str, str]] = {
    "en": {
        "title": "Training-cost assistant",
        "intro": "Ask what it costs to train a model: compute, GPU-hours, cloud or owned hardware, electricity and "
                 "carbon. Every figure is calculated (steps shown) or cited.",
        "placeholder": "Ask in English or Chinese, e.g. 'H100 hours for a 70B model on 2T tokens?'",
        "links": "HTTP API: [/docs](/docs) · widget: [/widget/demo](/widget/demo)",
        "chat": "Conversation",
        "question": "Your question",
        "details": "How this was calculated",
        "sources": "Sources",
        "no_link": "no address on file",
        "more_inputs": "More inputs",
        "input": "Input",
        "value": "Value",
        "origin": "From",
        "origin.you": "you",
        "origin.source": "source",
        "origin.default": "default",
        "origin.calculated": "calculated",
        "assumptions": "Assumptions",
        "chart": "Cost breakdown",
        "chart_alt": "Bar chart: {title}",
        "too_long": "Your question has {n} characters; at most {limit} are read. Please shorten it.",
        "rate": "{left} of {limit} questions left this minute",
        "rate_out": "The limit of {limit} questions a minute is reached; try again in {retry} s.",
        "comment": "Comment on the answer you rated (optional)",
        "comment_placeholder": "What was wrong or missing?",
        "comment_send": "Send comment",
        "comment_thanks": "Thank you, your comment was saved.",
        "comment_first": "Rate an answer first (thumbs up or down), then add your comment.",
        "feedback_failed": "Feedback could not be saved right now.",
        "retry": "Retry",
        "copy": "Copy message",
        "like": "Like",
        "dislike": "Dislike",
        "clear": "Clear",
    },
    "zh-Hans": {
        "title": "训练成本助手",
        "intro": "询问训练模型的成本:算力、GPU卡时、云租用或自有硬件、电费与碳排放。每个数字都有计算过程或出处。",
        "placeholder": "用中文或英文提问,例如:用H100训练700亿参数模型要多少卡时?",
        "links": "HTTP 接口:[/docs](/docs) · 网页挂件:[/widget/demo](/widget/demo)",
        "chat": "对话",
        "question": "你的问题",
        "details": "计算过程",
        "sources": "来源",
        "no_link": "暂无链接",
        "more_inputs": "其他输入",
        "input": "输入项",
        "value": "数值",
        "origin": "来自",
        "origin.you": "你提供",
        "origin.source": "来源",
        "origin.default": "默认值",
        "origin.calculated": "计算得出",
        "assumptions": "假设",
        "chart": "成本构成",
        "chart_alt": "柱状图:{title}",
        "too_long": "你的问题有 {n} 个字符,最多只能读取 {limit} 个,请缩短。",
        "rate": "本分钟还可提问 {left} 次(共 {limit} 次)",
        "rate_out": "已达到每分钟 {limit} 次的上限,请在 {retry} 秒后再试。",
        "comment": "对已评价的回答留言(可选)",
        "comment_placeholder": "哪里不对或缺了什么?",
        "comment_send": "发送留言",
        "comment_thanks": "谢谢,你的留言已保存。",
        "comment_first": "请先评价一个回答(赞或踩),再留言。",
        "feedback_failed": "反馈暂时无法保存。",
        "retry": "重试",
        "copy": "复制消息",
        "like": "赞",
        "dislike": "踩",
        "clear": "清空",
    },
    "zh-Hant": {
        "title": "訓練成本助理",
        "intro": "詢問訓練模型的成本:算力、GPU 時數、雲端租用或自有硬體、電費與碳排放。每個數字都附計算過程或出處。",
        "placeholder": "用中文或英文提問,例如:用 H100 訓練 700 億參數模型要多少 GPU 時數?",
        "links": "HTTP API:[/docs](/docs) · 網頁小工具:[/widget/demo](/widget/demo)",
        "chat": "對話",
        "question": "你的問題",
        "details": "計算過程",
        "sources": "來源",
        "no_link": "沒有網址",
        "more_inputs": "其他輸入",
        "input": "項目",
        "value": "數值",
        "origin": "出自",
        "origin.you": "你提供",
        "origin.source": "來源",
        "origin.default": "預設值",
        "origin.calculated": "計算所得",
        "assumptions": "假設",
        "chart": "成本組成",
        "chart_alt": "長條圖:{title}",
        "too_long": "你的問題有 {n} 個字元,最多只會讀取 {limit} 個,請縮短。",
        "rate": "這一分鐘還能提問 {left} 次(共 {limit} 次)",
        "rate_out": "已達每分鐘 {limit} 次的上限,請在 {retry} 秒後再試。",
        "comment": "對評過分的回答留言(選填)",
        "comment_placeholder": "哪裡不對或少了什麼?",
        "comment_send": "送出留言",
        "comment_thanks": "謝謝,你的留言已儲存。",
        "comment_first": "請先為回答評分(按讚或倒讚),再留言。",
        "feedback_failed": "意見回饋暫時無法儲存。",
        "retry": "重試",
        "copy": "複製訊息",
        "like": "讚",
        "dislike": "倒讚",
        "clear": "清除",
    },
}

# Written for each language, Taiwan usage for zh-Hant (晶片, GPU 時數): the first questions a visitor sees.
EXAMPLES: dict[Lang, list[str]] = {
    "en": ["How many H100 GPU-hours to train a 70B model on 2T tokens?", "Why is training large models so expensive?",
           "How much electricity did GPT-3's training use?"],
    "zh-Hans": ["用1024张H100训练700亿参数模型需要多少天?", "为什么训练大模型这么贵?", "GPT-3训练耗电多少?"],
    "zh-Hant": ["用1024張H100訓練700億參數的模型要幾天?", "為什麼訓練大型模型這麼花錢?", "GPT-3訓練用了多少電?"],
}


def lang_of(value: str | None) -> Lang:
    """The page language for an answer's ``language`` or a browser locale (zh-TW, zh-HK, zh-Hant → zh-Hant)."""
    tag = (value or "").strip().replace("_", "-").lower()
    if tag.startswith("zh"):
        return "zh-Hant" if any(k in tag for k in ("hant", "-tw", "-hk", "-mo")) else "zh-Hans"
    return "en"


def ui_language(accept_language: str | None) -> Lang:
    """The language of the browser's first choice in an Accept-Language header (English when none is ours)."""
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip()
        if tag and tag != "*":
            return lang_of(tag)
    return "en"


def t(lang: Lang, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values) if values else TEXT[lang][key]
