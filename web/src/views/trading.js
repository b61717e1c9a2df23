import { api, everything, oncePerSubmission } from "../api.js";
import { lineChart } from "../charts.js";
import { formatMoney, formatNumber, formatPercent, formatPrice, h, replace, table, timeElement, titlePage } from "../dom.js";
import { UserError, badge, cutNote, errorAfter, errorBox, facts, field, form, input, panel, select } from "../ui.js";

const EMOTIONS = ["calm", "confident", "disciplined", "bored", "anxious", "fearful", "greedy", "frustrated",
  "impatient", "euphoric", "regretful"];

export function sessionsView({ navigate }) {
  const list = panel("Your sessions", () => everything("/v1/sessions?limit=100"), (sessions) => [table("Sessions, newest first",
    ["Name", "Type", "Status", "Cash", "Trades", "Created"],
    sessions.items.map((s) => h("tr", {},
      h("td", {}, h("a", { href: `#/trading/${s.id}` }, s.name)),
      h("td", {}, s.type), h("td", {}, badge(s.status, s.status === "ACTIVE" ? "ok" : "")),
      h("td", { class: "num" }, `${formatMoney(s.cash)} ${s.currency}`),
      h("td", { class: "num" }, s.tradeCount), h("td", {}, timeElement(s.createdAt)))),
    { empty: "No sessions yet: start one below.", test: "sessions" }), cutNote(sessions, "newest sessions")],
  { test: "sessions-panel" });
  // Fees, slippage and the guardrail shape a paper session's fills; a journal records real ones, and the API
  // refuses them there.
  const type = select("type", [["PAPER", "Paper trading"], ["JOURNAL", "Journal of real trades"]]);
  const paperOnly = [
    field("Fees, bps", input("feesBps", { inputmode: "numeric", value: "10" })),
    field("Slippage, bps", input("slippageBps", { inputmode: "numeric", value: "5" })),
    h("div", { class: "field check" }, h("label", {},
      input("cooldownOnTilt", { type: "checkbox", value: "true", checked: true }),
      " Refuse orders during a behaviour cooldown")),
  ];
  type.addEventListener("change", () => paperOnly.forEach((element) => {
    element.hidden = type.value !== "PAPER";
  }));
  const createSession = oncePerSubmission();
  const create = form({ submitLabel: "Start session", dataset: { test: "create-session" } }, [
    field("Name", input("name", { required: true, maxlength: 100, value: "Paper session" })),
    field("Type", type),
    field("Starting cash (USD)", input("startingCash", { inputmode: "decimal", value: "100000" })),
    paperOnly,
  ], async (data) => {
    const body = { name: data.get("name"), type: data.get("type"), currency: "USD" };
    // Left empty, it is not sent: a journal then starts at 0, and a paper session is refused under the field.
    const startingCash = data.get("startingCash").trim();
    if (startingCash) {
      body.startingCash = startingCash;
    }
    if (body.type === "PAPER") {
      // As typed, for the API to check: Number() would make "1O" NaN, sent as null, which the API takes as 0 bps.
      for (const name of ["feesBps", "slippageBps"]) {
        const bps = data.get(name).trim();
        if (bps) {
          body[name] = bps;
        }
      }
      body.guardrails = { cooldownOnTilt: data.get("cooldownOnTilt") === "true" };
    }
    const session = await createSession("POST", "/v1/sessions", { body });
    navigate(`/trading/${session.id}`);
  });
  return h("div", {},
    h("h1", {}, "Paper trading"),
    list,
    h("section", { class: "panel" }, h("h2", {}, "Start a session"), create),
    importPanel(() => list.reload()));
}

