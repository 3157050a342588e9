// The clause picker of the question editor: as the 保密办 types a word, the clauses whose id, heading or text holds it
// are listed (from the server); 加入 appends a clause's id to the form's clause field.
(() => {
  'use strict';
  for (const picker of document.querySelectorAll('[data-clause-picker]')) {
    const target = document.getElementById(picker.dataset.target);
    const search = picker.querySelector('input[type="search"]');
    const results = picker.querySelector('ul');
    let timer;

    function add(id) {
      const ids = target.value.split(/[,，、;；\s]+/).filter((x) => x !== '');
      if (!ids.includes(id)) ids.push(id);
      target.value = ids.join(', ');
      target.dispatchEvent(new Event('change', { bubbles: true }));
    }

    async function find() {
      const term = search.value.trim();
      results.replaceChildren();
      if (term === '') return;
      const response = await fetch(`${picker.dataset.url}?q=${encodeURIComponent(term)}`, { credentials: 'same-origin' });
      const clauses = response.ok ? await response.json() : [];
      if (clauses.length === 0) {
        const none = document.createElement('li');
        none.className = 'text-muted';
        none.textContent = picker.dataset.textNone;
        results.append(none);
      }
      for (const clause of clauses) {
        const item = document.createElement('li');
        item.className = 'd-flex gap-2 align-items-baseline py-1 border-bottom';
        item.dataset.clause = clause.id;
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'btn btn-sm btn-outline-primary';
        button.textContent = `${picker.dataset.textAdd} ${clause.id}`;
        button.addEventListener('click', () => add(clause.id));
        const text = document.createElement('span');
        text.textContent = `${clause.heading} — ${clause.excerpt}`;
        item.append(button, text);
        results.append(item);
      }
    }

    search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(find, 250); });
    search.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); find(); } });
  }
})();
