import { api } from "../api.js";
import { candleChart } from "../charts.js";
import { formatNumber, formatPercent, formatPrice, h, replace, roundHalfUp, table, timeElement } from "../dom.js";
import { badge, facts, field, input, pagedPanel, panel, select } from "../ui.js";

const PAGE = 50;

/** The catalog: search by symbol or name, filter by class, page with the API's cursor. */
export function marketsView() {
  const results = h("div", { "aria-live": "polite" });
  const query = input("query", { type: "search", placeholder: "BTC, Apple …", autocomplete: "off" });
  const assetClass = select("class", [["", "All"], ["crypto", "Crypto"], ["stock", "Stocks"]]);
  let timer = null;
  const search = () => {
    const params = new URLSearchParams({ limit: PAGE });
    if (query.value.trim()) {
      params.set("query", query.value.trim());
    }
    if (assetClass.value) {
      params.set("class", assetClass.value);
    }
    replace(results, catalogPage(params));
  };
  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  assetClass.addEventListener("change", search);
  search();
  return h("div", {},
    h("h1", {}, "Markets"),
    h("form", { role: "search", class: "inline", onsubmit: (e) => { e.preventDefault(); search(); } },
      field("Search the catalog", query), field("Class", assetClass)),
    results);
}

function catalogPage(params) {
  return pagedPanel(null, `/v1/assets?${params}`, (page) => table("Instruments",
    ["Symbol", "Name", "Class", "Exchange", "Interval"],
    page.items.map((asset) => h("tr", {},
      h("td", {}, h("a", { href: `#/markets/${encodeURIComponent(asset.symbol)}` }, asset.symbol)),
      h("td", {}, asset.name), h("td", {}, asset.class), h("td", {}, asset.exchange), h("td", {}, asset.interval))),
    { empty: "No instrument matches.", test: "catalog" }), { test: "catalog-page" });
}

/** One instrument: price and staleness, candles with the forecast's ranges, the forecast, the tracked accuracy. */
export function instrumentView({ args: [symbol] }) {
  const path = `/v1/assets/${encodeURIComponent(symbol)}`;
  const chartArea = h("div", { class: "chart", dataset: { test: "candle-chart" } });
  const forecastPanel = panel("Forecast", () => api("GET", `${path}/forecast`), (forecast) => {
    chartPanel.forecast = forecast;
    drawChart();
    return forecastFacts(forecast);
  }, { test: "forecast" });
  const chartPanel = panel("Candles", () => api("GET", `${path}/candles?limit=120&order=newest`), (page) => {
    chartPanel.candles = page.candles.slice().reverse();
    drawChart();
    return [chartArea, h("p", { class: "hint" },
      "Latest 120 closed bars. Shaded: the forecast's 80 % (darker) and 95 % price ranges until they resolve.")];
  }, { test: "candles" });
  // Drawn after layout, so the chart takes the panel's width; again when the forecast's ranges arrive.
  function drawChart() {
    if (!chartPanel.candles) {
      return;
    }
    requestAnimationFrame(() => {
      if (chartPanel.candles.length === 0) {
        replace(chartArea, h("p", { class: "empty" }, "No candles stored yet."));
        return;
      }
      candleChart(chartArea, chartPanel.candles, chartPanel.forecast ? chartPanel.forecast.range : null);
    });
  }
  return h("div", {},
    h("h1", {}, symbol),
    panel(null, () => api("GET", path), assetFacts, { test: "asset" }),
    h("div", { class: "columns" }, chartPanel, forecastPanel),
    h("div", { class: "columns" },
      panel("Indicators", () => api("GET", `${path}/indicators?names=rsi,macd,bollinger,atr&limit=1`), indicatorFacts,
        { test: "indicators" }),
      panel("Tracked accuracy", () => api("GET", `${path}/accuracy`), accuracyFacts, { test: "accuracy" })));
}

function assetFacts(asset) {
  const change = asset.change || {};
  return [
    h("p", { class: "lead" }, `${asset.name} · ${asset.class} · ${asset.exchange} · ${asset.interval} bars`),
    facts([
      ["Price", h("span", {}, formatPrice(asset.price), " ", asset.quoteCurrency || ""), "price"],
      ["Change", change.percent === undefined ? "—"
        : `${formatPrice(change.absolute)} (${roundHalfUp(change.percent, 2)} %) over ${change.period}`, "change"],
      ["Latest candle", timeElement(asset.latestCandle ? asset.latestCandle.closeTime : asset.latestCandleTime)],
      ["Data", staleness(asset), "staleness"],
    ]),
  ];
}

