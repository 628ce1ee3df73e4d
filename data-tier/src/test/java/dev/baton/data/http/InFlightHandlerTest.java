package dev.baton.data.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightHandlerTest {
    @Test
    void countsARequestUntilItsResponseIsWritten() throws Exception {
        InFlightRequests inFlight = new InFlightRequests();
        EmbeddedChannel channel = new EmbeddedChannel(new InFlightHandler(inFlight));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a"));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/b"));
        assertThat(inFlight.count()).isEqualTo(2);
        assertThat(inFlight.awaitIdle(0, TimeUnit.MILLISECONDS)).isFalse();
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat(inFlight.count()).isEqualTo(1);
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        assertThat(inFlight.count()).isZero();
        assertThat(inFlight.awaitIdle(0, TimeUnit.MILLISECONDS)).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void aClosedConnectionIsNoLongerInFlight() {
        InFlightRequests inFlight = new InFlightRequests();
        EmbeddedChannel channel = new EmbeddedChannel(new InFlightHandler(inFlight));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/a"));
        assertThat(inFlight.count()).isEqualTo(1);
        channel.close();
        assertThat(inFlight.count()).isZero();
        channel.finishAndReleaseAll();
    }
}
