package dev.baton.load.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.TreeSet;

/** Writes a suite's table (.md), CSV and plot (.svg) as {@code docs/bench/<suite>-<date>.*}. */
final class ReportFiles {
    private ReportFiles() {}

    /** What part of the suite ran, when not all of it: a focused run says so above its table. */
    private static String selection(BenchOptions options) {
        String rows = options.rows().isEmpty() ? "" : "rows " + String.join(", ", new TreeSet<>(options.rows()));
        String workloads = options.workloads().isEmpty() ? ""
                : "workloads " + String.join(", ", new TreeSet<>(options.workloads()));
        if (rows.isEmpty() && workloads.isEmpty()) {
            return "";
        }
        return "Only " + rows + (rows.isEmpty() || workloads.isEmpty() ? "" : "; ") + workloads + ".\n\n";
    }

    static Path write(BenchOptions options, Suite suite, ResultTable table, Duration took) throws IOException {
        Files.createDirectories(options.outDir());
        String stem = suite.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"));
        Path md = options.outDir().resolve(stem + ".md");
        String header = "# Baton benchmark: " + suite.name() + "\n\n"
                + String.format("%s; %d round(s) of %d s per cell, interleaved (rows in a balanced order that changes each round), after %d s of warm-up per cell; "
                                + "medians shown; requests/s ratio to %s; %d CPUs; Java %s; took %d s.%n%n",
                        LocalDateTime.now().withNano(0), options.rounds(), options.duration().toSeconds(),
                        options.warmup().toSeconds(), suite.referenceRow(), Runtime.getRuntime().availableProcessors(),
                        Runtime.version(), took.toSeconds())
                + selection(options);
        String paired = PairedRounds.of(table.samples(), table.referenceRow()).markdown();
        String notes = suite.notes(table);
        Files.writeString(md, header + table.markdown() + (paired.isEmpty() ? "" : "\n" + paired)
                + (notes.isEmpty() ? "" : "\n" + notes) + "\nEvery run: [" + stem + "-rounds.csv](" + stem
                + "-rounds.csv).\n\n![plot](" + stem + ".svg)\n");
        Files.writeString(options.outDir().resolve(stem + ".csv"), table.csv());
        Files.writeString(options.outDir().resolve(stem + "-rounds.csv"),
                PairedRounds.csv(table.samples(), table.extraColumns()));
        Files.writeString(options.outDir().resolve(stem + ".svg"), BarChartSvg.render(suite.name(), table));
        return md;
    }
}
