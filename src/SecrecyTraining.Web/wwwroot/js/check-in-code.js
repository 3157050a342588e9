// The check-in code shown in the room changes every two minutes: the page fetches itself every half minute and takes the
// new code and the count of people checked in (no reload, so the screen does not flash and nothing else moves).
(() => {
  'use strict';
  const code = document.querySelector('[data-testid="check-in-qr"]');
  if (!code) return;
  const seconds = Number(code.dataset.refreshSeconds) || 30;
  async function refresh() {
    try {
      const response = await fetch(location.href, { credentials: 'same-origin' });
      if (!response.ok || response.redirected) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      for (const id of ['check-in-qr', 'check-in-url', 'checked-in-count']) {
        const fresh = page.querySelector(`[data-testid="${id}"]`);
        const shown = document.querySelector(`[data-testid="${id}"]`);
        if (fresh && shown) shown.replaceWith(document.importNode(fresh, true));
      }
    } catch {
      // the next tick tries again
    }
  }
  setInterval(refresh, seconds * 1000);
})();
