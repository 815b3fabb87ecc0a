'use strict';

// Clear the error marking as soon as the user types again.
const input = document.getElementById('id_text');
if (input) {
  input.addEventListener('input', () => input.classList.remove('is-invalid'));
}
