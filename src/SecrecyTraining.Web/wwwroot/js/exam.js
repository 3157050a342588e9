// The exam page: every answer is sent to the server when it is given; what the server has not acknowledged is kept,
// shown as unsaved, retried every 15 seconds, when the connection returns and when the page is hidden.
// The countdown is computed from the server's deadline, corrected by the difference between the two clocks; the deadline
// is asked for again every few seconds, so extra time given by the 保密办 shows while the exam runs.
// Leaving the page (another tab or window) is reported to the server, which records it for the invigilator (切屏) and,
// past a session's limit, submits the attempt; the page says so each time.
(() => {
  'use strict';
  const form = document.getElementById('exam');
  if (!form) return;

  const text = form.dataset;
  const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
  let offset = Number(text.now) - Date.now();
  let deadline = Number(text.deadline);
  const pending = new Map();
  let closed = false;

  const section = (position) => form.querySelector(`.exam-question[data-position="${position}"]`);
  const navButton = (position) => form.querySelector(`.nav-q[data-position="${position}"]`);

  function answerOf(position) {
    const s = section(position);
    return {
      position: Number(position),
      selected: [...s.querySelectorAll('input.answer:checked')].map((i) => Number(i.value)),
      texts: [...s.querySelectorAll('.answer-text')].map((i) => i.value),
      flagged: s.querySelector('input.flag').checked,
    };
  }

  const isAnswered = (answer) => answer.selected.length > 0 || answer.texts.some((t) => t.trim() !== '');

  function setState(position, state) {
    const label = section(position).querySelector('.save-state');
    label.dataset.state = state;
    label.textContent = { saved: text.textSaved, saving: text.textSaving, error: text.textUnsaved }[state] || '';
    const answer = answerOf(position);
    const button = navButton(position);
    button.classList.toggle('answered', isAnswered(answer));
    button.classList.toggle('flagged', answer.flagged);
    button.classList.toggle('unsaved', state === 'error');
  }

  function showConnection() {
    const unsaved = pending.size;
    document.getElementById('connection').textContent = navigator.onLine ? (unsaved ? `${text.textUnsaved} (${unsaved})` : '') : text.textOffline;
  }

  async function send(position) {
    const body = pending.get(position);
    if (!body || closed) return;
    setState(position, 'saving');
    try {
      const response = await fetch(form.dataset.saveUrl, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'Content-Type': 'application/json', RequestVerificationToken: token },
        body: JSON.stringify(body),
      });
      // Only the server's own acknowledgement counts: a redirect (an expired sign-in) or any other page is not one.
      const ack = response.ok && !response.redirected ? await response.json().catch(() => null) : null;
      if (ack && ack.saved === true) {
        if (pending.get(position) === body) pending.delete(position);
        setState(position, pending.has(position) ? 'saving' : 'saved');
      } else if (response.status === 401 || response.redirected) {
        document.getElementById('connection').textContent = text.textSignin;
        setState(position, 'error');
      } else if (response.status === 409) {
        closeExam((await response.json()).error || text.textClosed);
      } else {
        throw new Error(String(response.status));
      }
    } catch {
      setState(position, 'error');
    }
    showConnection();
  }

  function flush() {
    for (const position of [...pending.keys()]) send(position);
  }

  function closeExam(message) {
    closed = true;
    document.getElementById('connection').textContent = message;
    form.querySelectorAll('input.answer, input.flag, .answer-text').forEach((i) => { i.disabled = true; });
    window.location.assign(form.action.replace(/\/submit$/, '/result'));
  }

  function answerChanged(s) {
    const position = Number(s.dataset.position);
    pending.set(position, answerOf(position));
    send(position);
  }

  form.addEventListener('change', (event) => {
    const s = event.target.closest('.exam-question');
    if (s) answerChanged(s);
  });

  // What is being written is saved when the writer pauses, not only when the field is left.
  const typing = new Map();
  form.addEventListener('input', (event) => {
    const s = event.target.closest('.exam-question');
    if (!s || !event.target.classList.contains('answer-text')) return;
    clearTimeout(typing.get(s));
    typing.set(s, setTimeout(() => answerChanged(s), 1500));
  });

  setInterval(flush, 15000);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('online', () => { showConnection(); flush(); });
  window.addEventListener('offline', showConnection);

  const countdown = document.getElementById('countdown');
  function tick() {
    const left = Math.max(0, deadline - (Date.now() + offset));
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    countdown.textContent = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
    countdown.classList.toggle('text-danger', left < 5 * 60000);
    if (left === 0 && !closed && !checkingDeadline) {
      // Extra time may have been given since the last look at the deadline: ask once more before handing in.
      checkingDeadline = true;
      askDeadline().finally(() => {
        checkingDeadline = false;
        if (closed || deadline - (Date.now() + offset) > 0) return;
        closed = true;
        document.getElementById('connection').textContent = text.textTimeup;
        HTMLFormElement.prototype.submit.call(form);
      });
    }
  }
  let checkingDeadline = false;
  tick();
  setInterval(tick, 1000);

  async function askDeadline() {
    if (closed) return;
    try {
      const response = await fetch(text.clockUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      const clock = response.ok && !response.redirected ? await response.json() : null;
      if (clock && clock.open && clock.deadline !== deadline) {
        deadline = clock.deadline;
        offset = clock.now - Date.now();
        document.getElementById('deadline-text').textContent = clock.deadlineText;
      }
    } catch {
      // offline: the countdown runs on the last deadline known
    }
  }
  setInterval(askDeadline, 5000);

  let away = false;
  async function left(kind) {
    if (away || closed) return;
    away = true;
    // What is being typed, and every answer not yet acknowledged, is saved first: a report that passes the session's
    // limit closes the attempt, and an answer arriving after that would be refused.
    for (const [s, timer] of typing) {
      clearTimeout(timer);
      typing.delete(s);
      pending.set(Number(s.dataset.position), answerOf(s.dataset.position));
    }
    await Promise.all([...pending.keys()].map(send));
    try {
      const response = await fetch(text.focusUrl, {
        method: 'POST',
        credentials: 'same-origin',
        keepalive: true,
        headers: { 'Content-Type': 'application/json', RequestVerificationToken: token },
        body: JSON.stringify({ kind }),
      });
      const report = await response.json().catch(() => null);
      if (response.status === 409 && report && report.recorded) {
        flush();
        closeExam(report.error);
      } else if (response.ok && report && report.warning) {
        const warning = document.getElementById('focus-warning');
        warning.textContent = report.warning;
        warning.classList.remove('d-none');
      }
    } catch {
      // not recorded while offline
    }
  }
  const back = () => { away = false; };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') left('hidden'); else back();
  });
  window.addEventListener('blur', () => left('blur'));
  window.addEventListener('focus', back);

  const confirm = document.getElementById('submit-confirm');
  confirm.addEventListener('show.bs.modal', () => {
    const unanswered = [...form.querySelectorAll('.exam-question')]
      .filter((s) => !isAnswered(answerOf(s.dataset.position)))
      .map((s) => s.dataset.position);
    document.getElementById('unanswered-summary').textContent = unanswered.length
      ? `${text.textUnanswered} ${unanswered.join(text.textSeparator)}`
      : text.textAllAnswered;
  });

  // A question jumped to (answer card, keys) starts below the sticky header, whatever its height (it wraps on a phone).
  const header = form.querySelector('.exam-header');
  const keepClearOfHeader = () => document.documentElement.style.setProperty('--exam-header-height', `${header.offsetHeight + 8}px`);
  keepClearOfHeader();
  window.addEventListener('resize', keepClearOfHeader);

  const questions = () => [...form.querySelectorAll('.exam-question')];
  function current() {
    const active = document.activeElement && document.activeElement.closest('.exam-question');
    return active ? questions().indexOf(active) : -1;
  }
  function focusQuestion(index) {
    const all = questions();
    const target = all[Math.max(0, Math.min(all.length - 1, index))];
    target.scrollIntoView({ block: 'center' });
    (target.querySelector('input.answer:checked') || target.querySelector('input.answer, .answer-text')).focus({ preventScroll: true });
  }
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || document.querySelector('.modal.show')) return;
    if (event.target.classList && event.target.classList.contains('answer-text')) return; // the keys are the writer's
    if (event.key === 'ArrowRight' || event.key === 'PageDown') { event.preventDefault(); focusQuestion(current() + 1); }
    if (event.key === 'ArrowLeft' || event.key === 'PageUp') { event.preventDefault(); focusQuestion(current() - 1); }
    if ((event.key === 'f' || event.key === 'F') && current() >= 0) {
      const flag = questions()[current()].querySelector('input.flag');
      flag.checked = !flag.checked;
      flag.dispatchEvent(new Event('change', { bubbles: true }));
    }
  });
})();
