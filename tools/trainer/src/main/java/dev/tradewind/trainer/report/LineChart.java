package dev.tradewind.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with Java2D (headless), written as PNG: axes with round-number ticks, optional date axis,
 * series as lines or dots, a legend. Enough for reliability curves, ROC curves and equity curves; no plotting
 * library needed.
 */
final class LineChart {

    static final Color BLUE = new Color(0x1f, 0x77, 0xb4);
    static final Color ORANGE = new Color(0xff, 0x7f, 0x0e);
    static final Color GREEN = new Color(0x2c, 0xa0, 0x2c);
    static final Color GREY = new Color(0x88, 0x88, 0x88);
    static final Color RED = new Color(0xd6, 0x27, 0x28);

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 56;
    private static final int BOTTOM = 64;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private record Series(String name, Color color, double[] x, double[] y, boolean dashed, boolean dots) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private double xMin = Double.NaN;
    private double xMax;
    private double yMin = Double.NaN;
    private double yMax;
    private boolean timeAxis;

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    LineChart xRange(double min, double max) {
        xMin = min;
        xMax = max;
        return this;
    }

    LineChart yRange(double min, double max) {
        yMin = min;
        yMax = max;
        return this;
    }

    /** x values are epoch seconds, labelled as months. */
    LineChart timeAxis() {
        timeAxis = true;
        return this;
    }

    LineChart line(String name, Color color, double[] x, double[] y) {
        series.add(new Series(name, color, x, y, false, false));
        return this;
    }

    LineChart dashed(String name, Color color, double[] x, double[] y) {
        series.add(new Series(name, color, x, y, true, false));
        return this;
    }

    LineChart dots(String name, Color color, double[] x, double[] y) {
        series.add(new Series(name, color, x, y, false, true));
        return this;
    }

    static double[] epochSeconds(List<Instant> times) {
        return times.stream().mapToDouble(Instant::getEpochSecond).toArray();
    }

    void writePng(Path file) throws IOException {
        fitRanges();
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawAxes(g);
            for (Series s : series) {
                drawSeries(g, s);
            }
            drawLegend(g);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.drawString(title, LEFT, 32);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private void fitRanges() {
        if (Double.isNaN(xMin)) {
            xMin = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x)).min().orElse(0);
            xMax = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.x)).max().orElse(1);
        }
        if (Double.isNaN(yMin)) {
            double low = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y)).min().orElse(0);
            double high = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y)).max().orElse(1);
            double pad = (high - low) * 0.05 + 1e-9;
            yMin = low - pad;
            yMax = high + pad;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        if (yMax <= yMin) {
            yMax = yMin + 1;
        }
    }

    private double px(double x) {
        return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
    }

    private double py(double y) {
        return HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }

    private void drawAxes(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics metrics = g.getFontMetrics();
        Stroke grid = new BasicStroke(1f);
        for (double tick : ticks(yMin, yMax)) {
            int y = (int) Math.round(py(tick));
            g.setColor(new Color(0xee, 0xee, 0xee));
            g.setStroke(grid);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.DARK_GRAY);
            String label = format(tick, yMax - yMin);
            g.drawString(label, LEFT - 8 - metrics.stringWidth(label), y + 4);
        }
        List<Double> xTicks = timeAxis ? timeTicks() : ticks(xMin, xMax);
        for (double tick : xTicks) {
            int x = (int) Math.round(px(tick));
            g.setColor(new Color(0xee, 0xee, 0xee));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = timeAxis ? timeLabel(tick) : format(tick, xMax - xMin);
            g.drawString(label, x - metrics.stringWidth(label) / 2, HEIGHT - BOTTOM + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xLabel, LEFT + (WIDTH - LEFT - RIGHT - g.getFontMetrics().stringWidth(xLabel)) / 2, HEIGHT - 20);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + (HEIGHT - TOP - BOTTOM + g.getFontMetrics().stringWidth(yLabel)) / 2), 20);
        rotated.dispose();
    }

    private void drawSeries(Graphics2D g, Series s) {
        g.setColor(s.color);
        g.setClip(LEFT, TOP, WIDTH - LEFT - RIGHT + 1, HEIGHT - TOP - BOTTOM + 1);
        if (s.dots) {
            for (int i = 0; i < s.x.length; i++) {
                double x = px(s.x[i]);
                double y = py(s.y[i]);
                g.fill(new java.awt.geom.Ellipse2D.Double(x - 4, y - 4, 8, 8));
            }
        }
        g.setStroke(s.dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {6f, 5f}, 0f) : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < s.x.length; i++) {
            if (i == 0) {
                path.moveTo(px(s.x[i]), py(s.y[i]));
            } else {
                path.lineTo(px(s.x[i]), py(s.y[i]));
            }
        }
        g.draw(path);
        g.setClip(null);
    }

    private void drawLegend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int y = TOP + 18;
        int width = series.stream().mapToInt(s -> g.getFontMetrics().stringWidth(s.name)).max().orElse(0) + 44;
        int x = WIDTH - RIGHT - width - 10;
        g.setColor(new Color(255, 255, 255, 230));
        g.fillRect(x - 6, TOP + 6, width + 6, series.size() * 18 + 8);
        for (Series s : series) {
            g.setColor(s.color);
            g.setStroke(s.dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    new float[] {6f, 5f}, 0f) : new BasicStroke(2f));
            g.drawLine(x, y - 4, x + 28, y - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name, x + 36, y);
            y += 18;
        }
    }

    /** About six ticks on round numbers (1, 2 or 5 times a power of ten). */
    static List<Double> ticks(double min, double max) {
        double raw = (max - min) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude
                : raw / magnitude < 7.5 ? 5 * magnitude : 10 * magnitude;
        List<Double> ticks = new ArrayList<>();
        for (double tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step) {
            ticks.add(Math.abs(tick) < step * 1e-9 ? 0 : tick);
        }
        return ticks;
    }

    private List<Double> timeTicks() {
        java.time.LocalDate first = Instant.ofEpochSecond((long) xMin).atZone(ZoneOffset.UTC).toLocalDate();
        java.time.LocalDate end = Instant.ofEpochSecond((long) xMax).atZone(ZoneOffset.UTC).toLocalDate();
        List<Double> ticks = new ArrayList<>();
        long days = java.time.temporal.ChronoUnit.DAYS.between(first, end);
        if (days < 120) {
            // Short periods: a tick every week or two, on Mondays.
            int every = days < 45 ? 7 : 14;
            java.time.LocalDate d = first.with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.MONDAY));
            for (; !d.isAfter(end); d = d.plusDays(every)) {
                ticks.add((double) d.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
            }
            return ticks;
        }
        java.time.LocalDate start = first.withDayOfMonth(1).plusMonths(1);
        long months = Math.max(1, java.time.temporal.ChronoUnit.MONTHS.between(start, end));
        int every = (int) Math.max(1, Math.ceil(months / 8.0));
        for (java.time.LocalDate d = start; !d.isAfter(end); d = d.plusMonths(every)) {
            ticks.add((double) d.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
        }
        return ticks;
    }

    private String timeLabel(double tick) {
        return ((xMax - xMin) < 120 * 86_400 ? DAY : MONTH).format(Instant.ofEpochSecond((long) tick));
    }

    private static String format(double value, double span) {
        int decimals = span >= 10 ? 0 : span >= 1 ? 1 : span >= 0.1 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
