package dev.baton.common.http;

import dev.baton.common.proxy.ProxyProtocolDetector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of Baton's HTTP/1.1 servers: optional PROXY header, codec with an 8 KiB head limit
 * (431 beyond it), an aggregator with a body limit (413 beyond it), idle timeout, then the router.
 */
public final class HttpServerInitializer extends ChannelInitializer<Channel> {
    public static final int MAX_HEAD_BYTES = 8 * 1024;

    private final Router router;
    private final int maxBodyBytes;
    private final long idleSeconds;

    public HttpServerInitializer(Router router, int maxBodyBytes, long idleSeconds) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        this.idleSeconds = idleSeconds;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ChannelPipeline p = ch.pipeline();
        p.addLast("proxy-detect", new ProxyProtocolDetector());
        p.addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
        p.addLast("idle-close", new IdleCloser());
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_HEAD_BYTES)
                .setMaxHeaderSize(MAX_HEAD_BYTES)));
        // The aggregator answers Expect itself: 100 Continue, or at once a JSON 413 for a declared body over
        // the limit (which a 100 Continue first would have asked the client to send), or a JSON 417.
        p.addLast("aggregate", new JsonObjectAggregator(maxBodyBytes));
        p.addLast("router", new HttpServerHandler(router));
    }
}
