// Disable the submit button after the first click; the server records one attempt anyway.
(function () {
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[data-once]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.disabled = true;
      });
    });
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
  // Back to a quiz page kept whole in the browser's memory (bfcache): fetch it afresh, so a
  // submitted attempt's answers are never shown ticked as if they could be sent again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
})();
