package dev.baton.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Route ok = Route.of(r -> Responses.empty(HttpResponseStatus.OK));
    private final Router router = Router.builder()
            .get("/kv/{key}", ok)
            .put("/kv/{key}", ok)
            .get("/health", ok)
            .build();

    @Test
    void matchesAndDecodesPathParameters() {
        Router.Match m = router.match(HttpMethod.GET, "/kv/a%20b+c%2Fd");
        assertThat(m.route()).isSameAs(ok);
        assertThat(m.params()).containsEntry("key", "a b+c/d");
    }

    @Test
    void tellsMissingPathFromWrongMethod() {
        assertThat(router.match(HttpMethod.GET, "/nope").pathMatched()).isFalse();
        Router.Match wrong = router.match(HttpMethod.DELETE, "/kv/a");
        assertThat(wrong.route()).isNull();
        assertThat(wrong.pathMatched()).isTrue();
        assertThat(wrong.failure(HttpMethod.DELETE, "/kv/a").status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(router.match(HttpMethod.GET, "/nope").failure(HttpMethod.GET, "/nope").status())
                .isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(router.match(HttpMethod.GET, "/kv/").route()).isNull();
        assertThat(router.match(HttpMethod.GET, "/kv/a/b").route()).isNull();
    }

    @Test
    void headIsServedByGet() {
        assertThat(router.match(HttpMethod.HEAD, "/health").route()).isSameAs(ok);
    }

    @Test
    void badPercentEncodingIsABadRequest() {
        assertThatThrownBy(() -> router.match(HttpMethod.GET, "/kv/%zz"))
                .isInstanceOf(HttpError.class)
                .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(HttpResponseStatus.BAD_REQUEST));
    }

    @Test
    void bytesThatAreNotUtf8AreABadRequestNotAReplacementCharacter() {
        // Decoded leniently, %E9 and %EA both became U+FFFD: two keys, one row.
        for (String bad : new String[] {"/kv/%E9", "/kv/%EA", "/kv/a%C3", "/kv/%ED%A0%80"}) {
            assertThatThrownBy(() -> router.match(HttpMethod.GET, bad)).as(bad)
                    .isInstanceOf(HttpError.class)
                    .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(HttpResponseStatus.BAD_REQUEST));
        }
        assertThat(router.match(HttpMethod.GET, "/kv/%C3%A9").params()).containsEntry("key", "\u00e9");
    }
}
