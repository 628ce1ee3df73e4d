package dev.baton.load.bench;

import dev.baton.common.lifecycle.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./baton bench <switch|models|data> [--quick]}: runs a suite and writes
 * {@code docs/bench/<suite>-<date>.md}, {@code .csv} and {@code .svg}. Exits 0 when the suite ran (rows may
 * have failed, which the table says), 1 when it could not run, 2 on bad arguments.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Side-by-side benchmark of Baton against HAProxy and nginx (switch), the four app models "
                + "(models) or the data tier on H2 and PostgreSQL (data).")
public final class BenchMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", description = "suite: switch | models | data")
    String suite;
    @Option(names = "--quick", description = "one round of 3 s runs, to try a suite in under two minutes")
    boolean quick;
    @Option(names = "--rounds", description = "interleaved rounds; the table shows the median (default: 3, quick 1)")
    Integer rounds;
    @Option(names = "--seconds", description = "length of each run (default: 10, quick 3)")
    Integer seconds;
    @Option(names = "--warmup", description = "seconds of unmeasured load on each cell before the rounds "
            + "(default: 20, quick 2)")
    Integer warmup;
    @Option(names = "--rows", paramLabel = "a,b", description = "only these rows, plus the reference row every "
            + "ratio is to (default: all of the suite's)")
    String rows;
    @Option(names = "--workloads", paramLabel = "a,b", description = "only these workloads (default: all of the suite's)")
    String workloads;
    @Option(names = "--root", description = "Baton source root (default: current directory)")
    Path root = Path.of("");

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line of a new bench: a bad option or value is one line on stderr and exit 2. */
    static CommandLine commandLine() {
        return ServiceProcess.commandLine(new BenchMain());
    }

    private BenchOptions options(Suite chosen, Path base) {
        BenchOptions options = BenchOptions.of(base, quick);
        if (rounds != null) {
            options = options.withRounds(rounds);
        }
        if (seconds != null) {
            options = options.withDuration(Duration.ofSeconds(seconds));
        }
        if (warmup != null) {
            options = options.withWarmup(Duration.ofSeconds(warmup));
        }
        if (rows != null) {
            Set<String> chosenRows = new LinkedHashSet<>(NameSelection.parse("rows", rows, chosen.rowNames()));
            chosenRows.add(chosen.referenceRow()); // a ratio needs its reference
            options = options.withRows(chosenRows);
        }
        if (workloads != null) {
            options = options.withWorkloads(NameSelection.parse("workloads", workloads, chosen.workloadNames()));
        }
        return options;
    }

    @Override
    public Integer call() throws IOException {
        Suite chosen = switch (suite) {
            case "switch" -> new SwitchSuite();
            case "models" -> new ModelsSuite();
            case "data" -> new DataSuite();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "suite: '" + suite + "' (expected one of: switch, models, data)");
        };
        Path base = root.toAbsolutePath().normalize();
        BenchOptions options;
        try {
            options = options(chosen, base);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            Tools.require(chosen.tools());
            Path work = Files.createDirectories(base.resolve("run/bench"));
            Path dir = Files.createTempDirectory(work, chosen.name() + "-");
            List<Sample> samples;
            long started = System.nanoTime();
            try (ProcessGroup group = new ProcessGroup(base, dir)) {
                samples = chosen.run(options, group, line -> System.out.println("bench: " + line));
            }
            ResultTable table = new ResultTable(chosen.referenceRow(), chosen.extraColumns(), samples);
            Path md = ReportFiles.write(options, chosen, table, Duration.ofNanos(System.nanoTime() - started));
            System.out.println();
            System.out.println(Files.readString(md));
            System.out.println("written: " + md + " (and .csv, -rounds.csv, .svg); process logs in " + dir);
            return 0;
        } catch (BenchException e) {
            System.err.println("bench " + suite + ": " + e.getMessage());
            return 1;
        }
    }
}
