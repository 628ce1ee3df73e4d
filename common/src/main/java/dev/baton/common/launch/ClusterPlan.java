package dev.baton.common.launch;

import dev.baton.common.launch.ProcessSpec.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes of a local cluster, as {@code ./baton up} starts them: an embedded ZooKeeper, the data
 * tier on an H2 file, N app servers and the front switch.
 *
 * <pre>{@code
 * ClusterPlan plan = ClusterPlan.builder().apps(3).mode("auto").build();
 * }</pre>
 */
public record ClusterPlan(int apps, String mode, String host, int zookeeperPort, int dataPort, int appBasePort,
                          int switchPort, int adminPort, Path runDir, int zookeeperSessionMs) {

    public ClusterPlan {
        if (apps < 1 || apps > 64) {
            throw new LaunchException("--apps: " + apps + " (expected: 1-64)");
        }
        if (!List.of("relay", "handoff", "auto").contains(mode)) {
            throw new LaunchException("--mode: '" + mode + "' (expected one of: relay, handoff, auto)");
        }
        for (int port : List.of(zookeeperPort, dataPort, appBasePort, switchPort, adminPort)) {
            if (port < 1 || port > 65535) {
                throw new LaunchException("port: " + port + " (expected: 1-65535)");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String zookeeperConnect() {
        return host + ":" + zookeeperPort;
    }

    public int appPort(int index) {
        return appBasePort + index - 1;
    }

    /** The handoff socket of app server {@code index}, in a directory of its own. */
    public Path handoffSocket(int index) {
        return runDir.resolve("sockets").resolve(appId(index)).resolve("handoff.sock");
    }

    public static String appId(int index) {
        return "app-" + index;
    }

    /** The processes in start order. */
    public List<ProcessSpec> processes() {
        List<ProcessSpec> specs = new ArrayList<>();
        specs.add(new ProcessSpec("zookeeper", Role.ZOOKEEPER, "common", "dev.baton.common.zk.EmbeddedZooKeeperMain",
                List.of("--port", Integer.toString(zookeeperPort), "--data-dir", runDir.resolve("zookeeper").toString()),
                Map.of(), List.of(zookeeperPort), ReadinessProbe.tcp(host, zookeeperPort), host + ":" + zookeeperPort));
        specs.add(new ProcessSpec("data-1", Role.DATA, "data-tier", "dev.baton.data.DataTierMain",
                List.of("--id", "data-1", "--host", host, "--port", Integer.toString(dataPort),
                        "--zookeeper", zookeeperConnect(), "--run-dir", runDir.toString()),
                Map.of(), List.of(dataPort), ReadinessProbe.http(url(dataPort, "/health")), url(dataPort, "")));
        List<String> appIds = new ArrayList<>();
        for (int i = 1; i <= apps; i++) {
            int port = appPort(i);
            appIds.add('"' + appId(i) + '"');
            List<String> args = new ArrayList<>(List.of("--id", appId(i), "--host", host, "--port", Integer.toString(port),
                    "--zookeeper", zookeeperConnect(),
                    "--zookeeper-session-timeout-ms", Integer.toString(zookeeperSessionMs)));
            if (!mode.equals("relay")) {
                // Same host as the switch: it may pass client sockets over this Unix socket.
                args.addAll(List.of("--handoff-socket", handoffSocket(i).toString()));
            }
            specs.add(new ProcessSpec(appId(i), Role.APP, "app-tier", "dev.baton.app.AppServerMain", args,
                    Map.of(), List.of(port), ReadinessProbe.http(url(port, "/health")), url(port, "")));
        }
        // The switch is ready once it has discovered every app server, so the first client request works.
        specs.add(new ProcessSpec("switch", Role.SWITCH, "front-switch", "dev.baton.fswitch.SwitchMain",
                List.of("--port", Integer.toString(switchPort), "--admin-port", Integer.toString(adminPort),
                        "--mode", mode, "--zookeeper", zookeeperConnect()),
                Map.of(), List.of(switchPort, adminPort),
                ReadinessProbe.httpContaining(url(adminPort, "/backends"), appIds),
                host + ":" + switchPort + " (admin " + url(adminPort, "") + ")"));
        return specs;
    }

    private String url(int port, String path) {
        return "http://" + host + ":" + port + path;
    }

    public static final class Builder {
        private int apps = 3;
        private String mode = "auto";
        private String host = "127.0.0.1";
        private int zookeeperPort = 2181;
        private int dataPort = 7001;
        private int appBasePort = 9001;
        private int switchPort = 8080;
        private int adminPort = 8081;
        private Path runDir = Path.of("run");
        private int zookeeperSessionMs = 1000;

        public Builder apps(int apps) { this.apps = apps; return this; }
        public Builder mode(String mode) { this.mode = mode; return this; }
        public Builder host(String host) { this.host = host; return this; }
        public Builder zookeeperPort(int port) { this.zookeeperPort = port; return this; }
        public Builder dataPort(int port) { this.dataPort = port; return this; }
        public Builder appBasePort(int port) { this.appBasePort = port; return this; }
        public Builder switchPort(int port) { this.switchPort = port; return this; }
        public Builder adminPort(int port) { this.adminPort = port; return this; }
        public Builder runDir(Path dir) { this.runDir = dir; return this; }
        public Builder zookeeperSessionMs(int ms) { this.zookeeperSessionMs = ms; return this; }

        public ClusterPlan build() {
            return new ClusterPlan(apps, mode, host, zookeeperPort, dataPort, appBasePort, switchPort, adminPort,
                    runDir.toAbsolutePath().normalize(), zookeeperSessionMs);
        }
    }
}
