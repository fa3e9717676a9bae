/* The chat page's own behaviour, beside Gradio's: a [n] in an answer opens and shows its source entry, each new
   answer is scrolled to its start (its headline in view, not the end of its sources), and the question box counts
   its characters against the limit instead of cutting a long question silently. */
(() => {
  'use strict';
  const LIMIT = (window.__caLimits || {}).question || 2000;
  const tag = (navigator.language || 'en').toLowerCase();
  const LANG = !tag.startsWith('zh') ? 'en' : /hant|-tw|-hk|-mo/.test(tag) ? 'zh-Hant' : 'zh-Hans';
  const COUNT = {
    en: (n) => `${n.toLocaleString('en')} / ${LIMIT.toLocaleString('en')} characters`
      + (n > LIMIT ? ' — too long to send; please shorten it' : ''),
    'zh-Hans': (n) => `${n} / ${LIMIT} 字` + (n > LIMIT ? ',超出上限,请缩短后再发送' : ''),
    'zh-Hant': (n) => `${n} / ${LIMIT} 字` + (n > LIMIT ? ',超過上限,請縮短後再送出' : ''),
  }[LANG];

  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href*="-src-"]');
    const id = link && decodeURIComponent(link.getAttribute('href').split('#').pop());
    const entry = id && document.getElementById(id);
    if (!entry) return;
    event.preventDefault();
    event.stopPropagation();
    entry.open = true;
    entry.scrollIntoView({ block: 'center' });
    entry.classList.remove('ca-reached');
    void entry.offsetWidth; // restart the highlight when the same source is reached twice
    entry.classList.add('ca-reached');
    entry.querySelector('summary')?.focus({ preventScroll: true });
  }, true);

  // A new answer starts short (it streams in), and a page cannot scroll past its end: its start is pinned to the
  // top of the window while it grows, until the reader scrolls themselves.
  let asked = 0; // user messages seen
  let shown = 0; // user messages whose answer was scrolled to
  let pinUntil = 0;
  const PIN_MS = 6000;
  ['wheel', 'touchstart', 'keydown', 'mousedown'].forEach((type) =>
    window.addEventListener(type, () => { pinUntil = 0; }, { passive: true, capture: true }));

  function latestAnswer(chat) {
    const rows = [...chat.querySelectorAll('.message-row')];
    const users = rows.filter((r) => r.classList.contains('user-row'));
    const last = users[users.length - 1];
    const answer = last && rows.slice(rows.indexOf(last) + 1).find((r) => r.classList.contains('bot-row'));
    return { count: users.length, answer };
  }

  function follow() {
    const chat = document.getElementById('chat');
    if (!chat) return;
    const { count, answer } = latestAnswer(chat);
    if (count < asked) shown = Math.min(shown, count); // cleared, retried or edited
    asked = count;
    if (!answer) return;
    if (shown < asked) {
      shown = asked;
      pinUntil = Date.now() + PIN_MS;
    }
    if (Date.now() < pinUntil && Math.abs(answer.getBoundingClientRect().top - 8) > 2) {
      window.scrollBy({ top: answer.getBoundingClientRect().top - 8, behavior: 'instant' });
    }
  }

  function counter() {
    const box = document.querySelector('#question textarea');
    if (!box || box.dataset.caCounted) return;
    box.dataset.caCounted = '1';
    const out = document.createElement('div');
    out.id = 'question-count';
    out.setAttribute('aria-live', 'polite');
    const update = () => {
      const n = [...box.value].length;
      out.textContent = COUNT(n);
      out.classList.toggle('over', n > LIMIT);
    };
    box.addEventListener('input', update);
    document.getElementById('question').after(out);
    update();
  }

  new MutationObserver(() => { follow(); counter(); }).observe(document.documentElement,
    { childList: true, subtree: true });
})();
