package dev.baton.superserver.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BuiltinHandlersTest {
    @Test
    void echoSendsBackWhatItReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new EchoHandler());
        ch.writeInbound(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII));
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("ping");
        out.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void discardSendsNothingAndReleasesInput() {
        EmbeddedChannel ch = new EmbeddedChannel(new DiscardHandler());
        ByteBuf in = Unpooled.copiedBuffer("junk", StandardCharsets.US_ASCII);
        ch.writeInbound(in);
        assertThat(in.refCnt()).isZero();
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void daytimeWritesTheInjectedTimeAndCloses() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T11:35:07Z"), ZoneOffset.UTC);
        EmbeddedChannel ch = new EmbeddedChannel(new DaytimeHandler(clock));
        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("Saturday, November 28, 2026 11:35:07-UTC\r\n");
        out.release();
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void daytimeNamesTheZoneOfTheClock() {
        Instant t = Instant.parse("2026-07-01T09:00:00Z");
        assertThat(daytime(Clock.fixed(t, ZoneId.of("Etc/UTC")))).isEqualTo("Wednesday, July 1, 2026 09:00:00-UTC\r\n");
        assertThat(daytime(Clock.fixed(t, ZoneId.of("Europe/Berlin")))).isEqualTo("Wednesday, July 1, 2026 11:00:00-CEST\r\n");
        assertThat(daytime(Clock.fixed(t, ZoneOffset.ofHours(-5)))).isEqualTo("Wednesday, July 1, 2026 04:00:00-UTC-05:00\r\n");
    }

    private static String daytime(Clock clock) {
        EmbeddedChannel ch = new EmbeddedChannel(new DaytimeHandler(clock));
        ByteBuf out = ch.readOutbound();
        String line = out.toString(StandardCharsets.US_ASCII);
        out.release();
        ch.finishAndReleaseAll();
        return line;
    }

    @Test
    void chargenWritesRotatingLinesOf72CharactersAndKeepsGoing() {
        MockTicker ticker = Ticker.newMockTicker();
        EmbeddedChannel ch = EmbeddedChannel.builder().handlers(new ChargenHandler()).ticker(ticker).build();
        int firstBatch = ch.outboundMessages().size();
        assertThat(firstBatch).isPositive();
        ticker.advance(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.outboundMessages().size()).isGreaterThan(firstBatch);
        ByteBuf first = ch.readOutbound();
        String text = first.toString(StandardCharsets.US_ASCII);
        first.release();
        String[] lines = text.split("\r\n");
        assertThat(lines[0]).hasSize(72).startsWith(" !\"#$%");
        assertThat(lines[1]).hasSize(72).startsWith("!\"#$%");
        assertThat(lines[0].substring(1)).isEqualTo(lines[1].substring(0, 71));
        ch.close();
        ch.finishAndReleaseAll();
    }
}
