package dev.baton.superserver.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import dev.baton.superserver.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuperserverConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKindOfService() throws Exception {
        SuperserverConfig c = TestSupport.config(dir, """
                admin-port: 0
                registry: {port: 0, token: sesame-sesame, lease-seconds: 5}
                services:
                  - {name: echo, port: 7007, type: internal, internal: echo}
                  - name: count
                    port: 7010
                    type: program
                    program: [wc, -c]
                    limits: {instances: 4, per-source: 2, connections-per-second: 50, back-off-seconds: 3, allow: [127.0.0.0/8], deny: [10.0.0.0/8]}
                  - {name: app, port: 7020, mode: wait, type: java, main-class: dev.baton.superserver.demo.WaitEchoMain, idle-seconds: 7}
                """);
        assertThat(c.services()).extracting(ServiceConfig::name).containsExactly("echo", "count", "app");
        assertThat(c.services().get(0).internal()).isEqualTo(InternalService.ECHO);
        assertThat(c.services().get(1).program()).containsExactly("wc", "-c");
        assertThat(c.services().get(1).limits().perSource()).isEqualTo(2);
        assertThat(c.services().get(1).limits().deny()).hasSize(1);
        assertThat(c.services().get(2).mode()).isEqualTo(ServiceMode.WAIT);
        assertThat(c.services().get(2).idleSeconds()).isEqualTo(7);
        assertThat(c.registry().leaseSeconds()).isEqualTo(5);
        assertThat(c.usesZooKeeper()).isFalse();
    }

    @Test
    void everyRegistryKeyCanComeFromTheEnvironmentAndOtherProcessesVariablesAreLeftAlone() throws Exception {
        Map<String, String> env = SuperserverConfig.ownEnvironment(Map.of("BATON_REGISTRY__LEASE_SECONDS", "9",
                "BATON_REGISTRY__BIND", "127.0.0.1", "BATON_ADMIN_PORT", "0", "BATON_HEALTH_PORT", "7112",
                "BATON_MODEL", "event-loop", "PATH", "/bin"));
        assertThat(env).containsOnlyKeys("BATON_REGISTRY__LEASE_SECONDS", "BATON_REGISTRY__BIND", "BATON_ADMIN_PORT");
        Path file = dir.resolve("services.yaml");
        Files.writeString(file, "registry: {port: 0, token: sesame-sesame}\nservices: []\n");
        SuperserverConfig c = ConfigLoader.load(SuperserverConfig.class, file, env, Map.of());
        assertThat(c.registry().leaseSeconds()).isEqualTo(9);
        assertThat(c.registry().bind()).isEqualTo("127.0.0.1");
        // a registry key that does not exist is refused by name, not dropped
        assertThatThrownBy(() -> ConfigLoader.load(SuperserverConfig.class, file,
                SuperserverConfig.ownEnvironment(Map.of("BATON_REGISTRY__LEASE_SECOND", "9")), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("lease-second");
    }

    @Test
    void namesTheKeyAndValueOfABadPort() {
        assertThatThrownBy(() -> TestSupport.config(dir, "services: [{name: echo, port: 70000, type: internal, internal: echo}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.echo.port: 70000");
    }

    @Test
    void namesAnEmptyServiceEntryAndABadAddress() {
        assertThatThrownBy(() -> TestSupport.config(dir, "services:\n  - null\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("services[0]: empty");
        assertThatThrownBy(() -> TestSupport.config(dir, "admin-bind: nosuchhost.invalid\nservices: []\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("admin-bind: 'nosuchhost.invalid'");
        assertThatThrownBy(() -> TestSupport.config(dir, "zookeeper: '127.0.0.1:70000'\nservices: []\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("zookeeper: '127.0.0.1:70000'");
    }

    @Test
    void namesTheKeyAndValueOfABadMode() {
        assertThatThrownBy(() -> TestSupport.config(dir, "services: [{name: x, port: 1, mode: sometimes, type: program, program: [cat]}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.x.mode: 'sometimes'");
    }

    @Test
    void namesTheKeyAndValueOfABadCidr() {
        assertThatThrownBy(() -> TestSupport.config(dir,
                "services: [{name: x, port: 1, type: program, program: [cat], limits: {deny: [10.0.0.0/33]}}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("services.x.limits.deny: '10.0.0.0/33'");
    }

    @Test
    void refusesAJavaServiceInNowaitMode() {
        assertThatThrownBy(() -> TestSupport.config(dir, "services: [{name: j, port: 1, type: java, main-class: a.B}]"))
                .hasMessageContaining("services.j.mode: 'nowait' (expected: wait for type java)");
    }

    @Test
    void refusesAnUnknownKey() {
        assertThatThrownBy(() -> TestSupport.config(dir, "services: [{name: e, port: 1, type: internal, internal: echo, colour: red}]"))
                .hasMessageContaining("colour");
    }

    @Test
    void refusesTwoServicesOnOnePort() {
        assertThatThrownBy(() -> TestSupport.config(dir, """
                services:
                  - {name: a, port: 9, type: internal, internal: discard}
                  - {name: b, port: 9, type: internal, internal: echo}
                """)).hasMessageContaining("services.b.port: 9");
    }
}
