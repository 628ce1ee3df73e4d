package dev.baton.load.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code data}: key-value gets and puts and transfers per second against the data tier on embedded H2 and on
 * PostgreSQL, at 1 and 32 concurrent clients. PostgreSQL comes from {@code BATON_BENCH_PG_URL},
 * {@code BATON_BENCH_PG_USER} and {@code BATON_BENCH_PG_PASSWORD} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/baton_test}, baton/baton). Reference: H2.
 */
public final class DataSuite implements Suite {
    static final List<Integer> CLIENTS = List.of(1, 32);

    @Override
    public String name() {
        return "data";
    }

    @Override
    public String referenceRow() {
        return "h2";
    }

    @Override
    public List<String> rowNames() {
        return List.of("h2", "postgresql");
    }

    @Override
    public List<String> workloadNames() {
        List<String> names = new ArrayList<>();
        for (DataOperation op : DataOperation.values()) {
            for (int clients : CLIENTS) {
                names.add(workload(op, clients));
            }
        }
        return names;
    }

    private static String workload(DataOperation op, int clients) {
        return op.label + "-c" + clients;
    }

    @Override
    public List<String> extraColumns() {
        return List.of();
    }

    @Override
    public List<String> tools() {
        return List.of();
    }

    @Override
    public List<Sample> run(BenchOptions options, ProcessGroup group, Consumer<String> log) {
        String run = "bench-" + Long.toString(System.currentTimeMillis(), 36);
        List<Backend> backends = new ArrayList<>();
        if (options.runs("h2")) {
            backends.add(start(group, log, "h2", List.of(), run));
        }
        if (options.runs("postgresql")) {
            backends.add(postgresql(group, log, run));
        }
        // Both rows are JVMs that compile their hot paths under load: warm every cell up once, unmeasured.
        if (!options.warmup().isZero()) {
            for (DataOperation op : DataOperation.values()) {
                for (int clients : CLIENTS) {
                    for (Backend b : backends) {
                        if (b.failure == null && options.measures(workload(op, clients))) {
                            warmUp(b, op, clients, options.warmup(), log);
                        }
                    }
                }
            }
        }
        List<Sample> samples = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (DataOperation op : DataOperation.values()) {
                for (int clients : CLIENTS) {
                    String workload = workload(op, clients);
                    if (!options.measures(workload)) {
                        continue;
                    }
                    for (Backend b : RoundOrder.of(backends, round)) {
                        Sample s = b.failure != null ? Sample.failed(b.row, workload, round, b.failure)
                                : measure(b, op, clients, workload, round, options);
                        log.accept(String.format("round %d/%d %-14s %-10s %s", round, options.rounds(), workload, b.row,
                                s.ok() ? String.format("%.0f ops/s p99 %.2f ms", s.requestsPerSec(), s.p99Ms())
                                        : "failed: " + s.failure()));
                        samples.add(s);
                    }
                }
            }
        }
        return RoundOrder.byRow(samples, backends.stream().map(b -> b.row).toList());
    }

    private static Sample measure(Backend b, DataOperation op, int clients, String workload, int round,
                                  BenchOptions options) {
        try {
            return Sample.of(b.row, workload, round, b.client.measure(op, clients, options.duration()), Map.of());
        } catch (BenchException e) {
            return Sample.failed(b.row, workload, round, e.getMessage());
        }
    }

    private static void warmUp(Backend b, DataOperation op, int clients, Duration warmup, Consumer<String> log) {
        try {
            b.client.measure(op, clients, warmup);
        } catch (BenchException e) {
            log.accept("warm-up of " + b.row + " / " + workload(op, clients) + " failed: " + e.getMessage());
        }
    }

    private static Backend start(ProcessGroup group, Consumer<String> log, String row, List<String> jdbc, String run) {
        log.accept("starting the data tier on " + row + " ...");
        try {
            BatonProcesses.Started data = BatonProcesses.dataTier(group, "data-" + row, 0, jdbc);
            DataClient client = new DataClient("http://127.0.0.1:" + data.port(), run);
            client.seed();
            return new Backend(row, client, null);
        } catch (RuntimeException e) {
            Endpoint failed = Endpoint.failed(row, e);
            log.accept(row + " could not start: " + failed.failure());
            return new Backend(row, null, failed.failure());
        }
    }

    private static Backend postgresql(ProcessGroup group, Consumer<String> log, String run) {
        Map<String, String> env = System.getenv();
        String pgUrl = env.getOrDefault("BATON_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/baton_test");
        String unreachable = unreachable(pgUrl);
        if (unreachable != null) {
            return new Backend("postgresql", null, unreachable);
        }
        return start(group, log, "postgresql", List.of("--jdbc-url", pgUrl,
                "--jdbc-user", env.getOrDefault("BATON_BENCH_PG_USER", "baton"),
                "--jdbc-password", env.getOrDefault("BATON_BENCH_PG_PASSWORD", "baton")), run);
    }

    /** Why PostgreSQL at {@code jdbcUrl} cannot be reached, or null when a TCP connect works. */
    static String unreachable(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            return "BATON_BENCH_PG_URL: '" + jdbcUrl + "' (expected: jdbc:postgresql://host:port/db)";
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String host = uri.getHost() == null ? "127.0.0.1" : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return null;
        } catch (IOException e) {
            return "PostgreSQL not reachable at " + host + ":" + port + " (" + e.getMessage()
                    + "); start one (apt-get install -y postgresql) or set BATON_BENCH_PG_URL";
        }
    }

    private record Backend(String row, DataClient client, String failure) {}
}
