package dev.tradewind.trainer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar per stage on stderr: {@code crypto-1h fold 2/4  [██████████░░░░░░░░░░]  52%  156/300}. On a
 * terminal the bar redraws in place; otherwise (CI logs) each stage prints one line when it ends.
 */
public interface Progress {

    /** Starts a stage of {@code total} units (rows, boosting rounds...). */
    void stage(String name, long total);

    void advance(long units);

    /** Ends the current stage. */
    void done();

    static Progress silent() {
        return new Progress() {
            @Override
            public void stage(String name, long total) {
            }

            @Override
            public void advance(long units) {
            }

            @Override
            public void done() {
            }
        };
    }

    static Progress console(PrintStream out, boolean interactive) {
        return new ConsoleProgress(out, interactive);
    }

    final class ConsoleProgress implements Progress {
        private static final int WIDTH = 30;
        private static final long REDRAW_NANOS = 100_000_000L;

        private final PrintStream out;
        private final boolean interactive;
        private String name = "";
        private long total;
        private long done;
        private long started;
        private long lastDraw;

        ConsoleProgress(PrintStream out, boolean interactive) {
            this.out = out;
            this.interactive = interactive;
        }

        @Override
        public synchronized void stage(String stageName, long stageTotal) {
            name = stageName;
            total = Math.max(1, stageTotal);
            done = 0;
            started = System.nanoTime();
            lastDraw = 0;
            draw(true);
        }

        @Override
        public synchronized void advance(long units) {
            done = Math.min(total, done + units);
            draw(false);
        }

        @Override
        public synchronized void done() {
            done = total;
            if (interactive) {
                draw(true);
                out.println();
            } else {
                out.printf(Locale.ROOT, "%-28s done in %.1f s%n", name, (System.nanoTime() - started) / 1e9);
            }
            out.flush();
        }

        private void draw(boolean force) {
            long now = System.nanoTime();
            if (!interactive || !force && now - lastDraw < REDRAW_NANOS && done < total) {
                return;
            }
            lastDraw = now;
            int filled = (int) (WIDTH * done / total);
            out.printf(Locale.ROOT, "\r%-28s [%s%s] %3d%%  %,d/%,d  %.0f s ", name, "█".repeat(filled),
                    "░".repeat(WIDTH - filled), 100 * done / total, done, total, (now - started) / 1e9);
            out.flush();
        }
    }
}
