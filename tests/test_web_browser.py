"""The chat page and the embedded widget in headless Chromium, against real `cost-assistant serve` processes.

Host pages are served by a small stdlib server on other loopback ports, so the widget runs cross-origin the way
it does on a customer's site. One host route plays a hostile assistant whose answers carry markup and script.

The app's pages run under their Content-Security-Policy (ui.web.headers): every page records the violations it
meets, and the tests assert there are none. Waits are functions, never strings (evaluating a string is what CSP
forbids).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import opencc
import pytest
from browser import launch, needs_chromium, playwright, screenshot
from live_server import free_port, live_server

from ui.web.chat_page import STORAGE_KEY
from ui.web.feedback import SqliteFeedbackStore
from ui.web.wording import TEXT

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

HOSTILE = '<img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script> cost 5 USD [1]'
WIDGET_TIMEOUT = 30_000
DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
# What a zh-TW reader must not see: our English strings and Gradio's own (its zh-TW table lacks some).
ENGLISH_UI = sorted({v for v in TEXT["en"].values() if "{" not in v and len(v) < 40}
                    | {"Copy message", "Like", "Dislike", "Retry", "Undo", "Use via API", "Built with Gradio",
                       "Textbox", "Chatbot", "Clear"})
TAIWAN_KEEPS = set("台")  # s2t turns it into 臺, yet Taiwan writes 台 (台灣, 一台)
# Every text a reader meets: rendered text, and the labels and hints of controls. Source titles and quotes are
# left out: a source keeps its own script (a simplified-Chinese article's title is cited as it is written).
READ_TEXT = """root => {
  const skip = n => n.closest && n.closest('details.source, .quote, .chip');
  const parts = [];
  const walk = node => {
    for (const n of node.querySelectorAll('*')) {
      if (skip(n)) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) if (n.getAttribute(a)) parts.push(n.getAttribute(a));
      if (n.shadowRoot) walk(n.shadowRoot);
      for (const c of n.childNodes) if (c.nodeType === 3 && c.textContent.trim() && n.getClientRects().length)
        parts.push(c.textContent);
    }
  };
  walk(root);
  return parts.join('\\n');
}"""
RECORD_CSP_VIOLATIONS = ("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || [])"
                         ".push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));")


# An answer in the layout contract (design §5, issue 13), written by hand: what the widget must build from it.
LAID_OUT = {
    "answer": "**以 H100 租用訓練約需 207 萬美元 [1]。**", "language": "zh-Hant", "status": "answered",
    "intent": "training_cost", "figures": [], "calculations": [], "latency_ms": 1,
    "citations": [{"n": 1, "source_id": "epoch-2024", "title": "The Rising Costs of Training Frontier AI Models",
                   "locator": "Table 2", "quote": "cloud prices per GPU-hour", "url": "https://arxiv.org/abs/2405.21015"},
                  {"n": 2, "source_id": "h100", "title": "H100 datasheet", "locator": "p. 1", "quote": None,
                   "url": None}],
    "follow_ups": ["改用 A100 呢?", "自己買硬體要多少錢?"],
    "layout": {
        "headline": "以 H100 租用訓練約需 207 萬美元 [1]。",
        "key_inputs": [{"name": "參數量", "value": "700 億", "origin": "you", "cite": None},
                       {"name": "每 GPU 小時租金", "value": "3.29 美元", "origin": "source", "cite": 1}],
        "more_inputs": [{"name": "峰值算力", "value": "989 TFLOP/s", "origin": "source", "cite": 2}],
        "steps": [{"label": "訓練算力", "formula": "6 × 參數量 × token 數", "result": "8.4e23 FLOP"}],
        "assumptions": ["MFU 取 37.5% [1]"], "notes": ["這只是最後一次訓練的費用。"],
        "chart": {"title": "成本組成", "unit": "美元", "bars": [
            {"label": "硬體折舊", "value": 781918.0, "series": "自有"},
            {"label": "伺服器與網路", "value": 183413.0, "series": "自有"},
            {"label": "雲端租金", "value": 2069000.0, "series": "租用"}]},
        "details_title": "計算過程"}}


def _sse(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


def _host_handler(site: HostSite) -> type[BaseHTTPRequestHandler]:
    class Host(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:
            pass

        def do_GET(self) -> None:
            page = self.path.strip("/").split("?")[0]
            if page == "frame":
                content = f'<iframe src="{site.widget_src}/chat/" width="1000" height="700"></iframe>'
            elif page in site.api_for:
                api = site.api_for[page] or f"http://{self.headers['Host']}/{page}"
                lang = "" if page.endswith("-auto") else 'data-lang="en" data-title="Costs" '  # -auto: the browser's
                content = f'<script src="{site.widget_src}/widget.js" data-api="{api}" {lang}defer></script>'
            else:
                self.send_error(404)
                return
            body = f"<!doctype html><html><head><meta charset=utf-8><title>host {page}</title></head><body>" \
                   f"<h1>A customer site ({page})</h1>{content}</body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # the hostile or the laid-out assistant: same origin as its host page
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path.startswith("/laidout"):
                self._send_events(_sse("done", LAID_OUT))
                return
            citation = {"n": 1, "source_id": "x", "title": '<b onmouseover="window.__pwned=3">T</b>',
                        "locator": "<i>loc</i>", "quote": "<script>window.__pwned=4</script>"}
            done = {"answer": HOSTILE, "language": "en", "status": "answered", "intent": "training_cost",
                    "figures": [], "calculations": [], "citations": [citation],
                    "follow_ups": ['<img src=y onerror="window.__pwned=5">'], "latency_ms": 1}
            body = (_sse("meta", {"request_id": "h", "language": "en", "status": "answered", "intent": "x"})
                    + b"".join(_sse("token", {"text": HOSTILE[i:i + 7]}) for i in range(0, len(HOSTILE), 7))
                    + _sse("citation", citation) + _sse("done", done))
            self._send_events(body)

        def _send_events(self, body: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Host


class HostSite:
    """Pages `/allowed`, `/refused`, `/limited`, `/hostile` and `/frame` (the chat page in an iframe) on a loopback
    port of their own."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.api_for: dict[str, str] = {}  # page name → the API its widget talks to
        self.widget_src = ""  # the app that serves /widget.js
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _host_handler(self))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[HostSite, HostSite]]:
    """An allowed host site and a refused one (a different port is a different origin)."""
    allowed, refused = HostSite(free_port()), HostSite(free_port())
    yield allowed, refused
    for site in (allowed, refused):
        site.server.shutdown()


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app's log and feedback file."""
    return tmp_path_factory.mktemp("server")


