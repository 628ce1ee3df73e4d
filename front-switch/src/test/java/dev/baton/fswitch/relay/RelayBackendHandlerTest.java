package dev.baton.fswitch.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.net.Transport;
import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.ListenerConfig;
import dev.baton.fswitch.Members;
import dev.baton.common.testing.MutableClock;
import dev.baton.fswitch.SwitchConfig;
import dev.baton.fswitch.policy.Policies;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendPool;
import dev.baton.fswitch.pool.PoolListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The backend half of the relay in isolation: writes batched per read loop, backpressure, close and reset passed on. */
class RelayBackendHandlerTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final SwitchMetrics metrics = new SwitchMetrics(registry);
    private final BackendPool pool = new BackendPool(HealthConfig.defaults(), new MutableClock(), PoolListener.both(metrics, metrics));
    private final AtomicInteger backendReads = new AtomicInteger();
    private final EmbeddedChannel client = new EmbeddedChannel();
    private EmbeddedChannel backendSide;
    private Backend backend;

    private EmbeddedChannel backendChannel() {
        pool.update(List.of(Members.member("app-0", 9001, 1)));
        backend = pool.find("app-0").orElseThrow();
        ListenerConfig l = SwitchConfig.defaults().listeners().get(0);
        RelayContext relay = new RelayContext(l, Policies.create(l.policy()), pool, Transport.NIO, metrics,
                new ConnectionGate(0, 0, null));
        backendSide = new EmbeddedChannel();
        backendSide.config().setAutoRead(false); // as the relay's backend channels are
        backendSide.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                backendReads.incrementAndGet();
                ctx.read();
            }
        }, new RelayBackendHandler(client, backend, relay, null));
        return backendSide;
    }

    @AfterEach
    void release() {
        client.finishAndReleaseAll();
        if (backendSide != null) {
            backendSide.finishAndReleaseAll();
        }
    }

    @Test
    void writesWhatItReadsToTheClientAndFlushesOncePerReadLoop() {
        EmbeddedChannel b = backendChannel();
        b.pipeline().fireChannelRead(Unpooled.copiedBuffer("hel", StandardCharsets.US_ASCII));
        b.pipeline().fireChannelRead(Unpooled.copiedBuffer("lo", StandardCharsets.US_ASCII));
        assertThat((Object) client.readOutbound()).as("nothing flushed before the read loop ends").isNull();
        b.pipeline().fireChannelReadComplete();
        StringBuilder got = new StringBuilder();
        for (ByteBuf out; (out = client.readOutbound()) != null; out.release()) {
            got.append(out.toString(StandardCharsets.US_ASCII));
        }
        assertThat(got).hasToString("hello");
        assertThat(backendReads.get()).as("no read per chunk: the channel reads on its own").isZero();
        assertThat(registry.meter("bytes.out").getCount()).isEqualTo(5);
    }

    @Test
    void stopsReadingTheBackendWhileTheClientCannotTakeMore() {
        EmbeddedChannel b = backendChannel();
        b.config().setAutoRead(true); // as once connected
        client.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        b.pipeline().fireChannelRead(Unpooled.copiedBuffer("more than sixteen bytes", StandardCharsets.US_ASCII));
        assertThat(client.isWritable()).isFalse();
        assertThat(b.config().isAutoRead()).as("backend reads paused").isFalse();
        b.pipeline().fireChannelReadComplete();
        assertThat(client.isWritable()).as("flushed: the frontend handler turns backend reads on again").isTrue();
    }

    @Test
    void resumesReadingTheClientWhenTheBackendDrains() {
        EmbeddedChannel b = backendChannel();
        client.config().setAutoRead(false); // paused by the frontend while the backend was full
        b.pipeline().fireChannelWritabilityChanged();
        assertThat(client.config().isAutoRead()).isTrue();
    }

    @Test
    void stopsReadingTheBackendWhenTheClientWriteFails() {
        EmbeddedChannel b = backendChannel();
        client.close();
        int before = backendReads.get();
        ByteBuf chunk = Unpooled.copiedBuffer("lost", StandardCharsets.US_ASCII);
        b.writeInbound(chunk);
        assertThat(chunk.refCnt()).isZero(); // the failed write released it
        assertThat(backendReads.get()).isEqualTo(before);
        assertThat(b.isOpen()).isFalse();
    }

    @Test
    void writesWithoutAPromisePerWriteAndAWriteFailingInFlightReachesTheClientsPipeline() {
        List<Boolean> voidPromises = new ArrayList<>();
        List<Throwable> caught = new ArrayList<>();
        client.pipeline().addLast(new ChannelDuplexHandler() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                voidPromises.add(promise.isVoid());
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("Broken pipe")); // as a reset client fails a flushed write
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.add(cause); // where RelayFrontendHandler resets the backend
            }
        });
        EmbeddedChannel b = backendChannel();
        ByteBuf chunk = Unpooled.copiedBuffer("lost", StandardCharsets.US_ASCII);
        b.pipeline().fireChannelRead(chunk);
        assertThat(voidPromises).containsExactly(true);
        assertThat(caught).singleElement().satisfies(e -> assertThat(e).hasMessage("Broken pipe"));
        assertThat(chunk.refCnt()).isZero();
    }

    @Test
    void closesTheClientWhenTheBackendCloses() {
        EmbeddedChannel b = backendChannel();
        b.close();
        client.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void aBackendResetClosesTheClientAndCountsAgainstTheBackend() {
        EmbeddedChannel b = backendChannel();
        b.pipeline().fireExceptionCaught(new IOException("Connection reset by peer"));
        assertThat(client.isOpen()).isFalse();
        assertThat(b.isOpen()).isFalse();
        assertThat(backend.passiveHealth().ejections()).isZero(); // one reset is not enough to eject
    }

    @Test
    void dropsAndReleasesWhatIsNotBytes() {
        EmbeddedChannel b = backendChannel();
        io.netty.util.ReferenceCounted odd = new io.netty.buffer.DefaultByteBufHolder(Unpooled.buffer(4).writeInt(1));
        b.writeInbound(odd);
        assertThat(odd.refCnt()).isZero();
        assertThat((Object) client.readOutbound()).isNull();
    }
}
