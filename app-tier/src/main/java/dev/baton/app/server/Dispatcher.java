package dev.baton.app.server;

import dev.baton.common.http.Request;
import dev.baton.common.http.Router;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Routes one parsed request, the same way in every model. The answer is a {@code FullHttpResponse}
 * or a {@link StreamedResponse}; failures are in the returned stage, for {@code FailureResponses} to answer.
 */
public final class Dispatcher {
    private final Router router;

    public Dispatcher(Router router) {
        this.router = router;
    }

    /** Dispatches a request; never throws: every failure is in the returned stage. */
    public CompletionStage<Object> dispatch(HttpMethod method, String uri, HttpHeaders headers, byte[] body,
                                            InetSocketAddress client) {
        try {
            QueryStringDecoder decoded = new QueryStringDecoder(uri);
            // Route on the raw path: the router percent-decodes each segment itself, so a key
            // holding "%2F" stays one segment (decoded.path() would split it and decode twice).
            String path = decoded.rawPath();
            Router.Match match = router.match(method, path);
            if (match.route() == null) {
                throw match.failure(method, path);
            }
            Request request = new Request(method, path, match.params(), decoded.parameters(), headers, body, client);
            if (match.route() instanceof StreamingRoute streaming) {
                return CompletableFuture.completedFuture(streaming.stream(request));
            }
            return match.route().handle(request).thenApply(response -> (Object) response);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