/** Real fills from a broker's CSV into a journal (the default one, or one named), for the behaviour analysis. */
function importPanel(onImported) {
  const result = h("div", { "aria-live": "polite" });
  const upload = form({ submitLabel: "Import", dataset: { test: "import" } }, [
    field("CSV file", input("file", { type: "file", accept: ".csv,text/csv", required: true }),
      "Columns time,symbol,side,quantity,price,fees (any order), optionally id; at most 2,000 rows and 512 KiB."),
    field("Journal session id (optional)", input("sessionId", { autocomplete: "off" }),
      "Empty: your default journal \"Imported trades\"."),
  ], async (data) => {
    const file = data.get("file");
    if (!file || !file.size) {
      throw new UserError("Choose a CSV file first.");
    }
    const sessionId = (data.get("sessionId") || "").trim();
    const answer = await api("POST", `/v1/trades/import${sessionId ? `?sessionId=${encodeURIComponent(sessionId)}` : ""}`,
      { body: await file.text(), contentType: "text/csv" });
    replace(result, importResult(answer));
    onImported();
    return `Imported ${answer.acceptedCount} of ${answer.rows} rows.`;
  });
  return h("section", { class: "panel" }, h("h2", {}, "Import trades"), upload, result);
}

function importResult(answer) {
  return [
    h("p", {}, `${answer.acceptedCount} accepted, ${answer.duplicateCount} already imported, ${answer.rejectedCount} rejected, into `,
      h("a", { href: `#/trading/${answer.sessionId}` }, "the journal"), "."),
    answer.rejected.length ? table("Rejected rows", ["Row", "Reason"], answer.rejected.map((r) => h("tr", {},
      h("td", {}, r.row), h("td", {}, r.message || r.code || JSON.stringify(r))))) : null,
  ];
}

export function sessionView({ args: [sessionId], params }) {
  const base = `/v1/sessions/${encodeURIComponent(sessionId)}`;
  const header = h("div", {});
  const panels = {};
  const reloadAll = () => ["portfolio", "orders", "equity", "performance", "trades"].forEach((p) => panels[p].reload());

  panels.portfolio = panel("Portfolio", () => api("GET", `${base}/portfolio`), portfolio, { test: "portfolio" });
  // A cancel the API refused (the order filled or ended since the page read it): the orders are read again, to show
  // what became of it, under the API's message.
  let refusedCancels = [];
  panels.orders = panel("Orders", () => ordersWithEveryOpenOne(base), (orders) => {
    const refused = refusedCancels;
    refusedCancels = [];
    return [...refused.map((error) => errorBox(error)), ordersTable(orders, base, reloadAll, (error) => {
      refusedCancels.push(error);
      reloadAll();
    })];
  }, { test: "orders" });
  panels.equity = panel("Equity", () => everything(`${base}/equity?limit=1000`, 2000), (points) => {
    if (!points.items.length) {
      return h("p", { class: "empty" }, "No equity points yet.");
    }
    const area = h("div", { class: "chart", dataset: { test: "equity-chart" } });
    requestAnimationFrame(() => lineChart(area, points.items.map((p) => ({ time: p.time, value: p.equity })), "equity"));
    return [area, h("p", { class: "hint" }, `${points.items.length} points: the start, every fill and every valuation.`),
      cutNote(points, "oldest points")];
  }, { test: "equity" });
  panels.performance = panel("Performance", () => api("GET", `${base}/performance`), performance,
    { test: "performance" });
  // Oldest first, the API's default order, so a behaviour finding's trade id is found here or said to lie beyond
  // the oldest 1,000 (docs/dashboard.md).
  panels.trades = panel("Trades", () => everything(`${base}/trades?limit=1000`, 1000),
    (trades) => [tradeNotShown(trades, params.get("trade")), tradesTable(trades.items, params.get("trade")),
      cutNote(trades, "oldest trades")], { test: "trades" });
  const journal = panel("Journal", () => everything(`${base}/journal?limit=200`, 200),
    (entries) => [journalList(entries.items), cutNote(entries, "newest entries")], { test: "journal" });

  const page = h("div", {}, header,
    panel(null, () => api("GET", base), (session) => {
      // The heading comes with the session, after the page was titled without one (and maybe left meanwhile).
      if (header.isConnected) {
        titlePage(session.name);
      }
      replace(header, h("h1", {}, session.name), h("p", { class: "lead" }, `${session.type === "PAPER" ? "Paper session" : "Journal"} · `,
        badge(session.status, session.status === "ACTIVE" ? "ok" : ""), ` · started `, timeElement(session.createdAt)));
      const parts = [];
      if (session.type === "PAPER" && session.status === "ACTIVE") {
        parts.push(orderTicket(base, reloadAll));
        parts.push(h("button", {
          type: "button", class: "secondary", dataset: { test: "stop-session" },
          onclick: async (event) => {
            event.target.disabled = true;
            try {
              await api("POST", `${base}/stop`);
              window.dispatchEvent(new HashChangeEvent("hashchange"));
            } catch (error) {
              errorAfter(event.target, error);
              event.target.disabled = false;
            }
          },
        }, "Stop session"));
      }
      return parts;
    }, { test: "session" }),
    h("div", { class: "columns" }, panels.portfolio, panels.performance),
    panels.equity, panels.orders, panels.trades,
    h("section", { class: "panel" }, h("h2", {}, "Write in the journal"), journalForm(base, () => journal.reload())),
    journal);
  return page;
}

