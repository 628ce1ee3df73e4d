package dev.baton.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
    @Test
    void anUnknownRowIsRefusedWithTheRowsThereAreBeforeAnythingStarts() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));

        int exit = cli.execute("switch", "--rows", "baton-relay,envoy");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("rows: 'envoy' (expected some of: direct, baton-relay, baton-relay-epoll, "
                + "haproxy, nginx-stream, baton-handoff)");
    }

    @Test
    void anUnknownWorkloadIsRefusedByName() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));

        int exit = cli.execute("switch", "--workloads", "new-conn,");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("workloads: '' (expected some of: keep-alive, new-conn, blob-1MiB, "
                + "new-conn-1MiB, equal-rate-cpu)");
    }

    @Test
    void zeroRoundsIsAUsageErrorNotAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BenchMain()).setErr(new PrintWriter(err));

        int exit = cli.execute("models", "--rounds", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("rounds: 0 (expected: >= 1)").doesNotContain("at dev.baton");
    }
}
