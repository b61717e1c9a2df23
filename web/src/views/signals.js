import { api } from "../api.js";
import { formatNumber, formatPercent, formatPrice, h, table, timeElement } from "../dom.js";
import { badge, facts, panel } from "../ui.js";

/** Every instrument's current signal, ranked by the API (strongest first). */
export function signalsView() {
  return h("div", {},
    h("h1", {}, "Signals"),
    // 100 is the most the API lists (20 without a limit); `ranked` counts them all, listed or not.
    panel(null, () => api("GET", "/v1/signals?limit=100"), (answer) => [
      h("p", { class: "lead" }, "As of ", timeElement(answer.asOf), `: ${answer.ranked} instruments ranked`,
        answer.signals.length < answer.ranked ? `, the strongest ${answer.signals.length} shown.` : "."),
      table("Signals, strongest first", ["#", "Symbol", "Signal", "P(up)", "Confidence", "Price", "Bar", "Resolves"],
        answer.signals.map((s) => h("tr", { dataset: { symbol: s.symbol } },
          h("td", {}, s.rank),
          h("td", {}, h("a", { href: `#/markets/${encodeURIComponent(s.symbol)}` }, s.symbol)),
          h("td", {}, badge(s.signal, s.signal.toLowerCase()), s.lowConfidence ? badge("low confidence", "warn") : null,
            s.stale ? badge("stale", "warn") : null),
          h("td", { class: "num" }, formatPercent(s.probabilityUp)),
          h("td", { class: "num" }, formatPercent(s.confidence)),
          h("td", { class: "num" }, formatPrice(s.price)),
          h("td", {}, timeElement(s.asOf)),
          h("td", {}, timeElement(s.resolvesAt)))),
        { empty: "No signals yet: the forecasts appear once market data is ingested.", test: "signals" }),
      answer.excluded && answer.excluded.length
        ? h("p", { class: "hint" }, `Not ranked: ${answer.excluded.map((e) => e.symbol || e).join(", ")}.`) : null,
      answer.unavailable && answer.unavailable.length
        ? h("p", { class: "hint", dataset: { test: "signals-unavailable" } }, "Not ranked, their model is unavailable: ",
          answer.unavailable.map((u) => `every ${u.interval} instrument (${u.reason})`).join(", "), ".") : null,
    ], { test: "signals-panel" }));
}

/** The model cards: what each model predicts, on which data, whether it earned serving, and how it was judged. */
export function modelsView() {
  return h("div", {},
    h("h1", {}, "Model cards"),
    panel(null, () => api("GET", "/v1/model"), (answer) => [
      answer.signalPolicy ? h("p", { class: "lead" }, `Signals: BUY when P(up) ≥ ${answer.signalPolicy.buyAt}, SELL when`
        + ` P(up) ≤ ${answer.signalPolicy.sellAt}, otherwise (and always on stale data) HOLD. A low-confidence model's`
        + ` confidence is capped at ${answer.signalPolicy.lowConfidenceCeiling}.`) : null,
      answer.models.map(modelCard),
      answer.failures && answer.failures.length
        ? h("p", { class: "error" }, `Models that could not be loaded: ${answer.failures.map((f) => f.family || JSON.stringify(f)).join(", ")}`)
        : null,
    ], { test: "models" }));
}

function modelCard(model) {
  const decision = model.decision || {};
  const gain = decision.walkForwardLogLossGain;
  return h("article", { class: "card", dataset: { test: "model-card" } },
    h("h2", {}, model.family, " ", model.served === "model" ? badge("model served")
      : badge("base rate served", "warn")),
    h("p", {}, model.description),
    h("p", { class: "hint" }, model.lowConfidenceReason),
    facts([
      ["Version", model.version],
      ["Trained on", (model.data && model.data.sources || []).map((s) => `${s.symbol} (${s.candles} candles, ${s.firstOpen.slice(0, 10)} – ${s.lastOpen.slice(0, 10)})`).join("; ")],
      gain ? ["Walk-forward log-loss gain", `${formatNumber(gain.mean)} (95 % CI ${formatNumber(gain.ci95Low)} to ${formatNumber(gain.ci95High)})`] : null,
      ["Serving rule", decision.rule],
      ["Reproduce", h("code", {}, model.reproduce)],
    ]),
    h("details", {}, h("summary", {}, "Full card (evaluation, features, targets)"),
      h("pre", {}, JSON.stringify(model, null, 2))));
}
