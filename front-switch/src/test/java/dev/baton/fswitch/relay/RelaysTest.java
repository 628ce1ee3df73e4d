package dev.baton.fswitch.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.common.net.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Half-closes passed on over real native sockets, where the kernel's answers are the ones that matter. */
class RelaysTest {
    private EventLoopGroup group;

    @AfterEach
    void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"IO_URING", "EPOLL"})
    void anEofPassedToABackendThatResetMeanwhileClosesBothSides(Transport transport) throws Exception {
        assumeTrue(transport.isAvailable(), transport.label() + " does not work here");
        group = transport.newGroup(1, "relays-test");
        EventLoop loop = group.next();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            ChannelFuture connected = loop.submit(() -> BackendConnector.connect(loop,
                    BackendConnector.open(transport, address), address, 2_000, new ChannelInboundHandlerAdapter()))
                    .get(5, TimeUnit.SECONDS);
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            Channel backend = connected.channel();
            try (Socket accepted = server.accept()) { // closed by the loop task below; again here on failure
                accepted.setSoLinger(true, 0); // its close sends RST: the backend's socket is then not connected
                EmbeddedChannel client = new EmbeddedChannel();
                // In one task on the loop, so the transport cannot see the reset first (io_uring and epoll both watch
                // for it): the channel is still active, and shutting its output meets ENOTCONN.
                boolean activeAtEof = loop.submit(() -> {
                    accepted.close();
                    boolean active = backend.isActive();
                    Relays.propagateEof(client, backend);
                    return active;
                }).get(5, TimeUnit.SECONDS);
                assertThat(activeAtEof).isTrue();

                assertThat(backend.closeFuture().await(5, TimeUnit.SECONDS)).as("backend closed").isTrue();
                await().atMost(Duration.ofSeconds(5)).until(() -> !client.isOpen());
            }
        }
    }
}
