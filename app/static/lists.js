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

// Live updates: when the list changes (another tab, another person, the
// API), fetch its page again and put the new table and title in place. The
// page works the same without this; EventSource reconnects by itself and
// the server catches a returning page up (Last-Event-ID).
const table = document.getElementById('id_list_table');
if (table && table.dataset.events && window.EventSource) {
  const events = new EventSource(table.dataset.events);
  events.addEventListener('changed', async () => {
    const response = await fetch(window.location.pathname, { cache: 'no-store' });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const id of ['id_list_table', 'id_list_title']) {
      const fresh = page.getElementById(id);
      const shown = document.getElementById(id);
      if (fresh && shown) {
        shown.replaceChildren(...fresh.childNodes);
      }
    }
  });
  events.addEventListener('gone', () => {
    events.close();
    window.location.reload();
  });
}
