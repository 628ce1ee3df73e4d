package dev.baton.common.launch;

import dev.baton.common.config.Directories;
import dev.baton.common.launch.ProcessSpec.Role;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A running local cluster: starts the processes of a {@link ClusterPlan} in order, each only after the
 * one before is ready, and stops them app servers first. A start that fails part-way stops what it started.
 *
 * <pre>{@code
 * try (Cluster cluster = Cluster.start(plan, LaunchSettings.defaults(root, plan.runDir()), System.out::println)) {
 *     ...
 * }
 * }</pre>
 */
public final class Cluster implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final List<ManagedProcess> processes;
    private final Consumer<String> out;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Cluster(List<ManagedProcess> processes, Consumer<String> out) {
        this.processes = processes;
        this.out = out;
    }

    public static Cluster start(ClusterPlan plan, LaunchSettings settings, Consumer<String> out)
            throws InterruptedException {
        List<ProcessSpec> specs = plan.processes();
        preflight(specs, settings.runDir());
        if (plan.superserver()) {
            writeSuperserverConfig(plan, settings);
        }
        List<ManagedProcess> started = new ArrayList<>();
        Cluster cluster = new Cluster(started, out);
        try {
            // App servers start together; every other process waits for the one before it.
            List<ManagedProcess> batch = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                ProcessSpec spec = specs.get(i);
                out.accept("starting " + spec.name() + " ...");
                ManagedProcess process = ManagedProcess.start(spec, settings);
                started.add(process);
                batch.add(process);
                boolean nextJoinsBatch = spec.role() == Role.APP && i + 1 < specs.size()
                        && specs.get(i + 1).role() == Role.APP;
                if (!nextJoinsBatch) {
                    for (ManagedProcess p : batch) {
                        p.awaitReady(READY_TIMEOUT);
                    }
                    batch.clear();
                }
            }
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new LaunchException("cannot start a process: " + e.getMessage());
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** Refuses to start anything when a port is taken or the runtime directory is unusable. */
    static void preflight(List<ProcessSpec> specs, Path runDir) {
        for (ProcessSpec spec : specs) {
            for (int port : spec.ports()) {
                if (!portFree(port)) {
                    throw new LaunchException("port " + port + " is already in use (needed by " + spec.name()
                            + "); stop what holds it (ss -ltnp 'sport = :" + port + "')");
                }
            }
        }
        try {
            for (String sub : List.of("logs", "pids")) {
                Directories.createWritable(runDir.resolve(sub));
            }
        } catch (IOException e) {
            throw new LaunchException("runtime directory " + runDir + " is not writable: " + e.getMessage());
        }
    }

    private static void writeSuperserverConfig(ClusterPlan plan, LaunchSettings settings) {
        String services = plan.superserverServices(ModuleClasspath.of(settings.root(), "app-tier"))
                .replace("${BATON_REGISTRY_TOKEN:-local-dev-token}",
                        System.getenv().getOrDefault("BATON_REGISTRY_TOKEN", "local-dev-token"));
        try {
            Files.writeString(plan.superserverConfig(), services);
        } catch (IOException e) {
            throw new LaunchException("cannot write " + plan.superserverConfig() + ": " + e.getMessage());
        }
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public List<ManagedProcess> processes() {
        return List.copyOf(processes);
    }

    public ManagedProcess process(String name) {
        return processes.stream().filter(p -> p.spec().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process named " + name));
    }

    /** Stops app servers first (they deregister and drain), then the others in reverse start order. */
    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<ManagedProcess> apps = processes.stream().filter(p -> p.spec().role() == Role.APP).toList();
        for (ManagedProcess p : apps) {
            announce(p);
            p.signalStop(); // app servers drain in parallel
        }
        for (ManagedProcess p : apps) {
            p.stop(STOP_GRACE);
        }
        List<ManagedProcess> rest = new ArrayList<>(processes);
        rest.removeAll(apps);
        rest.sort(Comparator.comparing((ManagedProcess p) -> -processes.indexOf(p)));
        for (ManagedProcess p : rest) {
            announce(p);
            p.stop(STOP_GRACE);
        }
    }

    private void announce(ManagedProcess p) {
        if (p.isAlive()) {
            out.accept("stopping " + p.spec().name() + " (pid " + p.pid() + ")");
        }
    }
}
