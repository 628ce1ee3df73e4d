package dev.baton.fswitch.relay;

import dev.baton.fswitch.Mode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each relayed client's backend socket on the accepting thread, before the client reaches its I/O loop.
 * Opening a socket costs several system calls (socket, setsockopt, getsockname), and on this thread they run
 * beside the loop rather than in the loop's turn, which every relayed byte of every connection waits on; a
 * new connection per request then ran faster and with a shorter tail in hand-run A/B rounds. The loop takes
 * the socket for its first connect ({@link #take}); a client that never connects closes it ({@link #discard}).
 * Only a client that no loop would register (the loops shutting down, the switch stopping) keeps its socket
 * until the process exits. Listeners that may hand off (modes handoff and auto) get none: a handed-off client
 * needs no backend socket.
 */
@Sharable
final class BackendPreopener extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(BackendPreopener.class);
    private static final AttributeKey<Channel> SOCKET = AttributeKey.valueOf(BackendPreopener.class, "socket");

    private final Supplier<RelayContext> context;

    BackendPreopener(Supplier<RelayContext> context) {
        this.context = context;
    }

    /** Sees each accepted client on its way to the acceptor that registers it with an I/O loop. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RelayContext relay = context.get();
        if (msg instanceof Channel client && relay.listener().mode() == Mode.RELAY) {
            try {
                client.attr(SOCKET).set(BackendConnector.open(relay.transport(), null));
            } catch (RuntimeException e) {
                // Out of descriptors, say: the loop tries again when it connects, and reports what it meets.
                log.debug("cannot open a backend socket ahead for {}: {}", client.remoteAddress(), e.toString());
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** The socket opened ahead for {@code client}, now the caller's; null if there is none (or it was taken). */
    static Channel take(Channel client) {
        return client.hasAttr(SOCKET) ? client.attr(SOCKET).getAndSet(null) : null;
    }

    /** Closes the socket opened ahead for {@code client}, if it was never taken. */
    static void discard(Channel client) {
        Channel socket = take(client);
        if (socket != null) {
            socket.unsafe().closeForcibly(); // never registered: this closes its descriptor
        }
    }
}
