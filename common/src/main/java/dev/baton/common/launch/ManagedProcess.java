package dev.baton.common.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A started OS process of the cluster, with its log and pid files. */
public final class ManagedProcess {
    private final ProcessSpec spec;
    private final Process process;
    private final Path log;
    private final Path pidFile;

    private ManagedProcess(ProcessSpec spec, Process process, Path log, Path pidFile) {
        this.spec = spec;
        this.process = process;
        this.log = log;
        this.pidFile = pidFile;
    }

    /**
     * Starts {@code spec} in a new session ({@code setsid}), so a Ctrl-C in the terminal reaches only the
     * launcher, which then stops the processes in order.
     */
    public static ManagedProcess start(ProcessSpec spec, LaunchSettings settings) throws IOException {
        Path log = settings.runDir().resolve("logs").resolve(spec.name() + ".log");
        Path pidFile = settings.runDir().resolve("pids").resolve(spec.name() + ".pid");
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidFile.getParent());
        List<String> command = new ArrayList<>();
        if (settings.setsid() != null) {
            command.add(settings.setsid());
        }
        command.addAll(spec.wrapper());
        command.add(settings.java());
        command.addAll(settings.jvmOptions());
        command.add("-Dbaton.process=" + spec.name());
        command.add("-cp");
        command.add(ModuleClasspath.of(settings.root(), spec.module()));
        command.add(spec.mainClass());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(settings.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("BATON_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        builder.environment().putAll(spec.env());
        Process process = builder.start();
        Files.writeString(pidFile, process.pid() + "\n");
        return new ManagedProcess(spec, process, log, pidFile);
    }

    public ProcessSpec spec() {
        return spec;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Waits until the probe passes; fails if the process exits first or the deadline passes. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LaunchException(spec.name() + " exited with code " + process.exitValue()
                        + " before it was ready" + lastLines());
            }
            if (spec.ready().ready()) {
                return;
            }
            Thread.sleep(100); // polling a child process's readiness; there is no event to wait on
        }
        throw new LaunchException(spec.name() + " was not ready within " + timeout.toSeconds() + "s" + lastLines());
    }

    /** Sends SIGTERM without waiting, so several processes can drain at once. */
    public void signalStop() {
        if (process.isAlive()) {
            process.destroy();
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; returns the exit code. */
    public int stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is harmless: the next start overwrites it
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills the process with SIGKILL, as a crash would (tests). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            return "; last lines of " + log + ":\n    " + String.join("\n    ", tail);
        } catch (IOException e) {
            return "; see " + log;
        }
    }
}
