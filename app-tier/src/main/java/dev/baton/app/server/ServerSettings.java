package dev.baton.app.server;

import java.time.Duration;

/**
 * Socket-level settings every model honours.
 *
 * @param bind          address to listen on
 * @param port          port to listen on; 0 picks a free one
 * @param maxBodyBytes  request body limit (413 beyond it)
 * @param idleTimeout   a keep-alive connection quiet this long is closed
 * @param drainTimeout  how long {@code close()} waits for requests in flight
 * @param ioThreads     event-loop threads (0: Netty's default)
 * @param workerThreads thread-per-connection pool size (its connection limit)
 */
public record ServerSettings(String bind, int port, int maxBodyBytes, Duration idleTimeout, Duration drainTimeout,
                             int ioThreads, int workerThreads) {
    public static final int MAX_HEAD_BYTES = 8 * 1024;

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes: " + maxBodyBytes + " (expected: >= 0)");
        }
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads: " + workerThreads + " (expected: >= 1)");
        }
    }

    /** Loopback on a free port, 1 MiB bodies, 30 s idle, 5 s drain: what tests use. */
    public static ServerSettings loopback() {
        return new ServerSettings("127.0.0.1", 0, 1024 * 1024, Duration.ofSeconds(30), Duration.ofSeconds(5), 2, 64);
    }

    public ServerSettings withDrainTimeout(Duration drain) {
        return new ServerSettings(bind, port, maxBodyBytes, idleTimeout, drain, ioThreads, workerThreads);
    }

    public ServerSettings withIdleTimeout(Duration idle) {
        return new ServerSettings(bind, port, maxBodyBytes, idle, drainTimeout, ioThreads, workerThreads);
    }
}