/** One order per submission (`oncePerSubmission`): a double click or a retry after a lost answer places it once. */
function orderTicket(base, onPlaced) {
  const placeOrder = oncePerSubmission();
  const type = select("type", [["MARKET", "Market"], ["LIMIT", "Limit"], ["STOP", "Stop"], ["STOP_LIMIT", "Stop limit"]]);
  const limitField = field("Limit price", input("limitPrice", { inputmode: "decimal" }));
  const stopField = field("Stop price", input("stopPrice", { inputmode: "decimal" }));
  const tifField = field("Time in force", select("timeInForce", [["GTC", "Good till cancelled"], ["IOC", "Immediate or cancel"]]));
  const showFields = () => {
    limitField.hidden = !type.value.includes("LIMIT");
    stopField.hidden = !type.value.startsWith("STOP");
    tifField.hidden = type.value === "MARKET";
  };
  type.addEventListener("change", showFields);
  showFields();
  const ticket = form({ submitLabel: "Place order", class: "ticket", dataset: { test: "order-ticket" } }, [
    field("Symbol", input("symbol", { required: true, autocomplete: "off", value: "BTCUSDT", pattern: "[A-Z0-9.\\-]+" })),
    field("Side", select("side", [["BUY", "Buy"], ["SELL", "Sell"]])),
    field("Type", type),
    field("Quantity", input("quantity", { inputmode: "decimal", required: true })),
    limitField, stopField, tifField,
  ], async (data) => {
    const order = { symbol: data.get("symbol").trim(), side: data.get("side"), quantity: data.get("quantity").trim(), type: data.get("type") };
    if (order.type.includes("LIMIT")) {
      order.limitPrice = data.get("limitPrice").trim();
    }
    if (order.type.startsWith("STOP")) {
      order.stopPrice = data.get("stopPrice").trim();
    }
    if (order.type !== "MARKET") {
      order.timeInForce = data.get("timeInForce");
    }
    const placed = await placeOrder("POST", `${base}/orders`, { body: order });
    onPlaced();
    return placed.status === "FILLED"
      ? `Filled: ${placed.side} ${formatPrice(placed.quantity)} ${placed.symbol} at ${formatPrice(placed.fillPrice)}, fees ${formatMoney(placed.fees)}.`
      : `Order ${placed.status.toLowerCase()}: ${placed.side} ${formatPrice(placed.quantity)} ${placed.symbol}.`;
  });
  return h("section", { class: "subpanel" }, h("h2", {}, "Order ticket"), ticket);
}

