package dev.baton.common.zk;

import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;
import dev.baton.common.config.Directories;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@link EmbeddedZooKeeperMain}, checked before anything starts: a failure names the option and
 * the bad value, e.g. {@code port: 70000 (expected: 1-65535)}.
 *
 * <pre>{@code
 * EmbeddedZooKeeperConfig c = new EmbeddedZooKeeperConfig("127.0.0.1", 2181, Path.of("run/zookeeper"), 250, 0, List.of());
 * }</pre>
 */
record EmbeddedZooKeeperConfig(String bind, int port, Path dataDir, int tickMs, int serverId, List<String> servers) {
    // An optional role suffix, as ZooKeeper's own server.N lines allow; a bracketed IPv6 host keeps its colons.
    private static final Pattern SERVER = Pattern.compile("(\\d{1,18})=(.+):(\\d{1,5}):(\\d{1,5})(:participant|:observer)?");
    private static final String SERVER_FORM = "ID=HOST:PEER:ELECT, ports 1-65535";

    EmbeddedZooKeeperConfig {
        bind = Addresses.bind("bind", bind);
        Check.between("port", port, 1, 65535);
        Check.positive("tick-ms", tickMs);
        Check.between("server-id", serverId, 0, 255);
        if (serverId != 0 && servers.isEmpty() || serverId == 0 && !servers.isEmpty()) {
            throw new IllegalArgumentException(
                    "--server-id and --servers go together (ensemble) or not at all (standalone)");
        }
        servers.forEach(EmbeddedZooKeeperConfig::checkServer);
        if (servers.stream().map(EmbeddedZooKeeperConfig::id).distinct().count() < servers.size()) {
            // ZooKeeper would keep the last entry of an id and silently run a smaller ensemble
            throw new IllegalArgumentException("servers: " + servers + " (expected: each id once)");
        }
        if (serverId != 0 && servers.stream().noneMatch(s -> id(s) == serverId)) {
            throw new IllegalArgumentException("server-id: " + serverId + " (expected: one of the ids in --servers "
                    + servers.stream().map(EmbeddedZooKeeperConfig::id).toList() + ")");
        }
        dataDir = dataDir.toAbsolutePath();
        servers = List.copyOf(servers);
    }

    /** Where ZooKeeper keeps its snapshots and transaction logs. */
    Path data() {
        return dataDir.resolve("data");
    }

    /**
     * Creates the data directory and, in an ensemble, writes {@code myid} into it. Removes the configuration
     * files of earlier starts: the embedded server writes a new one into {@code dataDir} every time it starts
     * and never deletes it.
     *
     * @throws IllegalArgumentException naming {@code data-dir} when it cannot be created or written
     */
    void prepareDataDir() {
        try {
            Directories.createWritable(data());
            if (serverId != 0) {
                Files.writeString(data().resolve("myid"), serverId + "\n");
            }
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(dataDir, "zookeeper.configuration*.properties")) {
                for (Path file : stale) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("data-dir: " + dataDir
                    + " (expected: a directory this process can create and write; " + e.getMessage() + ")", e);
        }
    }

    /** ZooKeeper's own configuration for these options. */
    Properties properties() {
        Properties config = new Properties();
        config.put("clientPort", Integer.toString(port));
        config.put("clientPortAddress", bind);
        config.put("dataDir", data().toString());
        config.put("tickTime", Integer.toString(tickMs));
        config.put("admin.enableServer", "false"); // its Jetty admin would take port 8080, the switch's
        config.put("4lw.commands.whitelist", "ruok,stat,mntr,srvr");
        config.put("maxClientCnxns", "0");
        if (serverId != 0) {
            config.put("initLimit", "20");
            config.put("syncLimit", "10");
            for (String server : servers) {
                String[] idAndAddress = server.split("=", 2);
                config.put("server." + idAndAddress[0], idAndAddress[1] + ";" + port);
            }
        }
        return config;
    }

    private static void checkServer(String server) {
        Matcher m = SERVER.matcher(server);
        // ZooKeeper takes a port it cannot parse for an unresolved address and fails deep in its startup.
        if (!m.matches() || !Addresses.isPort(m.group(3)) || !Addresses.isPort(m.group(4))
                || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("servers: '" + server + "' (expected: " + SERVER_FORM + ")");
        }
    }

    private static long id(String server) {
        return Long.parseLong(server.substring(0, server.indexOf('=')));
    }
}
