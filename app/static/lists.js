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
