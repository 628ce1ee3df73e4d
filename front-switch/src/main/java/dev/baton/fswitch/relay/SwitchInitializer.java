package dev.baton.fswitch.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The pipeline of an accepted client connection: idle timeout, then the relay, with the listener's current context. */
public final class SwitchInitializer extends ChannelInitializer<Channel> {
    private final Supplier<RelayContext> context;
    private final ChannelGroup clients;

    public SwitchInitializer(Supplier<RelayContext> context, ChannelGroup clients) {
        this.context = context;
        this.clients = clients;
    }

    @Override
    protected void initChannel(Channel ch) {
        RelayContext relay = context.get();
        clients.add(ch);
        ChannelPipeline p = ch.pipeline();
        int idleMs = relay.listener().idleTimeoutMs();
        if (idleMs > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, idleMs, TimeUnit.MILLISECONDS));
        }
        p.addLast("relay", new RelayFrontendHandler(relay));
    }
}
