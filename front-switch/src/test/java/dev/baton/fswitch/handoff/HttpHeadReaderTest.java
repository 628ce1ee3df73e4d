package dev.baton.fswitch.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpHeadReaderTest {
    private final List<RequestHead> heads = new ArrayList<>();
    private EmbeddedChannel ch;

    @AfterEach
    void release() {
        heads.forEach(h -> h.bytes().release());
        ch.finishAndReleaseAll();
    }

    private EmbeddedChannel channel(int max, long timeoutMs) {
        ch = new EmbeddedChannel(new HttpHeadReader(max, timeoutMs), new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof RequestHead h) {
                    heads.add(h);
                }
            }
        });
        return ch;
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private String response() {
        ByteBuf out = ch.readOutbound();
        try {
            return out.toString(StandardCharsets.US_ASCII);
        } finally {
            out.release();
        }
    }

    @Test
    void firesThePathWithEveryByteReadAcrossChunksAndLeaves() {
        channel(8192, 2000);
        ch.writeInbound(ascii("GET /img/a.png?x=1 HT"));
        assertThat(heads).isEmpty();
        ch.writeInbound(ascii("TP/1.1\r\nHost: h\r\n\r\nBODY"));
        assertThat(heads).hasSize(1);
        assertThat(heads.get(0).path()).isEqualTo("/img/a.png");
        assertThat(heads.get(0).bytes().toString(StandardCharsets.US_ASCII))
                .isEqualTo("GET /img/a.png?x=1 HTTP/1.1\r\nHost: h\r\n\r\nBODY");
        assertThat(ch.pipeline().get(HttpHeadReader.class)).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void absoluteFormTargetsGiveTheirPath() {
        channel(8192, 2000);
        ch.writeInbound(ascii("GET http://example.com/p/q HTTP/1.0\n\n"));
        assertThat(heads.get(0).path()).isEqualTo("/p/q");
    }

    @Test
    void malformedRequestLineGets400AndCloses() {
        channel(8192, 2000);
        ch.writeInbound(ascii("GET nopath HTTP/1.1\r\n\r\n"));
        assertThat(response()).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(ch.isOpen()).isFalse();
        assertThat(heads).isEmpty();
    }

    @Test
    void malformedHeaderLineGets400() {
        channel(8192, 2000);
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nno colon here\r\n\r\n"));
        assertThat(response()).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void headLargerThanTheBoundGets400() {
        channel(64, 2000);
        ch.writeInbound(ascii("GET / HTTP/1.1\r\nX: " + "a".repeat(40) + "\r\n"));
        ch.writeInbound(ascii("Y: " + "b".repeat(40) + "\r\n\r\n"));
        assertThat(response()).startsWith("HTTP/1.1 400 ");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void slowHeadGets408() {
        channel(8192, 2000);
        ch.writeInbound(ascii("GET / HTTP/1.1\r\n"));
        ch.advanceTimeBy(1999, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.advanceTimeBy(2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(response()).startsWith("HTTP/1.1 408 Request Timeout");
        assertThat(ch.isOpen()).isFalse();
    }
}
