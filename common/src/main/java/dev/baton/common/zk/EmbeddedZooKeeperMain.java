package dev.baton.common.zk;

import dev.baton.common.lifecycle.ProcessLifecycle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A single ZooKeeper server for one machine, run with ZooKeeper's own embedded server API. */
@Command(name = "baton-zookeeper", mixinStandardHelpOptions = true,
        description = "Runs a standalone ZooKeeper server (ZooKeeper's embedded server) for a local Baton cluster.")
public final class EmbeddedZooKeeperMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeperMain.class);

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
    public Integer call() throws Exception {
        if (serverId != 0 && servers.isEmpty() || serverId == 0 && !servers.isEmpty()) {
            System.err.println("baton-zookeeper: --server-id and --servers go together (ensemble) or not at all (standalone)");
            return 2;
        }
        Files.createDirectories(dataDir);
        Properties config = new Properties();
        config.put("clientPort", Integer.toString(port));
        config.put("clientPortAddress", "0.0.0.0");
        config.put("dataDir", dataDir.toAbsolutePath().resolve("data").toString());
        config.put("tickTime", Integer.toString(tickMs));
        config.put("admin.enableServer", "false"); // its Jetty admin would take port 8080, the switch's
        config.put("4lw.commands.whitelist", "ruok,stat,mntr,srvr");
        config.put("maxClientCnxns", "0");
        if (serverId != 0) {
            Path data = dataDir.toAbsolutePath().resolve("data");
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), serverId + "\n");
            config.put("initLimit", "20");
            config.put("syncLimit", "10");
            for (String server : servers) {
                String[] idAndAddress = server.split("=", 2);
                if (idAndAddress.length != 2 || !idAndAddress[0].matches("\\d+")) {
                    System.err.println("baton-zookeeper: --servers: '" + server + "' (expected ID=HOST:PEER:ELECT)");
                    return 2;
                }
                config.put("server." + idAndAddress[0], idAndAddress[1] + ";" + port);
            }
        }
        ProcessLifecycle life = ProcessLifecycle.install("zookeeper");
        ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                .baseDir(dataDir.toAbsolutePath())
                .configuration(config)
                .exitHandler(ExitHandler.LOG_ONLY)
                .build();
        server.start(30_000);
        life.add(server);
        log.info("ZooKeeper listening on {} (data in {})", server.getConnectionString(), dataDir);
        life.awaitShutdown();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmbeddedZooKeeperMain()).execute(args));
    }
}
