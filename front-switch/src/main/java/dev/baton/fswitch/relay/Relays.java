package dev.baton.fswitch.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;
import java.nio.channels.NotYetConnectedException;

/** Channel moves shared by both relay handlers. */
final class Relays {
    /**
     * The buffers relayed connections read into. With Netty 4.2's default (adaptive) allocator, a new connection
     * per 1 MiB answer cost the switch 1,714 µs a request and ran at 0.79x HAProxy in one bench run
     * (docs/bench/switch-2026-11-28-1936.md), and a profile put the time in allocating new chunks; the pooled
     * allocator reuses its arenas' chunks.
     */
    static final ByteBufAllocator BUFFERS = PooledByteBufAllocator.DEFAULT;

    private Relays() {}

    /**
     * Writes what {@code reader} read to {@code to} with a void promise: no promise object per write (most
     * of the relay's garbage per request, and so of its young collections). When {@code to} is already
     * closed the bytes are dropped and {@code reader} closed; a write that fails later reaches {@code to}'s
     * pipeline as an exception, where the relay's handler resets the other side.
     */
    static void forward(ByteBuf buf, Channel to, Channel reader) {
        if (to.isActive()) {
            to.write(buf, to.voidPromise());
        } else {
            buf.release();
            reader.close();
        }
    }

    /**
     * Turns reads of {@code ch} on or off, unless it is done reading: closed, or its input shut (nothing is
     * left to read). Asking for what is already set costs nothing (no change submitted to the transport). A
     * failure to change the events reaches {@code ch}'s pipeline as an exception, as any failed read does.
     */
    static void setReading(Channel ch, boolean on) {
        if (ch != null && ch.isActive() && !(ch instanceof DuplexChannel d && d.isInputShutdown())
                && ch.config().isAutoRead() != on) {
            ch.config().setAutoRead(on);
        }
    }

    /** Closes {@code ch} once everything written to it so far is flushed. */
    static void closeOnFlush(Channel ch) {
        if (ch == null || !ch.isActive()) {
            return;
        }
        if (isOutputShutdown(ch)) {
            // Its output was shut after a flush already (half-close passed on): writing now would only
            // build a ChannelOutputShutdownException with a stack trace, on every connection.
            ch.close();
        } else {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * {@code from} reached end of input: shut {@code to}'s output after what is queued, and close both once
     * both directions are finished.
     */
    static void propagateEof(Channel from, Channel to) {
        if (!(to instanceof DuplexChannel duplex) || !to.isActive()) {
            from.close();
            return;
        }
        if (duplex.isInputShutdown()) {
            // The other side finished sending before: with this EOF both directions are done. Shutting an
            // output whose peer is already gone would only fail (ENOTCONN) and cost an exception a connection.
            closeOnFlush(to);
            from.close();
            return;
        }
        if (duplex.isOutputShutdown()) {
            return; // passed on already
        }
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess()) {
                to.close();
                from.close();
                return;
            }
            shutOutput(duplex).addListener(s -> {
                if (!s.isSuccess() || (duplex.isInputShutdown() && isOutputShutdown(from))) {
                    to.close();
                    from.close();
                } else {
                    // Only its EOF is still to come, and that ends the connection: let the transport close it
                    // on EOF rather than shut its input first (one system call and one exception fewer).
                    to.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                }
            });
        });
    }

    /** Passes a reset on: closes {@code peer} with SO_LINGER 0 so it sends RST, not FIN. */
    static void reset(Channel peer) {
        if (peer != null && peer.isActive()) {
            try {
                peer.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException ignored) {
                // some transports refuse the option after connect; a plain close still ends the peer
            }
            peer.close();
        }
    }

    /**
     * Shuts {@code ch}'s output (the peer reads EOF). Netty's {@code shutdownOutput} builds an exception with a
     * stack trace on every call, to fail writes still queued; here none are (the flush before completed), so
     * a native channel has its socket shut directly, which Netty's own state then reports. A socket the peer
     * has reset meanwhile fails with ENOTCONN, which Netty throws unchecked ({@link NotYetConnectedException}):
     * it fails the future too, so the caller closes both sides instead of leaving them open.
     */
    private static ChannelFuture shutOutput(DuplexChannel ch) {
        if (ch instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
                return ch.newSucceededFuture();
            } catch (IOException | NotYetConnectedException e) {
                return ch.newFailedFuture(e);
            }
        }
        return ch.shutdownOutput();
    }

    private static boolean isOutputShutdown(Channel ch) {
        return !(ch instanceof DuplexChannel d) || d.isOutputShutdown();
    }
}
