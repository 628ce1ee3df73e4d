package dev.baton.common.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request detached from Netty's buffers, so it can cross to a worker thread safely.
 *
 * @param pathParams values of {@code {name}} segments of the matched route
 * @param query      decoded query parameters
 * @param client     the client's address: from a PROXY header or handoff when present, else the peer
 */
public record Request(HttpMethod method, String path, Map<String, String> pathParams,
                      Map<String, List<String>> query, HttpHeaders headers, byte[] body,
                      InetSocketAddress client) {

    public String param(String name) {
        return pathParams.get(name);
    }

    /** A query parameter, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String header(CharSequence name) {
        return headers.get(name);
    }
}
