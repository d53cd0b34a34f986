/**
 * The step page keeps itself current without a reload (progressive enhancement: without
 * JavaScript the reload link does the same). Every few seconds it asks for its own URL; a 200
 * refreshes the facts of "Where it stands"; a 410 or 404 (the step is done, here or elsewhere, or the move
 * ended) replaces the page's content with what the link now says, so a form for a passed step
 * is never left on screen. Nothing reloads the page itself: a half-typed code is never lost.
 */
export const LIVE_SCRIPT = `(function () {
  'use strict';
  var section = document.getElementById('progress-section');
  var facts = document.getElementById('progress-facts');
  if (!section || !facts || !window.fetch || !window.DOMParser) return;
  var every = Number(section.getAttribute('data-refresh-ms')) || 15000;
  var hint = document.getElementById('refresh-hint');
  if (hint && hint.getAttribute('data-live')) hint.textContent = hint.getAttribute('data-live');
  var timer;
  function later() { clearTimeout(timer); timer = setTimeout(check, every); }
  function check() {
    if (document.hidden) return later();
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/html' } })
      .then(function (res) {
        return res.text().then(function (text) {
          var page = new DOMParser().parseFromString(text, 'text/html');
          if (res.status === 200) {
            var fresh = page.getElementById('progress-facts');
            if (fresh) facts.innerHTML = fresh.innerHTML;
            return later();
          }
          if (res.status === 410 || res.status === 404) {
            var main = document.querySelector('main');
            var next = page.querySelector('main');
            if (main && next) main.innerHTML = next.innerHTML;
            document.title = page.title;
            return;
          }
          later(); // rate-limited or unreachable for now: ask again later
        });
      })
      .catch(later);
  }
  later();
})();
`;
