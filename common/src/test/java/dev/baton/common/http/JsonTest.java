package dev.baton.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request bodies: one JSON object, and a 400 that says what is wrong in words a client can use. */
class JsonTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFieldGivenTwiceIsRefusedRatherThanTheLastOneWinning() {
        assertThatThrownBy(() -> Json.object(utf8("{\"from\":\"al\",\"amount\":1,\"amount\":2}")))
                .isInstanceOf(HttpError.class)
                .satisfies(e -> assertThat(((HttpError) e).status()).isEqualTo(HttpResponseStatus.BAD_REQUEST))
                .hasMessageContaining("Duplicate field 'amount'");
    }

    @Test
    void malformedJsonIsNamedWithItsPlaceAndWithoutTheParsersInternals() {
        for (String bad : new String[] {"{\"a\":1", "{\"a\":}", "{a:1}", "[1,2", "{\"a\":\"\\x\"}"}) {
            assertThatThrownBy(() -> Json.object(utf8(bad))).as(bad)
                    .isInstanceOf(HttpError.class)
                    .hasMessageStartingWith("malformed JSON: ")
                    .hasMessageContaining("(line 1, column ")
                    .hasMessageNotContaining("Source").hasMessageNotContaining("REDACTED")
                    .hasMessageNotContaining("Feature").hasMessageNotContaining("\n");
        }
    }

    @Test
    void anObjectIsReadAndAnythingElseIsNamed() {
        assertThat(Json.object(utf8("{\"a\":[1,2]}")).get("a").size()).isEqualTo(2);
        assertThatThrownBy(() -> Json.object(utf8("[1]"))).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> Json.object(new byte[0])).hasMessageContaining("body is empty");
    }
}
