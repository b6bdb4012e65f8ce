// Behaviour shared by every page, kept out of the templates: the Content-Security-Policy
// runs no inline script and no onchange="…" attribute.

// <select data-autosubmit>: choosing a term, a year or a status reloads the page for it.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});
