package dev.tradewind.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * benchmarks/RESULTS.md: one section per benchmark between markers, replaced when that benchmark runs again, so
 * the file always holds the latest run of each with the machine it ran on.
 */
final class ResultsFile {

    private final Path file;

    ResultsFile(Path file) {
        this.file = file;
    }

    void write(Benchmark benchmark, String report) throws IOException {
        String begin = "<!-- bench:" + benchmark.name() + " -->";
        String end = "<!-- /bench:" + benchmark.name() + " -->";
        String section = begin + "\n## " + benchmark.name() + "\n\n" + benchmark.description() + "\n\n"
                + "_Run " + LocalDate.now(ZoneOffset.UTC) + " on " + machine() + "._\n\n" + report.strip() + "\n" + end;
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : header();
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + section + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + section + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static String header() {
        return """
                # Benchmark results

                Written by `./tradewind bench` (see README.md in this folder). Each section is the latest run of one
                benchmark; figures are medians or ratios from that one run, on the machine named in the section.
                """;
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores" + processor(cpuInfo()) + ", "
                + System.getProperty("os.arch") + ", JDK " + Runtime.version().feature() + " ("
                + System.getProperty("java.vm.name") + ")";
    }

    /**
     * ", model at N GHz" from the first processor in /proc/cpuinfo, or nothing where there is none. Two machines of
     * the same size may differ by half in speed, so a figure is comparable with another only on the same processor.
     */
    static String processor(List<String> cpuInfo) {
        String model = field(cpuInfo, "model name");
        if (model == null) {
            return "";
        }
        String mhz = field(cpuInfo, "cpu MHz");
        try {
            return mhz == null ? ", " + model
                    : String.format(Locale.ROOT, ", %s at %.1f GHz", model, Double.parseDouble(mhz) / 1000);
        } catch (NumberFormatException e) {
            return ", " + model;
        }
    }

    private static String field(List<String> cpuInfo, String name) {
        for (String line : cpuInfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
                String value = line.substring(colon + 1).strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }

    private static List<String> cpuInfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
