package dev.baton.load.tcp;

import dev.baton.common.lifecycle.ServiceProcess;
import dev.baton.load.tcp.scenarios.ChurnScenario;
import dev.baton.load.tcp.scenarios.EchoScenario;
import dev.baton.load.tcp.scenarios.RegistryScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The raw TCP load tool:
 * {@code java -cp ... dev.baton.load.tcp.TcpLoadMain echo --port 7 --rate 200 --duration 30s}.
 * Exits 0 when every assertion passed, 1 when one failed, 2 on bad arguments (one line on stderr).
 */
@Command(name = "tcp-load", mixinStandardHelpOptions = true,
        description = "Open-model TCP load (latency from intended send times): echo, churn or registry.")
public final class TcpLoadMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", description = "scenario: echo | churn | registry")
    String scenario;
    @Option(names = "--host", description = "target host, loopback only (default: 127.0.0.1)")
    String host = "127.0.0.1";
    @Option(names = "--port", required = true, description = "target port")
    int port;
    @Option(names = "--rate", description = "users arriving per second (default: 50)")
    double rate = 50;
    @Option(names = "--ramp-from", description = "ramp the arrival rate from this up to --rate (default: constant)")
    Double rampFrom;
    @Option(names = "--duration", description = "how long users arrive, e.g. 30s, 2m (default: 30s)")
    String duration = "30s";
    @Option(names = "--exchanges", description = "echo round trips, or registry lookup rounds, per user (default: 5)")
    int exchanges = 5;
    @Option(names = "--pause-ms", description = "think time between a user's exchanges (default: 10)")
    long pauseMs = 10;
    @Option(names = "--path", description = "churn: HTTP path asked on each new connection (default: /whoami)")
    String path = "/whoami";
    @Option(names = "--service", description = "registry: service name to LOOKUP (default: app)")
    String service = "app";
    @Option(names = "--token", defaultValue = "${env:BATON_REGISTRY_TOKEN}",
            description = "registry: the registry token; with it each user also REGISTERs, RENEWs and UNREGISTERs a "
                    + "service of its own (default: $BATON_REGISTRY_TOKEN; ./baton up uses local-dev-token; empty: lookups only)")
    String token;
    @Option(names = "--p99-ms", description = "assert p99 below this (default: 100)")
    long p99Ms = 100;
    @Option(names = "--max-error-pct", description = "assert failed steps below this percentage (default: 1)")
    double maxErrorPct = 1;
    @Option(names = "--max-late-pct", description = "assert late sends below this percentage (default: 5)")
    double maxLatePct = 5;
    @Option(names = "--late-ms", description = "a send this late (ms) counts as late (default: 10)")
    long lateMs = 10; // a JVM on a busy small host wakes a timer 1-2 ms late as a matter of course
    @Option(names = "--out", description = "report directory (default: run/load/<scenario>-<time>)")
    Path out;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of a new tool: a bad option or value is one line on stderr and exit 2. */
    public static CommandLine commandLine() {
        return ServiceProcess.commandLine(new TcpLoadMain());
    }

    /**
     * Checks {@code args} as a run would, without running: 0 when they describe a run, else the one line on
     * {@code cl}'s stderr and 2. For a wrapper that must not start a cluster for arguments that cannot run.
     */
    public static int check(String... args) {
        CommandLine cl = commandLine();
        try {
            cl.parseArgs(args);
            if (!cl.isUsageHelpRequested() && !cl.isVersionHelpRequested()) {
                cl.<TcpLoadMain>getCommand().run();
            }
            return 0;
        } catch (CommandLine.ParameterException e) {
            try {
                return cl.getParameterExceptionHandler().handleParseException(e, args);
            } catch (Exception unexpected) {
                throw new IllegalStateException(unexpected);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        Run run = run();
        System.out.printf("%s -> %s: %s users over %s%n", run.scenario().name(), run.target(), run.plan().users(),
                run.plan().duration());
        LoadResult result = LoadRunner.of(run.scenario(), run.target(), run.plan(), run.options()).run();
        List<Assertion.Outcome> outcomes = run.assertions().stream().map(a -> a.check(result)).toList();
        Path dir = out != null ? out : Path.of("run", "load",
                scenario + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path page = ReportWriter.write(dir, result, outcomes);
        print(result, outcomes, page);
        return outcomes.stream().allMatch(Assertion.Outcome::passed) ? 0 : 1;
    }

    /** What the options ask for, every value checked; a bad one is a {@link CommandLine.ParameterException}. */
    Run run() {
        try {
            return build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Run build() {
        if (pauseMs < 0) {
            throw new IllegalArgumentException("--pause-ms: " + pauseMs + " (expected: >= 0)");
        }
        Scenario built = switch (scenario) {
            case "echo" -> EchoScenario.of(exchanges, Duration.ofMillis(pauseMs));
            case "churn" -> ChurnScenario.of(path);
            case "registry" -> RegistryScenario.of(service, exchanges, Duration.ofMillis(pauseMs),
                    token == null || token.isEmpty() ? null : token);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "scenario: '" + scenario + "' (expected one of: echo, churn, registry)");
        };
        Duration length = Durations.parse("duration", duration);
        Injection injection = rampFrom == null ? Injection.constantUsersPerSec(rate).during(length)
                : Injection.rampUsersPerSec(rampFrom).to(rate).during(length);
        if (injection.users() == 0) {
            throw new IllegalArgumentException("--rate " + rate + (rampFrom == null ? "" : " from " + rampFrom)
                    + " over " + duration + ": no users (expected: at least one; raise --rate or --duration)");
        }
        RunOptions options = RunOptions.defaults().withLateThreshold(Duration.ofMillis(lateMs));
        List<Assertion> assertions = List.of(Assertion.p99Below(Duration.ofMillis(p99Ms)),
                Assertion.errorPercentBelow(maxErrorPct), Assertion.latePercentBelow(maxLatePct));
        return new Run(built, new Target(host, port), InjectionPlan.of(List.of(injection)), options, assertions);
    }

    /** A checked run: everything {@link #call()} needs before it sends anything. */
    record Run(Scenario scenario, Target target, InjectionPlan plan, RunOptions options, List<Assertion> assertions) {}

    private static void print(LoadResult result, List<Assertion.Outcome> outcomes, Path page) {
        LatencyRecorder.Stats all = result.measured().overall();
        System.out.printf("%d steps in %.1f s (%.1f/s), errors %.3f%%, late sends %d of %d%n",
                all.count(), result.elapsed().toMillis() / 1000.0, result.throughput(),
                result.errorPercent(), result.measured().lateSends(), result.measured().sends());
        System.out.printf("users: %d scheduled, %d dropped, %d unfinished (both counted as errors)%n",
                result.scheduled(), result.dropped(), result.unfinished());
        System.out.printf("latency from intended send: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                all.p50Micros() / 1000.0, all.p90Micros() / 1000.0, all.p99Micros() / 1000.0,
                all.p999Micros() / 1000.0, all.maxMicros() / 1000.0);
        result.measured().errorKinds().forEach((kind, n) -> System.out.printf("  error x%d: %s%n", n, kind));
        outcomes.forEach(o -> System.out.printf("%s %s: %s%n", o.passed() ? "PASS" : "FAIL", o.description(), o.actual()));
        System.out.println("report: " + page.toAbsolutePath());
    }
}
