import { api, everything } from "../api.js";
import { formatNumber, formatPercent, h, replace, table, timeElement } from "../dom.js";
import { UserError, cutNote, facts, field, form, input, loadWithRetry, select } from "../ui.js";

/** Portfolio construction: weights for chosen instruments from their covariance (POST /v1/portfolio/optimize). */
export function allocateView() {
  const choices = h("fieldset", { class: "emotions", dataset: { test: "allocation-symbols" } },
    h("legend", {}, "Instruments (one bar interval: hourly crypto or daily stocks)"));
  // Every page of the catalog: its first page alone would leave out, unsaid, the instruments listed after it.
  loadWithRetry(() => everything("/v1/assets?limit=100", 1000).then((list) => {
    choices.append(...list.items.map((asset) => h("label", {},
      input("symbols", { type: "checkbox", value: asset.symbol }), ` ${asset.symbol} (${asset.interval})`)));
    if (list.cut) {
      choices.append(cutNote(list, "first instruments of the catalog"));
    }
  }), (failed) => choices.append(failed));
  const result = h("div", { "aria-live": "polite" });
  const allocate = form({ submitLabel: "Optimise", dataset: { test: "allocate" } }, [
    choices,
    field("Method", select("method", [["min-variance", "Minimum variance"], ["risk-parity", "Risk parity"],
      ["max-sharpe", "Maximum Sharpe (expected returns shrunk toward zero)"]])),
    field("Lookback, bars (optional)", input("lookback", { inputmode: "numeric" }),
      "30 to 2000; default 720 hourly or 252 daily bars."),
    field("Largest weight (optional)", input("maxWeight", { inputmode: "decimal", placeholder: "e.g. 0.5" })),
  ], async (data) => {
    const symbols = data.getAll("symbols");
    if (symbols.length < 2) {
      throw new UserError("Choose at least two instruments.");
    }
    const body = { symbols, method: data.get("method") };
    for (const [name, rule, example] of [["lookback", /^\d+$/, "720"], ["maxWeight", /^\d*\.?\d+$/, "0.5"]]) {
      const text = data.get(name).trim();
      // The API takes these as JSON numbers only, and Number() would make "0,5" NaN, sent as null: no cap at all.
      if (text && !rule.test(text)) {
        const message = `${name} must be a number such as ${example}`;
        throw new UserError(message, [{ field: name, message }]);
      }
      if (text) {
        body[name] = Number(text);
      }
    }
    replace(result, allocation(await api("POST", "/v1/portfolio/optimize", { body })));
  });
  return h("div", {},
    h("h1", {}, "Allocate"),
    h("p", { class: "lead" }, "Long-only weights from the covariance of the instruments' closed bars (Ledoit–Wolf "
      + "shrinkage). A paper exercise: nothing is traded."),
    h("section", { class: "panel" }, allocate),
    result);
}

function allocation(a) {
  return h("section", { class: "panel", dataset: { test: "allocation" } },
    h("h2", {}, `${a.method} over ${a.observations} returns`),
    facts([
      ["Bars", h("span", {}, timeElement(a.from), " to ", timeElement(a.to), ` (${a.interval})`)],
      ["Expected volatility", formatPercent(a.expectedVolatility), "allocation-volatility"],
      ["Diversification ratio", formatNumber(a.diversificationRatio)],
      ["Covariance shrinkage", formatNumber(a.shrinkage)],
      a.expectedSharpe !== undefined ? ["Sharpe (in-sample)", formatNumber(a.expectedSharpe)] : null,
      a.returnShrinkage !== undefined ? ["Expected returns kept", formatPercent(a.returnShrinkage)] : null,
    ]),
    table("Weights", ["Symbol", "Weight", "Share of risk", "Volatility a year", "Expected return a year"],
      a.assets.map((asset) => h("tr", { dataset: { symbol: asset.symbol } },
        h("td", {}, asset.symbol), h("td", { class: "num" }, formatPercent(asset.weight, 2)),
        h("td", { class: "num" }, formatPercent(asset.riskContribution, 2)),
        h("td", { class: "num" }, formatPercent(asset.volatility)),
        h("td", { class: "num" }, asset.expectedReturn === undefined ? "—" : formatPercent(asset.expectedReturn)))),
      { test: "weights" }),
    a.notes.length ? h("ul", {}, a.notes.map((note) => h("li", { class: "hint" }, note))) : null);
}