function portfolio(p) {
  return [
    facts([
      ["Equity", formatMoney(p.equity), "equity"],
      ["Cash", formatMoney(p.cash), "cash"],
      ["Positions value", formatMoney(p.positionsValue), "positions-value"],
      ["Realised P&L", formatMoney(p.realizedPnl), "realized-pnl"],
      ["Unrealised P&L", formatMoney(p.unrealizedPnl), "unrealized-pnl"],
      ["Fees paid", formatMoney(p.feesPaid)],
      ["Total return", formatPercent(p.totalReturn, 2), "total-return"],
      ["Valued at", timeElement(p.valuedAt)],
    ]),
    table("Positions", ["Symbol", "Quantity", "Average cost", "Price", "Market value", "Unrealised P&L"],
      p.positions.map((position) => h("tr", { dataset: { symbol: position.symbol } },
        h("td", {}, position.symbol), h("td", { class: "num" }, formatPrice(position.quantity)),
        h("td", { class: "num" }, formatPrice(position.averageCost)), h("td", { class: "num" }, formatPrice(position.price)),
        h("td", { class: "num" }, formatMoney(position.marketValue)),
        h("td", { class: "num" }, formatMoney(position.unrealizedPnl)))),
      { empty: "No open positions.", test: "positions" }),
  ];
}

/**
 * The newest 200 orders, and every open one however old: the portfolio counts the open orders (at most 40 rest), so
 * the list, newest first, is read on until all of them are found, and each can be cancelled.
 */
async function ordersWithEveryOpenOne(base) {
  const { openOrders } = await api("GET", `${base}/portfolio`);
  const isOpen = (order) => order.status === "OPEN";
  const orders = await everything(`${base}/orders?limit=200`, 200,
    (items) => items.filter(isOpen).length < openOrders);
  return { ...orders, open: orders.all.filter(isOpen) };
}

function ordersTable(orders, base, onChanged, onRefused) {
  const cancel = (order) => h("button", {
    type: "button", class: "secondary", "aria-label": `Cancel ${order.side} ${order.quantity} ${order.symbol}`,
    onclick: async (event) => {
      event.target.disabled = true;
      try {
        await api("DELETE", `${base}/orders/${order.id}`);
        onChanged();
      } catch (error) {
        if (error.status >= 400 && error.status < 500) {
          onRefused(error);
          return;
        }
        errorAfter(event.target, error);
        event.target.disabled = false;
      }
    },
  }, "Cancel");
  const row = (o, withCancel) => h("tr", { dataset: { order: o.id } },
    h("td", {}, timeElement(o.createdAt)), h("td", {}, o.symbol), h("td", {}, o.side), h("td", {}, o.type),
    h("td", { class: "num" }, formatPrice(o.quantity)),
    h("td", { class: "num" }, askedPrice(o)), h("td", { class: "num" }, formatPrice(o.fillPrice)),
    h("td", {}, o.status), withCancel ? h("td", {}, cancel(o)) : null);
  const headers = ["Placed", "Symbol", "Side", "Type", "Quantity", "Limit / stop", "Fill price", "Status"];
  return [
    table("Open orders", [...headers, ""],
      orders.open.map((o) => row(o, true)), { empty: "No open orders.", test: "open-orders" }),
    table("All orders, newest first", headers,
      orders.items.map((o) => row(o, false)), { empty: "No orders yet.", test: "all-orders" }),
    cutNote(orders, "newest orders"),
  ];
}

/** The prices the order was placed with: a stop-limit order has both, a market order neither. */
function askedPrice(order) {
  if (order.limitPrice != null && order.stopPrice != null) {
    return `stop ${formatPrice(order.stopPrice)}, limit ${formatPrice(order.limitPrice)}`;
  }
  return formatPrice(order.limitPrice ?? order.stopPrice);
}

/** A link to a trade (a behaviour finding's evidence) whose row the page does not show says why. */
function tradeNotShown(trades, tradeId) {
  if (!tradeId || trades.items.some((t) => t.id === tradeId)) {
    return null;
  }
  const note = h("p", { class: "warn-box", role: "status", dataset: { test: "trade-not-shown" } }, trades.cut
    ? `Trade ${tradeId} lies beyond the ${trades.items.length.toLocaleString("en-US")} oldest trades shown here.`
    : `Trade ${tradeId} is not in this session.`);
  requestAnimationFrame(() => note.scrollIntoView({ block: "center" }));
  return note;
}

