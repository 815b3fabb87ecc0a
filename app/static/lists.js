'use strict';

// Clear a field's error marking as soon as the user types in it again.
for (const id of ['id_text', 'id_sharee', 'id_title']) {
  const input = document.getElementById(id);
  if (input) {
    input.addEventListener('input', () => input.classList.remove('is-invalid'));
  }
}

// Ask before a form that deletes: without script the button deletes at once.
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
}

// Editing an item: the caret after its text, where a fix usually goes.
const editing = document.querySelector('#id_item_form[action$="/edit"] #id_text');
if (editing) {
  editing.setSelectionRange(editing.value.length, editing.value.length);
}

const table = document.getElementById('id_list_table');

// The version of the list this page shows (the table's events URL says).
const versionOf = (element) => Number(new URL(element.dataset.events || '', window.location.href).searchParams.get('since'));
let shownVersion = table ? versionOf(table) : 0;

// Puts a fresh copy of the list's page in place of the table and title,
// keeping the focus on the same control (by its form action or link) and
// the page where it was scrolled to.
function showFresh(html) {
  const page = new DOMParser().parseFromString(html, 'text/html');
  const focused = document.activeElement;
  const key = focused && (focused.getAttribute('formaction') || focused.getAttribute('href'));
  for (const id of ['id_list_table', 'id_list_title', 'id_items_left']) {
    const fresh = page.getElementById(id);
    const shown = document.getElementById(id);
    if (fresh && shown) {
      shown.replaceChildren(...fresh.childNodes);
    }
  }
  const freshTable = page.getElementById('id_list_table');
  if (freshTable) {
    shownVersion = Math.max(shownVersion, versionOf(freshTable));
  }
  if (key && table && !table.contains(document.activeElement)) {
    const again = [...table.querySelectorAll('[formaction], [href]')]
      .find((e) => (e.getAttribute('formaction') || e.getAttribute('href')) === key);
    again?.focus({ preventScroll: true });
  }
}

// Ticking with script: sent in the background and the table redrawn in
// place, so the page keeps its scroll and the tick its focus. Without
// script, or when the answer is not the list (a refusal), the form posts
// and the page reloads as before.
const tickForm = document.getElementById('id_tick_form');
if (tickForm && table && window.fetch) {
  let plain = false;
  tickForm.addEventListener('submit', async (event) => {
    const button = event.submitter;
    if (plain || !button || !button.hasAttribute('formaction')) {
      return;
    }
    event.preventDefault();
    const body = new URLSearchParams(new FormData(tickForm, button));
    try {
      const response = await fetch(button.formAction, { method: 'POST', body, credentials: 'same-origin' });
      if (response.ok && response.redirected) {
        showFresh(await response.text());
        return;
      }
    } catch (unreachable) {
      // Sent again plainly below: the browser then says what is wrong.
    }
    plain = true;
    tickForm.requestSubmit(button);
  });
}

// Live updates: when the list changes (another tab, another person, the
// API), fetch its page again and put the new table and title in place. The
// page works the same without this; EventSource reconnects by itself and
// the server catches a returning page up (Last-Event-ID).
if (table && table.dataset.events && window.EventSource) {
  const events = new EventSource(table.dataset.events);
  // A form sent from this page is on its way to the next page: the news of
  // its own change (a deleted list, above all) is not for this one.
  document.addEventListener('submit', (event) => {
    if (!event.defaultPrevented) {
      events.close();
    }
  });
  events.addEventListener('changed', async (event) => {
    // This page already shows it (its own tick, redrawn from the answer).
    if (Number(event.data) <= shownVersion) {
      return;
    }
    const response = await fetch(window.location.pathname, { cache: 'no-store' });
    if (response.ok) {
      showFresh(await response.text());
    }
  });
  // The list was deleted elsewhere: say so here, and stop offering what
  // can no longer be done, rather than reload into a "Page not found".
  events.addEventListener('gone', () => {
    events.close();
    const notice = document.createElement('div');
    notice.id = 'id_list_gone';
    notice.className = 'alert alert-warning';
    notice.setAttribute('role', 'alert');
    notice.textContent = 'This list was deleted by its owner. ';
    const home = document.createElement('a');
    home.href = document.querySelector('.navbar-brand')?.getAttribute('href') || '/';
    home.textContent = 'Start a new list';
    notice.append(home);
    table.before(notice);
    for (const control of document.querySelectorAll('main input, main button')) {
      control.disabled = true;
    }
  });
}
