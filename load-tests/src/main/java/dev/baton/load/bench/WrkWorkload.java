package dev.baton.load.bench;

import java.time.Duration;
import java.util.List;

/**
 * A wrk workload: a path, a connection count and headers.
 *
 * @param name        the table's name for it
 * @param path        request path, with query
 * @param connections wrk connections
 * @param headers     extra headers
 */
public record WrkWorkload(String name, String path, int connections, List<String> headers) {

    public Wrk wrk(Duration duration) {
        return new Wrk(connections, Math.min(2, connections), duration, headers);
    }
}
