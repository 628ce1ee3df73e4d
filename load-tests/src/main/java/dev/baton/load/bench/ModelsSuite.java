package dev.baton.load.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code models}: the four app server models reached directly, with wrk at 64 and 2,000 connections on a
 * CPU-bound ({@code /work?cpu-ms=1}) and an I/O-bound ({@code /kv/{key}}, backed by the data tier on H2)
 * endpoint, with peak threads and resident memory. Reference: event-loop.
 */
public final class ModelsSuite implements Suite {
    static final List<String> MODELS = List.of("event-loop", "virtual-threads", "thread-per-connection", "single-threaded");
    static final String KEY = "bench-models-key";
    static final List<WrkWorkload> WORKLOADS = List.of(
            new WrkWorkload("cpu-c64", "/work?cpu-ms=1", 64, List.of()),
            new WrkWorkload("cpu-c2000", "/work?cpu-ms=1", 2000, List.of()),
            new WrkWorkload("io-c64", "/kv/" + KEY, 64, List.of()),
            new WrkWorkload("io-c2000", "/kv/" + KEY, 2000, List.of()));

    @Override
    public String name() {
        return "models";
    }

    @Override
    public String referenceRow() {
        return "event-loop";
    }

    @Override
    public List<String> rowNames() {
        return MODELS;
    }

    @Override
    public List<String> workloadNames() {
        return WORKLOADS.stream().map(WrkWorkload::name).toList();
    }

    @Override
    public List<String> extraColumns() {
        return List.of(ProcessSampler.THREADS, ProcessSampler.RSS, WrkRunner.CPU_COLUMN);
    }

    @Override
    public List<String> tools() {
        return List.of("wrk");
    }

    @Override
    public List<Sample> run(BenchOptions options, ProcessGroup group, Consumer<String> log) {
        log.accept("starting ZooKeeper, the data tier (H2) and four app servers ...");
        BatonProcesses.Started zk = BatonProcesses.zookeeper(group);
        BatonProcesses.dataTier(group, "data-1", zk.port(), List.of());
        List<Endpoint> endpoints = new ArrayList<>();
        for (String model : MODELS.stream().filter(options::runs).toList()) {
            try {
                // Bulkheads wide enough for 2,000 connections: the suite compares how models carry many
                // waits on the data tier, not how fast the client's guard answers 503.
                BatonProcesses.Started app = BatonProcesses.app(group, "app-" + model, zk.port(), model,
                        Map.of("BATON_DATA_MAX_CONCURRENT", "4096", "BATON_DATA_MAX_CONCURRENT_PER_INSTANCE", "4096"));
                endpoints.add(Endpoint.of(model, app.port(), app.process().pid()));
            } catch (RuntimeException e) {
                endpoints.add(Endpoint.failed(model, e));
            }
        }
        endpoints.stream().filter(e -> e.failure() == null).findFirst().ifPresent(ModelsSuite::seed);
        return WrkRunner.run(endpoints, WORKLOADS.stream().filter(w -> options.measures(w.name())).toList(), options,
                log, new ProcessSampler());
    }

    private static void seed(Endpoint endpoint) {
        HttpRequest put = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + "/kv/" + KEY))
                .PUT(HttpRequest.BodyPublishers.ofString("a small value the I/O-bound workload reads")).build();
        try {
            int status = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new BenchException("seeding " + KEY + " through " + endpoint.row() + " answered " + status);
            }
        } catch (java.io.IOException e) {
            throw new BenchException("cannot seed " + KEY + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while seeding");
        }
    }

    @Override
    public String notes(ResultTable table) {
        return "Expected shape (issue 5): single-threaded collapses under concurrency, thread-per-connection falls "
                + "behind at thousands of connections, virtual threads reach at least 0.8x the event loop on "
                + "I/O-bound work. Threads and RSS are peaks sampled every 250 ms during each run; CPU us/req is "
                + "the app server's own.\n";
    }
}
