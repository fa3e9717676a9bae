"""The Gradio chat page at `/chat`: streamed answers, calculation steps as collapsible thoughts, numbered sources,
a cost-breakdown chart, follow-up options, zh/en examples and like/dislike feedback."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no calls home

import gradio as gr
import pandas as pd

from knowledge.vocabulary import vocabulary
from ui.web.config import MAX_QUESTION_CHARS
from ui.web.feedback import Feedback, FeedbackStore, FeedbackUnavailable
from ui.web.presenting import breakdown, escape, pieces, sources_text
from ui.web.service import AnswerService

log = logging.getLogger(__name__)

STREAM_UPDATES = 12  # redraws per streamed answer: enough to read as streaming, few enough to stay cheap

_EN = {
    "title": "## Training-cost assistant\nAsk what it costs to train a model: compute, GPU-hours, cloud or owned "
             "hardware, electricity and carbon. Every figure is calculated (steps shown) or cited.",
    "chat": "Conversation",
    "placeholder": "Ask in English or Chinese, e.g. 'H100 hours for a 70B model on 2T tokens?'",
    "chart": "Cost breakdown (USD)",
    "api": "HTTP API: [/docs](/docs) · widget: [/widget/demo](/widget/demo)",
}
_ZH = {
    "title": "## 训练成本助手\n询问训练模型的成本:算力、GPU卡时、云租用或自有硬件、电费与碳排放。"
             "每个数字都有计算过程或出处。",
    "chat": "对话",
    "placeholder": "用中文或英文提问,例如:用H100训练700亿参数模型要多少卡时?",
    "chart": "成本构成(美元)",
    "api": "HTTP 接口:[/docs](/docs) · 网页挂件:[/widget/demo](/widget/demo)",
}
_ZH_HANT = {**_ZH, "title": "## 訓練成本助手\n詢問訓練模型的成本:算力、GPU卡時、雲端租用或自有硬體、電費與碳排放。"
                           "每個數字都有計算過程或出處。",
            "chat": "對話", "placeholder": "用中文或英文提問,例如:用H100訓練700億參數模型要多少卡時?",
            "chart": "成本構成(美元)"}
I18N = gr.I18n(en=_EN, zh=_ZH, **{"zh-CN": _ZH, "zh-TW": _ZH_HANT, "zh-HK": _ZH_HANT})

EXAMPLES = [{"text": q} for pair in zip(vocabulary().suggestions.zh, vocabulary().suggestions.en, strict=True)
            for q in pair]


def _thought(calc: dict[str, Any], zh: bool) -> gr.ChatMessage:
    lines = [f"`{escape(calc['formula'])}`", ""]
    lines += [f"{i}. {escape(step)}" for i, step in enumerate(calc["steps"], 1)]
    if calc.get("assumptions"):
        lines += ["", "**假设:**" if zh else "**Assumptions:**"]
        lines += [f"- {escape(a)}" for a in calc["assumptions"]]
    title = f"{'计算' if zh else 'Calculation'}: {calc.get('label', calc['tool'])}"
    return gr.ChatMessage(role="assistant", content="\n".join(lines), metadata={"title": title, "status": "done"})


def _chart(answer: dict[str, Any]) -> dict[str, Any]:
    rows = [r for r in breakdown(answer) if r["unit"] == "USD"]
    if not rows:
        return gr.update(visible=False)
    return gr.update(value=pd.DataFrame(rows), visible=True)


def build_chat_page(service: AnswerService, feedback: FeedbackStore) -> gr.Blocks:
    def stream(question: str, messages: list[Any], state: dict[str, Any], box: Any) -> Iterator[tuple[Any, ...]]:
        """Show the question, then the answer as it streams. ``box`` is the textbox's value once the question is
        taken; later updates leave the textbox alone, so a next question typed meanwhile is never wiped."""
        keep = gr.update()
        question = (question or "").strip()[:MAX_QUESTION_CHARS]
        if not question:
            yield messages, keep, keep, state
            return
        messages = [*messages, gr.ChatMessage(role="user", content=escape(question))]
        first = len(messages)
        yield messages, box, gr.update(visible=False), state
        answer = service.ask(question, state["history"])
        zh = answer["language"].startswith("zh")
        messages += [_thought(c, zh) for c in answer["calculations"]]
        final = gr.ChatMessage(role="assistant", content="")
        messages.append(final)
        text = ""
        for part in pieces(escape(answer["answer"]), at_most=STREAM_UPDATES):
            text += part
            final.content = text
            yield messages, keep, keep, state
        final.content = text + sources_text(answer, markdown=True)
        final.options = [{"value": f} for f in answer["follow_ups"]]
        history = [*state["history"], {"role": "user", "content": question},
                   {"role": "assistant", "content": answer["answer"]}]
        # A like names the first message of the answer's bubble (its calculation thoughts come first), so every
        # message of the answer leads back to its question and text.
        rated = {"question": question, "answer": answer["answer"]}
        answers = {**state["answers"], **dict.fromkeys(range(first, len(messages)), rated)}
        yield messages, keep, _chart(answer), {"history": history, "answers": answers}

    def submit(question: str, messages: list[Any], state: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
        yield from stream(question, messages, state, "")

    def pick(messages: list[Any], state: dict[str, Any], selected: gr.SelectData) -> Iterator[tuple[Any, ...]]:
        value = selected.value
        yield from stream(value.get("text", "") if isinstance(value, dict) else str(value), messages, state,
                          gr.update())

    def record(state: dict[str, Any], liked: gr.LikeData) -> None:
        index = liked.index[0] if isinstance(liked.index, list | tuple) else liked.index
        rated = state["answers"].get(index)
        if rated is None:  # a message that is no answer (an example, the question itself): nothing to rate
            log.warning("a like on chat message %s, which is not an answer, was not stored", index)
            return
        rating = {True: "up", "Like": "up", False: "down", "Dislike": "down"}.get(liked.liked)
        if rating is None:  # a second click withdraws the rating: nothing new to store
            return
        try:
            feedback.add(Feedback(source="chat", rating=rating, **rated))
        except FeedbackUnavailable as err:
            log.error("feedback not stored: %s", err)
            gr.Warning("Feedback could not be saved right now. 反馈暂时无法保存。")

    with gr.Blocks(title="Training-cost assistant") as page:
        gr.Markdown(I18N("title"))
        chatbot = gr.Chatbot(label=I18N("chat"), examples=EXAMPLES, height=540, elem_id="chat",
                             feedback_options=("Like", "Dislike"), buttons=["copy"], latex_delimiters=[])
        box = gr.Textbox(placeholder=I18N("placeholder"), show_label=False, max_length=MAX_QUESTION_CHARS,
                         submit_btn=True, elem_id="question", autofocus=True)
        chart = gr.BarPlot(x="component", y="value", color="calculation", label=I18N("chart"), visible=False,
                           elem_id="breakdown", y_title="USD", x_title="")
        gr.Markdown(I18N("api"))
        state = gr.State({"history": [], "answers": {}})
        outputs = [chatbot, box, chart, state]
        box.submit(submit, [box, chatbot, state], outputs)
        chatbot.example_select(pick, [chatbot, state], outputs)
        chatbot.option_select(pick, [chatbot, state], outputs)
        chatbot.like(record, [state], None)
        chatbot.clear(lambda: ({"history": [], "answers": {}}, gr.update(visible=False)), None, [state, chart])
    return page
