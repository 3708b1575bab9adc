// QMS Portal behaviour: confirmation before destructive actions, and small helpers. No inline scripts.
(function () {
  "use strict";
  // <form data-confirm="..."> or <button data-confirm="..."> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    // Validation comes before any confirmation: a form with a missing or malformed field goes to the
    // server without asking, and comes back with the errors beside the fields.
    if (message && typeof form.checkValidity === "function" && !form.checkValidity()) { return; }
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  // htmx requests that carry hx-confirm use the same browser dialog.
  document.addEventListener("htmx:confirm", function (event) {
    var message = event.detail.question;
    if (!message) { return; }
    event.preventDefault();
    if (window.confirm(message)) { event.detail.issueRequest(true); }
  });
  // After an htmx swap, put the keyboard focus where the work continues: the first field of a form that
  // was loaded, or the refreshed region itself (announced by screen readers), never lost on <body>.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target) { return; }
    if (!target.isConnected && target.id) { target = document.getElementById(target.id); }
    if (!target) { return; }
    var form = target.matches("form") ? target : target.querySelector("form");
    var field = null;
    if (form) {
      ["[autofocus]", "textarea", "input:not([type=hidden]):not([type=checkbox]):not([disabled])", "select"].some(function (selector) {
        field = form.querySelector(selector);
        return field !== null;
      });
    }
    if (field) { field.focus(); return; }
    if (!target.contains(document.activeElement) || document.activeElement === document.body) {
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus({ preventScroll: true });
    }
  });
})();
