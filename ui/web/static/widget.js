/*!
 * Training-cost assistant — embeddable chat widget.
 * Self-contained, no dependencies, no build step.
 *
 *   <script src="https://HOST/widget.js" data-api="https://HOST"
 *           data-lang="zh" data-title="训练成本助手" defer></script>
 *
 * Everything lives in an open shadow root on <div id="cost-assistant-widget">.
 * Server text is treated as hostile: nodes are built with createElement and
 * text is only ever assigned through textContent / text nodes.
 */
(function () {
  'use strict';

  // document.currentScript is only set while this file is executing (this is
  // also true for `defer`), so it has to be captured before any async work.
  const SCRIPT = document.currentScript || lastWidgetScript();
  const HOST_ID = 'cost-assistant-widget';
  const MAX_CHARS = 2000;
  const HISTORY_MAX = 20;
  const TIMEOUT_MS = 60000;

  const STRINGS = {
    en: {
      title: 'Training-cost assistant',
      close: 'Close',
      input: 'Your question',
      placeholder: 'Ask about training costs…',
      send: 'Send',
      thinking: 'Thinking…',
      intro: 'Ask me what it costs to train a model: GPUs, hours, energy, dollars.',
      sources: 'Sources',
      followups: 'Suggested follow-up questions',
      unreachable: 'The assistant can\'t be reached from this page. The site may not be allowed to use it, or the service is down.',
      timeout: 'The assistant took too long to answer. Please try again.',
      interrupted: 'The answer was interrupted. Please try again.',
      tooLong: 'Questions are limited to 2000 characters.',
      truncated: 'Your question was shortened to 2000 characters.',
      tooMany: (n) => `Too many requests — please retry in ${n} s.`,
      http: (s) => `The assistant returned an error (HTTP ${s}).`,
    },
    zh: {
      title: '训练成本助手',
      close: '关闭',
      input: '你的问题',
      placeholder: '询问模型训练成本…',
      send: '发送',
      thinking: '正在思考…',
      intro: '可以问我训练一个模型的成本:GPU、时长、能耗、费用。',
      sources: '来源',
      followups: '推荐的后续问题',
      unreachable: '无法从此页面连接助手:该网站可能未获授权,或服务暂不可用。',
      timeout: '助手响应超时,请重试。',
      interrupted: '回答被中断,请重试。',
      tooLong: '问题最多 2000 个字符。',
      truncated: '问题已截断为 2000 个字符。',
      tooMany: (n) => `请求过于频繁,请在 ${n} 秒后重试。`,
      http: (s) => `助手返回错误(HTTP ${s})。`,
    },
  };

  const CSS = `
:host {
  --ca-accent: #2563eb; --ca-accent-fg: #ffffff; --ca-bg: #ffffff; --ca-fg: #111827;
  --ca-muted: #6b7280; --ca-border: #e5e7eb; --ca-bubble: #f3f4f6; --ca-radius: 12px;
  --ca-font: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif;
  --ca-z: 2147483000; --ca-width: 380px;
  all: initial;
}
* { box-sizing: border-box; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
button:disabled { cursor: not-allowed; opacity: .5; }
button:focus-visible, textarea:focus-visible { outline: 2px solid var(--ca-accent); outline-offset: 2px; }
.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: var(--ca-z);
  width: 56px; height: 56px; border: 0; border-radius: 50%;
  display: flex; align-items: center; justify-content: center;
  background: var(--ca-accent); color: var(--ca-accent-fg); box-shadow: 0 4px 14px rgba(0,0,0,.25);
}
.panel {
  position: fixed; right: 20px; bottom: 88px; z-index: var(--ca-z);
  width: var(--ca-width); max-width: calc(100vw - 40px); height: min(600px, calc(100vh - 120px));
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--ca-bg); color: var(--ca-fg); font: 14px/1.5 var(--ca-font);
  border: 1px solid var(--ca-border); border-radius: var(--ca-radius); box-shadow: 0 10px 30px rgba(0,0,0,.2);
}
.panel[hidden], .quote[hidden] { display: none; }
.header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--ca-border); }
.title { flex: 1; margin: 0; font-size: 15px; font-weight: 600; }
.close { border: 0; background: transparent; font-size: 20px; line-height: 1; padding: 4px 8px; border-radius: 6px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 10px; }
.intro { margin: 0; color: var(--ca-muted); }
.msg { max-width: 88%; padding: 8px 12px; border-radius: calc(var(--ca-radius) - 4px); overflow-wrap: anywhere; }
.msg.user { align-self: flex-end; white-space: pre-wrap; background: var(--ca-accent); color: var(--ca-accent-fg); }
.msg.assistant { align-self: flex-start; background: var(--ca-bubble); }
.answer { white-space: pre-wrap; }
.answer:empty, .citations:empty { display: none; }
.answer strong { font-weight: 600; }
.pending { color: var(--ca-muted); font-style: italic; }
.citations { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
.chip {
  max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  font-size: 12px; padding: 2px 8px; border-radius: 999px;
  border: 1px solid var(--ca-border); background: var(--ca-bg); color: var(--ca-accent);
}
.chip[aria-expanded="true"] { background: var(--ca-accent); color: var(--ca-accent-fg); }
.quote { margin-top: 6px; padding: 4px 8px; border-left: 3px solid var(--ca-accent); font-size: 12px; color: var(--ca-muted); white-space: pre-wrap; }
.followups { display: flex; flex-direction: column; align-items: flex-start; gap: 4px; margin-top: 8px; }
.followup { text-align: left; font-size: 13px; padding: 4px 8px; border-radius: 8px; border: 1px solid var(--ca-accent); background: var(--ca-bg); color: var(--ca-accent); }
.error { margin-top: 6px; padding: 6px 8px; border-radius: 6px; background: #fef2f2; color: #b91c1c; }
.hint { padding: 0 12px 6px; font-size: 12px; color: var(--ca-muted); }
.hint:empty { display: none; }
.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--ca-border); }
textarea {
  flex: 1; min-height: 40px; max-height: 120px; resize: vertical; padding: 8px 10px;
  border: 1px solid var(--ca-border); border-radius: 8px; background: var(--ca-bg);
}
.send { border: 0; border-radius: 8px; padding: 9px 14px; background: var(--ca-accent); color: var(--ca-accent-fg); font-weight: 600; }
@media (max-width: 480px) {
  .panel { left: 8px; right: 8px; width: auto; max-width: none; bottom: 80px; height: calc(100vh - 96px); }
  .launcher { right: 12px; bottom: 12px; }
}`;

  // ---------------------------------------------------------------- config

  function lastWidgetScript() {
    const list = document.querySelectorAll('script[src*="widget.js"]');
    return list.length ? list[list.length - 1] : null;
  }

  // Explicit data-lang → the API's language code; anything unknown → null.
  function apiLangFor(value) {
    const s = String(value || '').trim().toLowerCase();
    if (s === 'en' || s.startsWith('en-')) return 'en';
    if (s === 'zh-tw' || s === 'zh-hk' || s.startsWith('zh-hant')) return 'zh-Hant';
    if (s === 'zh' || s.startsWith('zh-')) return 'zh-Hans';
    return null;
  }

  function readConfig(script) {
    const attr = (name) => (script ? script.getAttribute(name) : null);
    let api = (attr('data-api') || '').trim();
    if (!api) {
      // Empty or missing data-api means "same origin as this script".
      try {
        api = new URL((script && script.src) || location.href, location.href).origin;
      } catch (_) { api = ''; }
      if (api === 'null') api = ''; // file:// and sandboxed pages: use relative URLs
    }
    const apiLang = apiLangFor(attr('data-lang'));
    const uiLang = apiLang ? (apiLang === 'en' ? 'en' : 'zh')
      : (/^zh/i.test(navigator.language || '') ? 'zh' : 'en');
    return {
      api: api.replace(/\/+$/, ''),
      apiLang,
      uiLang,
      title: (attr('data-title') || '').trim() || STRINGS[uiLang].title,
      open: attr('data-open') === 'true',
    };
  }

  // ------------------------------------------------------------- utilities

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.keys(props || {}).forEach((k) => {
      const v = props[k];
      if (v == null || v === false) return;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    (children || []).forEach((c) => c && node.appendChild(c));
    return node;
  }

  const str = (v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

  function failure(code, message) {
    const e = new Error(message);
    e.code = code;
    return e;
  }

  // Only `**bold**` is honoured; everything else (including any HTML) stays text.
  function renderMarkdown(target, text) {
    target.textContent = '';
    const parts = String(text).split('**');
    if (parts.length % 2 === 0) { // odd number of markers: the last one is literal
      const tail = parts.pop();
      parts[parts.length - 1] += '**' + tail;
    }
    parts.forEach((part, i) => {
      if (!part) return;
      target.appendChild(i % 2 ? el('strong', { text: part }) : document.createTextNode(part));
    });
  }

  // Incremental text/event-stream parser. Lines may end in \r\n, \n or \r and
  // events may be split anywhere across chunks, so a trailing \r is held back
  // until we know whether a \n follows it.
  function createSseParser(onEvent) {
    let buf = '';
    let name = '';
    let data = [];
    const lineRe = /\r\n|\r(?!$)|\n/g;
    function line(l) {
      if (l === '') {
        if (data.length) onEvent(name || 'message', data.join('\n'));
        name = '';
        data = [];
        return;
      }
      if (l[0] === ':') return; // comment / keep-alive
      const i = l.indexOf(':');
      const field = i < 0 ? l : l.slice(0, i);
      let value = i < 0 ? '' : l.slice(i + 1);
      if (value[0] === ' ') value = value.slice(1);
      if (field === 'event') name = value;
      else if (field === 'data') data.push(value);
    }
    return {
      feed(chunk) {
        buf += chunk;
        let last = 0;
        let m;
        lineRe.lastIndex = 0;
        while ((m = lineRe.exec(buf))) {
          line(buf.slice(last, m.index));
          last = lineRe.lastIndex;
        }
        buf = buf.slice(last);
      },
      end() { // be lenient: flush an event the server did not terminate
        if (buf) line(buf.replace(/\r$/, ''));
        buf = '';
        line('');
      },
    };
  }

  function retryAfterSeconds(header, fallback) {
    let s = parseInt(header, 10);
    if (!(s >= 0) && header) {
      const t = Date.parse(header); // Retry-After may also be an HTTP date
      if (!isNaN(t)) s = Math.ceil((t - Date.now()) / 1000);
    }
    if (!(s >= 0)) s = Number(fallback);
    if (!(s >= 0)) s = 10;
    return Math.min(Math.max(Math.ceil(s), 1), 3600);
  }

  // ---------------------------------------------------------------- widget

  function init() {
    if (document.getElementById(HOST_ID) || !document.body.attachShadow) return;
    const cfg = readConfig(SCRIPT);
    const S = STRINGS[cfg.uiLang];
    const host = el('div', { id: HOST_ID, 'data-state': 'ready', lang: cfg.uiLang === 'zh' ? 'zh' : 'en' });
    const root = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = CSS;

    const launcher = el('button', {
      type: 'button', class: 'launcher', 'aria-label': cfg.title,
      'aria-expanded': 'false', 'aria-controls': 'ca-panel',
    }, [chatIcon()]);
    const closeBtn = el('button', { type: 'button', class: 'close', 'aria-label': S.close, text: '×' });
    const log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite' },
      [el('p', { class: 'intro', text: S.intro })]);
    const textarea = el('textarea', {
      'aria-label': S.input, placeholder: S.placeholder, maxlength: MAX_CHARS, rows: 2,
    });
    const sendBtn = el('button', { type: 'submit', class: 'send', text: S.send });
    const hint = el('div', { class: 'hint', 'aria-live': 'polite' });
    const form = el('form', { class: 'composer' }, [textarea, sendBtn]);
    const panel = el('div', {
      id: 'ca-panel', class: 'panel', role: 'dialog', 'aria-label': cfg.title, hidden: true,
    }, [
      el('div', { class: 'header' }, [el('h2', { class: 'title', text: cfg.title }), closeBtn]),
      log, hint, form,
    ]);
    root.append(style, launcher, panel);
    document.body.appendChild(host);

    let conversation = []; // [{role, content}], sent with every request (server is stateless)
    let busy = false;
    let cooldownUntil = 0;
    let seq = 0;

    const emit = (type, detail) =>
      host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    const scrollLog = () => { log.scrollTop = log.scrollHeight; };
    const showHint = (text) => { hint.textContent = text || ''; };
    const cooling = () => Date.now() < cooldownUntil;
    const updateSend = () => { sendBtn.disabled = busy || cooling(); };

    function setBusy(value) {
      busy = value;
      if (value) host.setAttribute('data-state', 'busy');
      log.setAttribute('aria-busy', value ? 'true' : 'false');
      updateSend();
    }

    function open(focus) {
      panel.hidden = false;
      launcher.setAttribute('aria-expanded', 'true');
      scrollLog();
      if (focus) textarea.focus();
    }

    function close() {
      const hadFocus = panel.contains(root.activeElement);
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      if (hadFocus) launcher.focus();
    }

    function chatIcon() {
      const NS = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(NS, 'svg');
      const path = document.createElementNS(NS, 'path');
      [['viewBox', '0 0 24 24'], ['width', '26'], ['height', '26'], ['aria-hidden', 'true'],
        ['fill', 'none'], ['stroke', 'currentColor'], ['stroke-width', '2'],
        ['stroke-linejoin', 'round']].forEach(([k, v]) => svg.setAttribute(k, v));
      path.setAttribute('d', 'M4 5h16v11H9l-5 4z');
      svg.appendChild(path);
      return svg;
    }

    // ---- messages

    function createAssistantMessage() {
      const m = {
        node: el('div', { class: 'msg assistant', 'aria-busy': 'true' }),
        pending: el('div', { class: 'pending', text: S.thinking }),
        answer: el('div', { class: 'answer' }),
        citations: el('div', { class: 'citations', role: 'group', 'aria-label': S.sources }),
        quote: el('div', { class: 'quote', id: 'ca-quote-' + (++seq), hidden: true }),
        text: '',
        chips: new Map(), // n -> {chip, data}
        shown: null,      // n of the citation whose quote is visible
      };
      m.node.append(m.pending, m.answer, m.citations, m.quote);
      log.appendChild(m.node);
      scrollLog();
      return m;
    }

    function settle(m) {
      if (m.pending.parentNode) m.pending.remove();
      m.node.setAttribute('aria-busy', 'false');
    }

    function toggleQuote(m, n) {
      m.shown = m.shown === n ? null : n;
      m.chips.forEach((c, key) => c.chip.setAttribute('aria-expanded', String(key === m.shown)));
      if (m.shown === null) { m.quote.hidden = true; return; }
      const d = m.chips.get(n).data;
      const q = str(d.quote);
      m.quote.textContent = [str(d.title) || str(d.source_id), str(d.locator), q && `"${q}"`]
        .filter(Boolean).join(' — ');
      m.quote.hidden = false;
    }

    function setCitation(m, data, index) {
      if (!data || typeof data !== 'object') return;
      const n = Number.isInteger(data.n) ? data.n : parseInt(data.n, 10) || index + 1;
      let entry = m.chips.get(n);
      if (!entry) {
        const chip = el('button', {
          type: 'button', class: 'chip', 'aria-expanded': 'false', 'aria-controls': m.quote.id,
        });
        chip.addEventListener('click', () => toggleQuote(m, n));
        entry = { chip, data };
        m.chips.set(n, entry);
        m.citations.appendChild(chip);
      }
      entry.data = data;
      entry.chip.textContent = `[${n}] ${str(data.title) || str(data.source_id)}`.trim();
      const tip = str(data.quote) || str(data.locator);
      if (tip) entry.chip.title = tip; else entry.chip.removeAttribute('title');
    }

    function finish(m, question, done) {
      const text = typeof done.answer === 'string' ? done.answer : m.text;
      m.text = text;
      renderMarkdown(m.answer, text); // the final answer is authoritative
      if (Array.isArray(done.citations)) {
        m.citations.textContent = '';
        m.chips.clear();
        m.shown = null;
        m.quote.hidden = true;
        done.citations.forEach((c, i) => setCitation(m, c, i));
      }
      const followUps = (Array.isArray(done.follow_ups) ? done.follow_ups : [])
        .map(str).filter(Boolean).slice(0, 3);
      if (followUps.length) {
        const box = el('div', { class: 'followups', role: 'group', 'aria-label': S.followups });
        followUps.forEach((q) => {
          const b = el('button', { type: 'button', class: 'followup', text: q });
          b.addEventListener('click', () => { ask(q); });
          box.appendChild(b);
        });
        m.node.appendChild(box);
      }
      settle(m);
      conversation.push({ role: 'user', content: question }, { role: 'assistant', content: text });
      conversation = conversation.slice(-HISTORY_MAX);
      host.setAttribute('data-state', 'ready');
      scrollLog();
      emit('cost-assistant:done', done);
    }

    function showError(m, code, message) {
      settle(m);
      m.node.appendChild(el('div', { class: 'error', role: 'alert', text: message }));
      host.setAttribute('data-state', 'error');
      scrollLog();
      emit('cost-assistant:error', { code, message });
    }

    // ---- network

    async function httpError(res) {
      let body = null;
      try { body = JSON.parse(await res.text()); } catch (_) { /* not JSON */ }
      const err = body && typeof body.error === 'object' && body.error ? body.error : {};
      if (res.status === 429) {
        const secs = retryAfterSeconds(res.headers.get('Retry-After'), err.retry_after);
        cooldownUntil = Date.now() + secs * 1000;
        setTimeout(updateSend, secs * 1000 + 20);
        return failure(str(err.code) || 'rate_limited', S.tooMany(secs));
      }
      return failure(str(err.code) || 'http_' + res.status, str(err.message) || S.http(res.status));
    }

    // Reads the event stream; resolves with the `done` payload.
    async function readStream(res, m, question, onActivity) {
      let result = null;
      const parser = createSseParser((name, raw) => {
        if (result) return;
        let data;
        try { data = JSON.parse(raw); } catch (_) { return; }
        if (!data || typeof data !== 'object') return;
        if (name === 'meta' && data.request_id) {
          m.node.setAttribute('data-request-id', str(data.request_id));
        } else if (name === 'token' && typeof data.text === 'string') {
          if (m.pending.parentNode) m.pending.remove();
          m.text += data.text;
          // Re-rendering the whole (short) answer keeps `**` pairs split
          // across tokens correct; aria-busy keeps screen readers quiet.
          renderMarkdown(m.answer, m.text);
          scrollLog();
        } else if (name === 'citation') {
          setCitation(m, data, m.chips.size);
        } else if (name === 'error') {
          const e = data.error || {};
          throw failure(str(e.code) || 'stream_error', str(e.message) || S.interrupted);
        } else if (name === 'done') {
          result = data;
          finish(m, question, data);
        }
      });
      const type = res.headers.get('Content-Type') || '';
      if (/application\/json/i.test(type)) { // tolerate a non-streaming answer
        parser.feed('event: done\ndata: ' + (await res.text()).replace(/[\r\n]+/g, ' ') + '\n\n');
      } else if (res.body && res.body.getReader) {
        const reader = res.body.getReader();
        const decoder = new TextDecoder('utf-8');
        while (!result) {
          const { value, done } = await reader.read();
          if (done) break;
          onActivity();
          parser.feed(decoder.decode(value, { stream: true }));
        }
        if (result) reader.cancel().catch(() => {});
        else parser.feed(decoder.decode());
      } else {
        parser.feed(await res.text());
      }
      if (!result) parser.end();
      if (!result) throw failure('incomplete', S.interrupted);
      return result;
    }

    async function ask(raw) {
      let q = raw == null ? '' : String(raw).trim();
      if (!q || busy) return null; // never send an empty question
      if (cooling()) {
        showHint(S.tooMany(Math.ceil((cooldownUntil - Date.now()) / 1000)));
        return null;
      }
      showHint('');
      if (q.length > MAX_CHARS) {
        q = q.slice(0, MAX_CHARS).replace(/[\uD800-\uDBFF]$/, ''); // no half surrogate pair
        showHint(S.truncated);
      }
      if (panel.hidden) open(false);
      log.appendChild(el('div', { class: 'msg user', text: q }));
      const m = createAssistantMessage();
      const history = conversation.slice(-HISTORY_MAX);
      setBusy(true);

      // The 60 s timeout is re-armed whenever stream data arrives, so a long
      // but live answer is not cut off; a silent connection is.
      const ctrl = new AbortController();
      let timer = 0;
      let timedOut = false;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => { timedOut = true; ctrl.abort(); }, TIMEOUT_MS);
      };
      arm();
      try {
        let res;
        try {
          res = await fetch(cfg.api + '/api/v1/chat/stream', {
            method: 'POST',
            mode: 'cors',
            credentials: 'omit',
            headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
            body: JSON.stringify({ question: q, history, lang: cfg.apiLang }),
            signal: ctrl.signal,
          });
        } catch (_) {
          // A refused CORS preflight is indistinguishable from a network error.
          throw timedOut ? failure('timeout', S.timeout) : failure('unreachable', S.unreachable);
        }
        if (!res.ok) throw await httpError(res);
        return await readStream(res, m, q, arm);
      } catch (err) {
        if (timedOut) showError(m, 'timeout', S.timeout);
        else if (err && err.code) showError(m, err.code, err.message);
        else showError(m, 'network', S.interrupted);
        return null;
      } finally {
        clearTimeout(timer);
        ctrl.abort(); // release the connection if we stopped reading early
        setBusy(false);
      }
    }

    // ---- wiring

    function submitInput() {
      if (busy) return;
      if (!textarea.value.trim()) { textarea.focus(); return; }
      if (cooling()) { ask(textarea.value); return; } // shows the retry hint only
      const value = textarea.value;
      textarea.value = '';
      ask(value);
    }

    launcher.addEventListener('click', () => (panel.hidden ? open(true) : close()));
    closeBtn.addEventListener('click', close);
    form.addEventListener('submit', (e) => { e.preventDefault(); submitInput(); });
    textarea.addEventListener('keydown', (e) => {
      // isComposing / 229: Enter that confirms an IME (e.g. pinyin) candidate must not send.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        submitInput();
      }
    });
    textarea.addEventListener('input', () => {
      showHint(textarea.value.length >= MAX_CHARS ? S.tooLong : '');
    });
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
        launcher.focus();
      }
    });

    host.costAssistant = Object.freeze({
      open: () => open(true),
      close: () => close(),
      ask: (question) => ask(question),
    });
    if (cfg.open) open(false); // don't steal the page's focus on load
  }

  if (document.body) init();
  else document.addEventListener('DOMContentLoaded', init, { once: true });
})();
