package dev.baton.load.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** Samples a process's thread count and resident memory every 250 ms while a run lasts, keeping the peaks. */
final class ProcessSampler implements WrkRunner.SampleExtras {
    static final String THREADS = "threads";
    static final String RSS = "RSS MiB";

    @Override
    public Sampling start(Endpoint endpoint) {
        long pid = endpoint.cpuPid();
        long[] peaks = new long[2];
        AtomicBoolean running = new AtomicBoolean(true);
        Thread thread = Thread.ofPlatform().daemon().name("sampler-" + pid).start(() -> {
            while (running.get()) {
                try {
                    peaks[0] = Math.max(peaks[0], ProcStats.threads(pid));
                    peaks[1] = Math.max(peaks[1], ProcStats.rssKiB(pid));
                    Thread.sleep(250);
                } catch (BenchException | InterruptedException e) {
                    return;
                }
            }
        });
        return () -> {
            running.set(false);
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return peaks[0] == 0 ? Map.of() : Map.of(THREADS, (double) peaks[0], RSS, peaks[1] / 1024.0);
        };
    }
}
