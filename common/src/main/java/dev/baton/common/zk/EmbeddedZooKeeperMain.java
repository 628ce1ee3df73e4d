package dev.baton.common.zk;

import dev.baton.common.lifecycle.ProcessLifecycle;
import dev.baton.common.lifecycle.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A single ZooKeeper server for one machine, run with ZooKeeper's own embedded server API. Exits 2 with one
 * line on stderr when it cannot start (a bad option, a port in use), as the other Baton processes do.
 */
@Command(name = "baton-zookeeper", mixinStandardHelpOptions = true,
        description = "Runs a standalone ZooKeeper server (ZooKeeper's embedded server) for a local Baton cluster.")
public final class EmbeddedZooKeeperMain implements Callable<Integer> {
    private static final String COMMAND = "baton-zookeeper";
    private static final long STARTUP_TIMEOUT_MS = 30_000;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeperMain.class);

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "client listen address (default: ${DEFAULT-VALUE})")
    String bind;

    @Option(names = "--port", defaultValue = "2181", description = "client port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = "run/zookeeper", description = "snapshots and logs (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--tick-ms", defaultValue = "250",
            description = "tick time; sessions may be as short as 2 ticks, so dead members vanish fast (default: ${DEFAULT-VALUE})")
    int tickMs;

    @Option(names = "--server-id", defaultValue = "0",
            description = "this server's id in an ensemble (1-255); 0 runs standalone (default: ${DEFAULT-VALUE})")
    int serverId;

    @Option(names = "--servers", split = ",", paramLabel = "ID=HOST:PEER:ELECT",
            description = "the ensemble, e.g. 1=10.0.0.1:2888:3888,2=10.0.0.2:2888:3888,3=10.0.0.3:2888:3888")
    java.util.List<String> servers = java.util.List.of();

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedZooKeeperConfig config;
        try {
            config = new EmbeddedZooKeeperConfig(bind, port, dataDir, tickMs, serverId, servers);
            config.prepareDataDir();
            checkCanListen(config.bind(), config.port());
        } catch (IllegalArgumentException e) {
            return ServiceProcess.cannotStart(COMMAND, e.getMessage(), e);
        }
        ProcessLifecycle life = ProcessLifecycle.install("zookeeper");
        String connect;
        try {
            ZooKeeperServerEmbedded server = life.add(start(config));
            connect = server.getConnectionString();
        } catch (TimeoutException e) { // a failure ZooKeeper only logged, on a thread of its own
            return ServiceProcess.cannotStart(COMMAND, "ZooKeeper did not start within "
                    + STARTUP_TIMEOUT_MS / 1000 + " s (its log says why)", e);
        } catch (Exception e) {
            return ServiceProcess.cannotStart(COMMAND, "cannot start: " + describe(e), e);
        }
        log.info("ZooKeeper listening on {} (data in {})", connect, dataDir);
        life.awaitShutdown();
        return 0;
    }

    private static ZooKeeperServerEmbedded start(EmbeddedZooKeeperConfig config) throws Exception {
        ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                .baseDir(config.dataDir())
                .configuration(config.properties())
                .exitHandler(ExitHandler.LOG_ONLY)
                .build();
        try {
            server.start(STARTUP_TIMEOUT_MS);
        } catch (Exception e) {
            try {
                server.close(); // a start that timed out may have left ZooKeeper's threads running
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return server;
    }

    /**
     * Fails naming the port when nothing can listen on it: ZooKeeper only logs its own bind failure and
     * would leave {@link ZooKeeperServerEmbedded#start(long)} to wait out the whole startup timeout.
     */
    static void checkCanListen(String bind, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as ZooKeeper binds: a port left with connections in TIME_WAIT is free
            socket.bind(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw new IllegalArgumentException(String.valueOf(e.getMessage()).contains("in use")
                    ? "port " + port + " is in use"
                    : bind + ":" + port + ": cannot listen (" + e.getMessage() + ")", e);
        }
    }

    /** The first line of each message down the cause chain, skipping a cause its wrapper already quotes. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("");
        return e.getCause() == null || message.contains(String.valueOf(e.getCause().getMessage()))
                ? message : message + ": " + describe(e.getCause());
    }

    public static void main(String[] args) {
        ServiceProcess.main(new EmbeddedZooKeeperMain(), args);
    }
}
