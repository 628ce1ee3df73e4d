package dev.baton.data.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Counts a request as in flight from the moment it reaches the router until its response is handed to
 * the transport, on the event loop. Counting at the write, not when the route's future completes,
 * means a shutdown that waits for the count and then closes the channel on the same event loop
 * cannot overtake the response.
 */
public final class InFlightHandler extends ChannelDuplexHandler {
    private final InFlightRequests inFlight;
    private int pending;

    public InFlightHandler(InFlightRequests inFlight) {
        this.inFlight = inFlight;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            pending++;
            inFlight.started();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse && pending > 0) {
            pending--;
            inFlight.finished();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Responses to a closed connection are dropped without a write: they are no longer in flight.
        for (; pending > 0; pending--) {
            inFlight.finished();
        }
        ctx.fireChannelInactive();
    }
}
