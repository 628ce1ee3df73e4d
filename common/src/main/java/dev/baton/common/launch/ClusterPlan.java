package dev.baton.common.launch;

import dev.baton.common.config.Addresses;
import dev.baton.common.launch.ProcessSpec.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The processes of a local cluster, as {@code ./baton up} starts them: an embedded ZooKeeper, the data
 * tier on an H2 file, N app servers and the front switch. Every process listens on {@code bind} (loopback
 * unless asked otherwise: the data tier and ZooKeeper take writes without authentication) and is reached
 * at {@code host}.
 *
 * <pre>{@code
 * ClusterPlan plan = ClusterPlan.builder().apps(3).mode("auto").build();
 * }</pre>
 */
public record ClusterPlan(int apps, String mode, String bind, String host, int zookeeperPort, int dataPort, int appBasePort,
                          int switchPort, int adminPort, Path runDir, int zookeeperSessionMs, boolean superserver) {

    /** The admin token {@code ./baton up} gives the switch unless BATON_ADMIN_TOKEN is set (as the registry's). */
    public static final String DEV_ADMIN_TOKEN = "local-dev-token";

    /** Whether the operator set BATON_ADMIN_TOKEN, which the switch then inherits instead of the development one. */
    public static boolean operatorAdminToken() {
        return System.getenv("BATON_ADMIN_TOKEN") != null;
    }

    /** Ports of the superserver ({@code ./baton up} only): admin, registry, its services, the on-demand app. */
    public static final int SUPERSERVER_ADMIN_PORT = 7110;
    public static final int REGISTRY_PORT = 7111;
    public static final int ECHO_PORT = 7007;
    public static final int DISCARD_PORT = 7009;
    public static final int COUNT_PORT = 7010;
    public static final int DAYTIME_PORT = 7013;
    public static final int CHARGEN_PORT = 7019;
    public static final int ON_DEMAND_APP_PORT = 9100;
    public static final int ON_DEMAND_APP_OWN_PORT = 9101;

    public ClusterPlan {
        try {
            bind = Addresses.bind("--bind", bind);
        } catch (IllegalArgumentException e) {
            throw new LaunchException(e.getMessage());
        }
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
                List.of("--bind", bind, "--port", Integer.toString(zookeeperPort),
                        "--data-dir", runDir.resolve("zookeeper").toString()),
                Map.of(), List.of(zookeeperPort), ReadinessProbe.tcp(host, zookeeperPort), host + ":" + zookeeperPort));
        specs.add(new ProcessSpec("data-1", Role.DATA, "data-tier", "dev.baton.data.DataTierMain",
                List.of("--id", "data-1", "--bind", bind, "--host", host, "--port", Integer.toString(dataPort),
                        "--zookeeper", zookeeperConnect(), "--run-dir", runDir.toString()),
                Map.of(), List.of(dataPort), ReadinessProbe.http(url(dataPort, "/health")), url(dataPort, "")));
        List<String> appIds = new ArrayList<>();
        for (int i = 1; i <= apps; i++) {
            int port = appPort(i);
            appIds.add('"' + appId(i) + '"');
            List<String> args = new ArrayList<>(List.of("--id", appId(i), "--bind", bind, "--host", host,
                    "--port", Integer.toString(port),
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
                List.of("--bind", bind, "--port", Integer.toString(switchPort), "--admin-port", Integer.toString(adminPort),
                        "--mode", mode, "--zookeeper", zookeeperConnect()),
                // admin writes need a token: the operator's, or a development one the banner prints
                operatorAdminToken() ? Map.of() : Map.of("BATON_ADMIN_TOKEN", DEV_ADMIN_TOKEN),
                List.of(switchPort, adminPort),
                ReadinessProbe.httpContaining(url(adminPort, "/backends"), appIds),
                host + ":" + switchPort + " (admin " + url(adminPort, "") + ")"));
        if (superserver) {
            specs.add(new ProcessSpec("superserver", Role.SUPERSERVER, "superserver", "dev.baton.superserver.SuperserverMain",
                    List.of("--config", superserverConfig().toString()), Map.of(),
                    List.of(SUPERSERVER_ADMIN_PORT, REGISTRY_PORT, ECHO_PORT, DISCARD_PORT, COUNT_PORT, DAYTIME_PORT,
                            CHARGEN_PORT, ON_DEMAND_APP_PORT, ON_DEMAND_APP_OWN_PORT),
                    ReadinessProbe.http(url(SUPERSERVER_ADMIN_PORT, "/health")),
                    "registry " + host + ":" + REGISTRY_PORT + ", on-demand app " + host + ":" + ON_DEMAND_APP_PORT));
        }
        return specs;
    }

    public Path superserverConfig() {
        return runDir.resolve("superserver.yml");
    }

    /**
     * The services file of the local superserver: the inetd classics, a program service, and an app server
     * as a {@code wait} service that its first connection starts (it then registers in ZooKeeper as any other).
     */
    public String superserverServices(String appTierClasspath) {
        String q = "\"";
        return String.join("\n",
                "# written by ./baton up; see superserver/README.md for the format",
                "id: superserver-1",
                "zookeeper: " + zookeeperConnect(),
                "admin-bind: " + q + bind + q,
                "admin-port: " + SUPERSERVER_ADMIN_PORT,
                "run-dir: " + q + runDir + q,
                "registry:",
                "  bind: " + q + bind + q,
                "  port: " + REGISTRY_PORT,
                "  token: " + q + "${BATON_REGISTRY_TOKEN:-local-dev-token}" + q,
                "services:",
                "  - {name: echo, bind: " + q + bind + q + ", port: " + ECHO_PORT + ", type: internal, internal: echo}",
                "  - {name: discard, bind: " + q + bind + q + ", port: " + DISCARD_PORT + ", type: internal, internal: discard}",
                "  - {name: daytime, bind: " + q + bind + q + ", port: " + DAYTIME_PORT + ", type: internal, internal: daytime}",
                "  - {name: chargen, bind: " + q + bind + q + ", port: " + CHARGEN_PORT + ", type: internal, internal: chargen}",
                "  - {name: count, bind: " + q + bind + q + ", port: " + COUNT_PORT + ", type: program, program: [wc, -c],",
                "     limits: {instances: 50, per-source: 8, connections-per-second: 200, back-off-seconds: 5}}",
                "  - name: app-on-demand",
                "    bind: " + q + bind + q,
                "    port: " + ON_DEMAND_APP_PORT,
                "    mode: wait",
                "    type: java",
                "    main-class: dev.baton.app.AppServerMain",
                "    classpath: " + q + appTierClasspath + q,
                "    jvm-args: [-Xmx256m, -XX:+UseSerialGC, --enable-native-access=ALL-UNNAMED]",
                "    args: [--id, app-on-demand, --bind, " + q + bind + q + ", --host, " + host + ", --port, " + ON_DEMAND_APP_OWN_PORT
                        + ", --zookeeper, " + q + zookeeperConnect() + q + "]",
                "    idle-seconds: 60",
                "") ;
    }

    private String url(int port, String path) {
        return "http://" + host + ":" + port + path;
    }

    public static final class Builder {
        private int apps = 3;
        private String mode = "auto";
        private String bind = "127.0.0.1";
        private String host = "127.0.0.1";
        private int zookeeperPort = 2181;
        private int dataPort = 7001;
        private int appBasePort = 9001;
        private int switchPort = 8080;
        private int adminPort = 8081;
        private Path runDir = Path.of("run");
        private int zookeeperSessionMs = 1000;
        private boolean superserver;

        public Builder apps(int apps) { this.apps = apps; return this; }
        public Builder mode(String mode) { this.mode = mode; return this; }
        public Builder bind(String bind) { this.bind = bind; return this; }
        public Builder host(String host) { this.host = host; return this; }
        public Builder zookeeperPort(int port) { this.zookeeperPort = port; return this; }
        public Builder dataPort(int port) { this.dataPort = port; return this; }
        public Builder appBasePort(int port) { this.appBasePort = port; return this; }
        public Builder switchPort(int port) { this.switchPort = port; return this; }
        public Builder adminPort(int port) { this.adminPort = port; return this; }
        public Builder runDir(Path dir) { this.runDir = dir; return this; }
        public Builder zookeeperSessionMs(int ms) { this.zookeeperSessionMs = ms; return this; }
        public Builder superserver(boolean on) { this.superserver = on; return this; }

        public ClusterPlan build() {
            return new ClusterPlan(apps, mode, bind, host, zookeeperPort, dataPort, appBasePort, switchPort, adminPort,
                    runDir.toAbsolutePath().normalize(), zookeeperSessionMs, superserver);
        }
    }
}
