package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.common.config.ConfigLoader;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A switch that cannot start says why, and what it had started before that is closed again. */
class SwitchStartupTest {
    @Test
    void aModeTheTransportCannotServeIsRefusedWithTheListenerAndTheTransport() {
        // Refused before anything is started, which once made the cleanup itself fail (an index past an
        // empty list) and hid this message behind that exception's stack trace.
        SwitchConfig config = ConfigLoader.load(SwitchConfig.class, null, Map.of(), Map.of("mode", "handoff",
                "transport", "nio", "port", "0", "admin-port", "0", "zookeeper", "127.0.0.1:1"));

        assertThatThrownBy(() -> FrontSwitch.start(config, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("listener 'main': mode handoff")
                .hasMessageContaining("nio");
    }
}
