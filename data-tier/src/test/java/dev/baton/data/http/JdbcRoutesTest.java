package dev.baton.data.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.common.http.FailureResponses;
import dev.baton.common.http.Request;
import dev.baton.common.http.Responses;
import dev.baton.common.http.Route;
import dev.baton.data.store.StoreException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** JDBC routes answer 503 with Retry-After, at once while the database is known to be unreachable. */
class JdbcRoutesTest {
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final AtomicInteger ran = new AtomicInteger();
    private final JdbcRoutes routes = new JdbcRoutes(Runnable::run, databaseUp::get);
    private final Request request = new Request(HttpMethod.GET, "/kv/a", Map.of(), Map.of(), new DefaultHttpHeaders(),
            new byte[0], null);

    private FullHttpResponse answer(Route route) throws Exception {
        try {
            return route.handle(request).toCompletableFuture().join();
        } catch (CompletionException e) {
            return FailureResponses.of(e);
        }
    }

    @Test
    void whileTheDatabaseIsDownTheAnswerIs503AtOnceWithoutTakingAJdbcThread() throws Exception {
        Route route = routes.of(r -> {
            ran.incrementAndGet();
            return Responses.ok(Map.of());
        });
        databaseUp.set(false);
        FullHttpResponse down = answer(route);
        assertThat(down.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(down.headers().get("Retry-After")).isEqualTo("1");
        assertThat(ran).hasValue(0);
        down.release();

        databaseUp.set(true);
        FullHttpResponse up = answer(route);
        assertThat(up.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(ran).hasValue(1);
        up.release();
    }

    @Test
    void aStoreThatCannotServeNowIs503WithRetryAfterAndAnyOtherFailure500() throws Exception {
        FullHttpResponse unavailable = answer(routes.of(r -> {
            throw new StoreException("database unavailable: lock wait timed out", null, true);
        }));
        assertThat(unavailable.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(unavailable.headers().get("Retry-After")).isEqualTo("1");
        unavailable.release();
        FullHttpResponse broken = answer(routes.of(r -> {
            throw new StoreException("database error: syntax", null, false);
        }));
        assertThat(broken.status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(broken.headers().contains("Retry-After")).isFalse();
        broken.release();
    }
}
