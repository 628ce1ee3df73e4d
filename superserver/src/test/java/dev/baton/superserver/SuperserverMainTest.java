package dev.baton.superserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.common.lifecycle.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SuperserverMainTest {
    @TempDir
    Path dir;

    private record Run(int code, String err, String out) {}

    private static Run run(String... args) {
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new SuperserverMain()).execute(args);
            return new Run(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--config", "--zookeeper", "--admin-port", "--run-dir", "--registry-port");
    }

    @Test
    void brokenServicesFileExitsTwoWithOneLineNamingKeyAndValue() throws Exception {
        Path file = dir.resolve("services.yaml");
        Files.writeString(file, "services:\n  - {name: echo, port: 99999, type: internal, internal: echo}\n");
        Run r = run("--config", file.toString(), "--run-dir", dir.toString());
        assertThat(r.code()).isEqualTo(ServiceProcess.EXIT_STARTUP_FAILED);
        assertThat(r.err().strip().lines()).singleElement().asString()
                .startsWith("baton-superserver: ").contains("services.echo.port: 99999");
    }

    @Test
    void unknownInternalServiceIsNamed() throws Exception {
        Path file = dir.resolve("services.yaml");
        Files.writeString(file, "services:\n  - {name: x, port: 1, type: internal, internal: quotd}\n");
        Run r = run("--config", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("services.x.internal: 'quotd'");
    }

    @Test
    void portInUseExitsTwo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("services.yaml");
            Files.writeString(file, "services:\n  - {name: e, port: " + taken.getLocalPort()
                    + ", bind: 127.0.0.1, type: internal, internal: echo}\n");
            Run r = run("--config", file.toString(), "--admin-port", "0", "--registry-port", "0", "--run-dir", dir.toString());
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.err().strip().lines()).singleElement().asString().contains("cannot listen");
        }
    }
}
