package dev.baton.load.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's CPU time, thread count and resident memory from {@code /proc} (Linux). */
public final class ProcStats {
    /** USER_HZ: the kernel reports CPU times in ticks of 1/100 s on every common Linux build. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    /** User plus system CPU time of {@code pid} so far, in milliseconds. */
    public static double cpuMillis(long pid) {
        return cpuMillis(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    static double cpuMillis(String stat) {
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * 1000.0 / TICKS_PER_SECOND;
    }

    /**
     * On-CPU time of {@code pid}'s live threads so far, in nanoseconds, from each thread's
     * {@code /proc/<pid>/task/<tid>/schedstat}: far finer than {@link #cpuMillis}'s 10 ms ticks, for intervals
     * with little CPU in them. Threads that exited are not counted, so use it only across intervals in which
     * the process keeps its threads (a balancer's event loops).
     */
    public static long cpuNanos(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long total = 0;
        try (var threads = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) threads::iterator) {
                try {
                    total += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split("\\s+")[0]);
                } catch (IOException e) {
                    // the thread exited between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new BenchException("cannot list " + tasks + " (has the process exited?): " + e.getMessage());
        }
        return total;
    }

    /** Threads of {@code pid} now. */
    public static long threads(long pid) {
        return statusField(read(Path.of("/proc", Long.toString(pid), "status")), "Threads:");
    }

    /** Resident memory of {@code pid} now, in KiB. */
    public static long rssKiB(long pid) {
        return statusField(read(Path.of("/proc", Long.toString(pid), "status")), "VmRSS:");
    }

    static long statusField(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        }
        throw new BenchException("no '" + key + "' in /proc status");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new BenchException("cannot read " + file + " (has the process exited?): " + e.getMessage());
        }
    }
}
