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
})();
