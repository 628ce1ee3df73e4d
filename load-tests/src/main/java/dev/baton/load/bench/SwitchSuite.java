package dev.baton.load.bench;

import dev.baton.common.launch.ReadinessProbe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code switch}: one Baton app server reached directly, through the Baton switch in relay mode (on its default
 * transport, io_uring where the kernel allows it, and on epoll) and in handoff mode, through HAProxy and through
 * nginx stream; wrk at 64 connections with keep-alive small responses, a new
 * connection per request (1 KiB answers), keep-alive 1 MiB responses, and a new connection per 1 MiB response.
 * Reference: HAProxy.
 */
public final class SwitchSuite implements Suite {
    static final int CONNECTIONS = 64;
    static final List<WrkWorkload> WORKLOADS = List.of(
            new WrkWorkload("keep-alive", "/whoami", CONNECTIONS, List.of()),
            // a new connection per request, 1 KiB answers; with its 1 MiB twin it shows whether the
            // balancer's CPU per request depends on the response size (it should not, for handoff)
            new WrkWorkload("new-conn", "/blob?bytes=1024", CONNECTIONS, List.of("Connection: close")),
            new WrkWorkload("blob-1MiB", "/blob?bytes=1048576", CONNECTIONS, List.of()),
            new WrkWorkload("new-conn-1MiB", "/blob?bytes=1048576", CONNECTIONS, List.of("Connection: close")));
    static final List<String> ROWS = List.of("direct", "baton-relay", "baton-relay-epoll", "haproxy", "nginx-stream",
            "baton-handoff");
    /** Not a wrk workload: CPU per request of both response sizes at one rate, the notes' second table. */
    static final String EQUAL_RATE_CPU = "equal-rate-cpu";
    /** Below what every balancer sustains for 1 MiB answers on a new connection each, so all run at this rate. */
    static final double EQUAL_RATE = 300;
    private static final int SMALL = 1024;
    private static final int LARGE = 1024 * 1024;

    private List<EqualRateCpu.Row> equalRate = List.of();

    @Override
    public String name() {
        return "switch";
    }

    @Override
    public String referenceRow() {
        return "haproxy";
    }

    @Override
    public List<String> rowNames() {
        return ROWS;
    }

    @Override
    public List<String> workloadNames() {
        List<String> names = new ArrayList<>(WORKLOADS.stream().map(WrkWorkload::name).toList());
        names.add(EQUAL_RATE_CPU);
        return names;
    }

    @Override
    public List<String> extraColumns() {
        return List.of(WrkRunner.CPU_COLUMN);
    }

    @Override
    public List<String> tools() {
        return List.of("wrk", "haproxy", "nginx");
    }

    @Override
    public List<Sample> run(BenchOptions options, ProcessGroup group, Consumer<String> log) {
        log.accept("starting ZooKeeper and one app server (event-loop) ...");
        BatonProcesses.Started zk = BatonProcesses.zookeeper(group);
        BatonProcesses.Started app = BatonProcesses.app(group, "app-1", zk.port(), "event-loop");
        List<Integer> backends = List.of(app.port());
        // In the order of ROWS, which is the tables' order; each started only when asked for.
        Map<String, Supplier<Endpoint>> starters = new LinkedHashMap<>();
        starters.put("direct", () -> Endpoint.of("direct", app.port(), 0));
        starters.put("baton-relay", () -> baton(group, "baton-relay", zk.port(), "relay", "auto", log));
        starters.put("baton-relay-epoll", () -> baton(group, "baton-relay-epoll", zk.port(), "relay", "epoll", log));
        starters.put("haproxy", () -> balancer("haproxy", log, () -> {
            int port = ProcessGroup.freePort();
            BenchProcess p = Balancers.haproxy(group, port, backends);
            ProcessGroup.awaitReady(p, ReadinessProbe.http("http://127.0.0.1:" + port + "/whoami"));
            return Endpoint.of("haproxy", port, p.pid());
        }));
        starters.put("nginx-stream", () -> balancer("nginx-stream", log, () -> {
            int port = ProcessGroup.freePort();
            BenchProcess p = Balancers.nginx(group, port, backends);
            ProcessGroup.awaitReady(p, ReadinessProbe.http("http://127.0.0.1:" + port + "/whoami"));
            return Endpoint.of("nginx-stream", port, p.pid());
        }));
        starters.put("baton-handoff", () -> baton(group, "baton-handoff", zk.port(), "handoff", "auto", log));
        List<Endpoint> endpoints = new ArrayList<>();
        starters.forEach((row, start) -> {
            if (options.runs(row)) {
                endpoints.add(start.get());
            }
        });
        List<WrkWorkload> workloads = WORKLOADS.stream().filter(w -> options.measures(w.name())).toList();
        List<Sample> samples = WrkRunner.run(endpoints, workloads, options, log, WrkRunner.SampleExtras.NONE);
        if (options.measures(EQUAL_RATE_CPU)) {
            log.accept("CPU per request at an equal rate of " + (int) EQUAL_RATE + " new connections/s ...");
            equalRate = new EqualRateCpu(EQUAL_RATE, options.duration(), options.rounds(), List.of(SMALL, LARGE))
                    .measure(endpoints, log);
        }
        return samples;
    }

