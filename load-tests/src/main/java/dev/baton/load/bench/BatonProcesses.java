package dev.baton.load.bench;

import dev.baton.common.launch.ReadinessProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts Baton's own processes for a suite, each on a free loopback port, and waits until each serves. */
public final class BatonProcesses {
    private BatonProcesses() {}

    /** A started process and the port it serves on. */
    public record Started(BenchProcess process, int port) {}

    public static Started zookeeper(ProcessGroup group) {
        int port = ProcessGroup.freePort();
        BenchProcess zk = group.startJava("zookeeper", "common", "dev.baton.common.zk.EmbeddedZooKeeperMain",
                List.of("--port", Integer.toString(port), "--data-dir", group.workDir().resolve("zk").toString()));
        ProcessGroup.awaitReady(zk, ReadinessProbe.tcp("127.0.0.1", port));
        return new Started(zk, port);
    }

    public static Started app(ProcessGroup group, String id, int zookeeperPort, String model) {
        return app(group, id, zookeeperPort, model, Map.of());
    }

    /** An app server with {@code env} settings (BATON_ keys) on top of its defaults. */
    public static Started app(ProcessGroup group, String id, int zookeeperPort, String model, Map<String, String> env) {
        int port = ProcessGroup.freePort();
        // Every app server takes handoffs too: relay rows relay to it, handoff rows pass it the socket.
        BenchProcess app = group.startJava(id, "app-tier", "dev.baton.app.AppServerMain", List.of("--id", id,
                "--port", Integer.toString(port), "--zookeeper", "127.0.0.1:" + zookeeperPort, "--model", model,
                "--handoff-socket", group.workDir().resolve("sockets").resolve(id).resolve("handoff.sock").toString()), env);
        ProcessGroup.awaitReady(app, ReadinessProbe.http("http://127.0.0.1:" + port + "/whoami"));
        return new Started(app, port);
    }

    /** A data tier; {@code zookeeperPort} 0 starts it unregistered; {@code jdbc} is empty for embedded H2. */
    public static Started dataTier(ProcessGroup group, String id, int zookeeperPort, List<String> jdbc) {
        int port = ProcessGroup.freePort();
        List<String> args = new ArrayList<>(List.of("--id", id, "--port", Integer.toString(port), "--zookeeper",
                zookeeperPort == 0 ? "none" : "127.0.0.1:" + zookeeperPort,
                "--run-dir", group.workDir().resolve(id).toString()));
        args.addAll(jdbc);
        BenchProcess data = group.startJava(id, "data-tier", "dev.baton.data.DataTierMain", args);
        ProcessGroup.awaitReady(data, ReadinessProbe.http("http://127.0.0.1:" + port + "/health"));
        return new Started(data, port);
    }

    /**
     * A switch in {@code mode} on {@code transport} ({@code auto}: the switch's own choice), ready once a request
     * through it reaches an app server. It gets one event loop, as HAProxy gets one thread and nginx one worker.
     */
    public static Started fswitch(ProcessGroup group, String name, int zookeeperPort, String mode, String transport) {
        int port = ProcessGroup.freePort();
        int admin = ProcessGroup.freePort();
        BenchProcess process = group.startJava(name, "front-switch", "dev.baton.fswitch.SwitchMain", List.of(
                "--port", Integer.toString(port), "--admin-port", Integer.toString(admin), "--mode", mode,
                "--zookeeper", "127.0.0.1:" + zookeeperPort, "--proxy-protocol", "false", "--transport", transport,
                "--io-threads", "1"));
        ProcessGroup.awaitReady(process, ReadinessProbe.http("http://127.0.0.1:" + port + "/whoami"));
        return new Started(process, port);
    }
}
