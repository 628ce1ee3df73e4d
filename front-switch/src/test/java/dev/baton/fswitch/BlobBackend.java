package dev.baton.fswitch;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A server for transfer tests: asked for {@code N} (a line), it sends {@code N} bytes of a fixed pseudo-random
 * stream, writing only while its channel is writable, then closes. The stream repeats a block of a prime size,
 * so a lost, doubled or reordered chunk changes the digest.
 */
final class BlobBackend implements AutoCloseable {
    static final int BLOCK = 1_000_003;
    private static final int CHUNK = 64 * 1024;

    private final byte[] block = new byte[BLOCK];
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    BlobBackend() throws InterruptedException {
        this(false);
    }

    /** @param halfClosure keep sending after the client shut its output (Netty closes on EOF otherwise) */
    BlobBackend(boolean halfClosure) throws InterruptedException {
        new Random(42).nextBytes(block);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(64), new StringDecoder(StandardCharsets.US_ASCII),
                                new Sender());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** SHA-256 of the first {@code n} bytes of the stream. */
    byte[] expectedDigest(long n) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (long at = 0; at < n; ) {
            int off = (int) (at % BLOCK);
            int len = (int) Math.min(BLOCK - off, n - at);
            sha.update(block, off, len);
            at += len;
        }
        return sha.digest();
    }

    private final class Sender extends SimpleChannelInboundHandler<String> {
        private long remaining;
        private long at;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            remaining = Long.parseLong(line.trim());
            pump(ctx);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            while (remaining > 0 && ctx.channel().isWritable()) {
                int off = (int) (at % BLOCK);
                int len = (int) Math.min(Math.min(CHUNK, BLOCK - off), remaining);
                at += len; // before the write: a write can fire channelWritabilityChanged, which pumps again
                remaining -= len;
                ctx.write(Unpooled.wrappedBuffer(block, off, len));
            }
            ctx.flush();
            if (remaining == 0 && at > 0) {
                at = -1;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
