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

  let asked = 0; // user messages seen
  let shown = 0; // user messages whose answer was scrolled to
  function follow() {
    const chat = document.getElementById('chat');
    if (!chat) return;
    const rows = [...chat.querySelectorAll('.message-row')];
    const users = rows.filter((r) => r.classList.contains('user-row'));
    if (users.length < asked) shown = Math.min(shown, users.length); // cleared, retried or edited
    asked = users.length;
    if (!asked || shown >= asked) return;
    const last = users[users.length - 1];
    const answer = rows.slice(rows.indexOf(last) + 1).find((r) => r.classList.contains('bot-row'));
    if (!answer) return;
    shown = asked;
    answer.scrollIntoView({ block: 'start', behavior: 'instant' });
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
