// The blueprint editor's live check: when a rule changes, the form is checked on the server (as 检查 would) and the
// rules table — how many questions each rule can draw, what is short, the reader's problems — is replaced by the answer.
(() => {
  'use strict';
  const form = document.querySelector('[data-testid="blueprint-form"]');
  if (!form) return;
  let timer;
  let generation = 0;
  let submitted = false;

  async function check() {
    // Once 保存 is pressed no check goes out: a check answered after the save's redirect would take the
    // save's one-time message (the page's status line) before the edit page that should show it.
    if (submitted) return;
    const mine = ++generation;
    const body = new FormData(form);
    body.set('intent', 'check');
    const response = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
    if (!response.ok || mine !== generation) return;
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    const table = form.querySelector('[data-testid="rules"]');
    const fresh = page.querySelector('[data-testid="rules"]');
    if (!fresh) return;
    // Keep the rows being typed in; take the counts, shortfalls and problems from the answer.
    for (const cell of table.querySelectorAll('[data-testid="rule-feasibility"]')) {
      const row = cell.closest('[data-row]').dataset.row;
      const answer = fresh.querySelector(`[data-row="${row}"] [data-testid="rule-feasibility"]`);
      cell.innerHTML = answer ? answer.innerHTML : '';
    }
    table.querySelectorAll('[data-testid="rule-error"]').forEach((e) => e.closest('tr').remove());
    for (const error of fresh.querySelectorAll('[data-testid="rule-error"]')) {
      const before = error.closest('tr').previousElementSibling;
      const row = table.querySelector(`[data-row="${before.dataset.row}"]`);
      if (row) row.after(document.importNode(error.closest('tr'), true));
    }
    table.querySelector('tfoot').replaceWith(document.importNode(fresh.querySelector('tfoot'), true));
  }

  form.addEventListener('submit', () => {
    submitted = true;
    clearTimeout(timer);
  });
  form.addEventListener('input', (event) => {
    if (!event.target.closest('[data-testid="rules"]')) return;
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
  form.addEventListener('change', (event) => {
    if (!event.target.closest('[data-testid="rules"]')) return;
    clearTimeout(timer);
    timer = setTimeout(check, 100);
  });
})();
