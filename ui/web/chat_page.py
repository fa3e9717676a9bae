"""The Gradio chat page at `/chat`: each answer laid out from its `layout` (headline, inputs, notes, assumptions,
chart, sources; the steps in a collapsible thought below it), follow-up chips, examples in the browser's language,
like/dislike with a comment, retry, edit, stop, a question-length counter, the rate limit left, and the
conversation kept in the browser so a reload does not lose it."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio is imported: no calls home

import gradio as gr

from ui.web.config import MAX_QUESTION_CHARS
from ui.web.errors import ApiError
from ui.web.feedback import Feedback, FeedbackStore, FeedbackUnavailable
from ui.web.presenting import MessageView, escape, pieces
from ui.web.protection import RateLimiter
from ui.web.service import AnswerService
from ui.web.wording import EXAMPLES, LANGS, TEXT, Lang, t, ui_language

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
STREAM_UPDATES = 12  # redraws per streamed answer: enough to read as streaming, few enough to stay cheap
KEPT_TURNS = 20  # turns kept in the browser's storage: enough to pick a conversation up again, small enough to load
STORAGE_KEY = "cost-assistant-conversation"

_PAGE_KEYS = ("placeholder", "links", "chat", "question", "comment", "comment_placeholder", "comment_send")
# Gradio's own strings that its zh-TW table lacks (so Taiwan readers saw "Copy message"), set for every locale.
_GRADIO_KEYS = {"chatbot.copy_message": "copy", "chatbot.copied_message": "copy", "chatbot.like": "like",
                "chatbot.dislike": "dislike", "chatbot.retry": "retry", "chatbot.clear": "clear",
                "common.clear": "clear", "chatbot.conversation": "chat", "chatbot.chatbot": "chat"}


def _table(lang: Lang) -> dict[str, str]:
    return {"header": f"## {TEXT[lang]['title']}\n{TEXT[lang]['intro']}", **{k: TEXT[lang][k] for k in _PAGE_KEYS},
            **{k: TEXT[lang][v] for k, v in _GRADIO_KEYS.items()}}


I18N = gr.I18n(en=_table("en"), zh=_table("zh-Hans"), **{"zh-CN": _table("zh-Hans"), "zh-TW": _table("zh-Hant"),
                                                        "zh-HK": _table("zh-Hant")})


def page_options() -> dict[str, Any]:
    """What `gr.mount_gradio_app` needs for the page to be the product's own: no footer (our API is /docs), and the
    page's style and script (citation links, scrolling, the length counter). Title, icon and link preview:
    `ui.web.link_preview`."""
    script = (STATIC / "chat_page.js").read_text(encoding="utf-8")
    limits = f'<script>window.__caLimits={{"question": {MAX_QUESTION_CHARS}}};</script>'
    # The style sheet goes into the head as it is: Gradio's `css=` rewrites selectors under its own container,
    # which cannot reach the container's padding on a phone.
    style = (STATIC / "chat_page.css").read_text(encoding="utf-8")
    return {"i18n": I18N, "footer_links": [],
            "head": limits + f"<style>{style}</style><script>{script}</script>"}


def answer_messages(answer: dict[str, Any], anchor: str, body: str | None = None) -> list[gr.ChatMessage]:
    """The chat messages of one answer: the message (headline first, its chart inside it, its sources), then the
    steps as a collapsed thought. ``body`` replaces the message text while it streams in."""
    view = MessageView(answer, anchor)
    streaming = body is not None
    text = body if streaming else "\n\n".join(p for p in (view.body(), view.chart(), view.sources()) if p)
    messages = [gr.ChatMessage(role="assistant", content=text)]
    steps = view.steps()
    if steps and not streaming:
        messages.append(gr.ChatMessage(role="assistant", content=steps,
                                       metadata={"title": view.steps_title(), "status": "done"}))
    if not streaming:
        messages[-1].options = [{"value": f} for f in answer["follow_ups"]]
    return messages


def _restore(turns: list[dict[str, Any]]) -> tuple[list[gr.ChatMessage], dict[str, Any]]:
    messages: list[gr.ChatMessage] = []
    answers: dict[int, dict[str, str]] = {}
    for i, turn in enumerate(turns):
        try:
            shown = answer_messages(turn["answer"], f"a{i}")
        except (KeyError, TypeError, AttributeError, ValueError):  # a stored answer of another shape: left out
            log.warning("a stored turn of another shape was not restored")
            turns = turns[:i]
            break
        messages.append(gr.ChatMessage(role="user", content=escape(turn["question"])))
        first = len(messages)
        messages += shown
        rated = {"question": turn["question"], "answer": turn["answer"]["answer"]}
        answers.update(dict.fromkeys(range(first, len(messages)), rated))
    return messages, {"turns": turns, "answers": answers, "rated": None}


def _history(turns: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [m for turn in turns for m in ({"role": "user", "content": turn["question"]},
                                          {"role": "assistant", "content": turn["answer"]["answer"]})]


def build_chat_page(service: AnswerService, feedback: FeedbackStore, limiter: RateLimiter | None = None
                    ) -> gr.Blocks:
    def allowance(request: gr.Request | None, lang: Lang) -> str:
        """The questions this address has left in the limit's window ("" when the page has no limit)."""
        window = limiter.left(_client(request)) if limiter else None
        return "" if window is None else t(lang, "rate", left=window[0], limit=window[1])

    def stream(question: str, messages: list[Any], state: dict[str, Any], saved: list[dict[str, Any]],
               request: gr.Request | None) -> Iterator[tuple[Any, ...]]:
        """Show the question, then the answer as it streams, then the whole answer with its chart and sources."""
        keep = gr.update()
        lang = ui_language(request.headers.get("accept-language") if request else None)
        question = (question or "").strip()
        if not question:
            yield messages, keep, state, saved, keep
            return
        if len(question) > MAX_QUESTION_CHARS:  # said, not cut: a cut question would get an answer to another one
            gr.Warning(t(lang, "too_long", n=len(question), limit=MAX_QUESTION_CHARS))
            yield messages, keep, state, saved, keep
            return
        if limiter is not None:
            try:
                limiter.check(_client(request))
            except ApiError as err:
                gr.Warning(t(lang, "rate_out", limit=limiter.item.amount if limiter.item else 0,
                             retry=err.headers.get("Retry-After", "60") if err.headers else "60"))
                yield messages, keep, state, saved, keep
                return
        messages = [*messages, gr.ChatMessage(role="user", content=escape(question))]
        first = len(messages)
        yield messages, "", state, saved, keep
        turns = state["turns"]
        answer = service.ask(question, _history(turns))
        anchor = f"a{len(turns)}"
        text = ""
        view = MessageView(answer, anchor)
        for part in pieces(view.body(), at_most=STREAM_UPDATES):
            text += part
            yield [*messages, *answer_messages(answer, anchor, body=text)], keep, state, saved, keep
        messages += answer_messages(answer, anchor)
        turns = [*turns, {"question": question, "answer": answer}][-KEPT_TURNS:]
        # A like names one message of the answer's bubble; every message of it leads back to its question and text.
        rated = {"question": question, "answer": answer["answer"]}
        answers = {**state["answers"], **dict.fromkeys(range(first, len(messages)), rated)}
        yield (messages, keep, {**state, "turns": turns, "answers": answers}, turns,
               allowance(request, ui_language(answer["language"])))

    def submit(question: str, messages: list[Any], state: dict[str, Any], saved: list[dict[str, Any]],
               request: gr.Request) -> Iterator[tuple[Any, ...]]:
        yield from stream(question, messages, state, saved, request)

    def pick(messages: list[Any], state: dict[str, Any], saved: list[dict[str, Any]], selected: gr.SelectData,
             request: gr.Request) -> Iterator[tuple[Any, ...]]:
        value = selected.value
        yield from stream(value.get("text", "") if isinstance(value, dict) else str(value), messages, state, saved,
                          request)

    def again(messages: list[Any], state: dict[str, Any], saved: list[dict[str, Any]], changed: gr.RetryData,
              request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """Retry (or an edited question): drop the turn and those after it, and ask its question anew."""
        yield from _redo(messages, state, saved, changed.index, None, request)

    def edited(messages: list[Any], state: dict[str, Any], saved: list[dict[str, Any]], changed: gr.EditData,
               request: gr.Request) -> Iterator[tuple[Any, ...]]:
        value = changed.value
        text = value.get("text", "") if isinstance(value, dict) else str(value)
        yield from _redo(messages, state, saved, changed.index, text, request)

    def _redo(messages: list[Any], state: dict[str, Any], saved: list[dict[str, Any]], index: Any,
              question: str | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """Ask turn ``index`` again (``question`` None: as it was asked) in place of it and the turns after it."""
        index = index[0] if isinstance(index, list | tuple) else int(index)
        turn = sum(1 for m in messages[:index + 1] if _role(m) == "user") - 1
        if not 0 <= turn < len(state["turns"]):
            yield messages, gr.update(), state, saved, gr.update()
            return
        if question is None:  # the message shows the escaped question; the stored one is what was typed
            question = state["turns"][turn]["question"]
        shown, kept = _restore(state["turns"][:turn])
        yield from stream(question, shown, {**kept, "rated": state.get("rated")}, kept["turns"], request)

    def load(saved: list[dict[str, Any]] | None, request: gr.Request) -> tuple[Any, ...]:
        lang = ui_language(request.headers.get("accept-language"))
        messages, state = _restore([turn for turn in saved or [] if _is_turn(turn)])
        examples = [{"text": q} for q in EXAMPLES[lang]]
        return gr.update(value=messages, examples=examples), state, allowance(request, lang)

    def record(state: dict[str, Any], liked: gr.LikeData, request: gr.Request) -> tuple[Any, ...]:
        index = liked.index[0] if isinstance(liked.index, list | tuple) else liked.index
        rated = state["answers"].get(index)
        if rated is None:  # a message that is no answer (an example, the question itself): nothing to rate
            log.warning("a like on chat message %s, which is not an answer, was not stored", index)
            return state, gr.update()
        rating = {True: "up", "Like": "up", False: "down", "Dislike": "down"}.get(liked.liked)
        if rating is None:  # a second click withdraws the rating: nothing new to store
            return state, gr.update()
        _store(Feedback(source="chat", rating=rating, **rated), request)
        return {**state, "rated": {**rated, "rating": rating}}, gr.update(visible=True)

    def comment(text: str, state: dict[str, Any], request: gr.Request) -> tuple[Any, ...]:
        """A comment is stored with the rating it explains, as a record of its own (the store only appends)."""
        lang = ui_language(request.headers.get("accept-language"))
        rated = state.get("rated")
        if not rated:
            gr.Info(t(lang, "comment_first"))
            return gr.update(), state
        if text.strip() and _store(Feedback(source="chat", comment=text.strip()[:2000], **rated), request):
            gr.Info(t(lang, "comment_thanks"))
            return "", state
        return gr.update(), state

    def _store(record: Feedback, request: gr.Request) -> bool:
        try:
            feedback.add(record)
            return True
        except FeedbackUnavailable as err:
            log.error("feedback not stored: %s", err)
            lang = ui_language(request.headers.get("accept-language"))
            gr.Warning(t(lang, "feedback_failed"))
            return False

    with gr.Blocks(title=TEXT["en"]["title"], fill_width=False) as page:
        gr.Markdown(I18N("header"), elem_id="intro")
        chatbot = gr.Chatbot(label=I18N("chat"), show_label=False, height="auto", autoscroll=False, elem_id="chat",
                             feedback_options=("Like", "Dislike"), buttons=["copy"], latex_delimiters=[],
                             editable="user", group_consecutive_messages=True)
        box = gr.Textbox(label=I18N("question"), placeholder=I18N("placeholder"), show_label=False, submit_btn=True,
                         stop_btn=True,
                         elem_id="question", autofocus=True, lines=1, max_lines=8)
        rate = gr.Markdown("", elem_id="rate")
        with gr.Row(elem_id="comment-row", visible=False) as comment_row:  # shown once an answer is rated
            note = gr.Textbox(label=I18N("comment"), placeholder=I18N("comment_placeholder"), scale=4,
                              elem_id="comment", max_length=2000, lines=1)
            send_note = gr.Button(I18N("comment_send"), scale=1, elem_id="comment-send", size="sm")
        gr.Markdown(I18N("links"), elem_id="links")
        state = gr.State({"turns": [], "answers": {}, "rated": None})
        saved = gr.BrowserState([], storage_key=STORAGE_KEY)
        outputs = [chatbot, box, state, saved, rate]
        answering = [box.submit(submit, [box, chatbot, state, saved], outputs),
                     chatbot.example_select(pick, [chatbot, state, saved], outputs),
                     chatbot.option_select(pick, [chatbot, state, saved], outputs),
                     chatbot.retry(again, [chatbot, state, saved], outputs),
                     chatbot.edit(edited, [chatbot, state, saved], outputs)]
        box.stop(None, None, None, cancels=answering)
        chatbot.like(record, [state], [state, comment_row])
        # An answer still on its way would store its conversation again after the clearing: it is stopped.
        chatbot.clear(lambda: ({"turns": [], "answers": {}, "rated": None}, []), None, [state, saved],
                      cancels=answering)
        send_note.click(comment, [note, state], [note, state])
        note.submit(comment, [note, state], [note, state])
        page.load(load, [saved], [chatbot, state, rate])
    return page


def _client(request: gr.Request | None) -> str:
    return request.client.host if request is not None and request.client else "unknown"


def _role(message: Any) -> str:
    return message.get("role", "") if isinstance(message, dict) else getattr(message, "role", "")


def _is_turn(turn: Any) -> bool:
    """A turn read back from the browser's storage: anything else (an older format, a hand edit) is dropped."""
    return (isinstance(turn, dict) and isinstance(turn.get("question"), str) and isinstance(turn.get("answer"), dict)
            and isinstance(turn["answer"].get("answer"), str) and turn["answer"].get("language") in LANGS
            and isinstance(turn["answer"].get("citations"), list))
