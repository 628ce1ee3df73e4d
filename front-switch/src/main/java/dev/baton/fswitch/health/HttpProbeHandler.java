package dev.baton.fswitch.health;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import java.nio.charset.StandardCharsets;

/** Sends {@code GET path} and passes when the status line says 2xx or 3xx; closes the connection either way. */
final class HttpProbeHandler extends ChannelInboundHandlerAdapter {
    private static final int MAX_STATUS_LINE = 256;

    private final Promise<Boolean> result;
    private final String path;
    private final String host;
    private final StringBuilder line = new StringBuilder();

    HttpProbeHandler(Promise<Boolean> result, String path, String host) {
        this.result = result;
        this.path = path;
        this.host = host;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
        ctx.writeAndFlush(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            while (buf.isReadable() && line.length() < MAX_STATUS_LINE) {
                char c = (char) buf.readByte();
                if (c == '\n') {
                    finish(ctx);
                    return;
                }
                line.append(c);
            }
            if (line.length() >= MAX_STATUS_LINE) {
                finish(ctx);
            }
        } finally {
            buf.release();
        }
    }

    private void finish(ChannelHandlerContext ctx) {
        String[] parts = line.toString().trim().split(" ");
        boolean ok = parts.length >= 2 && parts[0].startsWith("HTTP/") && (parts[1].startsWith("2") || parts[1].startsWith("3"));
        result.trySuccess(ok);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.trySuccess(false);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        result.trySuccess(false);
        ctx.close();
    }
}
