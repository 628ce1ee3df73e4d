package dev.baton.app.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

class RequestReaderTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private static RequestReader reader(String text) {
        return new RequestReader(new BufferedInputStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))), 8192, 16);
    }

    private static RequestHead head(RequestReader reader) throws Exception {
        return reader.readHead(reader_first(reader));
    }

    private static int reader_first(RequestReader reader) throws Exception {
        java.lang.reflect.Field in = RequestReader.class.getDeclaredField("in");
        in.setAccessible(true);
        return ((java.io.InputStream) in.get(reader)).read();
    }

    private static void failsWith(HttpResponseStatus status, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(HttpParseException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    @Test
    void readsAHeadAndAContentLengthBody() throws Exception {
        RequestReader r = reader("PUT /kv/a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET");
        RequestHead head = head(r);
        assertThat(head.method()).isEqualTo(HttpMethod.PUT);
        assertThat(head.uri()).isEqualTo("/kv/a");
        assertThat(head.keepAlive()).isTrue();
        assertThat(new String(r.readBody(head, out))).isEqualTo("abc");
    }

    @Test
    void http10KeepsAliveOnlyWhenAsked() throws Exception {
        assertThat(head(reader("GET / HTTP/1.0\r\n\r\n")).keepAlive()).isFalse();
        assertThat(head(reader("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).keepAlive()).isTrue();
        assertThat(head(reader("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).keepAlive()).isFalse();
    }

    @Test
    void readsAChunkedBodyAndAnswersExpectContinue() throws Exception {
        RequestReader r = reader("POST / HTTP/1.1\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n1;x=y\r\nd\r\n0\r\n\r\n");
        assertThat(new String(r.readBody(head(r), out))).isEqualTo("abcd");
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    }

    @Test
    void rejectsBadInputWithTheRightStatus() {
        failsWith(HttpResponseStatus.BAD_REQUEST, () -> head(reader("NOT HTTP\r\n\r\n")));
        failsWith(HttpResponseStatus.BAD_REQUEST, () -> head(reader("GET / HTTP/1.1\r\nno colon\r\n\r\n")));
        failsWith(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, () -> head(reader("GET / HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n")));
        failsWith(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, () -> {
            RequestReader r = reader("PUT / HTTP/1.1\r\nContent-Length: 17\r\n\r\n");
            r.readBody(head(r), out);
        });
        failsWith(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, () -> {
            RequestReader r = reader("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\nx\r\n0\r\n\r\n");
            r.readBody(head(r), out);
        });
        failsWith(HttpResponseStatus.BAD_REQUEST, () -> {
            RequestReader r = reader("PUT / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n");
            r.readBody(head(r), out);
        });
        failsWith(HttpResponseStatus.BAD_REQUEST, () -> {
            RequestReader r = reader("PUT / HTTP/1.1\r\nContent-Length: two\r\n\r\n");
            r.readBody(head(r), out);
        });
    }
}
