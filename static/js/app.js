// QMS Portal behaviour: confirmation before destructive actions, and small helpers. No inline scripts.
(function () {
  "use strict";
  // <form data-confirm="..."> or <button data-confirm="..."> asks before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
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
