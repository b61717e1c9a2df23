// Panels that load, fail and retry the same way everywhere; forms that show each API error where it belongs.
import { ApiError, api, withCursor } from "./api.js";
import { h, replace } from "./dom.js";

/**
 * A mistake the page catches before asking the API (a missing file): shown like the API's own messages, with any
 * `details` under the fields they name.
 */
export class UserError extends Error {
  constructor(message, details = []) {
    super(message);
    this.details = details;
  }
}

/** The API's message, the code, and the request id to quote when reporting it. */
export function errorBox(error, retry) {
  const apiError = error instanceof ApiError;
  const message = apiError || error instanceof UserError ? error.message
    : "Something went wrong in the page: " + error.message;
  return h("div", { class: "error", role: "alert", dataset: { test: "error" } },
    h("p", {}, message),
    apiError && error.retryAfter > 0 ? h("p", {}, `Try again in ${waitTime(error.retryAfter)}.`) : null,
    apiError && error.code ? h("p", { class: "meta" }, `${error.code}${error.requestId ? ` · request ${error.requestId}` : ""}`) : null,
    retry ? h("button", { type: "button", onclick: retry }, "Try again") : null);
}

/**
 * Shows the error right after `control` (a button), in place of the one shown there before, so that pressing it again
 * after a failure does not pile the errors up.
 */
export function errorAfter(control, error) {
  const box = errorBox(error);
  const shown = control.nextElementSibling;
  if (shown && shown.dataset.test === "error") {
    shown.replaceWith(box);
  } else {
    control.after(box);
  }
}

/**
 * Runs `load`, which puts what it read in the page (a form's choices); on failure, `showError` places the error,
 * whose "Try again" removes it and runs `load` again.
 */
export function loadWithRetry(load, showError) {
  const run = () => load().catch((error) => {
    const failed = errorBox(error, () => {
      failed.remove();
      run();
    });
    showError(failed);
  });
  run();
}

