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

  // Every fixed string in each language the widget speaks; zh-Hant as written in Taiwan (來源, 計算過程, 硬體).
  const STRINGS = {
    en: {
      left: (n, m) => `${n} of ${m} questions left this minute`,
      title: 'Training-cost assistant',
      close: 'Close',
      input: 'Your question',
      placeholder: 'Ask about training costs…',
      send: 'Send',
      thinking: 'Thinking…',
      intro: 'Ask me what it costs to train a model: GPUs, hours, energy, dollars.',
      sources: 'Sources',
      noQuote: 'No quotation on file for this source.',
      open: 'Open the source',
      followups: 'Suggested follow-up questions',
      details: 'How this was calculated',
      moreInputs: 'More inputs',
      assumptions: 'Assumptions',
      origin: { you: 'you', source: 'source', default: 'default', calculated: 'calculated' },
      chart: 'Cost breakdown',
      copy: 'Copy',
      copied: 'Copied',
      like: 'Helpful',
      dislike: 'Not helpful',
      thanks: 'Thank you for your feedback.',
      comment: 'What was wrong or missing? (optional)',
      sendComment: 'Send',
      feedbackFailed: 'Your feedback could not be saved.',
      unreachable: 'The assistant can\'t be reached from this page. The site may not be allowed to use it, or the service is down.',
      timeout: 'The assistant took too long to answer. Please try again.',
      interrupted: 'The answer was interrupted. Please try again.',
      tooLong: 'Questions are limited to 2000 characters.',
      truncated: 'Your question was shortened to 2000 characters.',
      tooMany: (n) => `Too many requests — please retry in ${n} s.`,
      http: (s) => `The assistant returned an error (HTTP ${s}).`,
    },
    'zh-Hans': {
      left: (n, m) => `本分钟还可提问 ${n} 次(共 ${m} 次)`,
      title: '训练成本助手',
      close: '关闭',
      input: '你的问题',
      placeholder: '询问模型训练成本…',
      send: '发送',
      thinking: '正在思考…',
      intro: '可以问我训练一个模型的成本:GPU、时长、能耗、费用。',
      sources: '来源',
      noQuote: '该来源暂无引文。',
      open: '打开来源',
      followups: '推荐的后续问题',
      details: '计算过程',
      moreInputs: '其他输入',
      assumptions: '假设',
      origin: { you: '你提供', source: '来源', default: '默认值', calculated: '计算得出' },
      chart: '成本构成',
      copy: '复制',
      copied: '已复制',
      like: '有帮助',
      dislike: '没帮助',
      thanks: '谢谢你的反馈。',
      comment: '哪里不对或缺了什么?(可选)',
      sendComment: '发送',
      feedbackFailed: '反馈未能保存。',
      unreachable: '无法从此页面连接助手:该网站可能未获授权,或服务暂不可用。',
      timeout: '助手响应超时,请重试。',
      interrupted: '回答被中断,请重试。',
      tooLong: '问题最多 2000 个字符。',
      truncated: '问题已截断为 2000 个字符。',
      tooMany: (n) => `请求过于频繁,请在 ${n} 秒后重试。`,
      http: (s) => `助手返回错误(HTTP ${s})。`,
    },
    'zh-Hant': {
      left: (n, m) => `這一分鐘還能提問 ${n} 次(共 ${m} 次)`,
      title: '訓練成本助理',
      close: '關閉',
      input: '你的問題',
      placeholder: '詢問模型訓練成本…',
      send: '送出',
      thinking: '思考中…',
      intro: '可以問我訓練一個模型要花多少:GPU、時數、耗電、費用。',
      sources: '來源',
      noQuote: '這個來源沒有引文。',
      open: '開啟來源',
      followups: '建議的後續問題',
      details: '計算過程',
      moreInputs: '其他輸入',
      assumptions: '假設',
      origin: { you: '你提供', source: '來源', default: '預設值', calculated: '計算所得' },
      chart: '成本組成',
      copy: '複製',
      copied: '已複製',
      like: '有幫助',
      dislike: '沒幫助',
      thanks: '謝謝你的意見回饋。',
      comment: '哪裡不對或少了什麼?(選填)',
      sendComment: '送出',
      feedbackFailed: '意見回饋未能儲存。',
      unreachable: '無法從這個網頁連線到助理:這個網站可能未獲授權,或服務暫時無法使用。',
      timeout: '助理回應逾時,請再試一次。',
      interrupted: '回答中斷了,請再試一次。',
      tooLong: '問題最多 2000 個字元。',
      truncated: '問題已截短為 2000 個字元。',
      tooMany: (n) => `請求太頻繁,請在 ${n} 秒後再試。`,
      http: (s) => `助理回傳錯誤(HTTP ${s})。`,
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
.answer.laid-out { white-space: normal; }
.answer p { margin: 0 0 6px; white-space: pre-wrap; }
.answer .headline { font-weight: 600; }
.answer .label { margin: 6px 0 2px; font-weight: 600; }
.answer ul, .answer ol { margin: 0 0 6px; padding-left: 18px; }
.inputs { border-collapse: collapse; margin: 4px 0 8px; font-size: 13px; width: 100%; }
.inputs th, .inputs td { text-align: left; padding: 2px 6px 2px 0; vertical-align: top; border-bottom: 1px solid var(--ca-border); }
.inputs th { font-weight: 500; }
.inputs .origin { color: var(--ca-muted); white-space: nowrap; }
.cite { border: 0; padding: 0 1px; background: none; color: var(--ca-accent); font-size: .85em; vertical-align: super; line-height: 1; text-decoration: underline; }
.chart { margin: 6px 0; }
.chart figcaption { font-size: 12px; font-weight: 600; margin-bottom: 2px; }
.chart text { font-size: 11px; fill: var(--ca-fg); font-family: var(--ca-font); }
.chart text.bar-value, .chart text.legend { fill: var(--ca-muted); }
.steps { margin: 6px 0; font-size: 13px; }
.steps summary { cursor: pointer; color: var(--ca-accent); }
.steps .formula { color: var(--ca-muted); overflow-wrap: anywhere; }
.steps .result { overflow-wrap: anywhere; }
.quote-source a { color: var(--ca-accent); }
.quote-locator { font-style: italic; }
.quote-text { margin: 4px 0 0; }
.quote-text.none { font-style: italic; }
.actions { display: flex; align-items: center; gap: 4px; margin-top: 6px; }
.act { display: inline-flex; align-items: center; font-size: 12px; padding: 2px 8px; border-radius: 6px; border: 1px solid var(--ca-border); background: var(--ca-bg); }
.act[aria-pressed="true"] { border-color: var(--ca-accent); background: var(--ca-accent); color: var(--ca-accent-fg); }
.act-status { font-size: 12px; color: var(--ca-muted); }
.comment { display: flex; gap: 4px; margin-top: 4px; }
.comment-input { flex: 1; font: inherit; font-size: 12px; padding: 3px 6px; border: 1px solid var(--ca-border); border-radius: 6px; background: var(--ca-bg); color: var(--ca-fg); }
textarea:disabled { opacity: .6; }
@media (prefers-color-scheme: dark) {
  :host {
    --ca-accent: #60a5fa; --ca-accent-fg: #0b1220; --ca-bg: #111827; --ca-fg: #e5e7eb;
    --ca-muted: #9ca3af; --ca-border: #374151; --ca-bubble: #1f2937;
  }
  .error { background: #450a0a; color: #fecaca; }
}
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
    const uiLang = apiLang || apiLangFor(navigator.language) || 'en';
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
    const host = el('div', { id: HOST_ID, 'data-state': 'ready', lang: cfg.uiLang });
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

    // Icons are drawn, not emoji: many systems have no emoji font and show empty boxes.
    const THUMB = 'M7 10v10H3V10zM7 10l4-7c1.7 0 2.6 1 2.3 2.7L12.8 9H19c1.2 0 2.1 1.1 1.9 2.3l-1.3 7A2 2 0 0 1 17.7 20H7';
    function icon(d, flip, size) {
      const NS = 'http://www.w3.org/2000/svg';
      const svg = document.createElementNS(NS, 'svg');
      const path = document.createElementNS(NS, 'path');
      [['viewBox', '0 0 24 24'], ['width', size || '14'], ['height', size || '14'], ['aria-hidden', 'true'],
        ['fill', 'none'], ['stroke', 'currentColor'], ['stroke-width', '2'],
        ['stroke-linejoin', 'round']].forEach(([k, v]) => svg.setAttribute(k, v));
      if (flip) svg.setAttribute('transform', 'rotate(180)');
      path.setAttribute('d', d);
      svg.appendChild(path);
      return svg;
    }

    function chatIcon() {
      return icon('M4 5h16v11H9l-5 4z', false, '26');
    }

    // ---- messages

    function createAssistantMessage(question) {
      const m = {
        node: el('div', { class: 'msg assistant', 'aria-busy': 'true' }),
        pending: el('div', { class: 'pending', text: S.thinking }),
        answer: el('div', { class: 'answer' }),
        citations: el('div', { class: 'citations', role: 'group', 'aria-label': S.sources }),
        quote: el('div', { class: 'quote', id: 'ca-quote-' + (++seq), hidden: true, tabindex: '-1' }),
        question,
        S, // the answer's own language once it is known (meta / done)
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

    // The quote panel of citation n: the source (a link only when the answer gives an address), where in it, and
    // the passage or card statement the figure stands on.
    function toggleQuote(m, n, keep) {
      if (!m.chips.has(n)) return;
      m.shown = m.shown === n && !keep ? null : n;
      m.chips.forEach((c, key) => c.chip.setAttribute('aria-expanded', String(key === m.shown)));
      if (m.shown === null) { m.quote.hidden = true; return; }
      const d = m.chips.get(n).data;
      const url = str(d.url);
      const title = str(d.title) || str(d.source_id);
      const head = el('div', { class: 'quote-source' }, [el('span', { text: `[${n}] ` })]);
      head.appendChild(/^https?:\/\//i.test(url)
        ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: title, title: m.S.open })
        : el('span', { text: title }));
      m.quote.textContent = '';
      m.quote.append(head);
      if (str(d.locator)) m.quote.append(el('div', { class: 'quote-locator', text: str(d.locator) }));
      const q = str(d.quote) || str(d.statement);
      m.quote.append(el('blockquote', { class: q ? 'quote-text' : 'quote-text none', text: q ? `“${q}”` : m.S.noQuote }));
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
      entry.chip.title = str(data.title) || str(data.source_id);
    }

    // Text with `**bold**` and [n] markers: a marker of a cited source becomes a button that opens its quote.
    // Everything else, any HTML included, stays text.
    function renderText(target, text, m) {
      target.textContent = '';
      const parts = String(text).split('**');
      if (parts.length % 2 === 0) { // odd number of markers: the last one is literal
        const tail = parts.pop();
        parts[parts.length - 1] += '**' + tail;
      }
      parts.forEach((part, i) => {
        if (!part) return;
        const into = i % 2 ? target.appendChild(el('strong')) : target;
        part.split(/(\[\d+\])/).forEach((piece) => {
          const mark = /^\[(\d+)\]$/.exec(piece);
          const n = mark && parseInt(mark[1], 10);
          if (mark && m && m.chips.has(n)) {
            const b = el('button', { type: 'button', class: 'cite', 'aria-controls': m.quote.id, text: piece });
            b.addEventListener('click', () => { toggleQuote(m, n, true); m.quote.focus(); });
            into.appendChild(b);
          } else if (piece) {
            into.appendChild(document.createTextNode(piece));
          }
        });
      });
      return target;
    }

    function inputsTable(m, rows) {
      const table = el('table', { class: 'inputs' });
      rows.forEach((r) => {
        if (!r || typeof r !== 'object') return;
        const origin = m.S.origin[str(r.origin)] || str(r.origin);
        const from = el('td', { class: 'origin', text: origin });
        if (Number.isInteger(r.cite)) renderText(from.appendChild(el('span')), ` [${r.cite}]`, m);
        table.appendChild(el('tr', {}, [el('th', { scope: 'row', text: str(r.name) }),
          el('td', { text: str(r.value) }), from]));
      });
      return table;
    }

    // A horizontal bar chart drawn as inline SVG (no library): one bar per part, one colour per series.
    function barChart(m, chart) {
      const bars = (Array.isArray(chart.bars) ? chart.bars : [])
        .filter((b) => b && typeof b.value === 'number' && isFinite(b.value) && b.value >= 0);
      if (!bars.length) return null;
      const NS = 'http://www.w3.org/2000/svg';
      const svgEl = (tag, attrs, text) => {
        const n = document.createElementNS(NS, tag);
        Object.keys(attrs).forEach((k) => n.setAttribute(k, String(attrs[k])));
        if (text != null) n.textContent = text;
        return n;
      };
      const series = [...new Set(bars.map((b) => str(b.series)))];
      const colours = ['var(--ca-accent)', '#0f766e', '#b45309', '#7c3aed', '#be123c'];
      const W = 320; const LABEL = 120; const ROW = 24;
      const top = series.length > 1 ? 16 * series.length + 4 : 0;
      const H = top + ROW * bars.length;
      const max = Math.max(...bars.map((b) => b.value)) || 1;
      const title = str(chart.title) || m.S.chart;
      const unit = str(chart.unit);
      const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', role: 'img', 'aria-label': title });
      if (series.length > 1) {
        series.forEach((name, i) => {
          svg.appendChild(svgEl('rect', { x: 0, y: 16 * i + 2, width: 10, height: 10, fill: colours[i % 5] }));
          svg.appendChild(svgEl('text', { x: 14, y: 16 * i + 11, class: 'legend' }, name));
        });
      }
      const fmt = new Intl.NumberFormat(m.lang === 'en' ? 'en' : 'zh', { maximumSignificantDigits: 3, notation: 'compact' });
      bars.forEach((b, i) => {
        const y = top + ROW * i;
        const w = Math.max(2, Math.round((W - LABEL - 70) * b.value / max));
        const label = str(b.label);
        svg.appendChild(svgEl('text', { x: LABEL - 4, y: y + 15, 'text-anchor': 'end', class: 'bar-label' },
          label.length > 14 ? label.slice(0, 13) + '…' : label)).appendChild(svgEl('title', {}, label));
        svg.appendChild(svgEl('rect', { x: LABEL, y: y + 4, width: w, height: ROW - 8, rx: 2,
          fill: colours[series.indexOf(str(b.series)) % 5] }));
        svg.appendChild(svgEl('text', { x: LABEL + w + 4, y: y + 15, class: 'bar-value' },
          `${fmt.format(b.value)} ${unit}`.trim()));
      });
      return el('figure', { class: 'chart' }, [el('figcaption', { text: title }), svg]);
    }

    // The answer built from its layout (headline, key inputs, notes, assumptions, chart, steps in a <details>);
    // an answer without one shows its text.
    function renderAnswer(m, done) {
      const L = done.layout && typeof done.layout === 'object' ? done.layout : null;
      m.answer.textContent = '';
      if (!L) { renderText(m.answer, m.text, m); return; }
      m.answer.classList.add('laid-out');
      m.answer.appendChild(renderText(el('p', { class: 'headline' }), str(L.headline), m));
      const list = (v) => (Array.isArray(v) ? v : []);
      if (list(L.key_inputs).length) m.answer.appendChild(inputsTable(m, L.key_inputs));
      list(L.notes).forEach((note) => m.answer.appendChild(renderText(el('p', { class: 'note' }), str(note), m)));
      if (list(L.assumptions).length) {
        m.answer.appendChild(el('p', { class: 'label', text: m.S.assumptions }));
        const ul = m.answer.appendChild(el('ul', { class: 'assumptions' }));
        list(L.assumptions).forEach((a) => ul.appendChild(renderText(el('li'), str(a), m)));
      }
      const chart = L.chart && typeof L.chart === 'object' ? barChart(m, L.chart) : null;
      if (chart) m.answer.appendChild(chart);
      if (list(L.steps).length || list(L.more_inputs).length) {
        const details = el('details', { class: 'steps' }, [el('summary', { text: str(L.details_title) || m.S.details })]);
        if (list(L.more_inputs).length) {
          details.append(el('p', { class: 'label', text: m.S.moreInputs }), inputsTable(m, L.more_inputs));
        }
        const ol = details.appendChild(el('ol'));
        list(L.steps).forEach((st) => {
          if (!st || typeof st !== 'object') return;
          ol.appendChild(el('li', {}, [el('strong', { text: str(st.label) }),
            el('div', { class: 'formula', text: str(st.formula) }), el('div', { class: 'result', text: str(st.result) })]));
        });
        m.answer.appendChild(details);
      }
    }

    function actions(m, done) {
      const bar = el('div', { class: 'actions' });
      const copy = el('button', { type: 'button', class: 'act copy', text: m.S.copy });
      copy.addEventListener('click', () => {
        const sources = [...m.chips.entries()].map(([n, c]) => `[${n}] ${str(c.data.title)}${str(c.data.url) ? ' ' + str(c.data.url) : ''}`);
        const text = [m.text, ...(sources.length ? ['', m.S.sources + ':', ...sources] : [])].join('\n');
        const done = () => { copy.textContent = m.S.copied; setTimeout(() => { copy.textContent = m.S.copy; }, 1500); };
        if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, () => {});
      });
      const up = el('button', { type: 'button', class: 'act rate', 'data-rating': 'up', 'aria-pressed': 'false', 'aria-label': m.S.like, title: m.S.like }, [icon(THUMB)]);
      const down = el('button', { type: 'button', class: 'act rate', 'data-rating': 'down', 'aria-pressed': 'false', 'aria-label': m.S.dislike, title: m.S.dislike }, [icon(THUMB, true)]);
      const status = el('span', { class: 'act-status', 'aria-live': 'polite' });
      bar.append(copy, up, down, status);
      const base = { question: m.question, answer: m.text, request_id: m.node.getAttribute('data-request-id') || null };
      const rate = (rating) => {
        [up, down].forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.rating === rating)));
        sendFeedback({ ...base, rating }).then((ok) => { status.textContent = ok ? m.S.thanks : m.S.feedbackFailed; });
        if (rating === 'down' && !m.node.querySelector('.comment')) {
          const input = el('input', { type: 'text', class: 'comment-input', maxlength: 2000, 'aria-label': m.S.comment, placeholder: m.S.comment });
          const form = el('form', { class: 'comment' }, [input, el('button', { type: 'submit', class: 'act', text: m.S.sendComment })]);
          form.addEventListener('submit', (e) => {
            e.preventDefault();
            if (!input.value.trim()) return;
            sendFeedback({ ...base, rating, comment: input.value.trim() }).then((ok) => {
              status.textContent = ok ? m.S.thanks : m.S.feedbackFailed;
              if (ok) form.remove();
            });
          });
          bar.after(form);
          input.focus();
        }
      };
      up.addEventListener('click', () => rate('up'));
      down.addEventListener('click', () => rate('down'));
      return bar;
    }

    function sendFeedback(body) {
      return fetch(cfg.api + '/api/v1/feedback', {
        method: 'POST', mode: 'cors', credentials: 'omit',
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      }).then((res) => res.ok, () => false);
    }

    function finish(m, question, done) {
      const text = typeof done.answer === 'string' ? done.answer : m.text;
      m.text = text;
      m.S = STRINGS[apiLangFor(done.language)] || S;
      m.lang = apiLangFor(done.language) || cfg.uiLang;
      if (Array.isArray(done.citations)) {
        m.citations.textContent = '';
        m.chips.clear();
        m.shown = null;
        m.quote.hidden = true;
        done.citations.forEach((c, i) => setCitation(m, c, i));
      }
      m.citations.setAttribute('aria-label', m.S.sources);
      renderAnswer(m, done); // the final answer is authoritative
      const followUps = (Array.isArray(done.follow_ups) ? done.follow_ups : [])
        .map(str).filter(Boolean).slice(0, 4);
      if (followUps.length) {
        const box = el('div', { class: 'followups', role: 'group', 'aria-label': m.S.followups });
        followUps.forEach((q) => {
          const b = el('button', { type: 'button', class: 'followup', text: q });
          b.addEventListener('click', () => { ask(q); });
          box.appendChild(b);
        });
        m.node.appendChild(box);
      }
      m.node.appendChild(actions(m, done));
      settle(m);
      conversation.push({ role: 'user', content: question }, { role: 'assistant', content: text });
      conversation = conversation.slice(-HISTORY_MAX);
      host.setAttribute('data-state', 'ready');
      // The answer's start in view (its headline), not the end of its sources; only the log scrolls, not the page.
      log.scrollTop += m.node.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
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
          renderText(m.answer, m.text, null);
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
      const m = createAssistantMessage(q);
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
        const left = parseInt(res.headers.get('RateLimit-Remaining'), 10);
        const limit = parseInt(res.headers.get('RateLimit-Limit'), 10);
        if (left >= 0 && limit > 0) showHint(S.left(left, limit));
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
      } else if (e.key === 'Tab') { // focus stays inside the open panel, as in any dialog
        const list = [...panel.querySelectorAll('button, a[href], textarea, input, summary, [tabindex="0"]')]
          .filter((n) => !n.disabled && n.getClientRects().length);
        if (!list.length) return;
        const first = list[0];
        const last = list[list.length - 1];
        const at = root.activeElement;
        if (e.shiftKey && (at === first || !panel.contains(at))) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && (at === last || !panel.contains(at))) { e.preventDefault(); first.focus(); }
      }
    });

    // A site the assistant does not serve learns it at load, not after typing a question: the CORS headers of
    // /healthz are the same allow-list the API answers by.
    function refuse() {
      busy = true;
      textarea.disabled = true;
      updateSend();
      host.setAttribute('data-state', 'error');
      log.appendChild(el('div', { class: 'error', role: 'alert', text: S.unreachable }));
    }
    fetch(cfg.api + '/healthz', { mode: 'cors', credentials: 'omit' })
      .catch(refuse); // only a refused (or unreachable) origin rejects; any HTTP answer means it can be asked

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
