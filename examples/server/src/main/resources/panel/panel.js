// The operator's panel. A form marked "confirm" asks first (its data-confirm text). A page
// showing agents' states (a table with data-home) is fetched again every 5 s (its own address, by GET), unless a form on
// it is being filled in. Every change is a plain form POST carrying the CSRF token.
(function () {
  'use strict';
  document.querySelectorAll('form.confirm').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      if (!window.confirm(form.getAttribute('data-confirm'))) { e.preventDefault(); }
    });
  });
  // the panel's own tables of agents (data-home); the wallboard's live by push instead
  var live = document.querySelector('table[data-home]');
  if (!live) { return; }
  var home = live.getAttribute('data-home');
  var editing = false;
  document.addEventListener('input', function () { editing = true; });
  setInterval(function () {
    if (!editing && document.visibilityState === 'visible') { window.location.assign(home); }
  }, 5000);
})();
