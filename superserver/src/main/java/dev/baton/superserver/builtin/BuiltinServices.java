package dev.baton.superserver.builtin;

import dev.baton.superserver.config.InternalService;
import io.netty.channel.ChannelHandler;
import java.time.Clock;

/** The handler of a built-in service, one per connection. */
public final class BuiltinServices {
    private BuiltinServices() {}

    public static ChannelHandler handler(InternalService service, Clock clock) {
        return switch (service) {
            case ECHO -> new EchoHandler();
            case DISCARD -> new DiscardHandler();
            case DAYTIME -> new DaytimeHandler(clock);
            case CHARGEN -> new ChargenHandler();
        };
    }
}
