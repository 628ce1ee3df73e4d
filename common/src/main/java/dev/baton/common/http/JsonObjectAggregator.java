package dev.baton.common.http;

import io.netty.channel.ChannelHandlerContext;
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