/** A wait as a person reads it, rounded up (a sign-in lockout lasts 1 min to 1 h): "45 s", "15 min", "1 h 5 min". */
function waitTime(seconds) {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  return minutes % 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes / 60} h`;
}

/** A section whose content comes from the API: "Loading…", then the content or the error with a retry. */
export function panel(title, load, render, { test, level = "h2" } = {}) {
  const body = h("div", { class: "panel-body", "aria-live": "polite", tabindex: "-1" });
  const section = h("section", { class: "panel", dataset: test ? { test } : undefined },
    title ? h(level, {}, title) : null, body);
  // A reload started while another is running wins: the older answer is dropped, never drawn over the newer.
  let latest = 0;
  const run = async () => {
    const generation = ++latest;
    // Focus on a control the redraw removes (its "Try again") would fall to <body>, the top of the page: the panel
    // keeps it while it loads and hands it to its first link or button once drawn.
    const hadFocus = body.contains(document.activeElement);
    // A reload keeps the height of what it replaces until its answer is drawn: a panel that shrank to "Loading…"
    // would pull everything below it up and push it back down, under the pointer of someone about to click there.
    if (!body.hasAttribute("aria-busy") && body.hasChildNodes()) {
      body.style.minHeight = `${body.offsetHeight}px`;
    }
    body.setAttribute("aria-busy", "true");
    replace(body, h("p", { class: "loading" }, "Loading…"));
    if (hadFocus) {
      body.focus({ preventScroll: true });
    }
    let content;
    try {
      const loaded = await load();
      // An older answer is not rendered at all: a render may take what it shows once (a refused cancel's message).
      if (generation !== latest) {
        return;
      }
      content = render(loaded, run);
    } catch (error) {
      content = errorBox(error, run);
    }
    if (generation === latest) {
      replace(body, content);
      body.removeAttribute("aria-busy");
      body.style.minHeight = "";
      if (document.activeElement === body) {
        (body.querySelector("a[href], button") || body).focus({ preventScroll: true });
      }
    }
  };
  section.reload = run;
  run();
  return section;
}

/**
 * A list route a page at a time: the first page drawn by `render` in a panel, and while the API has more, a "More"
 * button that puts the next page in its place. The focus goes with it: to the next page's first link once drawn.
 */
export function pagedPanel(title, path, render, { test } = {}, cursor = null) {
  return panel(title, () => pageWithItems(path, cursor), (page) => [render(page),
    page.nextCursor ? h("button", {
      type: "button",
      onclick: (event) => {
        const next = pagedPanel(null, path, render, { test }, page.nextCursor);
        event.target.replaceWith(next);
        next.querySelector(".panel-body").focus({ preventScroll: true });
      },
    }, "More") : null], { test });
}

/**
 * The page at `cursor`, or the first after it that holds items: a page may hold none and still have a nextCursor,
 * "more may follow" (docs/api.md#paging), which an empty table would wrongly call the end of the list.
 */
async function pageWithItems(path, cursor) {
  let page;
  do {
    page = await api("GET", withCursor(path, cursor));
    cursor = page.nextCursor;
  } while (page.items.length === 0 && cursor);
  return page;
}

/** Under a list that `everything` cut off: what the page shows of it, so that nothing missing passes unnoticed. */
export function cutNote(list, what) {
  return list.cut ? h("p", { class: "hint", dataset: { test: "list-cut" } },
    `Only the ${list.items.length.toLocaleString("en-US")} ${what} are shown: the page reads no further.`) : null;
}

let fieldIds = 0;

/** A labelled control; the label, any hint and any field error are tied to it for screen readers. */
export function field(label, control, hint) {
  const id = control.id || `field-${++fieldIds}`;
  control.id = id;
  const error = h("p", { class: "field-error", id: `${id}-error`, hidden: true });
  control.setAttribute("aria-describedby", hint ? `${id}-hint ${id}-error` : `${id}-error`);
  return h("div", { class: "field", dataset: { field: control.name || "" } },
    h("label", { for: id }, label), control, hint ? h("p", { class: "hint", id: `${id}-hint` }, hint) : null, error);
}

/**
 * Submits once at a time (the button is disabled while a request runs), clears old errors, and shows an API error's
 * field details under the fields they name and the message above the button.
 */
export function form(attributes, children, submit) {
  const status = h("div", { class: "form-status", "aria-live": "polite" });
  const button = h("button", { type: "submit" }, attributes.submitLabel || "Submit");
  const element = h("form", { ...attributes, submitLabel: undefined, novalidate: true }, children, status, button);
  element.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (button.disabled) {
      return;
    }
    element.querySelectorAll(".field-error").forEach((p) => {
      p.hidden = true;
      p.textContent = "";
    });
    element.querySelectorAll("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
    replace(status);
    button.disabled = true;
    element.setAttribute("aria-busy", "true");
    try {
      const message = await submit(new FormData(element), element);
      if (message) {
        replace(status, h("p", { class: "ok", role: "status" }, message));
      }
    } catch (error) {
      showFieldErrors(element, error);
      replace(status, errorBox(error));
    } finally {
      button.disabled = false;
      element.removeAttribute("aria-busy");
    }
  });
  return element;
}

function showFieldErrors(element, error) {
  for (const detail of (error && error.details) || []) {
    const name = String(detail.field || "").split(/[.[]/)[0];
    const control = name ? element.querySelector(`[name="${CSS.escape(name)}"]`) : null;
    if (control) {
      control.setAttribute("aria-invalid", "true");
      const p = element.querySelector(`#${CSS.escape(control.id)}-error`);
      if (p) {
        p.textContent = detail.message || "invalid";
        p.hidden = false;
      }
    }
  }
}

export function input(name, attributes = {}) {
  return h("input", { name, ...attributes });
}

export function select(name, options, attributes = {}) {
  return h("select", { name, ...attributes },
    options.map((option) => {
      const [value, label] = Array.isArray(option) ? option : [option, option];
      return h("option", { value, selected: value === attributes.value }, label);
    }));
}

export function badge(text, kind) {
  return h("span", { class: `badge ${kind || ""}`.trim() }, text);
}

/** Key facts as a definition list: [label, value, test id]. */
export function facts(rows) {
  return h("dl", { class: "facts" }, rows.filter(Boolean).map(([label, value, test]) => [
    h("dt", {}, label), h("dd", { dataset: test ? { test } : undefined }, value)]));
}
