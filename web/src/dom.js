// Building the page: elements from data, never HTML strings, so nothing an API answer holds can become markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (name === "dataset") {
      Object.assign(element.dataset, value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** The tab's title: the page's heading, then the site (the tab strip and a screen reader announce it). */
export function titlePage(heading) {
  document.title = heading ? `${heading} · Tradewind` : "Tradewind";
}

const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const price = new Intl.NumberFormat("en-US", { maximumFractionDigits: 12 });
const ratio = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/**
 * A number as decimal text with `digits` decimals, rounded half up (away from zero, as BigDecimal's HALF_UP) after
 * moving the point `shift` places right (2 for a percentage). It rounds the decimal the API sent, which String()
 * gives back for every JSON number of up to 17 significant digits, not the binary double nearest to it: 0.0115 * 100
 * is 1.1499… and (1.005).toFixed(2) is "1.00", where the API's 0.0115 is 1.2 % and 1.005 is 1.01.
 */
export function roundHalfUp(value, digits, shift = 0) {
  const [mantissa, exponent = "0"] = String(value).toLowerCase().split("e");
  const negative = mantissa.startsWith("-");
  const [whole, fraction = ""] = mantissa.replace(/^[-+]/, "").split(".");
  let all = whole + fraction;
  let point = whole.length + Number(exponent) + shift;
  if (point < 1) {
    all = "0".repeat(1 - point) + all;
    point = 1;
  }
  const keep = point + digits;
  const kept = BigInt(all.slice(0, keep).padEnd(keep, "0")) + (all.charAt(keep) >= "5" ? 1n : 0n);
  const text = kept.toString().padStart(digits + 1, "0");
  const rounded = digits ? `${text.slice(0, -digits)}.${text.slice(-digits)}` : text;
  return negative && kept !== 0n ? `-${rounded}` : rounded;
}

// Intl only groups the thousands: it gets text already rounded to its digits (read exactly, as a decimal).

/** Cash, equity and P&L: two decimals, as the API rounds them. */
export function formatMoney(value) {
  return value === null || value === undefined ? "—" : money.format(roundHalfUp(value, 2));
}

/** Prices and quantities: every digit the API sent (up to 12 decimals, as an imported fill's price may have). */
export function formatPrice(value) {
  return value === null || value === undefined ? "—" : price.format(roundHalfUp(value, 12));
}

export function formatNumber(value) {
  return value === null || value === undefined ? "—" : ratio.format(roundHalfUp(value, 4));
}

/** A probability or a return as a percentage with one decimal. */
export function formatPercent(value, digits = 1) {
  return value === null || value === undefined ? "—" : `${roundHalfUp(value, digits, 2)} %`;
}

/**
 * A time in UTC to the minute, or with `end` an end to the second, where the second matters (a cooldown that ends at
 * 16:00:27 still refuses an order at 16:00:10). An end is rounded up: its last fraction of a second still refuses
 * one, so 16:00:27.5 is 16:00:28.
 */
export function formatTime(iso, { end = false } = {}) {
  if (!iso) {
    return "—";
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  // Read from the text: a Date keeps milliseconds only, and an end at .0005 s is past the whole second too.
  if (end && /\.\d*[1-9]/.test(iso)) {
    date.setUTCMilliseconds(1000);
  }
  return `${date.toISOString().slice(0, end ? 19 : 16).replace("T", " ")} UTC`;
}

export function timeElement(iso, options) {
  return h("time", { datetime: iso }, formatTime(iso, options));
}

/** A table with a caption, header cells and rows of cells; an empty body says so. */
export function table(caption, headers, rows, { empty = "Nothing yet.", test } = {}) {
  const body = rows.length === 0
    ? [h("tr", {}, h("td", { colspan: headers.length, class: "empty" }, empty))]
    : rows;
  return h("div", { class: "table-wrap" },
    h("table", { dataset: test ? { test } : undefined },
      h("caption", {}, caption),
      h("thead", {}, h("tr", {}, headers.map((header) => h("th", { scope: "col" }, header)))),
      h("tbody", {}, body)));
}
