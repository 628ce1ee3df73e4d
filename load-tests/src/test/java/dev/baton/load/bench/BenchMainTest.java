package dev.baton.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    private final StringWriter err = new StringWriter();

    private int bench(String... args) {
        return BenchMain.commandLine().setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void anUnknownRowIsRefusedWithTheRowsThereAreBeforeAnythingStarts() {
        assertThat(bench("switch", "--rows", "baton-relay,envoy")).isEqualTo(2);
        assertThat(err.toString()).contains("rows: 'envoy' (expected some of: direct, baton-relay, baton-relay-epoll, "
                + "haproxy, nginx-stream, baton-handoff)");
    }

    @Test
    void anUnknownWorkloadIsRefusedByName() {
        assertThat(bench("switch", "--workloads", "new-conn,")).isEqualTo(2);
        assertThat(err.toString()).contains("workloads: '' (expected some of: keep-alive, new-conn, blob-1MiB, "
                + "new-conn-1MiB, equal-rate-cpu)");
    }

    @Test
    void zeroRoundsIsAUsageErrorNotAStackTrace() {
        assertThat(bench("models", "--rounds", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("rounds: 0 (expected: >= 1)").doesNotContain("at dev.baton");
    }
}
