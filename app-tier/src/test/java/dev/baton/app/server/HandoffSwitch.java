package dev.baton.app.server;

import dev.baton.common.handoff.HandoffClient;
import dev.baton.common.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test "switch" that plays the front switch's handoff path with common's {@link HandoffClient}: it
 * accepts with reads off and hands each connection to an app server's handoff socket, either at once
 * or, like content-aware dispatch, after reading a whole request head (then passed as the prefix).
 */
public final class HandoffSwitch implements AutoCloseable {
    private final EventLoopGroup group = Transport.EPOLL.newGroup(2, "test-switch");
    private final HandoffClient client;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Channel listener;

    private HandoffSwitch(Path socket, boolean readHeadFirst) throws InterruptedException {
        client = new HandoffClient(socket);
        listener = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true) // as the real switch: a client FIN must not close it
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(readHeadFirst ? new HandOffAfterHead() : new HandOffAtOnce());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** Hands connections off as soon as they are accepted, with no prefix. */
    public static HandoffSwitch atOnce(Path socket) throws InterruptedException {
        return new HandoffSwitch(socket, false);
    }

    /** Reads until a whole request head has arrived, then hands off with everything read as the prefix. */
    public static HandoffSwitch afterRequestHead(Path socket) throws InterruptedException {
        return new HandoffSwitch(socket, true);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public HandoffClient client() {
        return client;
    }

    /** Handoffs that failed (the switch then closed the client connection). */
    public long failures() {
        return failures.get();
    }

    private void handOff(ChannelHandlerContext ctx, byte[] prefix) {
        ctx.pipeline().remove(ctx.handler());
        Channel ch = ctx.channel();
        client.handoff(ch, ids.incrementAndGet(), prefix).addListener(done -> {
            if (!done.isSuccess()) {
                failures.incrementAndGet();
                ch.close();
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        listener.close().sync();
        client.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    private final class HandOffAtOnce extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handOff(ctx, new byte[0]);
        }
    }

    private final class HandOffAfterHead extends ChannelInboundHandlerAdapter {
        private final ByteArrayOutputStream read = new ByteArrayOutputStream();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            try {
                b.readBytes(read, b.readableBytes());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                b.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (read.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                handOff(ctx, read.toByteArray());
            } else {
                ctx.read();
            }
        }
    }
}
