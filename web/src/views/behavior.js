import { api, everything } from "../api.js";
import { formatMoney, formatNumber, h, table, timeElement } from "../dom.js";
import {
  UserError, badge, cutNote, facts, field, form, input, loadWithRetry, pagedPanel, panel, select,
} from "../ui.js";

const LABELS = {
  REVENGE_TRADING: "Revenge trading",
  TILT: "Tilt",
  MARTINGALE: "Martingale sizing",
  OVERTRADING: "Overtrading",
  OVERCONFIDENCE: "Overconfidence",
  DISPOSITION_EFFECT: "Disposition effect",
  FOMO: "Fear of missing out",
  EMOTIONS: "Emotions in the journal",
};

export function behaviorView({ navigate }) {
  const sessions = h("select", { name: "sessionId" }, h("option", { value: "" }, "— all sessions, by dates below —"));
  loadWithRetry(() => everything("/v1/sessions?limit=100", 500).then((list) => {
    sessions.append(...list.items.map((s) => h("option", { value: s.id },
      `${s.name} (${s.type.toLowerCase()}, ${s.tradeCount} trades)`)));
    if (list.cut) {
      sessions.after(cutNote(list, "newest sessions"));
    }
  }), (failed) => sessions.after(failed));
  const analyse = form({ submitLabel: "Run analysis", dataset: { test: "analyze" } }, [
    field("Session", sessions),
    field("From (date, for all sessions)", input("from", { type: "date" })),
    field("To (date, optional)", input("to", { type: "date" })),
    field("Sensitivity", select("sensitivity", [["medium", "Medium"], ["low", "Low"], ["high", "High"]])),
  ], async (data) => {
    const body = { sensitivity: data.get("sensitivity") };
    if (data.get("sessionId")) {
      body.sessionId = data.get("sessionId");
    } else if (data.get("from")) {
      body.from = `${data.get("from")}T00:00:00Z`;
      if (data.get("to")) {
        // The API's range is [from, to] and fills carry fractions of a second: the day's last instant, not 23:59:59.
        body.to = `${data.get("to")}T23:59:59.999999999Z`;
      }
    } else {
      throw new UserError("Choose a session, or a start date to analyse all your sessions.");
    }
    const report = await api("POST", "/v1/behavior/analyze", { body });
    navigate(`/behavior/${report.id}`);
  });
  return h("div", {},
    h("h1", {}, "Behaviour"),
    h("p", { class: "lead" }, "Finds revenge trading, tilt, martingale sizing, overtrading, overconfidence, the "
      + "disposition effect and FOMO in your own fills, with the trades that show it."),
    h("section", { class: "panel" }, h("h2", {}, "Analyse"), analyse),
    pagedPanel("Reports", "/v1/behavior/reports", (page) => table("Your reports, newest first",
      ["Created", "Source", "Fills", "Detected", "Cooldown"],
      page.items.map((r) => h("tr", {},
        h("td", {}, h("a", { href: `#/behavior/${r.id}` }, timeElement(r.createdAt))),
        h("td", {}, r.source.toLowerCase()), h("td", { class: "num" }, r.fills),
        h("td", {}, r.insufficientData ? "not enough data" : r.detected.map((p) => LABELS[p] || p).join(", ") || "nothing"),
        h("td", {}, r.cooldown))), { empty: "No analyses yet.", test: "reports" }), { test: "reports-panel" }));
}

export function reportView({ args: [reportId] }) {
  return h("div", {},
    h("h1", {}, "Behaviour report"),
    panel(null, () => api("GET", `/v1/behavior/reports/${encodeURIComponent(reportId)}`), report, { test: "report" }));
}

