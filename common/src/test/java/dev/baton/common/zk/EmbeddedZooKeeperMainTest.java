package dev.baton.common.zk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.common.lifecycle.ServiceProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EmbeddedZooKeeperMainTest {
    @TempDir
    Path dir;

    @Test
    void namesATakenPortAtOnce() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedZooKeeperMain.checkCanListen("0.0.0.0", port))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("port " + port + " is in use");
        }
    }

    @Test
    void aFreePortPasses() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        EmbeddedZooKeeperMain.checkCanListen("0.0.0.0", port);
    }

    @Test
    void aBadOptionExitsTwoWithOneLine() {
        Run run = run("--port", "70000", "--data-dir", dir.toString());
        assertThat(run.code()).isEqualTo(ServiceProcess.EXIT_STARTUP_FAILED);
        assertThat(run.stderr().strip().lines()).singleElement()
                .isEqualTo("baton-zookeeper: port: 70000 (expected: 1-65535)");
    }

    @Test
    void describesAStartupFailureInOneLine() {
        Exception e = new RuntimeException("wrapped", new TimeoutException("did not start\n\tat somewhere"));
        assertThat(EmbeddedZooKeeperMain.describe(e)).isEqualTo("wrapped: did not start");
        assertThat(EmbeddedZooKeeperMain.describe(new TimeoutException())).isEqualTo("TimeoutException");
    }

    private record Run(int code, String stderr) {}

    private static Run run(String... args) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new EmbeddedZooKeeperMain()).execute(args);
        } finally {
            System.setErr(before);
        }
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }
}