    private static Endpoint baton(ProcessGroup group, String row, int zkPort, String mode, String transport,
                                  Consumer<String> log) {
        return balancer(row, log, () -> {
            BatonProcesses.Started s = BatonProcesses.fswitch(group, row, zkPort, mode, transport);
            return Endpoint.of(row, s.port(), s.process().pid());
        });
    }

    private static Endpoint balancer(String row, Consumer<String> log, Supplier<Endpoint> start) {
        log.accept("starting " + row + " ...");
        try {
            return start.get();
        } catch (RuntimeException e) {
            Endpoint failed = Endpoint.failed(row, e);
            log.accept(row + " could not start: " + failed.failure());
            return failed;
        }
    }

    @Override
    public String notes(ResultTable table) {
        StringBuilder rows = new StringBuilder();
        for (String row : table.rows()) {
            ResultTable.Cell small = table.cell("new-conn", row);
            ResultTable.Cell large = table.cell("new-conn-1MiB", row);
            Double a = small == null ? null : small.extras().get(WrkRunner.CPU_COLUMN);
            Double b = large == null ? null : large.extras().get(WrkRunner.CPU_COLUMN);
            if (a != null && b != null) {
                rows.append(String.format("| %s | %.1f | %.1f | %.2fx |%n", row, a, b, a > 0 ? b / a : Double.NaN));
            }
        }
        StringBuilder notes = new StringBuilder();
        if (!rows.isEmpty()) { // both new-connection workloads ran
            notes.append("Balancer CPU per request (µs), 1 KiB vs 1 MiB responses, a new connection per request. "
                    + "At wrk's full speed (read from /proc/<pid>/stat utime+stime around each run), where the 1 KiB "
                    + "rows run at several times the rate of the 1 MiB rows and so batch more connections per "
                    + "event-loop wake-up:\n\n| row | 1 KiB | 1 MiB | 1 MiB / 1 KiB |\n|---|---:|---:|---:|\n")
                    .append(rows);
        }
        if (!equalRate.isEmpty()) {
            notes.append(String.format("%nAt one open-model rate of %d new connections/s for both sizes (the raw TCP tool's "
                    + "churn scenario; on-CPU time of the balancer's threads from /proc/<pid>/task/*/schedstat), which "
                    + "leaves the response size as the only difference:%n%n"
                    + "| row | 1 KiB | 1 MiB | 1 MiB / 1 KiB | errors |%n|---|---:|---:|---:|---:|%n", (int) EQUAL_RATE));
            for (EqualRateCpu.Row row : equalRate) {
                Double a = row.microsPerRequest().get(SMALL);
                Double b = row.microsPerRequest().get(LARGE);
                notes.append(String.format("| %s | %.1f | %.1f | %.2fx | %d |%n", row.row(), a, b, b / a, row.errors()));
            }
        }
        return notes.toString();
    }
}
