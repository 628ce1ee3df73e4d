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
 * that pipelines faster than it reads replies is not buffered without bound: a line beyond
 * {@link #MAX_UNANSWERED} is not read, the lines before it are answered, then an error and a close.
 * Lines with bytes outside printable ASCII get an error; too many errors that blame the client
 * ({@code ERR 4xx}: a bad token or a stranger's id as much as a malformed line), an oversize line or
 * idleness close the connection.
 */
final class RegistryHandler extends SimpleChannelInboundHandler<ByteBuf> {
    static final int MAX_ERRORS = 8;
    /** Lines read and not yet answered, the one running included. */
    static final int MAX_UNANSWERED = 64;
    /** Stands in the queue for a line that was not printable, so its error reply keeps its place. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String MALFORMED = new String("malformed");

    private final RegistryProtocol protocol;
    private final Executor blocking;
    private final Meter requests;
    private final int maxLineBytes;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean inputClosed;
    private boolean overrun;
    private int errors;

    /** @param maxLineBytes the longest line, its end (\n or \r\n) included; frames arrive with their end */
    RegistryHandler(RegistryProtocol protocol, Executor blocking, Meter requests, int maxLineBytes) {
        this.protocol = protocol;
        this.blocking = blocking;
        this.requests = requests;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (overrun) {
            return; // lines of the same read as the one over the limit: never answered, the connection closes
        }
        requests.mark();
        if (frame.readableBytes() > maxLineBytes) { // at most one byte over: a \r\n end the decoder let pass
            closeWith(ctx, RegistryProtocol.error(RegistryException.TOO_LONG, "line too long"));
            return;
        }
        if (queue.size() + (busy ? 1 : 0) >= MAX_UNANSWERED) {
            overrun = true;
            next(ctx);
            return;
        }
        int end = frame.writerIndex() - 1; // the \n
        if (end > frame.readerIndex() && frame.getByte(end - 1) == '\r') {
            end--;
        }
        ByteBuf line = frame.slice(frame.readerIndex(), end - frame.readerIndex());
        queue.add(printable(line) ? line.toString(StandardCharsets.US_ASCII) : MALFORMED);
        next(ctx);
    }

    private static boolean printable(ByteBuf b) {
        for (int i = b.readerIndex(); i < b.writerIndex(); i++) {
            byte c = b.getByte(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
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
        if (line == null && overrun) {
            closeWith(ctx, RegistryProtocol.error(RegistryException.BAD_REQUEST,
                    "too many pipelined requests (over " + MAX_UNANSWERED + " unanswered), closing"));
            return;
        }
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
                        reply(ctx, reply, reply.get(0).startsWith("ERR 4"));
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
        if (!busy && queue.isEmpty() && !inputClosed && !overrun) {
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
