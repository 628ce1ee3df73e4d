package dev.baton.fswitch;

import dev.baton.common.proxy.ClientAddress;
import dev.baton.common.proxy.ProxyProtocolDetector;
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
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A line server for tests: answers each line {@code L} with {@code "<id> <client> L"}, where client is the
 * address from a PROXY header if one came, and answers end of input with {@code "eof <id> <lines>"} before
 * closing. The line {@code reset} makes it reset the connection instead.
 */
public final class TestBackend implements AutoCloseable {
    private final String id;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger open = new AtomicInteger();

    public TestBackend(String id) throws InterruptedException {
        this.id = id;
        this.server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted.incrementAndGet();
                        open.incrementAndGet();
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        ch.pipeline().addLast(new ProxyProtocolDetector(), new LineBasedFrameDecoder(1024),
                                new StringDecoder(StandardCharsets.UTF_8), new Responder());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String id() {
        return id;
    }

    private final class Responder extends SimpleChannelInboundHandler<String> {
        private int lines;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            lines++;
            if (line.equals("reset")) { // answers with an RST
                ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                ctx.close();
                return;
            }
            InetSocketAddress client = ClientAddress.of(ctx.channel());
            ctx.writeAndFlush(Unpooled.copiedBuffer(id + " " + client.getAddress().getHostAddress() + ":"
                    + client.getPort() + " " + line + "\n", StandardCharsets.UTF_8));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a client reset through the switch is what some tests do on purpose
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("eof " + id + " " + lines + "\n", StandardCharsets.UTF_8))
                        .addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
