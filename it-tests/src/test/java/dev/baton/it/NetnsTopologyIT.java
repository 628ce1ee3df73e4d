package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.common.launch.LaunchSettings;
import dev.baton.common.launch.ManagedProcess;
import dev.baton.common.launch.ProcessSpec;
import dev.baton.common.launch.ProcessSpec.Role;
import dev.baton.common.launch.ReadinessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 9: the Compose topology as separate network hosts on this machine, one network namespace per host
 * on a bridge in {@code 10.231.0.0/24}, running the same processes, configured through the same
 * {@code BATON_...} environment as the compose services ({@link #env}). Differences from compose: the data
 * tier runs on H2 (PostgreSQL in the root namespace is not reachable from these hosts), ZooKeeper is Baton's
 * embedded server rather than the official image, app servers use a 3 s ZooKeeper session, and app-3 on the
 * switch's host publishes a handoff socket.
 *
 * <pre>
 *   zk1 .11  zk2 .12  zk3 .13    ZooKeeper ensemble of three
 *   data .21                     data tier (H2)
 *   app1 .31  app2 .32           app servers, relayed to with PROXY v2
 *   sw .40                       front switch + app-3, which takes handoffs over a Unix socket
 *   client .50                   the client agent ({@link NetnsClient}); the test talks to the cluster only through it
 * </pre>
 *
 * Needs root and {@code ip netns}; skipped with the reason otherwise.
 */
@TestMethodOrder(OrderAnnotation.class)
class NetnsTopologyIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ZK1 = "10.231.0.11", ZK2 = "10.231.0.12", ZK3 = "10.231.0.13";
    private static final String DATA = "10.231.0.21";
    private static final String APP1 = "10.231.0.31", APP2 = "10.231.0.32";
    private static final String SW = "10.231.0.40";
    private static final String CLIENT = "10.231.0.50";
    private static final int ZK_PORT = 2181, DATA_PORT = 7001, APP_PORT = 9001, SWITCH_PORT = 8080, ADMIN_PORT = 8081;
    private static final String ZK_CONNECT = ZK1 + ":" + ZK_PORT + "," + ZK2 + ":" + ZK_PORT + "," + ZK3 + ":" + ZK_PORT;
    private static final String ZK_SERVERS = "1=" + ZK1 + ":2888:3888,2=" + ZK2 + ":2888:3888,3=" + ZK3 + ":2888:3888";
    private static final String APP_SESSION_MS = "3000";
    private static final Duration READY = Duration.ofSeconds(60);
    private static final int LOAD_THREADS = 4;
    private static final long IN_FLIGHT_WINDOW_MS = 2_000;

    private static NetnsTopology net;
    private static ClientHost client;
    private static Path runDir;
    private static LaunchSettings settings;
    private static final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private static long startedAt;
    private static String skipReason;

    @BeforeAll
    static void buildTopology() throws Exception {
        startedAt = System.nanoTime();
        if (effectiveUid() != 0) {
            skip("network namespaces need root (effective uid is " + effectiveUid() + ")");
            return;
        }
        try {
            net = NetnsTopology.create();
        } catch (NetnsTopology.Unavailable e) {
            skip("cannot create network namespaces here: " + e.getMessage());
            return;
        }
        Map<String, String> hosts = new LinkedHashMap<>();
        hosts.put("zk1", ZK1);
        hosts.put("zk2", ZK2);
        hosts.put("zk3", ZK3);
        hosts.put("data", DATA);
        hosts.put("app1", APP1);
        hosts.put("app2", APP2);
        hosts.put("sw", SW);
        hosts.put("client", CLIENT);
        hosts.forEach(net::addHost);
        log("namespaces " + net.prefix() + "-{br," + String.join(",", hosts.keySet()) + "} up");

        runDir = ClusterFixture.root().resolve("it-tests/target/netns-it/" + net.prefix()).toAbsolutePath();
        Files.createDirectories(runDir.resolve("logs"));
        LaunchSettings defaults = LaunchSettings.defaults(ClusterFixture.root(), runDir);
        // ten JVMs start on this one machine: C1 only, so they come up faster (the load here is light)
        List<String> jvm = new ArrayList<>(defaults.jvmOptions());
        jvm.add("-XX:TieredStopAtLevel=1");
        settings = new LaunchSettings(defaults.root(), defaults.runDir(), defaults.java(), List.copyOf(jvm), defaults.setsid());
        client = ClientHost.start(net.wrapper("client"), settings.java(), runDir.resolve("logs/client-agent.log"));

        // ZooKeeper ensemble: all three at once, each ready once it serves in a quorum
        for (int i = 1; i <= 3; i++) {
            startZooKeeper(i);
        }
        for (int i = 1; i <= 3; i++) {
            processes.get("zk" + i).awaitReady(READY);
        }
        start("data", "data-1", Role.DATA, "data-tier", "dev.baton.data.DataTierMain", List.of(),
                env("data", "data-1", Map.of("BATON_PORT", Integer.toString(DATA_PORT), "BATON_HEALTH_PORT",
                        Integer.toString(DATA_PORT), "BATON_RUN_DIR", runDir.resolve("data-1").toString())),
                DATA_PORT, httpOk("http://" + DATA + ":" + DATA_PORT + "/health")).awaitReady(READY);
        List<ManagedProcess> apps = List.of(startApp("app1", "app-1", false), startApp("app2", "app-2", false),
                startApp("sw", "app-3", true));
        for (ManagedProcess app : apps) {
            app.awaitReady(READY);
        }
        start("sw", "switch", Role.SWITCH, "front-switch", "dev.baton.fswitch.SwitchMain", List.of("--mode", "auto"),
                env("sw", "switch", Map.of("BATON_PORT", Integer.toString(SWITCH_PORT), "BATON_ADMIN_PORT",
                        Integer.toString(ADMIN_PORT), "BATON_ADMIN_TOKEN", "change-me", "BATON_HEALTH_PORT",
                        Integer.toString(ADMIN_PORT))),
                SWITCH_PORT, () -> {
                    try {
                        String body = client.body(admin("/backends"));
                        return body.contains("\"app-1\"") && body.contains("\"app-2\"") && body.contains("\"app-3\"");
                    } catch (RuntimeException e) {
                        return false;
                    }
                }).awaitReady(READY);
        log("cluster up after " + sinceStart() + " ms; logs in " + runDir.resolve("logs"));
    }

    /** Surefire shows nothing for a class aborted in @BeforeAll, so each test is skipped with the reason. */
    private static void skip(String reason) {
        skipReason = "skipping: " + reason;
        log(skipReason);
    }

    @BeforeEach
    void skipWithoutNamespaces() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterEach
    void stopLoad() {
        if (client != null) {
            try {
                client.stopLoad();
            } catch (RuntimeException e) {
                log("stopping the load: " + e.getMessage());
            }
        }
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.close();
        }
        // as Cluster.close: app servers and the switch first (they deregister while ZooKeeper is up), then the rest
        List<ManagedProcess> all = new ArrayList<>(processes.values());
        List<ManagedProcess> first = all.stream().filter(p -> p.spec().role() == Role.APP || p.spec().role() == Role.SWITCH).toList();
        List<ManagedProcess> data = all.stream().filter(p -> p.spec().role() == Role.DATA).toList();
        List<ManagedProcess> zk = all.stream().filter(p -> p.spec().role() == Role.ZOOKEEPER).toList();
        for (List<ManagedProcess> group : List.of(first, data, zk)) {
            group.forEach(ManagedProcess::signalStop);
            for (ManagedProcess p : group) {
                try {
                    p.stop(Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (net != null) {
            String prefix = net.prefix();
            net.close();
            try {
                String left = NetnsTopology.run(List.of("ip", "netns", "list")).output();
                assertThat(left).as("namespaces left behind").doesNotContain(prefix);
            } catch (IOException e) {
                throw new AssertionError("cannot list namespaces", e);
            }
            log("torn down; whole class took " + sinceStart() + " ms");
        }
    }

    /** (1) The switch relays to app servers on two other hosts with PROXY v2: they see the client host's address. */
    @Test
    @Order(1)
    void relaysToOtherHostsWithProxyV2SoWhoamiShowsTheClient() throws Exception {
        Map<String, JsonNode> backends = backends();
        assertThat(backends.keySet()).containsExactlyInAnyOrder("app-1", "app-2", "app-3");
        assertThat(backends.get("app-1").get("address").asText()).isEqualTo(APP1 + ":" + APP_PORT);
        assertThat(backends.get("app-2").get("address").asText()).isEqualTo(APP2 + ":" + APP_PORT);
        assertThat(backends.get("app-3").get("address").asText()).isEqualTo(SW + ":" + APP_PORT);

        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 9; i++) {
            ClientHost.Reply r = client.get(SW, SWITCH_PORT, "/whoami");
            assertThat(r.status()).isEqualTo(200);
            JsonNode who = JSON.readTree(r.body());
            String id = who.get("id").asText();
            seen.merge(id, 1, Integer::sum);
            // the app sees the client's own address and port, not the switch's
            assertThat(who.get("client").asText()).as("client seen by " + id).isEqualTo(r.local());
            assertThat(r.local()).startsWith(CLIENT + ":");
        }
        assertThat(seen.keySet()).contains("app-1", "app-2");
    }

    /** (2) Only the app server on the switch's own host takes handoffs; it too sees the client's address. */
    @Test
    @Order(2)
    void handsOffOnlyToTheAppServerOnTheSwitchHost() throws Exception {
        Map<String, JsonNode> before = backends();
        assertThat(before.get("app-3").get("handoff").asBoolean()).as("app-3 (same host) takes handoffs").isTrue();
        assertThat(before.get("app-1").get("handoff").asBoolean()).as("app-1 (other host)").isFalse();
        assertThat(before.get("app-2").get("handoff").asBoolean()).as("app-2 (other host)").isFalse();
        long sentBefore = handoffsSent();

        int app3 = 0;
        for (int i = 0; i < 9; i++) {
            ClientHost.Reply r = client.get(SW, SWITCH_PORT, "/whoami");
            assertThat(r.status()).isEqualTo(200);
            JsonNode who = JSON.readTree(r.body());
            assertThat(who.get("client").asText()).as("client seen by " + who.get("id").asText()).isEqualTo(r.local());
            if (who.get("id").asText().equals("app-3")) {
                app3++;
            }
        }
        assertThat(app3).as("connections served by app-3").isGreaterThan(0);

        Map<String, JsonNode> after = backends();
        assertThat(after.get("app-3").get("handoffs").asLong() - before.get("app-3").get("handoffs").asLong())
                .as("handoffs to app-3").isEqualTo(app3);
        assertThat(after.get("app-1").get("handoffs").asLong()).as("handoffs to app-1").isZero();
        assertThat(after.get("app-2").get("handoffs").asLong()).as("handoffs to app-2").isZero();
        assertThat(after.get("app-3").get("handoffFailures").asLong()).isZero();
        assertThat(handoffsSent() - sentBefore).as("switch metric handoff.sent").isEqualTo(app3);
    }

    /** (3) App servers reach the data tier and ZooKeeper by address; no TCP connection anywhere uses loopback. */
    @Test
    @Order(3)
    void reachesDataTierAndZooKeeperByAddressOnly() throws Exception {
        String key = "/kv/netns-" + net.prefix();
        ClientHost.Reply put = client.http("PUT", SW, SWITCH_PORT, key, "across hosts");
        assertThat(put.status()).as("PUT through the switch: " + put.body()).isEqualTo(200);
        for (int i = 0; i < 3; i++) { // round robin: each app server reads it once
            ClientHost.Reply get = client.get(SW, SWITCH_PORT, key);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("across hosts");
        }
        for (String app : List.of(APP1, APP2, SW)) {
            JsonNode health = JSON.readTree(client.body("http://" + app + ":" + APP_PORT + "/health"));
            assertThat(health.get("dataTier").asText()).as("data tier seen from " + app).isEqualTo("UP");
        }
        for (String host : List.of("zk1", "zk2", "zk3", "data", "app1", "app2", "sw")) {
            String established = net.exec(host, "ss", "-Htn", "state", "established");
            List<String> lines = established.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as("TCP connections on " + host).isNotEmpty();
            for (String line : lines) {
                String[] cols = line.trim().split("\\s+");
                String local = cols[cols.length - 2], peer = cols[cols.length - 1];
                assertThat(local).as("on " + host + ": " + line).contains("10.231.0.");
                assertThat(peer).as("on " + host + ": " + line).contains("10.231.0.");
            }
        }
    }

    /**
     * (4) While the client loads the switch with new connections, one app host dies (veth down, app server
     * SIGKILLed), then one ZooKeeper host (the leader): no new connection fails, and with the remaining
     * majority the cluster still serves, stores data, and updates the switch's membership.
     */
    @Test
    @Order(4)
    void survivesLosingAnAppHostThenAZooKeeperHostUnderLoad() throws Exception {
        client.startLoad(SW, SWITCH_PORT, "/whoami", LOAD_THREADS);
        await().atMost(Duration.ofSeconds(20)).until(() -> client.stats().ok() > 100);

        // the app host goes away: cable pulled, then the process dies with it
        long t0 = System.nanoTime();
        net.unplug("app2");
        long appHostDownAt = client.mark(); // connections opened from now on are new connections to a cluster without it
        processes.get("app-2").kill();
        assertThat(net.pids("app2")).as("processes left on the app2 host").isEmpty();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> !members().containsKey("app-2"));
        log("app-2's host down: the switch stopped choosing it after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        long okAfterApp = client.stats().ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.stats().ok() > okAfterApp + 200);

        // then a ZooKeeper host: the leader, the harder case (an election follows)
        String leader = zooKeeperLeader();
        log("ZooKeeper leader is " + leader + "; taking its host down");
        long t1 = System.nanoTime();
        net.unplug(leader);
        long zkHostDownAt = client.mark();
        processes.get(leader).kill();
        assertThat(net.pids(leader)).as("processes left on the " + leader + " host").isEmpty();
        List<String> remaining = new ArrayList<>(List.of("zk1", "zk2", "zk3"));
        remaining.remove(leader);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                remaining.stream().allMatch(zk -> zkMode(net.ip(zk)).matches("leader|follower"))
                        && remaining.stream().anyMatch(zk -> zkMode(net.ip(zk)).equals("leader")));
        log("ZooKeeper majority serving again after " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        long okAfterZk = client.stats().ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.stats().ok() > okAfterZk + 200);

        // the cluster still stores and reads data
        String key = "/kv/after-zk-loss-" + net.prefix();
        assertThat(client.http("PUT", SW, SWITCH_PORT, key, "majority").status()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            ClientHost.Reply get = client.get(SW, SWITCH_PORT, key);
            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("majority");
        }

        // and membership still updates: the app host comes back with a new app server, which gets traffic
        net.plug("app2");
        startApp("app2", "app-2b", false).awaitReady(READY);
        long t2 = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> backends().containsKey("app-2b"));
        log("app-2b joined the switch " + (System.nanoTime() - t2) / 1_000_000 + " ms after it was ready");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().byId().getOrDefault("app-2b", 0L) > 20);

        ClientHost.LoadStats stats = client.stopLoad();
        log("load: " + stats.ok() + " ok, " + stats.failures() + " failed, slowest " + stats.maxMs() + " ms, by server "
                + stats.byId() + "; app host down at +" + appHostDownAt + " ms, ZooKeeper host down at +" + zkHostDownAt + " ms");
        // A request already on its way to app-2 when its host vanished is lost with it (no balancer can answer
        // it): only connections opened in the moment before the fault may fail, at most one per load thread.
        List<ClientHost.Failure> inFlight = stats.failureSamples().stream()
                .filter(f -> f.startMs() < appHostDownAt && f.startMs() >= appHostDownAt - IN_FLIGHT_WINDOW_MS).toList();
        List<ClientHost.Failure> failedNew = new ArrayList<>(stats.failureSamples());
        failedNew.removeAll(inFlight);
        if (!inFlight.isEmpty()) {
            log("requests in flight to app-2 when its host went down, lost with it: " + inFlight);
        }
        assertThat(stats.failures()).as("failures: " + stats.failureSamples()).isEqualTo(stats.failureSamples().size());
        assertThat(failedNew).as("failed new connections").isEmpty();
        assertThat(inFlight.size()).as("requests lost in flight: " + inFlight).isLessThanOrEqualTo(LOAD_THREADS);
        assertThat(members().keySet()).containsExactlyInAnyOrder("app-1", "app-2b", "app-3");
    }

    // --- processes ---

    private static ManagedProcess startZooKeeper(int id) throws IOException {
        String ip = net.ip("zk" + id);
        return start("zk" + id, "zk" + id, Role.ZOOKEEPER, "common", "dev.baton.common.zk.EmbeddedZooKeeperMain",
                List.of("--port", Integer.toString(ZK_PORT), "--data-dir", runDir.resolve("zk" + id).toString(),
                        "--server-id", Integer.toString(id), "--servers", ZK_SERVERS),
                Map.of(), ZK_PORT, () -> zkMode(ip).matches("leader|follower"));
    }

    private static ManagedProcess startApp(String host, String id, boolean handoff) throws IOException {
        String ip = net.ip(host);
        // the compose service's command, plus a shorter session (as ./baton up) and, on the switch host, handoff
        List<String> args = new ArrayList<>(List.of("--model", "event-loop", "--zookeeper-session-timeout-ms", APP_SESSION_MS));
        if (handoff) {
            Path dir = runDir.resolve(id);
            Files.createDirectories(dir);
            args.addAll(List.of("--handoff-socket", dir.resolve("handoff.sock").toString()));
        }
        return start(host, id, Role.APP, "app-tier", "dev.baton.app.AppServerMain", args,
                env(host, id, Map.of("BATON_PORT", Integer.toString(APP_PORT), "BATON_HEALTH_PORT", Integer.toString(APP_PORT))),
                APP_PORT, httpOk("http://" + ip + ":" + APP_PORT + "/health"));
    }

    /**
     * The compose service's environment on {@code host}: {@code BATON_ZOOKEEPER} names the ensemble, and
     * {@code BATON_ID} / {@code BATON_HOST} are what docker/bin/baton-process derives for
     * {@code BATON_ADVERTISE=container} (the container's name and address).
     */
    private static Map<String, String> env(String host, String id, Map<String, String> service) {
        Map<String, String> env = new LinkedHashMap<>(service);
        env.put("BATON_ZOOKEEPER", ZK_CONNECT);
        env.put("BATON_ADVERTISE", "container");
        env.put("BATON_ID", id);
        env.put("BATON_HOST", net.ip(host));
        return env;
    }

    private static ManagedProcess start(String host, String name, Role role, String module, String mainClass,
                                        List<String> args, Map<String, String> env, int port, ReadinessProbe ready)
            throws IOException {
        ProcessSpec spec = new ProcessSpec(name, role, module, mainClass, args, env, List.of(port), ready,
                net.ip(host) + ":" + port).wrappedIn(net.wrapper(host));
        ManagedProcess p = ManagedProcess.start(spec, settings);
        processes.put(name, p);
        log("started " + name + " on " + net.namespace(host) + " (" + net.ip(host) + "), pid " + p.pid());
        return p;
    }

    private static ReadinessProbe httpOk(String url) {
        return () -> client.status(url) == 200;
    }

    // --- observations, all made from the client host ---

    private static String admin(String path) {
        return "http://" + SW + ":" + ADMIN_PORT + path;
    }

    private static Map<String, JsonNode> backends() throws IOException {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode b : JSON.readTree(client.body(admin("/backends"))).get("backends")) {
            byId.put(b.get("id").asText(), b);
        }
        return byId;
    }

    /**
     * The backends the switch chooses from: a member that left is listed as {@code leaving} while relayed
     * connections to it are open, and those to a host that vanished stay open until they time out.
     */
    private static Map<String, JsonNode> members() throws IOException {
        Map<String, JsonNode> byId = backends();
        byId.values().removeIf(b -> b.get("state").asText().equals("leaving"));
        return byId;
    }

    private static long handoffsSent() throws IOException {
        JsonNode metrics = JSON.readTree(client.body(admin("/metrics")));
        return metrics.path("timers").path("handoff.sent").path("count").asLong(-1);
    }

    /** {@code leader}, {@code follower}, or what else the server says (not serving, unreachable). */
    private static String zkMode(String ip) {
        try {
            String srvr = client.raw(ip, ZK_PORT, "srvr");
            for (String line : srvr.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring(6).trim();
                }
            }
            return srvr.trim();
        } catch (RuntimeException e) {
            return "unreachable: " + e.getMessage();
        }
    }

    private static String zooKeeperLeader() {
        for (String zk : List.of("zk1", "zk2", "zk3")) {
            if (zkMode(net.ip(zk)).equals("leader")) {
                return zk;
            }
        }
        throw new AssertionError("no ZooKeeper leader: " + List.of(zkMode(ZK1), zkMode(ZK2), zkMode(ZK3)));
    }

    private static int effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[2]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no network namespaces either
        }
        return -1;
    }

    private static long sinceStart() {
        return (System.nanoTime() - startedAt) / 1_000_000;
    }

    private static void log(String line) {
        System.out.println("[netns-it] " + line);
    }
}
