// Open a module at the learner's next unread section, unless the address already names one.
(function () {
  var sections = document.querySelector("[data-resume]");
  if (!sections || window.location.hash) return;
  var key = sections.getAttribute("data-resume");
  var target = key && document.getElementById(key);
  if (target) {
    target.scrollIntoView();
    target.focus({ preventScroll: true });
  }
})();
