package dev.baton.fswitch.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import java.util.function.Supplier;

/** The pipeline of an accepted client connection: the relay, with the listener's current context. */
public final class SwitchInitializer extends ChannelInitializer<Channel> {
    private final Supplier<RelayContext> context;
    private final ChannelGroup clients;
    private final IdleSweeper idle;

    public SwitchInitializer(Supplier<RelayContext> context, ChannelGroup clients, IdleSweeper idle) {
        this.context = context;
        this.clients = clients;
        this.idle = idle;
    }

    @Override
    protected void initChannel(Channel ch) {
        RelayContext relay = context.get();
        clients.add(ch);
        ch.pipeline().addLast("relay", new RelayFrontendHandler(relay, idle));
    }
}
