package dev.baton.common.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyProtocolDetectorTest {
    @Test
    void recordsTheClientOfAV2HeaderAndPassesTheRestOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDetector());
        ByteBuf header = encodeV2("203.0.113.7", 40000, "10.0.0.1", 9001);
        ByteBuf all = Unpooled.wrappedBuffer(header, Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
        // Feed it a byte at a time: the detector must wait for enough bytes, not guess.
        while (all.isReadable()) {
            ch.writeInbound(all.readRetainedSlice(1));
        }
        all.release();
        assertThat(ClientAddress.of(ch)).isEqualTo(new InetSocketAddress("203.0.113.7", 40000));
        assertThat(readAll(ch)).isEqualTo("GET / HTTP/1.1\r\n");
        assertThat(ch.pipeline().names()).doesNotContain("proxy-decoder", "proxy-header");
        ch.finishAndReleaseAll();
    }

    @Test
    void acceptsAV1Header() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDetector());
        ch.writeInbound(Unpooled.copiedBuffer("PROXY TCP4 198.51.100.2 10.0.0.1 5555 9001\r\nhello", StandardCharsets.US_ASCII));
        assertThat(ClientAddress.of(ch)).isEqualTo(new InetSocketAddress("198.51.100.2", 5555));
        assertThat(readAll(ch)).isEqualTo("hello");
        ch.finishAndReleaseAll();
    }

    @Test
    void stepsAsideForOrdinaryTraffic() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDetector());
        ch.writeInbound(Unpooled.copiedBuffer("GET /whoami HTTP/1.1\r\n", StandardCharsets.US_ASCII));
        assertThat(readAll(ch)).isEqualTo("GET /whoami HTTP/1.1\r\n");
        assertThat(ch.attr(ClientAddress.KEY).get()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void closesOnAGarbledHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProxyProtocolDetector());
        try {
            ch.writeInbound(Unpooled.copiedBuffer("PROXY NONSENSE\r\n", StandardCharsets.US_ASCII));
        } catch (Exception expected) {
            // the decoder reports the bad header; what matters is that nothing passes through
        }
        assertThat(readAll(ch)).isEmpty();
        ch.finishAndReleaseAll();
    }

    private static ByteBuf encodeV2(String src, int srcPort, String dst, int dstPort) {
        EmbeddedChannel enc = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        enc.writeOutbound(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.PROXY,
                HAProxyProxiedProtocol.TCP4, src, dst, srcPort, dstPort));
        ByteBuf out = enc.readOutbound();
        enc.finishAndReleaseAll();
        return out;
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object msg;
        while ((msg = ch.readInbound()) != null) {
            ByteBuf b = (ByteBuf) msg;
            sb.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return sb.toString();
    }
}
