// Charts on uPlot (pinned from Maven Central, see web/pom.xml): candles with the forecast's price range, and lines.
import uPlot from "./vendor/uplot/uPlot.esm.js";

const UP = "#137a3a";
const DOWN = "#b3261e";
const BAND_80 = "rgba(11, 92, 173, 0.22)";
const BAND_95 = "rgba(11, 92, 173, 0.10)";

function seconds(iso) {
  return Math.floor(Date.parse(iso) / 1000);
}

// Every time of the page is UTC; uPlot would otherwise tick and label its time axis in the browser's zone.
const utc = (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC");
const TIME_AXIS = { label: "Time (UTC)", labelSize: 20 };
/**
 * A time axis over the data, an hour either side when every point has the same time: uPlot's own axis for a single
 * instant spans 1,000 days, so a new session's one equity point sat at the far left of years of empty axis.
 */
const TIME_SCALE = {
  time: true,
  range: (u, min, max) => {
    const times = u.data[0].filter((t) => t != null);
    return times.length && times.every((t) => t === times[0]) ? [times[0] - 3600, times[0] + 3600] : [min, max];
  },
};

function width(container) {
  return Math.max(280, container.clientWidth || 600);
}

/**
 * Puts a new chart in the container in place of any earlier one, and redraws it at the container's width when that
 * changes; the chart is dropped when its container leaves the page.
 */
function mount(container, make) {
  if (container.chart) {
    container.chart.observer.disconnect();
    container.chart.destroy();
  }
  container.replaceChildren();
  const chart = make();
  chart.observer = new ResizeObserver(() => {
    if (!container.isConnected) {
      chart.observer.disconnect();
      chart.destroy();
      container.chart = null;
      return;
    }
    chart.setSize({ width: width(container), height: chart.height });
  });
  chart.observer.observe(container);
  container.chart = chart;
  return chart;
}

/**
 * Candles (oldest first) and, when the forecast has them, its 80 % and 95 % price ranges drawn from the latest close
 * to the time they resolve.
 */
export function candleChart(container, candles, range) {
  const times = candles.map((c) => seconds(c.openTime));
  const open = candles.map((c) => c.open);
  const high = candles.map((c) => c.high);
  const low = candles.map((c) => c.low);
  const close = candles.map((c) => c.close);
  if (range && range.resolvesAt) {
    // One empty slot at the horizon, so that the x axis reaches it and the band has room.
    times.push(seconds(range.resolvesAt));
    [open, close].forEach((series) => series.push(null));
    high.push(range["95"] ? range["95"].high : null);
    low.push(range["95"] ? range["95"].low : null);
  }
  const hidden = { paths: () => null, points: { show: false } };
  const options = {
    width: width(container),
    height: 300,
    tzDate: utc,
    scales: { x: TIME_SCALE },
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    series: [
      {},
      { label: "open", ...hidden },
      { label: "high", ...hidden },
      { label: "low", ...hidden },
      { label: "close", ...hidden },
    ],
    axes: [TIME_AXIS, { size: 70 }],
    hooks: { draw: [(u) => drawCandles(u, candles.length, range)] },
  };
  return mount(container, () => new uPlot(options, [times, open, high, low, close], container));
}

function drawCandles(u, count, range) {
  const ctx = u.ctx;
  const [times, open, high, low, close] = u.data;
  const step = count > 1 ? (u.valToPos(times[count - 1], "x", true) - u.valToPos(times[0], "x", true)) / count : 10;
  const bodyWidth = Math.max(1, Math.min(12, step * 0.6));
  ctx.save();
  if (range && range.resolvesAt && count > 0) {
    const from = u.valToPos(times[count - 1], "x", true);
    const to = u.valToPos(times[times.length - 1], "x", true);
    for (const [level, colour] of [["95", BAND_95], ["80", BAND_80]]) {
      const band = range[level];
      if (band) {
        const top = u.valToPos(band.high, "y", true);
        const bottom = u.valToPos(band.low, "y", true);
        ctx.fillStyle = colour;
        ctx.fillRect(from, top, to - from, bottom - top);
      }
    }
  }
  for (let i = 0; i < count; i++) {
    const x = u.valToPos(times[i], "x", true);
    const rising = close[i] >= open[i];
    ctx.strokeStyle = rising ? UP : DOWN;
    ctx.fillStyle = rising ? UP : DOWN;
    ctx.beginPath();
    ctx.moveTo(x, u.valToPos(high[i], "y", true));
    ctx.lineTo(x, u.valToPos(low[i], "y", true));
    ctx.stroke();
    const top = u.valToPos(Math.max(open[i], close[i]), "y", true);
    const bottom = u.valToPos(Math.min(open[i], close[i]), "y", true);
    ctx.fillRect(x - bodyWidth / 2, top, bodyWidth, Math.max(1, bottom - top));
  }
  ctx.restore();
}

/** One line over time, e.g. a session's equity. */
export function lineChart(container, points, label) {
  const data = [points.map((p) => seconds(p.time)), points.map((p) => p.value)];
  return mount(container, () => new uPlot({
    width: width(container),
    height: 220,
    tzDate: utc,
    scales: { x: TIME_SCALE },
    legend: { show: false },
    series: [{}, { label, stroke: "#0b5cad", width: 2, points: { show: points.length < 40 } }],
    axes: [TIME_AXIS, { size: 70 }],
  }, data, container));
}
