package dev.baton.load.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * The medians over rounds of each (workload, row) pair, with each row's requests/s as a ratio to the reference
 * row's under the same workload; rendered as Markdown and CSV.
 */
public final class ResultTable {
    private final String referenceRow;
    private final List<String> extraColumns;
    private final Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    private final List<Sample> samples;

    /** One (workload, row) pair's medians, or its failure. */
    public record Cell(String workload, String row, int rounds, double requestsPerSec, double p50Ms, double p99Ms,
                       long errors, Map<String, Double> extras, String failure) {}

    public ResultTable(String referenceRow, List<String> extraColumns, List<Sample> samples) {
        this.referenceRow = referenceRow;
        this.extraColumns = List.copyOf(extraColumns);
        this.samples = List.copyOf(samples);
        Map<String, Map<String, List<Sample>>> grouped = new LinkedHashMap<>();
        for (Sample s : samples) {
            grouped.computeIfAbsent(s.workload(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.row(), k -> new ArrayList<>()).add(s);
        }
        grouped.forEach((workload, rows) -> rows.forEach((row, list) ->
                cells.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(row, cell(workload, row, list))));
    }

    /** Every run the medians come from, in the table's row order. */
    public List<Sample> samples() {
        return samples;
    }

    public String referenceRow() {
        return referenceRow;
    }

    public List<String> extraColumns() {
        return extraColumns;
    }

    public List<Cell> cells() {
        return cells.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    /** Requests/s of {@code cell} over the reference row's under the same workload, or NaN. */
    public double ratio(Cell cell) {
        Cell reference = cells.getOrDefault(cell.workload(), Map.of()).get(referenceRow);
        if (reference == null || reference.failure() != null || cell.failure() != null || reference.requestsPerSec() <= 0) {
            return Double.NaN;
        }
        return cell.requestsPerSec() / reference.requestsPerSec();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("| workload | row | requests/s | p50 ms | p99 ms | vs " + referenceRow
                + " | errors |");
        extraColumns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---|---:|---:|---:|---:|---:|");
        extraColumns.forEach(c -> md.append("---:|"));
        md.append('\n');
        for (Cell c : cells()) {
            if (c.failure() != null) {
                md.append("| ").append(c.workload()).append(" | ").append(c.row()).append(" | failed: ")
                        .append(c.failure().replace('|', '/').replace('\n', ' ')).append(" |  |  |  |  |");
                extraColumns.forEach(x -> md.append("  |"));
                md.append('\n');
                continue;
            }
            md.append(String.format("| %s | %s | %.0f | %.3f | %.3f | %s | %d |", c.workload(), c.row(),
                    c.requestsPerSec(), c.p50Ms(), c.p99Ms(), format(ratio(c), "%.2fx"), c.errors()));
            extraColumns.forEach(x -> md.append(' ').append(format(c.extras().getOrDefault(x, Double.NaN), "%.1f"))
                    .append(" |"));
            md.append('\n');
        }
        return md.toString();
    }

    public String csv() {
        StringBuilder csv = new StringBuilder("workload,row,rounds,requests_per_sec,p50_ms,p99_ms,ratio_to_"
                + referenceRow + ",errors");
        extraColumns.forEach(c -> csv.append(',').append(csvColumn(c)));
        csv.append(",failure\n");
        for (Cell c : cells()) {
            csv.append(String.format("%s,%s,%d,%s,%s,%s,%s,%d", c.workload(), c.row(), c.rounds(),
                    format(c.requestsPerSec(), "%.1f"), format(c.p50Ms(), "%.3f"), format(c.p99Ms(), "%.3f"),
                    format(ratio(c), "%.3f"), c.errors()));
            extraColumns.forEach(x -> csv.append(',').append(format(c.extras().getOrDefault(x, Double.NaN), "%.2f")));
            csv.append(',').append(csvText(c.failure()));
            csv.append('\n');
        }
        return csv.toString();
    }

    public List<String> workloads() {
        return List.copyOf(cells.keySet());
    }

    public List<String> rows() {
        Set<String> rows = new LinkedHashSet<>();
        cells.values().forEach(m -> rows.addAll(m.keySet()));
        return List.copyOf(rows);
    }

    public Cell cell(String workload, String row) {
        return cells.getOrDefault(workload, Map.of()).get(row);
    }

    private Cell cell(String workload, String row, List<Sample> samples) {
        List<Sample> ok = samples.stream().filter(Sample::ok).toList();
        if (ok.isEmpty()) {
            return new Cell(workload, row, 0, Double.NaN, Double.NaN, Double.NaN, 0, Map.of(),
                    samples.get(samples.size() - 1).failure());
        }
        Map<String, Double> extras = new LinkedHashMap<>();
        for (String column : extraColumns) {
            double m = median(ok, s -> s.extras().getOrDefault(column, Double.NaN));
            if (!Double.isNaN(m)) {
                extras.put(column, m);
            }
        }
        return new Cell(workload, row, ok.size(), median(ok, Sample::requestsPerSec), median(ok, Sample::p50Ms),
                median(ok, Sample::p99Ms), ok.stream().mapToLong(Sample::errors).sum(), extras, null);
    }

    static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] values = samples.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** A column name as a CSV header takes it: "CPU us/req" is CPU_us_req. */
    static String csvColumn(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "_");
    }

    /** Free text (a failure) as one quoted CSV field, or empty for null. */
    static String csvText(String text) {
        return text == null ? "" : '"' + text.replace('"', '\'').replace('\n', ' ') + '"';
    }

    private static String format(double value, String pattern) {
        return Double.isNaN(value) ? "" : String.format(pattern, value);
    }

    @Override
    public String toString() {
        return markdown();
    }
}
