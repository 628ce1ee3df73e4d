package dev.baton.superserver.builtin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** RFC 867 daytime: writes the date and time as one line, then closes. */
public final class DaytimeHandler extends ChannelInboundHandlerAdapter {
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu HH:mm:ss-zzz", Locale.US);

    private final Clock clock;

    public DaytimeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String line = FORMAT.format(ZonedDateTime.now(clock)) + "\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(line, StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
