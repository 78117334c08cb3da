// The one inline script of every page: F1 (and the Help link) open the help topic of the focused field, else the page's.
// Browsers reserve F1 for their own help unless the page handles keydown and calls preventDefault (ecosystem.md 1.2).
export const HELP_SCRIPT = `(function () {
  function topic() {
    var el = document.activeElement;
    while (el && el !== document.body) {
      if (el.getAttribute && el.getAttribute('data-help')) return el.getAttribute('data-help');
      el = el.parentElement;
    }
    return document.body.getAttribute('data-help') || 'index';
  }
  function open() {
    var lang = document.body.getAttribute('data-lang') || 'ru';
    window.location.href = '/help/' + encodeURIComponent(topic()) + '?lang=' + lang + '&from=' + encodeURIComponent(location.pathname + location.search);
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'F1' || e.keyCode === 112) { e.preventDefault(); open(); }
  });
  // Chromium also fires its own help on F1 through 'help' in some builds: stop it the same way.
  window.addEventListener('help', function (e) { e.preventDefault(); open(); });
  var link = document.getElementById('help-link');
  if (link) link.addEventListener('click', function (e) { e.preventDefault(); open(); });
  document.querySelectorAll('[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) { if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault(); });
  });
  document.querySelectorAll('input[data-select-all]').forEach(function (box) {
    box.addEventListener('change', function () {
      document.querySelectorAll('input[name="' + box.getAttribute('data-select-all') + '"]').forEach(function (b) { b.checked = box.checked; });
    });
  });
})();`;
