package dev.baton.load.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each row against the reference row round by round. Rows of one round run back to back under the same
 * workload, so a round pairs them under about the same conditions of a noisy machine; the medians of the table
 * hide how often a row was ahead. A sign test says how likely at least that many wins would be if each round
 * were a coin toss, so a small margin that holds round after round shows apart from one that is luck.
 *
 * <pre>{@code
 * PairedRounds.of(samples, "haproxy").markdown();
 * }</pre>
 */
final class PairedRounds {
    /**
     * One row against the reference under one workload, counted over the rounds where both ran.
     *
     * @param faster    rounds with more requests/s than the reference
     * @param slower    rounds with fewer
     * @param lowerP99  rounds with a lower p99 latency than the reference
     * @param higherP99 rounds with a higher one
     */
    record Comparison(String workload, String row, int rounds, int faster, int slower, int lowerP99, int higherP99) {
        /** The chance of at least {@link #faster} wins among the rounds that differ, were each a coin toss. */
        double fasterByChance() {
            return SignTest.atLeast(faster, faster + slower);
        }

        /** The chance of at least {@link #lowerP99} wins among the rounds that differ, were each a coin toss. */
        double lowerP99ByChance() {
            return SignTest.atLeast(lowerP99, lowerP99 + higherP99);
        }
    }

    private final String referenceRow;
    private final List<Comparison> comparisons;

    private PairedRounds(String referenceRow, List<Comparison> comparisons) {
        this.referenceRow = referenceRow;
        this.comparisons = comparisons;
    }

    static PairedRounds of(List<Sample> samples, String referenceRow) {
        // workload -> round -> row -> sample; only runs that succeeded take part
        Map<String, Map<Integer, Map<String, Sample>>> byRound = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (Sample s : samples) {
            if (!rows.contains(s.row())) {
                rows.add(s.row());
            }
            if (s.ok()) {
                byRound.computeIfAbsent(s.workload(), w -> new LinkedHashMap<>())
                        .computeIfAbsent(s.round(), r -> new LinkedHashMap<>()).put(s.row(), s);
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        byRound.forEach((workload, rounds) -> {
            for (String row : rows) {
                if (!row.equals(referenceRow)) {
                    compare(workload, row, referenceRow, rounds.values()).ifPresent(comparisons::add);
                }
            }
        });
        return new PairedRounds(referenceRow, List.copyOf(comparisons));
    }

    private static Optional<Comparison> compare(String workload, String row, String reference,
                                                          Iterable<Map<String, Sample>> rounds) {
        int n = 0, faster = 0, slower = 0, lower = 0, higher = 0;
        for (Map<String, Sample> round : rounds) {
            Sample a = round.get(row);
            Sample b = round.get(reference);
            if (a == null || b == null) {
                continue;
            }
            n++;
            faster += a.requestsPerSec() > b.requestsPerSec() ? 1 : 0;
            slower += a.requestsPerSec() < b.requestsPerSec() ? 1 : 0;
            lower += a.p99Ms() < b.p99Ms() ? 1 : 0;
            higher += a.p99Ms() > b.p99Ms() ? 1 : 0;
        }
        return n == 0 ? Optional.empty()
                : Optional.of(new Comparison(workload, row, n, faster, slower, lower, higher));
    }

    List<Comparison> comparisons() {
        return comparisons;
    }

    /** A Markdown section, or empty when no row ran in the same round as the reference. */
    String markdown() {
        if (comparisons.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("Round by round against " + referenceRow + " (the rows of a round run one "
                + "after another, so each round pairs them on about the same machine): in how many rounds a row had "
                + "more requests/s, and a lower p99, than " + referenceRow + ", out of the rounds where they differed; "
                + "p is the chance of at least that many if each round were a coin toss (one-sided sign test).\n\n"
                + "| workload | row | rounds | more req/s | p | lower p99 | p |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            md.append(String.format("| %s | %s | %d | %d of %d | %s | %d of %d | %s |%n", c.workload(), c.row(),
                    c.rounds(), c.faster(), c.faster() + c.slower(), chance(c.fasterByChance()), c.lowerP99(),
                    c.lowerP99() + c.higherP99(), chance(c.lowerP99ByChance())));
        }
        return md.toString();
    }

    /** Three decimals, and no "0.000" for a chance that is small but not nil. */
    private static String chance(double p) {
        return p < 0.001 ? "< 0.001" : String.format("%.3f", p);
    }

    /** Every run of every round, one line each, for a closer look than the medians give. */
    static String csv(List<Sample> samples, List<String> extraColumns) {
        StringBuilder csv = new StringBuilder("round,workload,row,requests_per_sec,p50_ms,p99_ms,errors");
        extraColumns.forEach(c -> csv.append(',').append(ResultTable.csvColumn(c)));
        csv.append(",failure\n");
        List<Sample> ordered = new ArrayList<>(samples);
        ordered.sort(Comparator.comparingInt(Sample::round)); // stable: the table's row order within a round
        for (Sample s : ordered) {
            csv.append(s.ok() ? String.format("%d,%s,%s,%.1f,%.3f,%.3f,%d", s.round(), s.workload(), s.row(),
                    s.requestsPerSec(), s.p50Ms(), s.p99Ms(), s.errors())
                    : String.format("%d,%s,%s,,,,", s.round(), s.workload(), s.row()));
            extraColumns.forEach(x -> {
                Double v = s.extras().get(x);
                csv.append(',').append(v == null || v.isNaN() ? "" : String.format("%.2f", v));
            });
            csv.append(',').append(ResultTable.csvText(s.failure()));
            csv.append('\n');
        }
        return csv.toString();
    }
}
