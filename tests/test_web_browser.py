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

import pytest
from browser import launch, needs_chromium, playwright, screenshot
from live_server import free_port, live_server

from ui.web.feedback import SqliteFeedbackStore

pytestmark = [pytest.mark.slow, pytest.mark.browser, needs_chromium]

HOSTILE = '<img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script> cost 5 USD [1]'
WIDGET_TIMEOUT = 30_000
RECORD_CSP_VIOLATIONS = ("document.addEventListener('securitypolicyviolation', e => (window.__csp = window.__csp || [])"
                         ".push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));")


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
                api = site.api_for[page] or f"http://{self.headers['Host']}/hostile"
                content = f'<script src="{site.widget_src}/widget.js" data-api="{api}" data-lang="en" ' \
                          'data-title="Costs" defer></script>'
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

        def do_POST(self) -> None:  # the hostile assistant: same origin as its host page
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            citation = {"n": 1, "source_id": "x", "title": '<b onmouseover="window.__pwned=3">T</b>',
                        "locator": "<i>loc</i>", "quote": "<script>window.__pwned=4</script>"}
            done = {"answer": HOSTILE, "language": "en", "status": "answered", "intent": "training_cost",
                    "figures": [], "calculations": [], "citations": [citation],
                    "follow_ups": ['<img src=y onerror="window.__pwned=5">'], "latency_ms": 1}
            body = (_sse("meta", {"request_id": "h", "language": "en", "status": "answered", "intent": "x"})
                    + b"".join(_sse("token", {"text": HOSTILE[i:i + 7]}) for i in range(0, len(HOSTILE), 7))
                    + _sse("citation", citation) + _sse("done", done))
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


def _open_chat(page: Any, url: str) -> None:
    page.goto(url)
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
    assert "USD" in text and "Calculation:" in text  # the steps sit in a collapsible thought
    page.get_by_text("Calculation:").first.click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('6·params·tokens')",
                           timeout=WIDGET_TIMEOUT)
    assert page.locator("#breakdown").is_visible()  # the amortised cost splits into hardware and energy
    page.wait_for_selector("#breakdown canvas, #breakdown svg", timeout=WIDGET_TIMEOUT)  # Vega drew it under the CSP
    assert page.evaluate("window.__csp || []") == []
    screenshot(page, "chat", full_page=True)
    page.close()


def test_chat_page_follows_the_browser_language(driver: Any, tmp_path: Path, app_url: str) -> None:
    ctx = launch(driver, tmp_path / "zh-profile", locale="zh-CN", viewport={"width": 1200, "height": 900})
    try:
        page = ctx.new_page()
        _open_chat(page, f"{app_url}/chat/")
        page.wait_for_selector("text=训练成本助手", timeout=WIDGET_TIMEOUT)
        assert "用中文或英文提问" in page.get_attribute("#question textarea", "placeholder")
        _ask_chat(page, "为什么训练大模型这么贵?", "来源")
        screenshot(page, "chat-zh")
    finally:
        ctx.close()


def test_chat_page_examples_and_follow_up_options_ask(browser: Any, app_url: str) -> None:
    page = browser.new_page()
    _open_chat(page, f"{app_url}/chat/")
    page.locator("#chat").get_by_text("GPT-3训练耗电多少?").click()
    page.wait_for_function("() => document.querySelector('#chat').innerText.includes('来源')", timeout=WIDGET_TIMEOUT)
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


def test_widget_on_a_refused_origin_shows_its_error_state(
        browser: Any, app_url: str, sites: tuple[HostSite, HostSite]) -> None:
    page, widget = _open_widget(browser, sites[1], "refused", app_url)
    _ask_widget(page, "GPU cost?", "error")
    assert "can't be reached from this page" in widget.locator(".error").last.inner_text()
    screenshot(page, "widget-refused")
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
