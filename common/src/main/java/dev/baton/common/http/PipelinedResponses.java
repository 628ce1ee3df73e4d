package dev.baton.common.http;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The answers still owed on one HTTP/1.1 connection, written in the order the requests came (pipelining).
 * Reading pauses while any is owed, so a client cannot queue unbounded work; a client that has shut down its
 * sending side is closed on once nothing is owed. Call it from the channel's event loop only.
 *
 * <pre>{@code
 * responses.add(ctx, route.handle(request), FailureResponses::of, out -> write(ctx, out));
 * }</pre>
 *
 * @param <T> what a handler writes: a full response, or anything else it knows how to write
 */
public final class PipelinedResponses<T> {
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int pending;
    private boolean inputClosed;

    /**
     * Owes one more answer and pauses reading. Once {@code response} and every earlier answer are done,
     * {@code write} gets it on the event loop, or what {@code onFailure} makes of its failure; the writer
     * then calls {@link #answered()}.
     */
    public void add(ChannelHandlerContext ctx, CompletionStage<? extends T> response,
                    Function<Throwable, ? extends T> onFailure, Consumer<? super T> write) {
        pending++;
        ctx.channel().config().setAutoRead(false);
        last = last
                .thenCompose(v -> response.<T>handle((ok, error) -> ok != null ? ok : onFailure.apply(error)))
                .thenAccept(out -> ctx.executor().execute(() -> write.accept(out)));
    }

    /** One answer is written; true if none is owed any more. */
    public boolean answered() {
        return --pending == 0;
    }

    public boolean idle() {
        return pending == 0;
    }

    /** Whether the client has shut down its sending side. */
    public boolean inputClosed() {
        return inputClosed;
    }

    /** The client is done sending: close now if nothing is owed, else the writer closes after the last answer. */
    public void inputShutdown(ChannelHandlerContext ctx) {
        inputClosed = true;
        if (pending == 0) {
            ctx.close();
        }
    }

    /** Reads the next request (nothing is owed and the connection stays open). */
    public void resumeReading(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
    }
}
