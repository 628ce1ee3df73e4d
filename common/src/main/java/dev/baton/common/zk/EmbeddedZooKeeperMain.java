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

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dataDir);
        Properties config = new Properties();
        config.put("clientPort", Integer.toString(port));
        config.put("clientPortAddress", "0.0.0.0");
        config.put("dataDir", dataDir.toAbsolutePath().resolve("data").toString());
        config.put("tickTime", Integer.toString(tickMs));
        config.put("admin.enableServer", "false"); // its Jetty admin would take port 8080, the switch's
        config.put("4lw.commands.whitelist", "ruok,stat,mntr,srvr");
        config.put("maxClientCnxns", "0");
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
