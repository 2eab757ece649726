// Forms whose fields are kept per language (title_en, title_ru, title_kk) show one
// language at a time, chosen with a row of buttons above the form, instead of every
// field three times. Each button says whether that language has text and errors.
(function () {
  "use strict";

  const FIELD_CLASS = /^mt-field-.+-([a-z]{2,3}(?:-[a-z]+)?)$/;
  // The group's name, in the editor's language, comes with the script tag.
  const LABEL = (document.currentScript && document.currentScript.dataset.label) || "Language";

  function languageOf(row) {
    for (const widget of row.querySelectorAll(".mt")) {
      for (const name of widget.classList) {
        const match = FIELD_CLASS.exec(name);
        if (match) return match[1];
      }
    }
    return null;
  }

  function filled(row) {
    return Array.from(row.querySelectorAll("input, textarea")).some(
      (field) => field.type !== "hidden" && field.value.trim() !== ""
    );
  }

  function languageName(code) {
    const reader = document.documentElement.lang || "en";
    try {
      const name = new Intl.DisplayNames([reader], { type: "language" }).of(code);
      return name.charAt(0).toLocaleUpperCase(reader) + name.slice(1);
    } catch (error) {
      return code.toUpperCase();
    }
  }

  function init() {
    const form = document.querySelector("#content-main form");
    if (!form) return;
    const rows = new Map();
    for (const row of form.querySelectorAll(".form-row")) {
      if (row.closest(".inline-group")) continue;
      const code = languageOf(row);
      if (!code) continue;
      if (!rows.has(code)) rows.set(code, []);
      rows.get(code).push(row);
    }
    if (rows.size < 2) return;

    const bar = document.createElement("div");
    bar.className = "language-tabs";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", LABEL);
    const buttons = new Map();
    for (const code of rows.keys()) {
      const button = document.createElement("button");
      button.type = "button";
      button.lang = code;
      button.dataset.language = code;
      button.addEventListener("click", () => show(code));
      buttons.set(code, button);
      bar.append(button);
    }

    function label() {
      for (const [code, button] of buttons) {
        const languageRows = rows.get(code);
        const hasText = languageRows.some(filled);
        const hasErrors = languageRows.some((row) => row.classList.contains("errors"));
        button.textContent = languageName(code) + (hasText ? " ●" : " ○") + (hasErrors ? " ⚠" : "");
        button.classList.toggle("has-errors", hasErrors);
      }
    }

    function show(code) {
      for (const [language, languageRows] of rows) {
        for (const row of languageRows) row.hidden = language !== code;
      }
      for (const [language, button] of buttons) {
        button.setAttribute("aria-pressed", String(language === code));
      }
      label();
    }

    // The marks follow what is typed (the body's editor writes to its field as it goes).
    form.addEventListener("input", label);
    form.addEventListener("change", label);

    const first = form.querySelector("fieldset");
    first.parentNode.insertBefore(bar, first);
    const withErrors = [...rows.keys()].find((code) =>
      rows.get(code).some((row) => row.classList.contains("errors"))
    );
    const reader = (document.documentElement.lang || "").split("-")[0];
    show(withErrors || (rows.has(reader) ? reader : rows.keys().next().value));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
