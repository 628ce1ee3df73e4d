package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.launch.Cluster;
import dev.baton.common.launch.ClusterPlan;
import dev.baton.common.launch.LaunchException;
import dev.baton.common.launch.ManagedProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 2: the whole cluster as separate processes, started the way {@code ./baton up} starts it. */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runDir;

    @Test
    void servesEveryAppInTurnAndKeepsDataAcrossRestarts() throws Exception {
        ClusterPlan plan = ClusterFixture.plan(3, runDir);
        List<Long> pids = new ArrayList<>();
        try (Cluster cluster = ClusterFixture.start(plan)) {
            cluster.processes().forEach(p -> pids.add(p.pid()));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RawHttp.Reply r = RawHttp.get(plan.switchPort(), "/whoami");
                assertThat(r.status()).isEqualTo(200);
                ids.add(JSON.readTree(r.body()).get("id").asText());
            }
            // round robin: each window of three new connections meets all three servers
            assertThat(ids.subList(0, 3)).containsExactlyInAnyOrder("app-1", "app-2", "app-3");
            assertThat(ids.subList(3, 6)).isEqualTo(ids.subList(0, 3));

            assertThat(RawHttp.put(plan.switchPort(), "/kv/a", "1").status()).isEqualTo(200);
            for (int i = 0; i < 3; i++) {
                RawHttp.Reply r = RawHttp.get(plan.switchPort(), "/kv/a");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("1");
            }
        }
        assertAllGone(pids, plan);

        try (Cluster again = ClusterFixture.start(plan)) {
            RawHttp.Reply r = RawHttp.get(plan.switchPort(), "/kv/a");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("1");
        }
    }

    @Test
    void killedAppServerFailsNoNewConnectionAndLeavesWithinTwoSeconds() throws Exception {
        ClusterPlan plan = ClusterFixture.plan(3, runDir);
        try (Cluster cluster = ClusterFixture.start(plan)) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
            Thread clients = new Thread(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        RawHttp.Reply r = RawHttp.get(plan.switchPort(), "/whoami");
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failures.add(new Failure(started, "status " + r.status()));
                        }
                    } catch (IOException e) {
                        failures.add(new Failure(started, e.toString()));
                    }
                }
            });
            clients.start();
            await().until(() -> ok.get() > 20);

            ManagedProcess victim = cluster.process("app-2");
            long killedAt = System.nanoTime();
            victim.kill(); // SIGKILL, and waits until the process is reaped
            long deadAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !ClusterFixture.backendIds(plan).contains("app-2"));
            long goneAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            int before = ok.get();
            await().until(() -> ok.get() > before + 50);
            running.set(false);
            clients.join();

            // A connection app-2 was already serving when it died is lost with it (a reset), in any balancer;
            // every connection opened after the kill must succeed.
            assertThat(failures).filteredOn(f -> f.startedNanos() >= deadAt).as("failed new connections").isEmpty();
            assertThat(failures).as("connections in flight at the kill (one client thread)").hasSizeLessThanOrEqualTo(1);
            assertThat(goneAfterMs).as("ms until the switch dropped the killed member").isLessThan(2000);
            assertThat(ClusterFixture.backendIds(plan)).containsExactlyInAnyOrder("app-1", "app-3");
        }
    }

    @Test
    void badRequestsGetClearAnswersAndKillNothing() throws Exception {
        ClusterPlan plan = ClusterFixture.plan(1, runDir);
        try (Cluster cluster = ClusterFixture.start(plan)) {
            assertThat(RawHttp.get(plan.switchPort(), "/no/such/path").status()).isEqualTo(404);
            RawHttp.Reply malformed = RawHttp.send(plan.switchPort(), "BLAH\u0000\u0001 nonsense\r\n\r\n");
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.body()).doesNotContain("Exception");
            assertThat(cluster.processes()).allMatch(ManagedProcess::isAlive);
            assertThat(RawHttp.get(plan.switchPort(), "/whoami").status()).isEqualTo(200);
        }
    }

    @Test
    void refusesToStartWhenAPortIsTakenAndStartsNothing() throws Exception {
        ClusterPlan plan = ClusterFixture.plan(1, runDir);
        try (ServerSocket squatter = new ServerSocket(plan.switchPort())) {
            assertThatThrownBy(() -> ClusterFixture.start(plan))
                    .isInstanceOf(LaunchException.class)
                    .hasMessageContaining("port " + plan.switchPort() + " is already in use");
        }
        Path logs = runDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (var started = Files.list(logs)) {
                assertThat(started).as("no process was started").isEmpty();
            }
        }
    }

    @Test
    void refusesARunDirectoryItCannotWrite() throws Exception {
        Path notADirectory = Files.writeString(runDir.resolve("file"), "x");
        ClusterPlan plan = ClusterFixture.plan(1, notADirectory.resolve("run"));
        assertThatThrownBy(() -> ClusterFixture.start(plan))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("is not writable");
    }

    private record Failure(long startedNanos, String what) {}


    private static void assertAllGone(List<Long> pids, ClusterPlan plan) {
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid + " alive").isFalse();
        }
        List<Integer> ports = new ArrayList<>(List.of(plan.switchPort(), plan.adminPort(), plan.zookeeperPort(), plan.dataPort()));
        for (int i = 1; i <= plan.apps(); i++) {
            ports.add(plan.appPort(i));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(ports).allMatch(ClusterFixture::portFree));
    }
}
