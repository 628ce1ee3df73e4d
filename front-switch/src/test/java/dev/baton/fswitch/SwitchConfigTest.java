package dev.baton.fswitch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import dev.baton.common.net.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchConfigTest {
    @TempDir
    Path dir;

    private SwitchConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("switch.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(SwitchConfig.class, file, env, Map.of());
    }

    @Test
    void listenersInheritModeDispatchAndContentSettings() throws Exception {
        SwitchConfig c = load("""
                mode: auto
                dispatch: content
                content: { high-load: 40, low-load: 10 }
                listeners:
                  - { name: web, port: 8080 }
                  - { name: plain, port: 8082, mode: relay, dispatch: connection }
                """, Map.of());
        ListenerConfig web = c.listeners().get(0);
        assertThat(web.mode()).isEqualTo(Mode.AUTO);
        assertThat(web.dispatch()).isEqualTo(Dispatch.CONTENT);
        assertThat(web.content().highLoad()).isEqualTo(40);
        assertThat(web.content().headMaxBytes()).isEqualTo(8192);
        assertThat(web.content().headTimeoutMs()).isEqualTo(2000);
        assertThat(c.listeners().get(1).mode()).isEqualTo(Mode.RELAY);
        assertThat(c.listeners().get(1).dispatch()).isEqualTo(Dispatch.CONNECTION);
    }

    @Test
    void environmentSetsDispatch() throws Exception {
        assertThat(load("mode: handoff\n", Map.of("BATON_DISPATCH", "content")).dispatch()).isEqualTo(Dispatch.CONTENT);
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> load("dispatch: contnt\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dispatch").hasMessageContaining("contnt");
        assertThatThrownBy(() -> load("content: { low-load: 50, high-load: 20 }\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("content.high-load").hasMessageContaining("20");
        assertThatThrownBy(() -> load("mode: handof\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("handof");
        assertThatThrownBy(() -> load("transport: uring\n", Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("transport").hasMessageContaining("uring");
    }

    @Test
    void autoTransportTakesIoUringOnlyWhenNoListenerHandsOff() throws Exception {
        Transport relayOnly = load("mode: relay\n", Map.of()).transport().resolve(false);
        assertThat(relayOnly).isEqualTo(Transport.IO_URING.isAvailable() ? Transport.IO_URING : Transport.best());
        SwitchConfig handoff = load("listeners: [ { name: a, port: 8080 }, { name: b, port: 8082, mode: auto } ]\n", Map.of());
        assertThat(handoff.handsOff()).isTrue();
        assertThat(handoff.transport().resolve(handoff.handsOff())).isEqualTo(Transport.best());
        assertThat(load("transport: epoll\n", Map.of()).transport()).isEqualTo(TransportChoice.EPOLL);
        assertThat(load("transport: io-uring\n", Map.of()).transport()).isEqualTo(TransportChoice.IO_URING);
    }
}
