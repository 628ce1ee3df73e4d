package dev.baton.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.launch.Cluster;
import dev.baton.common.launch.ClusterPlan;
import dev.baton.common.launch.LaunchSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Starts the real cluster processes exactly as {@code ./baton up} does, on free ports and a private run dir. */
final class ClusterFixture {
    private ClusterFixture() {}

    static Path root() {
        String root = System.getProperty("baton.root");
        return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    }

    /** A plan on ports that are free now: six apart-from-each-other singles and a run of {@code apps} for the app servers. */
    static ClusterPlan plan(int apps, Path runDir) throws IOException {
        return plan(apps, runDir, "auto");
    }

    static ClusterPlan plan(int apps, Path runDir, String mode) throws IOException {
        int[] ports = freePorts(4);
        return ClusterPlan.builder()
                .apps(apps)
                .mode(mode)
                .zookeeperPort(ports[0])
                .dataPort(ports[1])
                .switchPort(ports[2])
                .adminPort(ports[3])
                .appBasePort(freeRun(apps))
                .runDir(runDir)
                .build();
    }

    static Cluster start(ClusterPlan plan) throws InterruptedException {
        return Cluster.start(plan, LaunchSettings.defaults(root(), plan.runDir()), line -> System.out.println("[cluster] " + line));
    }

    /** The ids of the backends the switch of {@code plan} lists on its admin API now. */
    static List<String> backendIds(ClusterPlan plan) throws IOException {
        List<String> ids = new ArrayList<>();
        for (JsonNode b : new ObjectMapper()
                .readTree(RawHttp.get(plan.adminPort(), "/backends").body()).get("backends")) {
            ids.add(b.get("id").asText());
        }
        return ids;
    }

    /**
     * {@code n} distinct free ports. Asked for one at a time, the kernel may hand out a port it has just
     * handed out (its socket closed), and two services then collide; these sockets stay open until all are picked.
     */
    static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new java.net.InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeRun(int n) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            boolean all = true;
            for (int i = 0; i < n && all; i++) {
                all = portFree(base + i);
            }
            if (all) {
                return base;
            }
        }
        throw new IllegalStateException("no run of " + n + " free ports found");
    }
}