function tradesTable(trades, highlighted) {
  const rows = trades.map((t) => h("tr", { id: `trade-${t.id}`, class: t.id === highlighted ? "highlight" : null, dataset: { trade: t.id } },
    h("td", {}, timeElement(t.filledAt)), h("td", {}, t.symbol), h("td", {}, t.side),
    h("td", { class: "num" }, formatPrice(t.quantity)), h("td", { class: "num" }, formatPrice(t.price)),
    h("td", { class: "num" }, formatMoney(t.fees)), h("td", { class: "num" }, formatMoney(t.realizedPnl)),
    h("td", {}, h("code", {}, t.id))));
  if (highlighted) {
    requestAnimationFrame(() => {
      const row = document.getElementById(`trade-${highlighted}`);
      if (row) {
        row.scrollIntoView({ block: "center" });
      }
    });
  }
  return table("Trades, oldest first", ["Filled", "Symbol", "Side", "Quantity", "Price", "Fees", "Realised P&L", "Trade id"],
    rows, { empty: "No trades yet.", test: "trades-table" });
}

function performance(m) {
  return facts([
    ["Total return", formatPercent(m.totalReturn, 2), "perf-total-return"],
    ["Max drawdown", formatPercent(m.maxDrawdown, 2)],
    ["Sharpe", formatNumber(m.sharpe)],
    ["Closed trades", `${m.closedTrades} (${m.wins} won, ${m.losses} lost)`],
    ["Win rate", formatPercent(m.winRate)],
    ["Profit factor", formatNumber(m.profitFactor)],
    ["Exposure", formatPercent(m.exposure)],
    ["Fees", formatMoney(m.fees)],
  ]);
}

function journalForm(base, onWritten) {
  const write = oncePerSubmission();
  return form({ submitLabel: "Add entry", dataset: { test: "journal-form" } }, [
    field("Note", h("textarea", { name: "note", rows: 3, maxlength: 2000 })),
    h("fieldset", { class: "emotions" }, h("legend", {}, "Emotions"),
      EMOTIONS.map((emotion) => h("label", {}, input("emotions", { type: "checkbox", value: emotion }), ` ${emotion}`))),
    field("Tags (comma separated)", input("tags", { autocomplete: "off", placeholder: "breakout, plan" })),
    field("Rating", select("rating", [["", "—"], "1", "2", "3", "4", "5"])),
    field("About trade id (optional)", input("tradeId", { autocomplete: "off" })),
  ], async (data, element) => {
    const entry = {};
    if (data.get("note").trim()) {
      entry.note = data.get("note");
    }
    const emotions = data.getAll("emotions");
    if (emotions.length) {
      entry.emotions = emotions;
    }
    const tags = data.get("tags").split(",").map((t) => t.trim()).filter(Boolean);
    if (tags.length) {
      entry.tags = tags;
    }
    if (data.get("rating")) {
      entry.rating = Number(data.get("rating"));
    }
    if (data.get("tradeId").trim()) {
      entry.tradeId = data.get("tradeId").trim();
    }
    await write("POST", `${base}/journal`, { body: entry });
    element.reset();
    onWritten();
    return "Saved.";
  });
}

function journalList(entries) {
  if (entries.length === 0) {
    return h("p", { class: "empty" }, "No journal entries yet.");
  }
  return h("ol", { class: "journal" }, entries.map((e) => h("li", {},
    h("p", { class: "meta" }, timeElement(e.createdAt), e.tradeId ? ` · trade ${e.tradeId}` : "",
      e.rating ? ` · rated ${e.rating}/5` : ""),
    e.note ? h("p", { class: "note" }, e.note) : null,
    h("p", {}, (e.emotions || []).map((emotion) => badge(emotion, "emotion")), (e.tags || []).map((tag) => badge(`#${tag}`, "tag"))))));
}
