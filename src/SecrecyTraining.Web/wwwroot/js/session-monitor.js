// The live monitor of an exam session: the counts and the examinee list are fetched again every five seconds, except while
// the 保密办 is filling in an extra-time or reopen form (an open form is never replaced under the typing hand).
(() => {
  'use strict';
  const monitor = document.getElementById('monitor');
  if (!monitor) return;

  let busy = false;
  async function refresh() {
    // One request at a time: a slow answer is not piled on by the next tick.
    if (busy || monitor.querySelector('details[open]') || monitor.contains(document.activeElement)) return;
    busy = true;
    try {
      const response = await fetch(monitor.dataset.refreshUrl, { credentials: 'same-origin' });
      if (response.ok && !response.redirected) {
        monitor.innerHTML = await response.text();
      }
    } catch {
      // the next refresh tries again
    } finally {
      busy = false;
    }
  }
  setInterval(refresh, 5000);
})();