@pytest.fixture(scope="module")
def app_url(served_data_dir: Path, sites: tuple[HostSite, HostSite], app_dir: Path) -> Iterator[str]:
    logs = app_dir
    with live_server(served_data_dir, logs / "serve.log", ASSISTANT_ALLOWED_ORIGINS=sites[0].url,
                     ASSISTANT_FRAME_ANCESTORS=f"'self' {sites[0].url}", ASSISTANT_RATE_LIMIT="off",
                     ASSISTANT_FEEDBACK_FILE=str(logs / "feedback.jsonl")) as url:
        for site in sites:
            site.widget_src = url
        yield url


@pytest.fixture(scope="module")
def limited_url(served_data_dir: Path, sites: tuple[HostSite, HostSite], tmp_path_factory: pytest.TempPathFactory
                ) -> Iterator[str]:
    logs = tmp_path_factory.mktemp("limited")
    with live_server(served_data_dir, logs / "serve.log", ASSISTANT_ALLOWED_ORIGINS=sites[0].url,
                     ASSISTANT_RATE_LIMIT="1/minute", ASSISTANT_WARM_UP="0") as url:
        yield url


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    ctx = launch(driver, tmp_path_factory.mktemp("profile"), viewport={"width": 1200, "height": 900})
    ctx.add_init_script(RECORD_CSP_VIOLATIONS)
    yield ctx
    ctx.close()


