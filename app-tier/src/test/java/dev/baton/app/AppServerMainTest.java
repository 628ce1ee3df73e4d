package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app server as a real process: exit codes, one-line errors, SIGTERM drain. */
class AppServerMainTest {
    @TempDir
    Path dir;

    private Process launch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // As the launcher runs it: the main logging config, and native access for epoll (JDK 22+ warns otherwise).
                "--enable-native-access=ALL-UNNAMED", "-Dlogback.configurationFile=logback.xml",
                "-cp", System.getProperty("java.class.path"), AppServerMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private String stderr() throws Exception {
        return Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
    }

    private String stdout() throws Exception {
        return Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
    }

    private static int exit(Process p) throws Exception {
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("process ended").isTrue();
        return p.exitValue();
    }

    @Test
    void helpListsTheOptions() throws Exception {
        Process p = launch("--help");
        assertThat(exit(p)).isZero();
        assertThat(stdout()).contains("--model", "--port", "--zookeeper", "--config", "--handoff-socket");
    }

    @Test
    void aBlockingModelTakingHandoffsWithoutItsJvmFlagSaysWhichFlagAndExits2() throws Exception {
        assumeThat(io.netty.channel.epoll.Epoll.isAvailable()).as("handoff needs epoll").isTrue();
        Process p = launch("--model", "virtual-threads", "--port", "0", "--handoff-socket", dir.resolve("run/handoff.sock").toString());
        assertThat(exit(p)).isEqualTo(2);
        assertThat(stderr().strip()).contains("handoff-socket", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
                .doesNotContain("\n").doesNotContain("Exception:");
    }

    @Test
    void aBadModelIsOneLineOnStderrAndExitCode2() throws Exception {
        Process p = launch("--model", "bogus");
        assertThat(exit(p)).isEqualTo(2);
        assertThat(stderr().strip()).contains("model", "bogus").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void aBadConfigFileValueIsReportedWithTheValue() throws Exception {
        File config = dir.resolve("app.yaml").toFile();
        Files.writeString(config.toPath(), "port: 70000\n");
        Process p = launch("--config", config.toString());
        assertThat(exit(p)).isEqualTo(2);
        assertThat(stderr().strip()).contains("port", "70000").doesNotContain("\n");
    }

    @Test
    void aPortInUseIsOneLineOnStderrAndExitCode2() throws Exception {
        try (TestingServer zookeeper = TestingZooKeeper.started(); ServerSocket taken = new ServerSocket(0)) {
            Process p = launch("--port", Integer.toString(taken.getLocalPort()), "--zookeeper", zookeeper.getConnectString(),
                    "--data-url", "http://127.0.0.1:1");
            assertThat(exit(p)).isEqualTo(2);
            assertThat(stderr().strip()).contains("cannot listen", Integer.toString(taken.getLocalPort())).doesNotContain("\n");
        }
    }

    @Test
    void sigtermDeregistersDrainsAndExitsZero() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (TestingServer zookeeper = TestingZooKeeper.started();
             CuratorFramework curator = ZooKeeperClients.start(zookeeper.getConnectString(), Duration.ofSeconds(4), Duration.ofSeconds(10))) {
            Process p = launch("--port", Integer.toString(port), "--id", "app-sig", "--zookeeper", zookeeper.getConnectString(),
                    "--model", "virtual-threads");
            String node = ServiceNames.BASE_PATH + "/app/app-sig";
            await().atMost(Duration.ofSeconds(20)).until(() -> curator.checkExists().forPath(node) != null);

            p.destroy(); // SIGTERM

            assertThat(exit(p)).isZero();
            assertThat(curator.checkExists().forPath(node)).isNull();
            assertThat(stdout()).contains("deregistered");
        }
    }
}
