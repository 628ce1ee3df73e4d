package dev.baton.superserver.builtin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 867 daytime: writes the date and time as one line in inetd's format, then closes.
 * <pre>{@code Sunday, November 29, 2026 07:26:31-UTC}</pre>
 */
public final class DaytimeHandler extends ChannelInboundHandlerAdapter {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu HH:mm:ss", Locale.US);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzz", Locale.US);

    private final Clock clock;

    public DaytimeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        String line = DATE_TIME.format(now) + "-" + zoneName(now) + "\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }

    // "zzz" names an offset by its id, so Clock.systemUTC() came out as "Z" and +02:00 as "+02:00".
    private static String zoneName(ZonedDateTime time) {
        ZoneId zone = time.getZone().normalized();
        if (zone instanceof ZoneOffset offset) {
            return offset.getTotalSeconds() == 0 ? "UTC" : "UTC" + offset.getId();
        }
        return ZONE_NAME.format(time);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