def _simplified_only(text: str) -> list[str]:
    """Characters of ``text`` that OpenCC's s2tw changes both alone and where they stand: simplified-only.

    s2tw is s2t with Taiwan's standard forms (it keeps 峰, which s2t writes 峯). Alone, because a character that
    is also traditional (折 in 折合) is changed by a phrase rule only; in context, because a character that changes
    alone (里) can be right in its word (公里)."""
    cc = opencc.OpenCC("s2tw")
    converted = cc.convert(text)
    assert len(converted) == len(text)
    return sorted({a for a, b in zip(text, converted, strict=True)
                   if a != b and cc.convert(a) != a and a not in TAIWAN_KEEPS})


def _english_ui(text: str) -> list[str]:
    lines = {line.strip() for line in text.splitlines()}
    return [s for s in ENGLISH_UI if s in lines or f"{s}:" in text]


def _open_chat(page: Any, url: str, fresh: bool = True) -> None:
    """Open the chat page; ``fresh``: without the conversation an earlier test left in the browser's storage."""
    page.goto(url)
    page.wait_for_selector("#question textarea", timeout=WIDGET_TIMEOUT)
    if fresh and page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") is not None:
        page.evaluate(f"localStorage.removeItem('{STORAGE_KEY}')")
        page.reload()
        page.wait_for_selector("#question textarea", timeout=WIDGET_TIMEOUT)


def _ask_chat(page: Any, question: str, expect: str) -> str:
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    try:
        page.wait_for_function("([q, e]) => { const t = document.querySelector('#chat').innerText;"
                               " return t.includes(e) && t.lastIndexOf(e) > t.lastIndexOf(q.slice(0, 12)); }",
                               arg=[question, expect], timeout=WIDGET_TIMEOUT)
    except Exception as err:
        shot = screenshot(page, "chat-failure")
        raise AssertionError(f"no {expect!r} after {question!r} (see {shot}):\n{page.inner_text('#chat')[-800:]}"
                             ) from err
    return page.inner_text("#chat")


def test_chat_page_answers_chinese_and_english_with_citations(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/")
    assert page.url.endswith("/chat/")
    text = _ask_chat(page, "GPT-3训练耗电多少?", "来源")
    assert "1,287" in text and "[1]" in text and "Carbon Emissions and Large Neural Network Training" in text
    text = _ask_chat(page, "What would it cost to train a 70B model on 2T tokens on H100s?", "Sources")
    assert "USD" in text and "How this was calculated" in text  # the steps sit in a collapsible thought
    page.get_by_text("How this was calculated").last.click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('6 · parameters · tokens')",
                           timeout=WIDGET_TIMEOUT)
    # The breakdown chart is drawn inside its own answer's message: the second answer's, not below the input box.
    image = "img[src^='data:image/svg+xml']"
    chart = page.locator(f"#chat .message-row.bot-row {image}")
    assert chart.count() == 1 and chart.first.is_visible() and chart.first.get_attribute("alt").startswith("Bar chart")
    rows = page.locator("#chat .message-row")
    holder = [i for i in range(rows.count()) if rows.nth(i).locator(image).count()]
    question = [i for i in range(rows.count()) if "on H100s?" in rows.nth(i).inner_text()]
    assert len(holder) == 1 and holder[0] > question[-1]  # in the second answer's own message
    assert "USD" in rows.nth(holder[0]).inner_text()
    # Follow-up chips under the calculation's answer (not only after an out-of-scope reply)
    assert page.evaluate("""() => { const chat = document.querySelector('#chat');
        const asked = [...chat.querySelectorAll('.message-row.user-row')].pop();
        const chips = [...chat.querySelectorAll('.options')].pop();
        return chips && asked.compareDocumentPosition(chips) & Node.DOCUMENT_POSITION_FOLLOWING
            ? chips.querySelectorAll('button.option').length : 0; }""") >= 1
    assert page.evaluate("window.__csp || []") == []
    screenshot(page, "chat", full_page=True)
    page.close()


