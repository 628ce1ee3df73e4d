package dev.baton.app.eventloop;

import dev.baton.app.server.ConnectionTracker;
import dev.baton.app.server.Dispatcher;
import dev.baton.app.server.HttpMetrics;
import dev.baton.app.server.ServerSettings;
import dev.baton.common.http.IdleCloser;
import dev.baton.common.http.JsonObjectAggregator;
import dev.baton.common.proxy.ProxyProtocolDetector;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The app server's pipeline: optional PROXY header, HTTP codec (8 KiB head, 431 beyond), body
 * aggregation (413 beyond the limit), idle close, chunked writes for streamed bodies, the handler.
 */
@ChannelHandler.Sharable
final class AppChannelInitializer extends ChannelInitializer<Channel> {
    private final Dispatcher dispatcher;
    private final ConnectionTracker tracker;
    private final HttpMetrics metrics;
    private final ServerSettings settings;
    private final boolean proxyHeaders;

    /**
     * @param proxyHeaders whether a PROXY header may start the connection: yes for accepted ones, no
     *                     for handed-off ones, whose first bytes are the client's own (and whose address
     *                     the switch already told us)
     */
    AppChannelInitializer(Dispatcher dispatcher, ConnectionTracker tracker, HttpMetrics metrics, ServerSettings settings,
                          boolean proxyHeaders) {
        this.proxyHeaders = proxyHeaders;
        this.dispatcher = dispatcher;
        this.tracker = tracker;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    protected void initChannel(Channel ch) {
        // A client may shut down its sending side right after its request (so does a relaying switch that
        // passes the client's half-close on): answer first, close after.
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        ChannelPipeline p = ch.pipeline();
        if (proxyHeaders) {
            p.addLast("proxy-detect", new ProxyProtocolDetector());
        }
        p.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast("idle-close", new IdleCloser());
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(ServerSettings.MAX_HEAD_BYTES)
                .setMaxHeaderSize(ServerSettings.MAX_HEAD_BYTES)));
        p.addLast("aggregate", new JsonObjectAggregator(settings.maxBodyBytes())); // a JSON 413, as the other models
        p.addLast("chunked", new ChunkedWriteHandler());
        p.addLast("app", new AppHttpHandler(dispatcher, tracker, metrics));
    }
}
