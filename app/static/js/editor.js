// The editors' own script (the pages work without it): the preview follows what is typed,
// the draft saves itself when typing pauses, and a publish or discard button counts once.
// A save refused because a colleague saved first stops autosaving and shows their changes;
// the trainer's text stays in the form, and "Save mine on top" saves it as a normal form.
(function () {
  "use strict";

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[data-once]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
        button.disabled = true;
      });
    });
  });
  var shownStale = document.getElementById("stale-notice");
  if (shownStale) shownStale.focus();

  var form = document.getElementById("editor-form");
  if (!form || !window.fetch || !window.FormData) return;

  var PREVIEW_DELAY = 400; // ms after the last key
  var SAVE_DELAY = 1500;
  var status = document.getElementById("save-status");
  var previewBody = document.querySelector("[data-preview-body]");
  var part = form.getAttribute("data-part");
  var previewTimer = null;
  var saveTimer = null;
  var saving = false;
  var dirty = false;
  var paused = Boolean(shownStale); // after a refused save, saving again is the trainer's call
  var previewNumber = 0;

  function say(text) {
    if (status) status.textContent = text;
  }

  function clock(iso) {
    try {
      return new Date(iso).toLocaleTimeString("ja-JP", {
        timeZone: "Asia/Tokyo",
        hour: "2-digit",
        minute: "2-digit",
        hour12: false,
      });
    } catch (error) {
      return iso;
    }
  }

  function savedText(answer) {
    var template = status ? status.getAttribute("data-saved-text") : "";
    var name = answer.saved_by ? answer.saved_by.display_name : "";
    return template.replace("{time}", clock(answer.saved_at)).replace("{name}", name);
  }

  function setHidden(name, value) {
    var input = form.querySelector('input[type="hidden"][name="' + name + '"]');
    if (input) input.value = value === null || value === undefined ? "" : String(value);
  }

  // --- the preview ---------------------------------------------------------------------

  function refreshPreview() {
    var url = form.getAttribute("data-preview-url");
    if (!url || !previewBody) return;
    var number = ++previewNumber;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        // Only the answer to the latest request: an earlier one may arrive after it.
        if (html !== null && number === previewNumber) previewBody.innerHTML = html;
      })
      .catch(function () {});
  }

  // --- problems beside their fields ----------------------------------------------------

  function showProblems(problems) {
    var lineText = status ? status.getAttribute("data-line-text") : "{n}:";
    form.querySelectorAll("[data-problems-for]").forEach(function (slot) {
      slot.textContent = "";
      slot.hidden = true;
      var field = document.getElementById(slot.getAttribute("data-problems-for"));
      if (field && field.matches("input, textarea, select")) field.removeAttribute("aria-invalid");
    });
    var mine = problems.filter(function (problem) {
      return problem.part === part;
    });
    mine.forEach(function (problem) {
      if (!problem.field) return;
      var slot = null;
      form.querySelectorAll("[data-problems-for]").forEach(function (candidate) {
        if (candidate.getAttribute("data-problems-for") === problem.field) slot = candidate;
      });
      if (!slot) return;
      var words = problem.body_line
        ? lineText.replace("{n}", problem.body_line) + " " + problem.message
        : problem.message;
      slot.textContent = slot.textContent ? slot.textContent + " " + words : words;
      slot.hidden = false;
      var field = document.getElementById(problem.field);
      if (field && field.matches("input, textarea, select")) field.setAttribute("aria-invalid", "true");
    });
    var summary = document.getElementById("problem-summary");
    var list = document.getElementById("problem-list");
    if (!summary || !list) return;
    list.textContent = "";
    mine.forEach(function (problem) {
      var item = document.createElement("li");
      if (problem.field) {
        var link = document.createElement("a");
        link.href = "#" + problem.field;
        link.textContent = problem.body_line
          ? lineText.replace("{n}", problem.body_line) + " " + problem.message
          : problem.message;
        item.appendChild(link);
      } else {
        item.textContent = problem.text;
      }
      list.appendChild(item);
    });
    var others = summary.querySelector("p a");
    summary.hidden = mine.length === 0 && !others;
  }

  // --- a save refused: what the colleague changed --------------------------------------

  function diffTable(diff, caption, words) {
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption);
    var table = document.createElement("table");
    table.className = "diff-table";
    var title = table.createCaption();
    title.textContent = caption;
    var head = table.createTHead().insertRow();
    [words.before, words.after].forEach(function (text) {
      var cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = text;
      head.appendChild(cell);
    });
    var body = table.createTBody();
    diff.rows.forEach(function (row) {
      var line = body.insertRow();
      line.className = "diff-row diff-row--" + row.kind;
      if (row.kind === "folded") {
        var folded = line.insertCell();
        folded.colSpan = 2;
        folded.textContent = words.folded.replace("{n}", row.skipped);
        return;
      }
      [
        [row.left, words.removed, row.kind === "removed" || row.kind === "changed"],
        [row.right, words.added, row.kind === "added" || row.kind === "changed"],
      ].forEach(function (side) {
        var cell = line.insertCell();
        if (side[0] === null || side[0] === undefined) return;
        if (side[2]) {
          var mark = document.createElement("span");
          mark.className = "visually-hidden";
          mark.textContent = side[1] + " ";
          cell.appendChild(mark);
        }
        cell.appendChild(document.createTextNode(side[0]));
      });
    });
    wrap.appendChild(table);
    return wrap;
  }

  function showStale(answer) {
    paused = true;
    setHidden("revision", answer.revision);
    setHidden("draft", answer.draft);
    var template = document.getElementById("stale-template");
    if (!template) return;
    var old = document.getElementById("stale-notice");
    if (old) old.remove();
    var notice = template.content.firstElementChild.cloneNode(true);
    notice.id = "stale-notice";
    var message = notice.querySelector("[data-message]");
    var name = answer.saved_by ? answer.saved_by.display_name : "";
    message.textContent = message
      .getAttribute("data-message")
      .replace("{name}", name)
      .replace("{time}", clock(answer.saved_at));
    var words = {
      before: template.getAttribute("data-before"),
      after: template.getAttribute("data-after"),
      added: template.getAttribute("data-added"),
      removed: template.getAttribute("data-removed"),
      folded: template.getAttribute("data-folded"),
    };
    var tables = notice.querySelector("[data-diffs]");
    if (answer.changes.module.changed)
      tables.appendChild(diffTable(answer.changes.module, template.getAttribute("data-module"), words));
    if (answer.changes.quiz.changed)
      tables.appendChild(diffTable(answer.changes.quiz, template.getAttribute("data-quiz"), words));
    if (status) status.after(notice);
    say(template.getAttribute("data-status"));
    notice.focus();
  }

  // --- autosave ------------------------------------------------------------------------

  function save(keepalive) {
    var url = form.getAttribute("data-autosave-url");
    if (!url || paused || !dirty) return;
    if (saving) {
      schedule();
      return;
    }
    saving = true;
    dirty = false;
    var data = new FormData(form);
    data.append("autosave", "1");
    say(status ? status.getAttribute("data-saving-text") : "");
    fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: Boolean(keepalive) })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return null;
          })
          .then(function (answer) {
            return { status: response.status, answer: answer };
          });
      })
      .then(function (result) {
        saving = false;
        if (result.status === 200 && result.answer) {
          setHidden("revision", result.answer.revision);
          setHidden("draft", result.answer.draft);
          say(savedText(result.answer));
          showProblems(result.answer.problems || []);
          if (part === "quiz") refreshPreview();
        } else if (result.status === 409 && result.answer && result.answer.error === "stale") {
          dirty = true; // theirs is saved, not this text
          showStale(result.answer);
        } else {
          dirty = true;
          say(status ? status.getAttribute("data-failed-text") : "");
        }
      })
      .catch(function () {
        saving = false;
        dirty = true;
        say(status ? status.getAttribute("data-failed-text") : "");
      });
  }

  function schedule() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY);
  }

  function changed() {
    dirty = true;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, PREVIEW_DELAY);
    if (!paused) schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  var audience = document.getElementById("audience");
  if (audience && audience.form === form) audience.addEventListener("change", refreshPreview);
  form.addEventListener("submit", function () {
    // The form saves itself now: no autosave on top of it.
    clearTimeout(saveTimer);
    paused = true;
  });
  // Leaving the tab (or closing it): save what is typed at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && dirty && !paused) {
      clearTimeout(saveTimer);
      save(true);
    }
  });
})();
