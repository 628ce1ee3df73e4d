package dev.baton.fswitch.relay;

import dev.baton.common.handoff.HandoffClient;
import dev.baton.fswitch.ContentConfig;
import dev.baton.fswitch.Mode;
import dev.baton.fswitch.handoff.HttpHeadReader;
import dev.baton.fswitch.handoff.RequestHead;
import dev.baton.fswitch.policy.BalancingPolicy;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.WaitQueue;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of a connection. On accept (or, with content-aware dispatch, once the request head is read)
 * it picks a backend from the pool. A same-host backend that takes handoffs (modes handoff and auto) gets the
 * socket itself, with any bytes already read; otherwise it connects to the backend on the same event loop, on
 * the socket the accepting thread opened for it ({@link BackendPreopener}) when there is one.
 * A refused or timed-out connect, or a handoff that failed before the descriptor was sent, is retried on
 * another backend up to the listener's retries, so the client never notices. A relayed connection then reads
 * the client only after its previous chunk was written to the backend (backpressure) and passes half-closes
 * and resets on.
 */
public final class RelayFrontendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayFrontendHandler.class);

    /** Largest prefix a handoff carries (common's limit is 64 KiB); more early bytes than that are relayed. */
    private static final int MAX_PREFIX = 60 * 1024;

    private final RelayContext relay;
    private final IdleSweeper idle;
    private IdleSweeper.Watch watch;
    private final List<Backend> tried = new ArrayList<>(2);
    // Bytes read before the backend is connected wait here: the one read asked for while connecting, and what
    // the transport reads of a client that sent its bytes and FIN (or RST) even with reads off (epoll on
    // EPOLLRDHUP, io_uring on POLLRDHUP).
    private final ArrayDeque<ByteBuf> early = new ArrayDeque<>(2);
    private boolean inputShutEarly;
    private Channel outbound;
    private boolean admitted;
    private String target;
    private QueuedClient waiting;

    public RelayFrontendHandler(RelayContext relay, IdleSweeper idle) {
        this.relay = relay;
        this.idle = idle;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress client = client(ctx.channel());
        String refusal = relay.gate().admit(client == null ? null : client.getAddress());
        if (refusal != null) {
            log.debug("refusing {}: {}", client, refusal);
            relay.metrics().refused();
            ctx.close();
            return;
        }
        admitted = true;
        relay.metrics().accepted();
        int idleMs = relay.listener().idleTimeoutMs();
        if (idleMs > 0) {
            watch = idle.watch(ctx.channel(), idleMs);
        }
        if (relay.lard() != null) {
            ContentConfig c = relay.listener().content();
            ctx.pipeline().addBefore(ctx.name(), "head", new HttpHeadReader(c.headMaxBytes(), c.headTimeoutMs()));
        } else {
            dispatch(ctx);
        }
    }

    private void dispatch(ChannelHandlerContext ctx) {
        Backend backend = tried.size() > relay.listener().retries() ? null : choose(ctx.channel());
        if (backend == null && tried.size() <= relay.listener().retries()
                && relay.pool().saturated(tried, relay.eligible())) {
            enqueue(ctx);
            return;
        }
        if (backend == null) {
            log.warn("no backend for {} after {} tries on listener '{}'", ctx.channel().remoteAddress(), tried.size(),
                    relay.listener().name());
            relay.metrics().refused();
            ctx.close();
            return;
        }
        leaveQueue();
        tried.add(backend);
        if (relay.handsOffTo(backend) && earlyBytes() <= MAX_PREFIX) {
            handOff(ctx, backend);
        } else {
            connect(ctx, backend);
        }
    }

    /** Every backend is at its maxconn: wait (reads stay off) until a slot frees, the queue times out or is full. */
    private void enqueue(ChannelHandlerContext ctx) {
        WaitQueue queue = relay.pool().queue();
        if (waiting == null) {
            waiting = new QueuedClient(ctx, queue.timeoutMs());
            if (!queue.offer(waiting.wake)) {
                waiting.cancel();
                relay.metrics().queueFull();
                log.debug("refusing {}: backend queue full ({} waiting)", ctx.channel().remoteAddress(), queue.depth());
                ctx.close();
                return;
            }
        } else {
            queue.requeue(waiting.wake);
        }
        // A slot freed between choosing and joining the queue would wake nobody: look once more.
        if (!relay.pool().saturated(tried, relay.eligible()) && queue.remove(waiting.wake)) {
            dispatch(ctx);
        }
    }

    /** Woken by the pool on this connection's event loop. */
    private void woken(ChannelHandlerContext ctx) {
        if (waiting == null || !ctx.channel().isActive()) {
            return;
        }
        if (waiting.timeout.isDone()) { // it fired while this wake-up was on its way
            waiting = null;
            relay.metrics().queueTimedOut();
            ctx.close();
            return;
        }
        dispatch(ctx);
    }

    private void queueTimedOut(ChannelHandlerContext ctx) {
        if (waiting != null && relay.pool().queue().remove(waiting.wake)) {
            waiting = null;
            relay.metrics().queueTimedOut();
            log.debug("closing {}: no backend slot within the queue timeout", ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    private void leaveQueue() {
        if (waiting != null) {
            relay.metrics().dequeued(waiting.waitedNanos());
            waiting.cancel();
            relay.pool().queue().remove(waiting.wake);
            waiting = null;
        }
    }

    /** This connection's place in the backend queue: its wake-up action and its timeout. */
    private final class QueuedClient {
        final Runnable wake;
        final ScheduledFuture<?> timeout;
        final long since = System.nanoTime();

        QueuedClient(ChannelHandlerContext ctx, int timeoutMs) {
            this.wake = () -> {
                try {
                    ctx.executor().execute(() -> woken(ctx));
                } catch (RejectedExecutionException e) {
                    // the event loop is shutting down: its connections are being closed anyway
                }
            };
            this.timeout = ctx.executor().schedule(() -> queueTimedOut(ctx), timeoutMs, TimeUnit.MILLISECONDS);
        }

        long waitedNanos() {
            return System.nanoTime() - since;
        }

        void cancel() {
            timeout.cancel(false);
        }
    }

    private Backend choose(Channel ch) {
        BalancingPolicy policy = target == null ? relay.policy() : (candidates, c) -> relay.lard().pick(target, candidates);
        Backend b = relay.pool().choose(policy, client(ch), tried, relay.eligible());
        if (b == null && !tried.isEmpty()) {
            // Every backend was tried once. A failed connect may be passing (under heavy connection churn a
            // loopback connect now and then meets a reset), so the tries left may go to one of them again,
            // as HAProxy's retries do; a backend that refuses for real is ejected and not chosen again.
            b = relay.pool().choose(policy, client(ch), List.of(), relay.eligible());
        }
        return b;
    }

    private void handOff(ChannelHandlerContext ctx, Backend backend) {
        long start = System.nanoTime();
        HandoffClient client = relay.handoffs().clientFor(backend);
        if (client == null) { // the backend left the pool since it was chosen
            relay.pool().abandoned(backend);
            dispatch(ctx);
            return;
        }
        client.handoff(ctx.channel(), relay.handoffs().nextConnectionId(), this::prefix)
                .addListener(f -> handedOff(ctx, backend, f, System.nanoTime() - start));
    }

    private void handedOff(ChannelHandlerContext ctx, Backend backend, Future<?> f, long nanos) {
        if (f.isSuccess()) {
            relay.pool().handedOff(backend, nanos);
            relay.metrics().handedOff(nanos);
        } else if (!ctx.channel().isActive()) {
            relay.pool().abandoned(backend);
        } else {
            relay.pool().handoffFailed(backend, nanos, f.cause());
            relay.metrics().handoffFailed();
            relay.metrics().retried();
            if (relay.listener().mode() == Mode.AUTO && relay.pool().retake(backend)) {
                log.info("handoff to {} failed ({}); relaying to it instead", backend, f.cause().getMessage());
                connect(ctx, backend);
            } else {
                log.info("handoff to {} failed ({}); trying another backend", backend, f.cause().getMessage());
                dispatch(ctx);
            }
        }
    }

    private int earlyBytes() {
        int n = 0;
        for (ByteBuf b : early) {
            n += b.readableBytes();
        }
        return n;
    }

    /** The bytes read before the handoff, which the backend processes first; they stay queued in case it fails. */
    private byte[] prefix() {
        byte[] out = new byte[earlyBytes()];
        int at = 0;
        for (ByteBuf b : early) {
            b.getBytes(b.readerIndex(), out, at, b.readableBytes());
            at += b.readableBytes();
        }
        return out;
    }

    private void connect(ChannelHandlerContext ctx, Backend backend) {
        long start = System.nanoTime();
        Channel socket = BackendPreopener.take(ctx.channel());
        if (socket == null) {
            try {
                socket = BackendConnector.open(relay.transport(), backend.address());
            } catch (ChannelException e) {
                // The switch's own failure (out of descriptors, say), not the backend's: free its slot
                // without counting it against the backend, and close the client rather than leave it waiting.
                relay.pool().abandoned(backend);
                relay.metrics().refused();
                log.warn("closing {}: cannot open a socket to {} ({})", ctx.channel().remoteAddress(), backend,
                        e.getCause() == null ? e.toString() : e.getCause().toString());
                ctx.close();
                return;
            }
        }
        ChannelFuture f = BackendConnector.connect(ctx.channel().eventLoop(), socket, backend.address(),
                relay.listener().connectTimeoutMs(), new RelayBackendHandler(ctx.channel(), backend, relay, watch));
        f.addListener(done -> connected(ctx, backend, f, System.nanoTime() - start));
        if (early.isEmpty() && !inputShutEarly) {
            // Read the client's first bytes while the connect is under way, as HAProxy does: they are then
            // written the moment it completes instead of a loop turn later. One read only (reads stay off),
            // so what waits in memory is bounded by one read buffer.
            ctx.read();
        }
    }

    private void connected(ChannelHandlerContext ctx, Backend backend, ChannelFuture f, long nanos) {
        if (!f.isSuccess()) {
            relay.pool().connectFailed(backend, nanos, f.cause());
            log.info("connect to {} failed ({}); {}", backend, f.cause(),
                    ctx.channel().isActive() ? "trying again" : "client is gone");
            if (ctx.channel().isActive()) {
                relay.metrics().retried();
                dispatch(ctx);
            }
            return;
        }
        relay.pool().connected(backend, nanos);
        relay.metrics().connected(nanos);
        outbound = f.channel();
        outbound.closeFuture().addListener(c -> relay.pool().released(backend));
        if (!ctx.channel().isActive()) {
            outbound.close();
            return;
        }
        if (relay.listener().proxyProtocol()) {
            outbound.pipeline().addFirst("proxy-encoder", HAProxyMessageEncoder.INSTANCE);
            outbound.writeAndFlush(ProxyHeaders.v2(ctx.channel().remoteAddress(), ctx.channel().localAddress()));
        }
        Relays.setReading(outbound, true);
        flushEarly(ctx);
    }

    private void flushEarly(ChannelHandlerContext ctx) {
        if (!early.isEmpty()) {
            while (!early.isEmpty()) {
                outbound.write(early.poll());
            }
            outbound.flush();
        }
        if (inputShutEarly) {
            Relays.propagateEof(ctx.channel(), outbound);
        } else {
            Relays.setReading(ctx.channel(), true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        relay.metrics().bytesIn(buf.readableBytes());
        if (watch != null) {
            watch.touch();
        }
        if (outbound == null) {
            early.add(buf);
            return;
        }
        // Written now, flushed once per read loop (channelReadComplete); reads stop while the backend's
        // buffer is over its high-water mark and resume when it drains (RelayBackendHandler).
        Relays.forward(buf, outbound, ctx.channel());
        if (!outbound.isWritable()) {
            Relays.setReading(ctx.channel(), false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (outbound != null) {
            outbound.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (outbound != null) {
            Relays.setReading(outbound, ctx.channel().isWritable());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof RequestHead head) {
            target = head.path();
            early.add(head.bytes());
            dispatch(ctx);
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent && outbound != null) {
            Relays.propagateEof(ctx.channel(), outbound);
        } else if (evt instanceof ChannelInputShutdownEvent) {
            inputShutEarly = true;
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        BackendPreopener.discard(ctx.channel());
        if (watch != null) {
            idle.unwatch(watch);
        }
        if (waiting != null) {
            waiting.cancel();
            relay.pool().queue().remove(waiting.wake);
            waiting = null;
        }
        while (!early.isEmpty()) {
            early.poll().release();
        }
        Relays.closeOnFlush(outbound);
        if (admitted) {
            relay.gate().release();
            relay.metrics().closed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            Relays.reset(outbound); // the client reset: the backend sees a reset too
        } else {
            log.warn("relay from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    private static InetSocketAddress client(Channel ch) {
        return ch.remoteAddress() instanceof InetSocketAddress a ? a : null;
    }
}
