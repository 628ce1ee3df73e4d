package dev.baton.superserver.registry;

import com.codahale.metrics.Meter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One registry connection: request lines run one at a time, in order, on a blocking executor (the
 * table may be ZooKeeper); replies are written back on the event loop. Reads are manual, so a client
 * that pipelines faster than it reads replies is not buffered without bound. Lines with bytes outside
 * printable ASCII get an error; too many errors, an oversize line or idleness close the connection.
 */
final class RegistryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    static final int MAX_ERRORS = 8;
    private static final int MAX_QUEUED = 64;
    /** Stands in the queue for a line that was not printable, so its error reply keeps its place. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String MALFORMED = new String("malformed");

    private final RegistryProtocol protocol;
    private final Executor blocking;
    private final Meter requests;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean inputClosed;
    private int errors;

    RegistryHandler(RegistryProtocol protocol, Executor blocking, Meter requests) {
        this.protocol = protocol;
        this.blocking = blocking;
        this.requests = requests;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        requests.mark();
        if (queue.size() >= MAX_QUEUED) {
            closeWith(ctx, RegistryProtocol.error(RegistryException.BAD_REQUEST, "too many pipelined requests"));
            return;
        }
        queue.add(printable(frame) ? frame.toString(StandardCharsets.US_ASCII) : MALFORMED);
        next(ctx);
    }

    private static boolean printable(ByteBuf b) {
        for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
            byte c = b.getByte(i);
            if ((c < 0x20 || c > 0x7e) && !(c == '\r' && i == b.writerIndex() - 1) && c != '\t') {
                return false;
            }
        }
        return true;
    }

    private void next(ChannelHandlerContext ctx) {
        if (busy || !ctx.channel().isActive()) {
            return;
        }
        String line = queue.poll();
        if (line == null) {
            if (inputClosed) {
                ctx.close(); // everything the client sent before its FIN is answered
            } else {
                ctx.read();
            }
            return;
        }
        if (line == MALFORMED) {
            reply(ctx, List.of(RegistryProtocol.error(RegistryException.BAD_REQUEST, "malformed line (expected printable ASCII)")), true);
            return;
        }
        busy = true;
        try {
            blocking.execute(() -> {
                List<String> reply = protocol.execute(line.replace('\t', ' '));
                try {
                    ctx.executor().execute(() -> {
                        busy = false;
                        reply(ctx, reply, reply.get(0).startsWith("ERR 400"));
                    });
                } catch (RejectedExecutionException stopping) {
                    ctx.channel().unsafe().closeForcibly();
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.close();
        }
    }

    private void reply(ChannelHandlerContext ctx, List<String> lines, boolean isError) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append("\r\n"));
        ctx.writeAndFlush(Unpooled.copiedBuffer(sb, StandardCharsets.US_ASCII));
        if (isError && ++errors >= MAX_ERRORS) {
            closeWith(ctx, RegistryProtocol.error(RegistryException.BAD_REQUEST, "too many errors, closing"));
            return;
        }
        next(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!busy && queue.isEmpty() && !inputClosed) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else if (evt instanceof ChannelInputShutdownEvent) {
            // A scripted client (printf 'LOOKUP app\n' | nc) sends its lines, then its FIN: answer them first.
            inputClosed = true;
            if (!busy && queue.isEmpty()) {
                ctx.close();
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWith(ctx, RegistryProtocol.error(RegistryException.TOO_LONG, "line too long"));
        } else {
            ctx.close();
        }
    }

    private void closeWith(ChannelHandlerContext ctx, String line) {
        queue.clear();
        ctx.writeAndFlush(Unpooled.copiedBuffer(line + "\r\n", StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
    }
}
