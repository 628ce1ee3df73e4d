package dev.baton.load.bench;

import dev.baton.common.launch.ModuleClasspath;
import dev.baton.common.launch.ReadinessProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a suite started. {@link #close()} stops it all in reverse start order; a JVM shutdown hook does
 * the same on Ctrl-C, so nothing outlives the benchmark.
 */
public final class ProcessGroup implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path root;
    private final Path workDir;
    private final List<BenchProcess> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "bench-stop");

    public ProcessGroup(Path root, Path workDir) {
        this.root = root;
        this.workDir = workDir;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public Path workDir() {
        return workDir;
    }

    /** Starts {@code mainClass} of {@code module} on the module's runtime classpath. */
    public BenchProcess startJava(String name, String module, String mainClass, List<String> args) {
        return startJava(name, module, mainClass, args, Map.of());
    }

    /** A Java process with {@code env} added to this one's environment (BATON_ settings). */
    public BenchProcess startJava(String name, String module, String mainClass, List<String> args,
                                  Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")); // blocking app models wrap handed-off sockets
        if (Runtime.version().feature() >= 24) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", ModuleClasspath.of(root, module), mainClass));
        command.addAll(args);
        return start(name, command, env);
    }

    /** Starts any command. */
    public BenchProcess start(String name, List<String> command) {
        return start(name, command, Map.of());
    }

    private synchronized BenchProcess start(String name, List<String> command, Map<String, String> env) {
        try {
            BenchProcess process = BenchProcess.start(name, command, env, workDir);
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new BenchException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage());
        }
    }

    /** Waits until {@code probe} passes, failing with the log's tail if the process exits first. */
    public static void awaitReady(BenchProcess process, ReadinessProbe probe) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            if (probe.ready()) {
                return;
            }
            try {
                Thread.sleep(100); // polling a child's readiness: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for " + process.name());
            }
        }
        throw new BenchException(process.name() + " was not ready within " + READY_TIMEOUT.toSeconds() + "s"
                + process.tail());
    }

    /** A free TCP port on 127.0.0.1, for a process about to be started. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down: the hook is running this very stop
        }
    }

    private synchronized void stopAll() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop();
        }
        processes.clear();
    }
}