FOLLOW_UP = {"en": "And with A100s?", "zh-Hans": "那换成A100呢?", "zh-Hant": "那改用A100呢?"}
SCREENS = [("en-US", "en", "What would it cost to train a 70B model on 2T tokens on H100s?", "Sources"),
           ("zh-CN", "zh-Hans", "用H100训练一个700亿参数、2万亿token的模型要花多少钱?", "来源"),
           ("zh-TW", "zh-Hant", "用H100訓練一個700億參數、2兆token的模型要花多少錢?", "來源")]


@pytest.mark.parametrize(("locale", "lang", "question", "sources"), SCREENS, ids=[s[1] for s in SCREENS])
@pytest.mark.parametrize("screen", ["desktop", "mobile"])
def test_chat_page_in_each_language_and_screen(driver: Any, tmp_path: Path, app_url: str, locale: str, lang: str,
                                               question: str, sources: str, screen: str) -> None:
    """The page speaks the browser's language (zh-TW: no simplified-only character, no English UI string), and a
    new answer is scrolled to its start: the headline is in view, on a phone too, in one scrolling page."""
    ctx = launch(driver, tmp_path / "profile", locale=locale, viewport=DESKTOP if screen == "desktop" else MOBILE)
    ctx.add_init_script(RECORD_CSP_VIOLATIONS)
    try:
        page = ctx.new_page()
        _open_chat(page, f"{app_url}/chat/")
        page.wait_for_selector(f"text={TEXT[lang]['title']}", timeout=WIDGET_TIMEOUT)
        assert page.get_attribute("#question textarea", "placeholder") == TEXT[lang]["placeholder"]
        assert page.locator("#chat").get_by_text(TEXT[lang]["title"]).count() == 0
        # The product's page: its own link preview and icon, no Gradio footer pointing at internal endpoints.
        previews = page.locator("meta[property='og:title']")
        assert [previews.nth(i).get_attribute("content") for i in range(previews.count())] == [TEXT["en"]["title"]]
        assert page.locator("link[rel='icon'][href='/favicon.svg']").count() >= 1
        assert page.get_by_text("Use via API").count() == 0 and page.locator("footer").count() == 0
        _ask_chat(page, question, sources)
        if screen == "mobile":  # a second answer, below a long first one: the page must scroll to its start
            _ask_chat(page, FOLLOW_UP[lang], sources)
        page.wait_for_timeout(300)  # the page's script scrolls once the answer's first message is drawn
        rows = page.locator("#chat .message-row")
        last_question = max(i for i in range(rows.count()) if "user-row" in rows.nth(i).get_attribute("class"))
        box = rows.nth(last_question + 1).bounding_box()
        height = (DESKTOP if screen == "desktop" else MOBILE)["height"]
        assert box is not None and 0 <= box["y"] < height - 60, f"the answer starts at y={box} of {height}"
        nested = page.evaluate("""() => [...document.querySelectorAll('#chat, #chat *')].filter(n => {
            const s = getComputedStyle(n).overflowY; return (s === 'auto' || s === 'scroll')
                && n.scrollHeight > n.clientHeight + 2 && !n.closest('table, pre, code'); }).length""")
        assert nested == 0  # no scroll area inside the scrolling page
        if lang == "zh-Hant":
            text = page.evaluate(READ_TEXT, page.locator("body").element_handle())
            assert _simplified_only(text) == [], text
            assert _english_ui(text) == [], text
        assert page.evaluate("window.__csp || []") == []
        screenshot(page, f"chat-{lang}-{screen}", docs=True)
    finally:
        ctx.close()


