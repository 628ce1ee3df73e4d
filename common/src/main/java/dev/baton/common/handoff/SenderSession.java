package dev.baton.common.handoff;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Promise;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending end of one session: a control and a descriptor connection to a receiver, both on one
 * event loop. Every method runs on that loop.
 */
final class SenderSession {
    private static final Logger log = LoggerFactory.getLogger(SenderSession.class);
    private static final int MAX_WAITING = 4096;
    private static final int CONNECT_TIMEOUT_MS = 1000;

    private enum State { CONNECTING, READY, CLOSED }

    private record Pending(EpollSocketChannel client, HandoffClient.PendingHeader header, Promise<Void> result) {}

    private final EventLoop loop;
    private final Path socketPath;
    private final int expectedUid;
    private final IntConsumer loadListener;
    private final UUID id = UUID.randomUUID();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private State state = State.CONNECTING;
    private Channel control;
    private Channel descriptors;
    private int acks;

    SenderSession(EventLoop loop, Path socketPath, int expectedUid, IntConsumer loadListener) {
        this.loop = loop;
        this.socketPath = socketPath;
        this.expectedUid = expectedUid;
        this.loadListener = loadListener;
    }

    EventLoop loop() {
        return loop;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    void connect() {
        control = open(HandoffFrames.ROLE_CONTROL);
        descriptors = open(HandoffFrames.ROLE_DESCRIPTORS);
    }

    private Channel open(byte role) {
        ChannelFuture f = new Bootstrap()
                .group(loop)
                .channel(EpollDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("frames", HandoffFrames.decoder());
                        ch.pipeline().addLast("session", new SenderHandler(role));
                    }
                })
                .connect(new DomainSocketAddress(socketPath.toFile()));
        f.addListener(done -> {
            if (!done.isSuccess()) {
                close(new HandoffException("cannot connect to " + socketPath + ": " + done.cause().getMessage(), done.cause()));
            }
        });
        f.channel().closeFuture().addListener(done -> close(new HandoffException("handoff session to " + socketPath + " closed")));
        return f.channel();
    }

    void send(EpollSocketChannel client, HandoffClient.PendingHeader header, Promise<Void> result) {
        switch (state) {
            case READY -> transmit(client, header, result);
            case CONNECTING -> {
                if (waiting.size() >= MAX_WAITING) {
                    result.setFailure(new HandoffException("too many handoffs waiting for " + socketPath));
                } else {
                    waiting.add(new Pending(client, header, result));
                }
            }
            case CLOSED -> result.setFailure(new HandoffException("handoff session to " + socketPath + " is closed"));
        }
    }

    private void transmit(EpollSocketChannel client, HandoffClient.PendingHeader pending, Promise<Void> result) {
        if (!client.isOpen()) {
            result.setFailure(new HandoffException("client connection " + pending.connectionId() + " closed before handoff"));
            return;
        }
        HandoffHeader header;
        try {
            header = pending.take(); // in the same event-loop task as the descriptor write: no read can slip between
        } catch (RuntimeException e) {
            result.setFailure(new HandoffException("cannot hand off connection " + pending.connectionId() + ": " + e.getMessage(), e));
            return;
        }
        control.writeAndFlush(header.encode(control.alloc())).addListener(f -> {
            if (!f.isSuccess()) {
                close(new HandoffException("writing a handoff header failed", f.cause()));
            }
        });
        descriptors.writeAndFlush(new FileDescriptor(client.fd().intValue())).addListener(f -> {
            if (f.isSuccess()) {
                // The receiver holds its own descriptor now; closing ours leaves the TCP connection open.
                client.close();
                result.trySuccess(null);
            } else {
                // Header without descriptor: the stream is out of step, so the session must go.
                close(new HandoffException("passing the descriptor failed", f.cause()));
                result.tryFailure(new HandoffException("passing the descriptor to " + socketPath + " failed", f.cause()));
            }
        });
    }

    private void acknowledged() {
        if (++acks == 2 && state == State.CONNECTING) {
            state = State.READY;
            Pending p;
            while ((p = waiting.poll()) != null) {
                transmit(p.client(), p.header(), p.result());
            }
        }
    }

    void close() {
        close(new HandoffException("handoff session to " + socketPath + " closed"));
    }

    private void close(HandoffException why) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        Pending p;
        while ((p = waiting.poll()) != null) {
            p.result().tryFailure(why);
        }
        if (control != null) {
            control.close();
        }
        if (descriptors != null) {
            descriptors.close();
        }
        log.debug("handoff session {} to {} closed: {}", id, socketPath, why.getMessage());
    }

    /** Checks the receiver's user, says HELLO, waits for ACK, then reads LOAD reports. */
    private final class SenderHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final byte role;

        SenderHandler(byte role) {
            this.role = role;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            String refusal = PeerCheck.verify((EpollDomainSocketChannel) ctx.channel(), expectedUid);
            if (refusal != null) {
                log.warn("not handing sockets to {}: {}", socketPath, refusal);
                close(new HandoffException("receiver refused: " + refusal));
                return;
            }
            ctx.writeAndFlush(HandoffFrames.hello(ctx.alloc(), role, id));
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte type = frame.readByte();
            if (type == HandoffFrames.ACK) {
                acknowledged();
            } else if (type == HandoffFrames.LOAD && frame.readableBytes() >= 12) {
                loadListener.accept(frame.readInt());
            } else {
                close(new HandoffException("unexpected frame " + type + " from " + socketPath));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            close(new HandoffException("handoff connection to " + socketPath + " failed", cause));
        }
    }
}