/** Whether the latest closed candle is still the newest one expected; an instrument may have none yet. */
function staleness(asset) {
  if (!asset.staleAfter) {
    return badge("no closed candle yet", "warn");
  }
  return asset.stale ? badge(["stale since ", timeElement(asset.staleAfter)], "warn")
    : h("span", {}, "fresh until ", timeElement(asset.staleAfter));
}

function forecastFacts(forecast) {
  const range = forecast.range || {};
  const volatility = forecast.volatility;
  return [
    h("p", { class: "signal-line" },
      badge(forecast.signal, forecast.signal.toLowerCase()),
      forecast.lowConfidence ? badge("low confidence", "warn") : null,
      forecast.stale ? badge("stale data", "warn") : null),
    facts([
      ["P(up)", formatPercent(forecast.probabilityUp), "probability-up"],
      ["Confidence", formatPercent(forecast.confidence), "confidence"],
      ["Horizon", h("span", {}, `${forecast.horizon.bars} × ${forecast.horizon.interval}, resolves `,
        timeElement(forecast.horizon.resolvesAt))],
      ["Price at forecast", formatPrice(forecast.price)],
      range["80"] ? ["80 % range", `${formatPrice(range["80"].low)} – ${formatPrice(range["80"].high)}`, "range-80"] : null,
      range["95"] ? ["95 % range", `${formatPrice(range["95"].low)} – ${formatPrice(range["95"].high)}`, "range-95"] : null,
      volatility ? ["Volatility", `${formatPercent(volatility.annualized)} annualised; ${formatPercent(volatility.horizon, 2)} over ${volatility.horizonBars} bars`, "volatility"] : null,
      ["Model", forecast.model.version],
      ["As of", timeElement(forecast.asOfClose || forecast.asOf)],
    ]),
    forecast.volatilityUnavailable ? h("p", { class: "hint" },
      `No volatility or price ranges: ${forecast.volatilityUnavailable.reason}`) : null,
    forecast.range && forecast.range.targetsMissed && forecast.range.targetsMissed.length
      ? h("p", { class: "hint" }, `The range model missed its own targets: ${forecast.range.targetsMissed.join(", ")}.`)
      : null,
    volatility && volatility.targetsMissed && volatility.targetsMissed.length
      ? h("p", { class: "hint" }, `The volatility model missed its own targets: ${volatility.targetsMissed.join(", ")}.`)
      : null,
  ];
}

/** The latest closed bar's indicators, computed as the model's features are (docs/market-data.md). */
function indicatorFacts(answer) {
  const point = answer.points[answer.points.length - 1];
  if (!point) {
    return h("p", { class: "empty" }, "No closed bars yet.");
  }
  const macd = point.macd || {};
  const bands = point.bollinger || {};
  return [
    facts([
      ["Bar", timeElement(point.openTime)],
      ["RSI (14)", formatNumber(point.rsi), "rsi"],
      ["MACD (12, 26, 9)", `${formatNumber(macd.macd)}, signal ${formatNumber(macd.signal)}, histogram ${formatNumber(macd.histogram)}`, "macd"],
      ["Bollinger (20, 2)", `${formatPrice(bands.lower)} – ${formatPrice(bands.upper)}, %B ${formatNumber(bands.percentB)}`, "bollinger"],
      ["ATR (14)", formatPrice(point.atr)],
    ]),
    h("p", { class: "hint" }, `Each over the ${answer.windowBars} bars ending at the bar, as the model's features.`),
  ];
}

function accuracyFacts(accuracy) {
  const model = accuracy.model || {};
  const baseRate = (accuracy.baselines || {}).baseRate || {};
  const range = accuracy.range || {};
  const coverage = (level) => {
    const r = range[level];
    return r && r.resolved ? `${formatPercent(r.inside / r.resolved)} inside (nominal ${formatPercent(r.nominal, 0)}, ${r.resolved} resolved)` : "none resolved yet";
  };
  return [
    facts([
      ["Window", `${accuracy.window.span}, ${accuracy.predictions} predictions`, "accuracy-predictions"],
      ["Resolved", `${accuracy.resolved} (pending ${accuracy.pending}, unresolvable ${accuracy.unresolvable})`, "accuracy-resolved"],
      ["Hit rate", model.count ? `${formatPercent(model.hitRate)} (base rate ${formatPercent(baseRate.hitRate)})` : "—", "hit-rate"],
      ["Brier score", model.count ? `${formatNumber(model.brier)} (base rate ${formatNumber(baseRate.brier)})` : "—"],
      ["80 % range", coverage("80")],
      ["95 % range", coverage("95")],
    ]),
    accuracy.resolved === 0 ? h("p", { class: "hint" },
      "No prediction of this instrument has resolved yet: accuracy appears once their horizons pass.") : null,
  ];
}

