package dev.baton.common.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Maps method and path to a {@link Route}. Patterns are literal segments and {@code {name}} segments;
 * a {@code {name}} segment matches one non-empty segment, percent-decoded.
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .get("/kv/{key}", Route.blocking(jdbc, this::getValue))
 *     .build();
 * }</pre>
 */
public final class Router {
    private final List<Entry> entries;

    private Router(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The match for a request, or a result that says 404 or 405. */
    public Match match(HttpMethod method, String path) {
        String[] segments = split(path);
        Set<String> allowed = null;
        for (Entry entry : entries) {
            Map<String, String> params = entry.match(segments);
            if (params != null) {
                if (entry.method.equals(method) || (method.equals(HttpMethod.HEAD) && entry.method.equals(HttpMethod.GET))) {
                    return new Match(entry.route, params, Set.of());
                }
                allowed = allowed == null ? new TreeSet<>() : allowed;
                allowed.add(entry.method.name());
                if (entry.method.equals(HttpMethod.GET)) {
                    allowed.add(HttpMethod.HEAD.name());
                }
            }
        }
        return new Match(null, Map.of(), allowed == null ? Set.of() : allowed);
    }

    /**
     * A match; {@code route} is null when nothing matched (404) or only the method differs (405), and then
     * {@code allowed} names the methods the path takes.
     */
    public record Match(Route route, Map<String, String> params, Set<String> allowed) {
        public boolean pathMatched() {
            return route != null || !allowed.isEmpty();
        }

        /** The error for a request that matched no route: 405 with an Allow header, or 404. */
        public HttpError failure(HttpMethod method, String path) {
            return allowed.isEmpty()
                    ? HttpError.notFound("no such path: " + path)
                    : HttpError.methodNotAllowed("method " + method + " not allowed on " + path, allowed);
        }
    }

    private static String[] split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? new String[0] : p.split("/", -1);
    }

    private record Entry(HttpMethod method, String[] pattern, Route route) {
        Map<String, String> match(String[] segments) {
            if (segments.length != pattern.length) {
                return null;
            }
            Map<String, String> params = null;
            for (int i = 0; i < pattern.length; i++) {
                String p = pattern[i];
                if (p.startsWith("{") && p.endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new HashMap<>(4);
                    }
                    params.put(p.substring(1, p.length() - 1), PathDecoder.decode(segments[i]));
                } else if (!p.equals(segments[i])) {
                    return null;
                }
            }
            return params == null ? Map.of() : params;
        }
    }

    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        public Builder route(HttpMethod method, String pattern, Route route) {
            entries.add(new Entry(method, split(pattern), route));
            return this;
        }

        public Builder get(String pattern, Route route) {
            return route(HttpMethod.GET, pattern, route);
        }

        public Builder put(String pattern, Route route) {
            return route(HttpMethod.PUT, pattern, route);
        }

        public Builder post(String pattern, Route route) {
            return route(HttpMethod.POST, pattern, route);
        }

        public Builder delete(String pattern, Route route) {
            return route(HttpMethod.DELETE, pattern, route);
        }

        public Router build() {
            return new Router(entries);
        }
    }
}