function report(r) {
  const a = r.analysis;
  const sessionId = r.input && r.input.sessionId;
  const detected = a.findings.filter((f) => f.status === "DETECTED");
  const others = a.findings.filter((f) => f.status !== "DETECTED");
  return [
    h("p", { class: "lead" }, `Analysed ${a.summary.fills} fills (${a.summary.closedTrades} closed round trips) from `,
      timeElement(a.summary.from), " to ", timeElement(a.summary.to), ` at ${a.sensitivity.toLowerCase()} sensitivity.`),
    // What the analysis could not use (fills left out, older history not read, equity unknown).
    r.input && r.input.notes && r.input.notes.length
      ? h("ul", { dataset: { test: "report-notes" } }, r.input.notes.map((note) => h("li", { class: "hint" }, note))) : null,
    a.insufficientData ? h("p", { class: "warn-box", role: "status" }, `Not enough data: ${a.insufficientData.missing}.`) : null,
    h("div", { class: "columns" },
      riskScore(a.riskScore),
      cooldown(r.guardrail, a.cooldown)),
    facts([
      ["Net P&L", formatMoney(a.summary.netPnl)],
      ["Wins / losses", `${a.summary.wins} / ${a.summary.losses}`],
      ["Fees", formatMoney(a.summary.fees)],
      ["Journal entries", a.summary.journalEntries],
    ]),
    a.recommendations.length ? h("section", { class: "subpanel" }, h("h2", {}, "Recommendations"),
      h("ol", { dataset: { test: "recommendations" } }, a.recommendations.map((rec) => h("li", {},
        badge(rec.severity, rec.severity.toLowerCase()), " ", rec.text,
        rec.guardrail ? h("span", { class: "hint" }, " (the session's cooldown guardrail can enforce this)") : null)))) : null,
    h("section", { class: "subpanel" }, h("h2", {}, "Findings"),
      detected.length ? detected.map((f) => finding(f, sessionId)) : h("p", {}, "No pattern detected."),
      others.length ? h("details", {}, h("summary", {}, `Not detected (${others.length})`),
        others.map((f) => finding(f, sessionId))) : null),
  ];
}

function riskScore(score) {
  if (!score) {
    return h("section", { class: "subpanel" }, h("h2", {}, "Risk score"), h("p", {}, "Not scored (not enough data)."));
  }
  return h("section", { class: "subpanel", dataset: { test: "risk-score" } }, h("h2", {}, "Risk score"),
    h("p", { class: "score" }, h("span", { dataset: { test: "risk-score-value" } }, score.score), " / 100 ",
      badge(score.band, score.band.toLowerCase())),
    score.components ? table("What it is made of", ["Pattern", "Status", "Points"],
      score.components.map((c) => h("tr", {}, h("td", {}, LABELS[c.pattern] || c.pattern), h("td", {}, c.status),
        h("td", { class: "num" }, formatNumber(c.points))))) : null);
}

function cooldown(guardrail, advice) {
  const state = guardrail ? guardrail.cooldown : "NONE";
  const active = state === "STARTED" || state === "ALREADY_IN_FORCE";
  return h("section", { class: "subpanel", dataset: { test: "cooldown" } }, h("h2", {}, "Cooldown"),
    active ? h("p", { class: "warn-box", role: "status" }, "Orders are refused until ",
      h("strong", { dataset: { test: "cooldown-until" } }, timeElement(guardrail.until, { end: true })), ` in every session that has the guardrail on: ${guardrail.reason || advice.reason}.`)
      : h("p", {}, state === "NOT_STARTED_INLINE" ? "Recommended, but trades sent inline start no cooldown."
        : "No cooldown in force."),
    h("p", { class: "hint" }, advice.reason));
}

function finding(f, sessionId) {
  return h("article", { class: `finding ${f.status.toLowerCase()}`, dataset: { test: "finding", pattern: f.pattern } },
    h("h3", {}, LABELS[f.pattern] || f.pattern, " ", badge(f.status.replace("_", " ").toLowerCase(),
      f.status === "DETECTED" ? "warn" : ""), f.severity ? badge(f.severity.toLowerCase(), f.severity.toLowerCase()) : null),
    h("p", {}, f.summary),
    f.evidence.length ? h("ul", { class: "evidence" }, f.evidence.map((e) => h("li", {},
      e.time ? [timeElement(e.time), " "] : null, e.description,
      e.tradeIds && e.tradeIds.length ? h("span", { class: "trades" }, " — trades ",
        e.tradeIds.map((id, i) => [i ? ", " : "", sessionId
          ? h("a", { href: `#/trading/${sessionId}?trade=${encodeURIComponent(id)}` }, id)
          : h("code", {}, id)])) : null))) : null,
    f.evidenceCount > f.evidence.length ? h("p", { class: "hint" }, `${f.evidenceCount - f.evidence.length} more not shown.`) : null);
}

