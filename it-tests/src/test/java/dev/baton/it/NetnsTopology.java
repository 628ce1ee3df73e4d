package dev.baton.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Separate network hosts on this machine: one network namespace per host, each with a veth {@code eth0}
 * into a bridge that lives in a namespace of its own, and an address in {@code 10.231.0.0/24}. Nothing is
 * created in the root namespace (the veth ends are created directly in their namespaces), so parallel runs
 * do not collide and deleting the namespaces removes every link. No host gets a default route: traffic
 * goes only to the bridge's /24 and to loopback.
 *
 * <pre>{@code
 * try (NetnsTopology net = NetnsTopology.create()) {
 *     net.addHost("app1", "10.231.0.31");
 *     ProcessSpec inNs = spec.wrappedIn(net.wrapper("app1"));
 * }
 * }</pre>
 */
final class NetnsTopology implements AutoCloseable {
    static final String SUBNET_PREFIX = "10.231.0.";

    private final String prefix;
    private final String bridgeNs;
    private final Map<String, String> hostNs = new LinkedHashMap<>();
    private final Map<String, String> hostIp = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final Thread cleanupOnExit;
    private boolean closed;

    private NetnsTopology(String prefix) {
        this.prefix = prefix;
        this.bridgeNs = prefix + "-br";
        this.cleanupOnExit = new Thread(this::deleteAll, prefix + "-netns-cleanup");
    }

    /**
     * Creates the bridge namespace with its bridge; throws {@link Unavailable} when namespaces cannot be
     * created here (not root, no {@code ip}, no netns support), with the command's own message.
     */
    static NetnsTopology create() {
        String prefix = "bt" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        NetnsTopology net = new NetnsTopology(prefix);
        Result add;
        try {
            add = run(List.of("ip", "netns", "add", net.bridgeNs));
        } catch (IOException e) {
            throw new Unavailable("cannot run 'ip': " + e.getMessage());
        }
        if (add.code() != 0) {
            throw new Unavailable("'ip netns add " + net.bridgeNs + "' failed (exit " + add.code() + "): " + add.output().trim());
        }
        net.created.add(net.bridgeNs);
        Runtime.getRuntime().addShutdownHook(net.cleanupOnExit);
        try {
            net.inNs(net.bridgeNs, "ip", "link", "set", "lo", "up");
            net.inNs(net.bridgeNs, "ip", "link", "add", "br0", "type", "bridge");
            net.inNs(net.bridgeNs, "ip", "link", "set", "br0", "up");
        } catch (RuntimeException e) {
            net.close();
            throw new Unavailable("cannot create a bridge in a namespace: " + e.getMessage());
        }
        return net;
    }

    String prefix() {
        return prefix;
    }

    /** A new host: its namespace, {@code lo} up, a veth {@code eth0} with {@code ip/24} into the bridge. */
    void addHost(String name, String ip) {
        if (!ip.startsWith(SUBNET_PREFIX)) {
            throw new IllegalArgumentException(ip + " is outside " + SUBNET_PREFIX + "0/24");
        }
        String ns = prefix + "-" + name;
        must(List.of("ip", "netns", "add", ns));
        created.add(ns);
        hostNs.put(name, ns);
        hostIp.put(name, ip);
        String port = "p-" + name; // the bridge side, named in the bridge namespace (15 characters at most)
        must(List.of("ip", "link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", port, "netns", bridgeNs));
        inNs(bridgeNs, "ip", "link", "set", port, "master", "br0");
        inNs(bridgeNs, "ip", "link", "set", port, "up");
        inNs(ns, "ip", "link", "set", "lo", "up");
        inNs(ns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        inNs(ns, "ip", "link", "set", "eth0", "up");
    }

    String ip(String host) {
        return hostIp.get(host);
    }

    String namespace(String host) {
        return hostNs.get(host);
    }

    /** The command prefix that runs a command on {@code host}. */
    List<String> wrapper(String host) {
        return List.of("ip", "netns", "exec", ns(host));
    }

    /** Takes the host off the network (its veth down, as a pulled cable or a powered-off machine). */
    void unplug(String host) {
        inNs(ns(host), "ip", "link", "set", "eth0", "down");
    }

    void plug(String host) {
        inNs(ns(host), "ip", "link", "set", "eth0", "up");
    }

    /** Runs {@code command} on {@code host} and returns its output; throws if it fails. */
    String exec(String host, String... command) {
        return inNs(ns(host), command);
    }

    /** The pids of processes whose network namespace is {@code host}'s. */
    List<Long> pids(String host) {
        return pidsIn(ns(host));
    }

    private String ns(String host) {
        String ns = hostNs.get(host);
        if (ns == null) {
            throw new IllegalArgumentException("no host " + host);
        }
        return ns;
    }

    private String inNs(String ns, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return must(full);
    }

    /** Kills whatever still runs in the namespaces (only ours: their names are unique), then deletes them. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs deleteAll again, which is harmless
        }
    }

    private void deleteAll() {
        List<String> order = new ArrayList<>(created);
        order.remove(bridgeNs);
        order.add(bridgeNs); // hosts first, the bridge last
        for (String ns : order) {
            for (long pid : pidsIn(ns)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        for (String ns : order) {
            for (long pid : pidsIn(ns)) {
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> h).join());
            }
            try {
                Result r = run(List.of("ip", "netns", "del", ns));
                if (r.code() != 0 && !r.output().contains("No such file")) {
                    System.err.println("[netns] could not delete " + ns + ": " + r.output().trim());
                }
            } catch (IOException e) {
                System.err.println("[netns] could not delete " + ns + ": " + e.getMessage());
            }
        }
    }

    private static List<Long> pidsIn(String ns) {
        List<Long> pids = new ArrayList<>();
        try {
            Result r = run(List.of("ip", "netns", "pids", ns));
            if (r.code() == 0) {
                for (String line : r.output().split("\\s+")) {
                    if (line.matches("\\d+")) {
                        pids.add(Long.parseLong(line));
                    }
                }
            }
        } catch (IOException e) {
            // nothing to kill if ip cannot even run
        }
        pids.remove(ProcessHandle.current().pid());
        return pids;
    }

    private static String must(List<String> command) {
        try {
            Result r = run(command);
            if (r.code() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.code() + "): " + r.output().trim());
            }
            return r.output();
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    record Result(int code, String output) {}

    static Result run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes(); // these commands end at once; ip has no prompt
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /** Network namespaces cannot be created on this machine; the message says why. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