def test_chat_page_citation_link_reaches_its_source(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    _ask_chat(page, "How much electricity did GPT-3 use?", "Sources")
    marker = page.locator("#chat a[href*='-src-1']").first
    target = marker.get_attribute("href").split("#")[-1]
    entry = page.locator(f"#chat details#{target}")
    assert entry.evaluate("e => e.open") is False
    page.evaluate("window.scrollTo(0, 0)")
    marker.click()
    assert entry.evaluate("e => e.open") is True and entry.is_visible()
    box, height = entry.bounding_box(), page.viewport_size["height"]
    assert 0 <= box["y"] <= height - box["height"] / 2  # scrolled to it
    opened = entry.inner_text()
    assert "Carbon Emissions" in opened and entry.locator("a[href^='https://']").count() == 1
    page.close()


def test_chat_page_keeps_the_conversation_across_a_reload(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    _ask_chat(page, "How much electricity did GPT-3 use?", "Sources")
    page.reload()
    page.wait_for_function("() => document.querySelector('#chat')?.innerText.includes('1,287')",
                           timeout=WIDGET_TIMEOUT)
    assert "How much electricity did GPT-3 use?" in page.inner_text("#chat")
    # and the next question is asked with the restored conversation as its history
    _ask_chat(page, "And its carbon emissions?", "Sources")
    # Clearing once the answer is complete (its like buttons are drawn then): its turns are in the storage now.
    page.wait_for_function("() => document.querySelectorAll('#chat button[aria-label=\"Like\"]').length >= 2",
                           timeout=WIDGET_TIMEOUT)
    page.get_by_role("button", name="Clear").first.click()
    emptied = "k => (localStorage.getItem(k) || '').length < 200"  # [] (encrypted), not two turns
    page.wait_for_function(emptied, arg=STORAGE_KEY, timeout=WIDGET_TIMEOUT)
    page.wait_for_timeout(1500)  # an answer's last update, still on its way, could store the turns again
    assert page.evaluate(emptied, STORAGE_KEY)
    page.reload()
    page.wait_for_selector("#question textarea", timeout=WIDGET_TIMEOUT)
    page.wait_for_timeout(1000)
    assert "1,287" not in page.inner_text("#chat")
    page.close()


def test_chat_page_refuses_a_question_over_the_limit_and_says_so(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    question = "GPU cost? " * 201
    rows = page.locator("#chat .message-row").count()
    page.fill("#question textarea", question)
    counter = page.locator("#question-count")
    assert "2,010 / 2,000" in counter.inner_text() and "too long" in counter.inner_text()
    page.press("#question textarea", "Enter")
    page.get_by_text("at most 2000 are read").wait_for(timeout=WIDGET_TIMEOUT)
    assert page.locator("#chat .message-row").count() == rows  # nothing was asked, nothing was cut
    page.close()


def test_chat_page_examples_and_follow_up_options_ask(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    page.locator("#chat").get_by_text("How much electricity did GPT-3's training use?").click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('Sources')",
                           timeout=WIDGET_TIMEOUT)
    _ask_chat(page, "What's the weather in Paris tomorrow?", "outside what I can answer")
    page.locator("#chat").get_by_text("Why is training large models so expensive?").last.click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('Sources')",
                           timeout=WIDGET_TIMEOUT)
    page.close()


def _stored_ratings(page: Any, app_dir: Path, count: int) -> list[Any]:
    store = SqliteFeedbackStore(app_dir / "feedback.sqlite3")  # beside ASSISTANT_FEEDBACK_FILE, as configured
    try:
        for _ in range(WIDGET_TIMEOUT // 100):  # the like travels through Gradio's queue, slow on a busy machine
            records = list(store.records())
            if len(records) >= count:
                return records
            page.wait_for_timeout(100)
        raise AssertionError(f"{len(records)} feedback records stored, {count} expected")
    finally:
        store.close()


def test_chat_page_likes_are_stored_with_question_and_answer_text(browser: Any, app_url: str, app_dir: Path) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    _ask_chat(page, "How much electricity did GPT-3 use?", "Sources")
    page.get_by_role("button", name="Dislike", exact=True).last.click()
    looked_up = _stored_ratings(page, app_dir, 1)[-1]
    assert looked_up.source == "chat" and looked_up.rating == "down"
    assert looked_up.question == "How much electricity did GPT-3 use?" and "1,287" in looked_up.answer
    # A calculated answer's bubble starts with its calculation steps; the like still finds its question and text.
    question = "What would it cost to train a 70B model on 2T tokens on H100s?"
    _ask_chat(page, question, "Sources")
    second = page.get_by_role("button", name="Like", exact=True).nth(1)  # shown once the answer is complete
    second.wait_for(timeout=WIDGET_TIMEOUT)
    second.click()
    calculated = _stored_ratings(page, app_dir, 2)[-1]
    assert calculated.rating == "up" and calculated.question == question
    assert "USD" in calculated.answer and not calculated.answer.startswith("[")  # the text, not a list's repr
    # A comment on the rated answer is stored with its question, answer and rating.
    page.fill("#comment textarea", "The rental price is a year old.")
    page.locator("#comment-send").click()
    commented = _stored_ratings(page, app_dir, 3)[-1]
    assert commented.comment == "The rental price is a year old." and commented.question == question
    assert commented.rating == "up" and commented.answer == calculated.answer
    assert page.evaluate("window.__csp || []") == []
    page.close()


def test_chat_page_shows_hostile_question_as_text(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    _ask_chat(page, '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> GPU cost?',
              "GPU cost?")
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#chat img[src='x'], #chat script").count() == 0
    assert "<img src=x" in page.inner_text("#chat")
    page.close()


def _open_widget(browser: Any, site: HostSite, page_name: str, api: str) -> tuple[Any, Any]:
    """Open ``site``'s host page whose widget talks to ``api`` ("" = the site's hostile assistant); open the panel."""
    site.api_for[page_name] = api
    page = browser.new_page()
    page.goto(f"{site.url}/{page_name}")
    page.wait_for_function("() => document.getElementById('cost-assistant-widget')?.costAssistant",
                           timeout=WIDGET_TIMEOUT)
    widget = page.locator("#cost-assistant-widget")
    widget.locator(".launcher").click()
    return page, widget


def _ask_widget(page: Any, question: str, state: str) -> None:
    page.evaluate("q => document.getElementById('cost-assistant-widget').costAssistant.ask(q)", question)
    _wait_state(page, state)


def _wait_state(page: Any, state: str) -> None:
    page.wait_for_function("s => document.getElementById('cost-assistant-widget').dataset.state === s", arg=state,
                           timeout=WIDGET_TIMEOUT)


def test_widget_on_another_origin_streams_an_answer_with_citation_chips(
        browser: Any, app_url: str, sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[0], "allowed", app_url)
    page.keyboard.type("How much electricity did GPT-3's training use?")
    page.keyboard.press("Enter")
    # Tokens arrive one by one: watch the answer grow before it is done.
    page.wait_for_function("() => { const r = document.getElementById('cost-assistant-widget').shadowRoot;"
                           " const a = r.querySelector('.msg.assistant .answer'); return a && a.textContent.length; }",
                           timeout=WIDGET_TIMEOUT)
    _wait_state(page, "ready")
    chips = widget.locator(".chip")
    assert chips.count() >= 1 and chips.first.inner_text().startswith("[1]")
    assert "1,287" in widget.locator(".msg.assistant .answer").last.inner_text()
    chips.first.focus()
    page.keyboard.press("Enter")
    assert widget.locator(".quote").first.is_visible()
    screenshot(page, "widget")
    page.keyboard.press("Escape")
    assert not widget.locator(".panel").is_visible()
    page.close()


def test_widget_answers_on_the_demo_page_under_its_policy(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    response = page.goto(f"{app_url}/widget/demo")
    assert "frame-ancestors" in response.headers["content-security-policy"]
    page.wait_for_function("() => document.getElementById('cost-assistant-widget')?.costAssistant",
                           timeout=WIDGET_TIMEOUT)
    widget = page.locator("#cost-assistant-widget")
    widget.locator(".launcher").click()
    _ask_widget(page, "How much electricity did GPT-3's training use?", "ready")
    assert "1,287" in widget.locator(".msg.assistant .answer").last.inner_text()
    assert widget.locator(".chip").count() >= 1
    # A real calculated answer, built from its layout: bold headline, inputs, its own chart, steps folded, chips.
    _ask_widget(page, "What would it cost to train a 70B model on 2T tokens on H100s?", "ready")
    answer = widget.locator(".msg.assistant").last
    assert "USD" in answer.locator(".answer .headline").inner_text()
    assert answer.locator(".inputs tr").count() >= 2 and answer.locator("figure.chart svg rect").count() >= 2
    assert not answer.locator("details.steps ol").is_visible() and answer.locator(".followup").count() >= 1
    assert page.evaluate("window.__csp || []") == []
    screenshot(page, "widget-demo")
    page.close()


def test_only_the_sites_named_in_frame_ancestors_can_frame_the_chat_page(
        browser: Any, app_url: str, sites: tuple[HostSite, HostSite]) -> None:
    allowed, refused = sites  # the app runs with ASSISTANT_FRAME_ANCESTORS="'self' <allowed site>"
    page = browser.new_page()
    page.goto(f"{allowed.url}/frame")
    frame = page.frame_locator("iframe")
    frame.locator("#question textarea").wait_for(timeout=WIDGET_TIMEOUT)
    frame.locator("#question textarea").fill("GPT-3训练耗电多少?")
    frame.locator("#question textarea").press("Enter")
    frame.get_by_text("1,287").first.wait_for(timeout=WIDGET_TIMEOUT)
    page.goto(f"{refused.url}/frame")
    page.wait_for_timeout(1000)
    framed = page.frames[1]
    assert framed.url.startswith("chrome-error://")  # the browser refused to show the page inside another site
    assert framed.locator("#question").count() == 0
    page.close()


def test_widget_renders_hostile_answers_as_text(browser: Any, app_url: str, sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[0], "hostile", "")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _ask_widget(page, "cost?", "ready")
    answer = widget.locator(".msg.assistant .answer").last
    assert "<img src=x" in answer.inner_text() and "<script>" in answer.inner_text()
    created = page.evaluate("""() => { const r = document.getElementById('cost-assistant-widget').shadowRoot;
        return r.querySelectorAll('img, script, b, i, iframe').length + document.querySelectorAll('img').length; }""")
    widget.locator(".chip").first.click()
    widget.locator(".followup").first.hover()
    page.wait_for_timeout(300)
    assert created == 0 and page.evaluate("window.__pwned") is None and not dialogs
    assert '<b onmouseover="window.__pwned=3">T</b>' in widget.locator(".chip").first.inner_text()
    screenshot(page, "widget-hostile")
    page.close()


def test_widget_on_a_refused_origin_says_so_at_load(
        browser: Any, app_url: str, sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[1], "refused", app_url)
    _wait_state(page, "error")  # before anything is typed
    assert "can't be reached from this page" in widget.locator(".error").last.inner_text()
    assert widget.locator("textarea").is_disabled() and widget.locator("button.send").is_disabled()
    screenshot(page, "widget-refused")
    page.close()


def test_widget_builds_the_answer_from_its_layout(browser: Any, app_url: str,
                                                  sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[0], "laidout", "")
    _ask_widget(page, "H100 訓練費用?", "ready")
    answer = widget.locator(".msg.assistant .answer").last
    assert answer.locator(".headline").inner_text().startswith("以 H100 租用訓練約需 207 萬美元")
    key_inputs = answer.locator(".inputs").first
    assert key_inputs.locator("tr").count() == 2 and "你提供" in key_inputs.inner_text()
    steps = answer.locator("details.steps")
    assert steps.locator("summary").inner_text() == "計算過程" and not steps.locator("ol").is_visible()
    steps.locator("summary").click()
    assert "6 × 參數量 × token 數" in steps.inner_text() and "峰值算力" in steps.inner_text()
    bars = answer.locator("figure.chart svg rect")
    assert bars.count() == 3 + 2  # three bars and a legend of two series: rental is drawn beside ownership
    assert "硬體折舊" in answer.locator("figure.chart").inner_text()
    # [1] in the headline opens its source: the link, the locator and the quote
    answer.locator(".headline button.cite").first.click()
    quote = widget.locator(".quote").last
    assert quote.is_visible() and "Table 2" in quote.inner_text() and "cloud prices per GPU-hour" in quote.inner_text()
    assert quote.locator("a").get_attribute("href") == "https://arxiv.org/abs/2405.21015"
    widget.locator(".chip").nth(1).click()  # a source with no address is not made a link
    assert quote.locator("a").count() == 0 and "p. 1" in quote.inner_text()
    assert [b.inner_text() for b in widget.locator(".followup").all()] == LAID_OUT["follow_ups"]
    screenshot(page, "widget-layout")
    page.close()


WIDGET_SCREENS = [("en-US", "en", "How much electricity did GPT-3's training use?", "Sources"),
                  ("zh-CN", "zh-Hans", "GPT-3训练耗电多少?", "来源"),
                  ("zh-TW", "zh-Hant", "GPT-3訓練用了多少電?", "來源")]


@pytest.mark.parametrize(("locale", "lang", "question", "sources"), WIDGET_SCREENS,
                         ids=[s[1] for s in WIDGET_SCREENS])
@pytest.mark.parametrize("screen", ["desktop", "mobile"])
def test_widget_in_each_language_and_screen(driver: Any, tmp_path: Path, app_url: str,
                                            sites: tuple[HostSite, HostSite], locale: str, lang: str, question: str,
                                            sources: str, screen: str) -> None:
    ctx = launch(driver, tmp_path / "profile", locale=locale, viewport=DESKTOP if screen == "desktop" else MOBILE)
    try:
        page, widget = _open_widget(ctx, sites[0], "allowed-auto", app_url)
        _ask_widget(page, question, "ready")
        assert widget.locator(".citations").last.get_attribute("aria-label") == sources
        widget.locator(".chip").first.click()
        assert widget.locator(".quote").last.is_visible()
        if lang == "zh-Hant":
            text = page.evaluate(READ_TEXT, page.locator("body").element_handle())
            assert _simplified_only(text) == [], text
            assert not [s for s in ("Sources", "Send", "Close", "Copy", "Helpful", "Not helpful", "Thinking")
                        if s in text.splitlines()], text
        screenshot(page, f"widget-{lang}-{screen}", docs=True)
    finally:
        ctx.close()


def test_widget_likes_and_comments_reach_the_feedback_store(browser: Any, app_url: str, app_dir: Path,
                                                             sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[0], "allowed", app_url)
    question = "How much electricity did GPT-3's training use?"
    _ask_widget(page, question, "ready")
    before = len(_stored_ratings(page, app_dir, 0))
    widget.locator("button.rate[data-rating='down']").last.click()
    widget.locator(".comment-input").fill("Which estimate is this?")
    widget.locator(".comment button").click()
    records = _stored_ratings(page, app_dir, before + 2)[before:]
    assert [r.rating for r in records] == ["down", "down"] and all(r.source == "api" for r in records)
    assert records[0].question == question and "1,287" in records[0].answer
    assert records[1].comment == "Which estimate is this?"
    page.close()


def test_widget_shows_a_retry_message_on_429(browser: Any, app_url: str, limited_url: str,
                                             sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[0], "limited", limited_url)
    _ask_widget(page, "GPT-3 energy?", "ready")
    _ask_widget(page, "GPT-3 carbon?", "error")
    message = widget.locator(".error").last.inner_text()
    assert "Too many requests" in message and "retry in" in message
    assert widget.locator("button.send").is_disabled()
    screenshot(page, "widget-429")
    page.close()
