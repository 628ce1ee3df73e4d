package dev.baton.load.tcp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latency accounting for one run. Every latency is measured from the step's intended send time, not from the
 * moment it was actually sent, so a stalled server or a lagging load generator shows up in the tail
 * (coordinated omission, as wrk2 corrects it). A send that starts more than {@code lateThresholdNanos} after
 * its intended time is also counted as late. Thread-safe.
 */
public final class LatencyRecorder {
    private static final long MAX_MICROS = 3_600_000_000L;
    private static final int MAX_ERROR_KINDS = 20;

    private final long startNanos;
    private final long lateThresholdNanos;
    private final Histogram all = histogram();
    private final Map<String, StepCounts> steps = new LinkedHashMap<>();
    private final TreeMap<Long, StepCounts> seconds = new TreeMap<>();
    private final Map<String, Long> errorKinds = new LinkedHashMap<>();
    private long sends;
    private long lateSends;
    private long finishedUsers;
    private boolean frozen;

    /**
     * @param startNanos         the run's start on the run's clock; timeline seconds count from it
     * @param lateThresholdNanos how late a send may start before it counts as late
     */
    public LatencyRecorder(long startNanos, long lateThresholdNanos) {
        if (lateThresholdNanos < 0) {
            throw new IllegalArgumentException("lateThresholdNanos: " + lateThresholdNanos + " (expected: >= 0)");
        }
        this.startNanos = startNanos;
        this.lateThresholdNanos = lateThresholdNanos;
    }

    /** Notes that a send intended at {@code intendedNanos} actually started at {@code actualNanos}. */
    public synchronized void sendStarted(long intendedNanos, long actualNanos) {
        if (frozen) {
            return;
        }
        sends++;
        if (actualNanos - intendedNanos > lateThresholdNanos) {
            lateSends++;
        }
    }

    /** Records a finished step; its latency is {@code endNanos - intendedNanos}. */
    public synchronized void record(String step, long intendedNanos, long endNanos, Throwable error) {
        if (frozen) {
            return;
        }
        long micros = Math.max(0, Math.min(MAX_MICROS, (endNanos - intendedNanos) / 1_000));
        all.recordValue(micros);
        steps.computeIfAbsent(step, k -> new StepCounts()).add(micros, error != null);
        long second = Math.max(0, (intendedNanos - startNanos) / 1_000_000_000L);
        seconds.computeIfAbsent(second, k -> new StepCounts()).add(micros, error != null);
        if (error != null) {
            String kind = errorKind(step, error);
            if (errorKinds.containsKey(kind) || errorKinds.size() < MAX_ERROR_KINDS) {
                errorKinds.merge(kind, 1L, Long::sum);
            }
        }
    }

    /** Notes that a user ended, done or failed; after {@link #freeze()} it is still unfinished. */
    public synchronized void userFinished() {
        if (!frozen) {
            finishedUsers++;
        }
    }

    /** Users that ended before {@link #freeze()}. */
    public synchronized long finishedUsers() {
        return finishedUsers;
    }

    /**
     * Ignores everything from now on and returns the final snapshot, so a user cut off at the end of a run
     * counts as unfinished, never also as the error its interrupted step then reports.
     */
    public synchronized Snapshot freeze() {
        frozen = true;
        return snapshot();
    }

    /** A consistent copy of everything recorded so far. */
    public synchronized Snapshot snapshot() {
        Map<String, Stats> stepStats = new LinkedHashMap<>();
        steps.forEach((name, counts) -> stepStats.put(name, counts.stats()));
        Map<Long, Stats> timeline = new TreeMap<>();
        seconds.forEach((second, counts) -> timeline.put(second, counts.stats()));
        long errors = steps.values().stream().mapToLong(c -> c.errors).sum();
        return new Snapshot(Stats.of(all, errors), stepStats, timeline, Map.copyOf(errorKinds), sends, lateSends);
    }

    private static String errorKind(String step, Throwable error) {
        String message = error.getMessage() == null ? "" : ": " + error.getMessage().replaceAll("[0-9]+", "N");
        return step + ": " + error.getClass().getSimpleName() + VirtualUser.abbreviate(message);
    }

    static Histogram histogram() {
        return new Histogram(MAX_MICROS, 3);
    }

    /**
     * Everything a run measured.
     *
     * @param overall   all steps together
     * @param steps     per step name, in first-seen order
     * @param timeline  per second of intended send time since the start
     * @param errorKinds error counts by step and exception kind (numbers masked), at most 20 kinds
     * @param sends     timed sends started
     * @param lateSends sends that started later than the threshold after their intended time
     */
    public record Snapshot(Stats overall, Map<String, Stats> steps, Map<Long, Stats> timeline,
                           Map<String, Long> errorKinds, long sends, long lateSends) {
        public double errorPercent() {
            return overall.count() == 0 ? 0 : 100.0 * overall.errors() / overall.count();
        }

        public double latePercent() {
            return sends == 0 ? 0 : 100.0 * lateSends / sends;
        }
    }

    /** Latency percentiles in microseconds, with counts. */
    public record Stats(long count, long errors, double meanMicros, long p50Micros, long p90Micros,
                        long p99Micros, long p999Micros, long maxMicros) {
        static Stats of(Histogram h, long errors) {
            if (h.getTotalCount() == 0) {
                return new Stats(0, errors, 0, 0, 0, 0, 0, 0);
            }
            return new Stats(h.getTotalCount(), errors, h.getMean(), h.getValueAtPercentile(50),
                    h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
        }
    }

    private static final class StepCounts {
        final Histogram histogram = histogram();
        long errors;

        void add(long micros, boolean error) {
            histogram.recordValue(micros);
            if (error) {
                errors++;
            }
        }

        Stats stats() {
            return Stats.of(histogram, errors);
        }
    }
}
