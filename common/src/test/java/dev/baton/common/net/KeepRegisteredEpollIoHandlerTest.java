package dev.baton.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class KeepRegisteredEpollIoHandlerTest {
    private static final int ANSWER = 16 * 1024 * 1024; // far more than the socket buffers hold

    /**
     * A client sends its request and shuts its output; the server answers some time after the EOF, more than
     * fits in the socket buffers, while the client is not yet reading. With Netty's own handler the server's
     * channel has left epoll by then (no interest left once its input is shut) and asking for EPOLLOUT fails.
     */
    @Test
    void aHalfClosedChannelCanStillWaitToWrite() throws Exception {
        assumeTrue(Transport.best() == Transport.EPOLL, "epoll is not available here");
        EventLoopGroup group = Transport.EPOLL.newGroup(1, "keep-registered-test");
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        CompletableFuture<Channel> answering = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(Transport.EPOLL.serverChannel())
                    .childOption(ChannelOption.AUTO_READ, false)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childHandler(new AnswerAfterEof(failure, answering))
                    .bind("127.0.0.1", 0).sync().channel();
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            long got = 0;
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("send\n".getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                // Not reading yet: the server fills the buffers and has to ask for EPOLLOUT (or fails to).
                await().atMost(Duration.ofSeconds(10)).until(() -> failure.isDone()
                        || answering.isDone() && !answering.join().isWritable());
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got += n;
                }
            }
            assertThat(failure.getNow(null)).isNull();
            assertThat(got).isEqualTo(ANSWER);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @io.netty.channel.ChannelHandler.Sharable
    private static final class AnswerAfterEof extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Throwable> failure;
        private final CompletableFuture<Channel> answering;

        AnswerAfterEof(CompletableFuture<Throwable> failure, CompletableFuture<Channel> answering) {
            this.failure = failure;
            this.answering = answering;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            ctx.read();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent) {
                // Answer a little later, as a backend's answer comes: once the channel wants no event at all.
                ctx.executor().schedule(() -> answer(ctx), 20, TimeUnit.MILLISECONDS);
            }
        }

        private void answer(ChannelHandlerContext ctx) {
            ByteBuf answer = Unpooled.wrappedBuffer(new byte[ANSWER]);
            ctx.writeAndFlush(answer).addListener(f -> {
                if (!f.isSuccess()) {
                    failure.complete(f.cause());
                }
            }).addListener(ChannelFutureListener.CLOSE);
            answering.complete(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failure.complete(cause);
            ctx.close();
        }
    }
}
