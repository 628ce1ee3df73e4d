package dev.baton.app;

import dev.baton.app.data.DataTierPolicy;
import dev.baton.app.server.ServerModel;
import dev.baton.app.server.ServerSettings;
import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The app server's configuration (YAML, kebab-case keys, {@code BATON_...} overrides). Absent keys
 * take the defaults below; every value is checked here, with the bad value in the message.
 *
 * @param id                         server id; default {@code app-<port>}
 * @param host                       advertised host
 * @param bind                       listen address
 * @param model                      event-loop, virtual-threads, thread-per-connection or single-threaded
 * @param dataUrl                    fixed data-tier base URLs (comma-separated), bypassing discovery; empty: discover
 * @param dataTimeoutMs              time limit per data-tier attempt
 * @param dataMaxAttempts            attempts per idempotent data-tier call
 * @param dataBreakerOpenMs          how long the breaker stays open
 * @param dataMaxConcurrent          tier-wide bulkhead: concurrent data-tier calls
 * @param dataMaxConcurrentPerInstance each data-tier instance's bulkhead (default 128): a full instance is
 *                                   skipped for another
 * @param drainTimeoutMs             how long shutdown waits for requests in flight
 * @param workerThreads              thread-per-connection pool size
 * @param workThreads                the event-loop model's pool for CPU-bound {@code /work}
 * @param handoffSocket              Unix socket that receives connections handed off by the switch
 *                                   (its directory is made private); default none: no handoff
 */
public record AppConfig(String id, String host, String bind, Integer port, String model, String zookeeper,
                        Integer zookeeperSessionTimeoutMs, Integer weight, String zone, String dataUrl,
                        Integer dataTimeoutMs, Integer dataMaxAttempts, Integer dataBreakerOpenMs,
                        Integer dataMaxConcurrent, Integer dataMaxConcurrentPerInstance, Integer maxBodyBytes, Integer idleTimeoutMs,
                        Integer drainTimeoutMs, Integer ioThreads, Integer workerThreads, Integer workThreads,
                        String handoffSocket) {
    public AppConfig {
        host = Check.notBlank("host", or(host, "127.0.0.1"));
        bind = Addresses.bind("bind", or(bind, "0.0.0.0"));
        port = Check.port("port", or(port, 9001));
        model = Check.oneOf("model", ServerModel.class, or(model, "event-loop")).label();
        zookeeper = Addresses.zookeeper("zookeeper", or(zookeeper, "localhost:2181"));
        zookeeperSessionTimeoutMs = (int) Check.atLeast("zookeeper-session-timeout-ms", or(zookeeperSessionTimeoutMs, 4000), 100);
        weight = or(weight, 100);
        if (weight < 1 || weight > 1000) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: 1-1000)");
        }
        zone = Check.notBlank("zone", or(zone, "local"));
        dataUrl = or(dataUrl, "").trim();
        dataUrls(dataUrl);
        dataTimeoutMs = (int) Check.positive("data-timeout-ms", or(dataTimeoutMs, 1000));
        dataMaxAttempts = (int) Check.atLeast("data-max-attempts", or(dataMaxAttempts, 3), 1);
        dataBreakerOpenMs = (int) Check.positive("data-breaker-open-ms", or(dataBreakerOpenMs, 5000));
        dataMaxConcurrent = (int) Check.positive("data-max-concurrent", or(dataMaxConcurrent, 256));
        dataMaxConcurrentPerInstance = (int) Check.positive("data-max-concurrent-per-instance",
                or(dataMaxConcurrentPerInstance, 128));
        maxBodyBytes = (int) Check.atLeast("max-body-bytes", or(maxBodyBytes, 1024 * 1024), 0);
        idleTimeoutMs = (int) Check.positive("idle-timeout-ms", or(idleTimeoutMs, 60_000));
        drainTimeoutMs = (int) Check.atLeast("drain-timeout-ms", or(drainTimeoutMs, 10_000), 0);
        ioThreads = (int) Check.atLeast("io-threads", or(ioThreads, 0), 0);
        workerThreads = (int) Check.positive("worker-threads", or(workerThreads, 200));
        workThreads = (int) Check.positive("work-threads", or(workThreads, Runtime.getRuntime().availableProcessors()));
        if (id != null) {
            Check.notBlank("id", id);
        }
        handoffSocket = handoffSocket == null || handoffSocket.isBlank() ? null : handoffSocket.trim();
        if (handoffSocket != null) {
            handoffSocketPath(handoffSocket);
        }
    }

    private static Path handoffSocketPath(String value) {
        try {
            Path path = Path.of(value).toAbsolutePath().normalize();
            if (path.getParent() == null) {
                throw new IllegalArgumentException("no parent directory");
            }
            return path;
        } catch (IllegalArgumentException e) { // InvalidPathException is one
            throw new IllegalArgumentException("handoff-socket: '" + value + "' (expected: a file path such as run/app-1/handoff.sock)");
        }
    }

    /** The handoff socket's absolute path, or null when this server takes no handoffs. */
    public Path handoffSocketPath() {
        return handoffSocket == null ? null : handoffSocketPath(handoffSocket);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static List<URI> dataUrls(String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            try {
                URI uri = URI.create(s);
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http URL");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("data-url: '" + s + "' (expected: http://host:port)");
            }
        }).toList();
    }

    public ServerModel serverModel() {
        return Check.oneOf("model", ServerModel.class, model);
    }

    /** The fixed data-tier URLs, or empty to discover the data tier in ZooKeeper. */
    public List<URI> dataUrls() {
        return dataUrls(dataUrl);
    }

    /** The id, or {@code app-<port>} for the port actually bound. */
    public String idFor(int boundPort) {
        return id != null ? id : "app-" + boundPort;
    }

    public ServerSettings serverSettings() {
        return new ServerSettings(bind, port, maxBodyBytes, Duration.ofMillis(idleTimeoutMs),
                Duration.ofMillis(drainTimeoutMs), ioThreads, workerThreads);
    }

    public DataTierPolicy dataTierPolicy() {
        DataTierPolicy d = DataTierPolicy.defaults();
        return new DataTierPolicy(Duration.ofMillis(dataTimeoutMs), dataMaxAttempts, d.backoff(),
                Duration.ofMillis(dataBreakerOpenMs), d.breakerWindow(), dataMaxConcurrent, dataMaxConcurrentPerInstance);
    }
}
