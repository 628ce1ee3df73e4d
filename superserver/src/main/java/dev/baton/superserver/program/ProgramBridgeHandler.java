package dev.baton.superserver.program;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A nowait program service, as inetd runs it: one process per connection whose stdin receives what
 * the client sends and whose stdout goes back to the client. The client's half-close closes stdin;
 * the end of stdout closes the connection; a client that goes away ends the process.
 *
 * <p>Java cannot give a child process a socket as its stdin, so bytes are copied, with backpressure
 * both ways: the next socket read waits until the previous chunk is in the pipe, and the stdout pump
 * waits while the socket is not writable. Pipe I/O blocks, so it runs on the connection's own platform
 * threads, never on the event loop.
 */
public final class ProgramBridgeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ProgramBridgeHandler.class);
    private static final int CHUNK = 16 * 1024;
    private static final long TERM_GRACE_MS = 2_000;
    /**
     * Platform threads, not virtual ones: a blocking pipe read or write pins its carrier, and with a
     * few hundred programs at once the carriers run out, so the thread that would close a program's
     * stdin never runs and nothing ends.
     */
    private static final java.util.concurrent.ThreadFactory PIPE_THREADS = Thread.ofPlatform().name("program-pipe-", 0).daemon().factory();

    private final Supplier<ProcessBuilder> processes;
    private final ExecutorService stdinWriter = Executors.newSingleThreadExecutor(PIPE_THREADS);
    /** Set on the writer thread before any write task runs, read by later tasks there and by the loop. */
    private volatile Process process;
    private int pendingWrites;
    private volatile boolean closed;

    public ProgramBridgeHandler(Supplier<ProcessBuilder> processes) {
        this.processes = processes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        ProcessBuilder pb = processes.get();
        if (ch.remoteAddress() instanceof InetSocketAddress remote) {
            pb.environment().put("BATON_REMOTE_ADDR", remote.getAddress().getHostAddress());
            pb.environment().put("BATON_REMOTE_PORT", Integer.toString(remote.getPort()));
        }
        submit(ctx, () -> {
            Process p = pb.start(); // fork/exec blocks: never on the loop
            // Set here, not in started(): bytes read meanwhile (epoll drains a half-closed socket even with
            // reads off) are queued behind this task and must find the process.
            process = p;
            if (closed) {
                end(p);
                return;
            }
            try {
                ctx.executor().execute(() -> started(ctx, p));
            } catch (RejectedExecutionException shuttingDown) {
                end(p);
            }
        });
        ctx.fireChannelActive();
    }

    private void started(ChannelHandlerContext ctx, Process p) {
        if (closed) {
            end(p);
            return;
        }
        PIPE_THREADS.newThread(() -> pumpStdout(ctx.channel(), p)).start();
        readMore(ctx);
    }

    private static void readMore(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && !((DuplexChannel) ctx.channel()).isInputShutdown()) {
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        byte[] bytes;
        try {
            bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
        } finally {
            ReferenceCountUtil.release(buf);
        }
        pendingWrites++;
        submit(ctx, () -> {
            OutputStream stdin = process.getOutputStream();
            stdin.write(bytes);
            stdin.flush();
            ctx.executor().execute(() -> written(ctx));
        });
    }

    private void written(ChannelHandlerContext ctx) {
        if (--pendingWrites == 0 && !closed) {
            readMore(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (pendingWrites == 0 && process != null && !closed) {
            readMore(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            submit(ctx, () -> process.getOutputStream().close());
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        stdinWriter.shutdown();
        if (process != null) {
            end(process);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("program connection failed", cause);
        ctx.close();
    }

    /** Runs pipe work in order on this connection's writer; a failure closes the connection. */
    private void submit(ChannelHandlerContext ctx, IoTask task) {
        try {
            stdinWriter.execute(() -> {
                try {
                    task.run();
                } catch (IOException | RuntimeException e) {
                    log.debug("program pipe failed: {}", e.toString());
                    ctx.channel().close();
                }
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().close();
        }
    }

    private void pumpStdout(Channel ch, Process p) {
        byte[] buf = new byte[CHUNK];
        try (InputStream out = p.getInputStream()) {
            int n;
            while ((n = out.read(buf)) >= 0) {
                ChannelFuture f = ch.writeAndFlush(Unpooled.copiedBuffer(buf, 0, n));
                if (!ch.isWritable()) {
                    f.awaitUninterruptibly();
                }
                if (!ch.isActive()) {
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("reading program output failed: {}", e.toString());
        }
        // End of stdout: the program is done with the client.
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** The client is gone: close stdin, then SIGTERM and SIGKILL a program that does not exit by itself. */
    private void end(Process p) {
        // Closing may wait behind a write stuck on a full pipe, so it gets its own thread and the kill its own timer.
        PIPE_THREADS.newThread(() -> {
            try {
                p.getOutputStream().close();
            } catch (IOException ignored) {
                // the program already closed its stdin
            }
        }).start();
        p.onExit().orTimeout(TERM_GRACE_MS, TimeUnit.MILLISECONDS).exceptionally(t -> {
            p.destroy();
            p.onExit().orTimeout(TERM_GRACE_MS, TimeUnit.MILLISECONDS).exceptionally(t2 -> {
                p.destroyForcibly();
                return p;
            });
            return p;
        });
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }
}
