package dev.baton.fswitch.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.common.net.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backend connect without a Bootstrap: the channel it opens (also ahead of time, before the backend is known),
 * and what a refused connect leaves behind.
 */
class BackendConnectorTest {
    private EventLoopGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private EventLoopGroup group(Transport transport) {
        assumeTrue(transport.isAvailable(), transport.label() + " does not work here");
        group = transport.newGroup(1, "connector-test");
        return group;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void connectsWithReadsOffHalfClosesAllowedAndTheHandlerInPlace(Transport transport) throws Exception {
        EventLoopGroup loops = group(transport);
        ChannelHandler handler = new ChannelInboundHandlerAdapter();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            EventLoop loop = loops.next();
            // From the loop itself, as the relay does.
            ChannelFuture f = loop.submit(() -> BackendConnector.connect(loop, BackendConnector.open(transport, address),
                    address, 2_000, handler)).get(5, TimeUnit.SECONDS);
            assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(f.isSuccess()).as("connect: %s", f.cause()).isTrue();
            try (Socket accepted = server.accept()) {
                Channel ch = f.channel();
                assertThat(ch.isActive()).isTrue();
                assertThat(ch.config().isAutoRead()).isFalse();
                assertThat(ch.config().getOption(ChannelOption.ALLOW_HALF_CLOSURE)).isTrue();
                assertThat(ch.config().getAllocator()).isSameAs(Relays.BUFFERS);
                assertThat(ch.pipeline().toMap()).containsValue(handler);
                assertThat(accepted.getPort()).isEqualTo(((InetSocketAddress) ch.localAddress()).getPort());
                ch.close().syncUninterruptibly();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSocketOpenedBeforeItsBackendIsKnownReachesAnIpv4Backend(Transport transport) throws Exception {
        EventLoopGroup loops = group(transport);
        // As BackendPreopener opens it, on another thread than the loop it is then connected from.
        Channel ch = BackendConnector.open(transport, null);
        assertThat(ch.isRegistered()).isFalse();
        assertThat(ch.config().isAutoRead()).isFalse();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            EventLoop loop = loops.next();
            ChannelFuture f = loop.submit(() -> BackendConnector.connect(loop, ch, address, 2_000,
                    new ChannelInboundHandlerAdapter())).get(5, TimeUnit.SECONDS);
            assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(f.isSuccess()).as("connect: %s", f.cause()).isTrue();
            try (Socket accepted = server.accept()) {
                assertThat(accepted.getPort()).isEqualTo(((InetSocketAddress) ch.localAddress()).getPort());
                ch.close().syncUninterruptibly();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRefusedConnectFailsTheFutureAndClosesTheChannel(Transport transport) throws Exception {
        EventLoopGroup loops = group(transport);
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
        // From outside the loop: registering is then a task, and the future is still told.
        ChannelFuture f = BackendConnector.connect(loops.next(), BackendConnector.open(transport, address), address,
                2_000, new ChannelInboundHandlerAdapter());
        assertThat(f.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.isSuccess()).isFalse();
        assertThat(f.cause()).isInstanceOf(ConnectException.class);
        assertThat(f.channel().closeFuture().await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(f.channel().isOpen()).isFalse();
    }
}
