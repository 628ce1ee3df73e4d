package dev.baton.superserver.registry;

import com.codahale.metrics.Meter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The pipeline of a registry connection: idle timeout, line framing with a length cap, the protocol. */
public final class RegistryInitializer extends ChannelInitializer<Channel> {
    static final int IDLE_SECONDS = 60;

    private final RegistryProtocol protocol;
    private final Executor blocking;
    private final int maxLineBytes;
    private final Meter requests;

    public RegistryInitializer(RegistryProtocol protocol, Executor blocking, int maxLineBytes, Meter requests) {
        this.protocol = protocol;
        this.blocking = blocking;
        this.maxLineBytes = maxLineBytes;
        this.requests = requests;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        // The cap counts the line end (\n, or \r\n): the decoder's excludes it, so frames keep theirs and
        // the handler checks the whole length; the decoder's cap of one less catches a line with no end.
        ch.pipeline().addLast("lines", new LineBasedFrameDecoder(maxLineBytes - 1, false, true));
        ch.pipeline().addLast("registry", new RegistryHandler(protocol, blocking, requests, maxLineBytes));
    }
}
