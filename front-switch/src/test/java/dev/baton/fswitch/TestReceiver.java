package dev.baton.fswitch;

import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.handoff.HandedOffChannels;
import dev.baton.common.handoff.HandoffServer;
import dev.baton.common.net.Transport;
import dev.baton.common.proxy.ClientAddress;
import dev.baton.common.proxy.ProxyProtocolDetector;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app server for handoff tests: a real {@link HandoffServer} whose handed-off connections get a tiny HTTP
 * responder, and a TCP port (with PROXY header detection) serving the same responder for relayed connections.
 * Each response body is {@code "<id> <handoff|tcp> <client ip:port> <path>"}.
 */
public final class TestReceiver implements AutoCloseable {
    private final String id;
    private final EventLoopGroup group = Transport.EPOLL.newGroup(2, "receiver");
    private final Channel tcp;
    private final HandoffServer handoff;
    private final AtomicInteger open = new AtomicInteger();
    /** When at least 0, the load the receiver reports instead of its open connections. */
    public final AtomicInteger reportedLoad = new AtomicInteger(-1);
    public final AtomicInteger handedOff = new AtomicInteger();
    public final AtomicInteger relayed = new AtomicInteger();

    public TestReceiver(String id, Path socket) throws Exception {
        this.id = id;
        this.tcp = new ServerBootstrap().group(group).channel(Transport.EPOLL.serverChannel())
                .childHandler(initializer("tcp"))
                .bind("127.0.0.1", 0).sync().channel();
        this.handoff = HandoffServer.start(socket, group, this::load,
                h -> HandedOffChannels.register(h, group, initializer("handoff")));
    }

    private int load() {
        int forced = reportedLoad.get();
        return forced >= 0 ? forced : open.get();
    }

    private ChannelInitializer<Channel> initializer(String via) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                open.incrementAndGet();
                ch.closeFuture().addListener(f -> open.decrementAndGet());
                (via.equals("tcp") ? relayed : handedOff).incrementAndGet();
                if (via.equals("tcp")) {
                    ch.pipeline().addLast(new ProxyProtocolDetector());
                }
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), new Responder(via));
            }
        };
    }

    /** Registration details: same host as the switch when {@code hostId} is the switch's. */
    public InstanceDetails details(String hostId) {
        return new InstanceDetails("127.0.0.1", port(), port(), handoff.socketPath().toString(), hostId, 1, "z1", "test", "0");
    }

    public int port() {
        return ((InetSocketAddress) tcp.localAddress()).getPort();
    }

    public Path socket() {
        return handoff.socketPath();
    }

    /** Stops receiving handoffs (the socket goes away); the TCP port keeps serving. */
    public void closeHandoff() throws Exception {
        handoff.close();
    }

    private final class Responder extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String via;

        Responder(String via) {
            this.via = via;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            InetSocketAddress client = ClientAddress.of(ctx.channel());
            String body = id + " " + via + " " + client.getAddress().getHostAddress() + ":" + client.getPort() + " "
                    + request.uri() + "\n";
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, "close");
            }
            var f = ctx.writeAndFlush(response);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() throws Exception {
        handoff.close();
        tcp.close().sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
}
