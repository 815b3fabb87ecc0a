'use strict';

// Clear a field's error marking as soon as the user types in it again.
for (const id of ['id_text', 'id_sharee']) {
  const input = document.getElementById(id);
  if (input) {
    input.addEventListener('input', () => input.classList.remove('is-invalid'));
  }
}
