package dev.baton.load.tcp.scenarios;

import dev.baton.load.tcp.Scenario;
import dev.baton.load.tcp.VirtualUser;
import java.time.Duration;

/**
 * Echo through the switch (or to any TCP echo service): connect, then {@code exchanges} line round trips with
 * a pause between them, each checked byte for byte.
 */
public final class EchoScenario {
    private EchoScenario() {}

    public static Scenario of(int exchanges, Duration pause) {
        if (exchanges < 1) {
            throw new IllegalArgumentException("exchanges: " + exchanges + " (expected: >= 1)");
        }
        Scenario exchange = Scenario.scenario("echo")
                .pause(pause)
                .exec("echo line", user -> user.exchangeLine("baton-echo-" + user.id()));
        return Scenario.scenario("echo")
                .exec("connect", VirtualUser::connect)
                .exec("echo line", user -> user.exchangeLine("baton-echo-" + user.id()))
                .repeat(exchanges - 1, exchange);
    }
}
