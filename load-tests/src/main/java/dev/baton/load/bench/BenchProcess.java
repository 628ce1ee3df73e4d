package dev.baton.load.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A process the harness started, with its log file; stopped with SIGTERM, then SIGKILL after a grace time. */
public final class BenchProcess {
    private final String name;
    private final Process process;
    private final Path log;

    private BenchProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static BenchProcess start(String name, List<String> command, Path logDir) throws IOException {
        return start(name, command, Map.of(), logDir);
    }

    static BenchProcess start(String name, List<String> command, Map<String, String> env, Path logDir)
            throws IOException {
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new BenchProcess(name, builder.start(), log);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Throws, with the log's last lines, when the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new BenchException(name + " exited with code " + process.exitValue() + ": " + lastLine() + tail());
        }
    }

    void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String lastLine() {
        try {
            return Files.readAllLines(log).stream().filter(l -> !l.isBlank() && !l.startsWith("\t"))
                    .reduce((a, b) -> b).orElse("(empty log)").strip();
        } catch (IOException e) {
            return "(no log)";
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return "; last lines of " + log + ":\n    "
                    + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 12), lines.size()));
        } catch (IOException e) {
            return "; see " + log;
        }
    }
}
