package dev.baton.fswitch.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.net.Transport;
import dev.baton.common.testing.MutableClock;
import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.ListenerConfig;
import dev.baton.fswitch.Mode;
import dev.baton.fswitch.SwitchConfig;
import dev.baton.fswitch.policy.Policies;
import dev.baton.fswitch.pool.BackendPool;
import dev.baton.fswitch.pool.PoolListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The backend socket opened on the accepting thread: for relaying listeners only, taken once, closed if unused. */
class BackendPreopenerTest {
    // The same key BackendPreopener uses (valueOf returns the existing one), to look without taking.
    private static final AttributeKey<Channel> SOCKET = AttributeKey.valueOf(BackendPreopener.class, "socket");

    private final SwitchMetrics metrics = new SwitchMetrics(new MetricRegistry());
    private final BackendPool pool = new BackendPool(HealthConfig.defaults(), new MutableClock(),
            PoolListener.both(metrics, metrics));
    private final EmbeddedChannel client = new EmbeddedChannel();
    private final List<Object> passedOn = new ArrayList<>();
    private Channel taken;

    @AfterEach
    void close() {
        BackendPreopener.discard(client);
        if (taken != null) {
            taken.unsafe().closeForcibly();
        }
        client.finishAndReleaseAll();
    }

    /** A server channel's pipeline: the preopener, then what stands for Netty's acceptor. */
    private EmbeddedChannel acceptor(Mode mode) {
        ListenerConfig l = ConfigLoader.load(SwitchConfig.class, null, Map.of(), Map.of("mode", mode.label()))
                .listeners().get(0);
        RelayContext relay = new RelayContext(l, Policies.create(l.policy()), pool, Transport.NIO, metrics,
                new ConnectionGate(0, 0, null));
        return new EmbeddedChannel(new BackendPreopener(() -> relay), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passedOn.add(msg);
            }
        });
    }

    @Test
    void aRelayingListenerOpensTheBackendSocketAheadAndPassesTheClientOn() {
        acceptor(Mode.RELAY).pipeline().fireChannelRead(client);

        assertThat(passedOn).containsExactly(client);
        taken = BackendPreopener.take(client);
        assertThat(taken).isNotNull();
        assertThat(taken.isOpen()).isTrue();
        assertThat(taken.isRegistered()).isFalse();
        assertThat(taken.config().isAutoRead()).isFalse();
        assertThat(taken.config().getOption(ChannelOption.ALLOW_HALF_CLOSURE)).isTrue();
        assertThat(taken.config().getAllocator()).isSameAs(Relays.BUFFERS);
        assertThat(BackendPreopener.take(client)).as("taken once").isNull();
    }

    @Test
    void aSocketNeverTakenIsClosedByDiscard() {
        acceptor(Mode.RELAY).pipeline().fireChannelRead(client);
        Channel socket = client.attr(SOCKET).get();
        assertThat(socket.isOpen()).isTrue();

        BackendPreopener.discard(client);

        assertThat(socket.isOpen()).isFalse();
        assertThat(BackendPreopener.take(client)).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"HANDOFF", "AUTO"})
    void listenersThatMayHandOffOpenNone(Mode mode) {
        acceptor(mode).pipeline().fireChannelRead(client);

        assertThat(passedOn).containsExactly(client);
        assertThat(BackendPreopener.take(client)).isNull();
    }
}
