package dev.baton.common.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's aggregator, but an oversize body gets the same JSON 413 as every other error, then a lingering close.
 */
public final class JsonObjectAggregator extends HttpObjectAggregator {
    private final int maxContentLength;

    public JsonObjectAggregator(int maxContentLength) {
        super(maxContentLength);
        this.maxContentLength = maxContentLength;
    }

    /**
     * Netty answers an {@code Expect} it cannot meet (anything but 100-continue: 417; a declared length over the
     * limit: 413) with an empty body; the same status comes back here with the JSON error body every answer has.
     */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse r && r.status().code() >= 400) {
            HttpResponseStatus status = r.status();
            r.release();
            return Responses.error(status, status.equals(HttpResponseStatus.EXPECTATION_FAILED)
                    ? "unsupported Expect: '" + start.headers().get(HttpHeaderNames.EXPECT) + "' (only 100-continue is)"
                    : "request body too large (limit: " + this.maxContentLength + " bytes)");
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ReferenceCountUtil.release(oversized);
        FullHttpResponse response = Responses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body too large (limit: " + maxContentLength + " bytes)");
        // The rest of the body may still be arriving: end the connection, but without cutting the answer off.
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(f -> {
            if (f.isSuccess()) {
                LingeringClose.start(ctx.channel());
            } else {
                ctx.close();
            }
        });
    }
}
