package dev.baton.load.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs wrk against a loopback URL.
 *
 * @param connections open connections (-c)
 * @param threads     wrk threads (-t)
 * @param duration    run length (-d)
 * @param headers     extra request headers, e.g. {@code Connection: close}
 */
public record Wrk(int connections, int threads, Duration duration, List<String> headers) {

    public Wrk {
        if (connections < 1) {
            throw new IllegalArgumentException("connections: " + connections + " (expected: >= 1)");
        }
        if (threads < 1 || threads > connections) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1-" + connections + ")");
        }
        if (duration.toSeconds() < 1) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 1s)");
        }
        headers = List.copyOf(headers);
    }

    public WrkResult run(String url) {
        if (!url.startsWith("http://127.0.0.1:")) {
            throw new IllegalArgumentException("url: '" + url + "' (expected: http://127.0.0.1:PORT/...)");
        }
        List<String> command = new ArrayList<>(List.of(Tools.find("wrk").toString(), "--latency",
                "-t" + threads, "-c" + connections, "-d" + duration.toSeconds() + "s", "--timeout", "10s"));
        for (String header : headers) {
            command.add("-H");
            command.add(header);
        }
        command.add(url);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BenchException("wrk did not finish: " + String.join(" ", command));
            }
            if (process.exitValue() != 0) {
                throw new BenchException("wrk exited with " + process.exitValue() + ": " + output.strip());
            }
            return WrkOutputParser.parse(output);
        } catch (IOException e) {
            throw new BenchException("cannot run wrk: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted while wrk ran");
        }
    }
}
