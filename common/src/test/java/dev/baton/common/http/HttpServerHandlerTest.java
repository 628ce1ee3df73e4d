package dev.baton.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpServerHandlerTest {
    private final Router router = Router.builder()
            .get("/hello/{name}", Route.of(r -> Responses.ok(java.util.Map.of("hello", r.param("name")))))
            .get("/boom", Route.of(r -> {
                throw new IllegalStateException("secret internals");
            }))
            .post("/echo", Route.of(r -> Responses.bytes(HttpResponseStatus.OK, r.body(), "text/plain")))
            .build();
    private final EmbeddedChannel server = new EmbeddedChannel(new HttpServerInitializer(router, 1024, 60));

    @AfterEach
    void tearDown() {
        server.finishAndReleaseAll();
    }

    @Test
    void servesPipelinedRequestsInOrder() {
        List<FullHttpResponse> responses = exchange("GET /hello/a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /hello/b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(responses).hasSize(2);
        assertThat(body(responses.get(0))).isEqualTo("{\"hello\":\"a\"}");
        assertThat(body(responses.get(1))).isEqualTo("{\"hello\":\"b\"}");
        responses.forEach(FullHttpResponse::release);
    }

    @Test
    void answersAClientThatHalfClosedThenCloses() {
        server.writeInbound(Unpooled.copiedBuffer("GET /hello/h HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.ISO_8859_1));
        server.pipeline().fireUserEventTriggered(io.netty.channel.socket.ChannelInputShutdownEvent.INSTANCE);
        server.runPendingTasks();
        List<FullHttpResponse> responses = responses();
        assertThat(responses).hasSize(1);
        assertThat(body(responses.get(0))).isEqualTo("{\"hello\":\"h\"}");
        assertThat(server.isOpen()).isFalse();
        responses.forEach(FullHttpResponse::release);
    }

    @Test
    void answersUnknownPathWith404AndWrongMethodWith405() {
        assertStatus("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", HttpResponseStatus.NOT_FOUND);
        assertStatus("DELETE /hello/a HTTP/1.1\r\nHost: x\r\n\r\n", HttpResponseStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void a405SaysWhichMethodsThePathTakes() {
        List<FullHttpResponse> responses = exchange("PATCH /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                + "DELETE /hello/a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(responses.get(0).status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(responses.get(0).headers().get("Allow")).isEqualTo("POST");
        assertThat(responses.get(1).headers().get("Allow")).isEqualTo("GET, HEAD");
        responses.forEach(FullHttpResponse::release);
    }

    @Test
    void anExpectationItCannotMeetGetsAJson417() {
        assertStatus("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: foo\r\nContent-Length: 2\r\n\r\n",
                HttpResponseStatus.EXPECTATION_FAILED);
    }

    @Test
    void aDeclaredBodyOverTheLimitGetsAJson413WithoutA100ContinueFirst() {
        assertStatus("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n",
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    @Test
    void a100ContinueThenTheAnswer() {
        List<FullHttpResponse> responses = exchange("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                + "Content-Length: 2\r\n\r\n");
        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).status()).isEqualTo(HttpResponseStatus.CONTINUE);
        responses.forEach(FullHttpResponse::release);
        responses = exchange("hi");
        assertThat(responses.get(0).status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(responses.get(0))).isEqualTo("hi");
        responses.forEach(FullHttpResponse::release);
    }

    @Test
    void hidesInternalErrors() {
        List<FullHttpResponse> responses = exchange("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(responses.get(0).status()).isEqualTo(HttpResponseStatus.INTERNAL_SERVER_ERROR);
        assertThat(body(responses.get(0))).doesNotContain("secret").doesNotContain("Exception");
        responses.forEach(FullHttpResponse::release);
    }

    @Test
    void answersMalformedRequestWith400() {
        assertStatus("GARBAGE\u0001\u0002 / HTTP/9\r\n\r\n", HttpResponseStatus.BAD_REQUEST);
    }

    @Test
    void answersOversizeHeadWith431() {
        String big = "X-Big: " + "a".repeat(9000) + "\r\n";
        assertStatus("GET /hello/a HTTP/1.1\r\nHost: x\r\n" + big + "\r\n", HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
    }

    @Test
    void answersOversizeBodyWith413() {
        String body = "x".repeat(2000);
        assertStatus("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + body,
                HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    private void assertStatus(String request, HttpResponseStatus expected) {
        List<FullHttpResponse> responses = exchange(request);
        assertThat(responses).isNotEmpty();
        assertThat(responses.get(0).status()).isEqualTo(expected);
        assertThat(body(responses.get(0))).doesNotContain("Exception").contains("\"status\":" + expected.code());
        responses.forEach(FullHttpResponse::release);
    }

    /** Writes raw request bytes to the server and decodes whatever it answered. */
    private List<FullHttpResponse> exchange(String raw) {
        server.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        server.runPendingTasks();
        return responses();
    }

    /** Decodes whatever the server has written so far. */
    private List<FullHttpResponse> responses() {
        EmbeddedChannel client = new EmbeddedChannel(new HttpResponseDecoder(), new HttpObjectAggregator(1 << 20));
        ByteBuf out;
        while ((out = server.readOutbound()) != null) {
            client.writeInbound(out);
        }
        List<FullHttpResponse> responses = new ArrayList<>();
        FullHttpResponse r;
        while ((r = client.readInbound()) != null) {
            responses.add(r);
        }
        client.finishAndReleaseAll();
        return responses;
    }

    private static String body(FullHttpResponse r) {
        return r.content().toString(StandardCharsets.UTF_8);
    }
}
