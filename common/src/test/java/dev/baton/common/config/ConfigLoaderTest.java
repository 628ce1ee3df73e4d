package dev.baton.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    record Health(long intervalMs, int rise) {
        Health {
            Check.positive("health.interval-ms", intervalMs);
        }
    }

    record Sample(int port, String zookeeperConnect, Health health) {
        Sample {
            Check.port("port", port);
        }
    }

    @TempDir
    Path dir;

    @Test
    void appliesFileThenEnvironmentThenCommandLine() throws Exception {
        Path file = write("port: 1000\nzookeeper-connect: zk:2181\nhealth:\n  interval-ms: 500\n  rise: 2\n");
        Sample s = ConfigLoader.load(Sample.class, file,
                Map.of("BATON_PORT", "2000", "BATON_HEALTH__RISE", "5", "OTHER", "x"), Map.of("port", "3000"));
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.zookeeperConnect()).isEqualTo("zk:2181");
        assertThat(s.health()).isEqualTo(new Health(500, 5));
    }

    @Test
    void namesTheUnknownKey() throws Exception {
        Path file = write("port: 1\nzookeper-connect: typo\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown key 'zookeper-connect'");
    }

    @Test
    void namesTheKeyAndTheBadValue() throws Exception {
        Path file = write("port: eighty\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port").hasMessageContaining("eighty");
    }

    @Test
    void reportsValidationFailureWithValue() throws Exception {
        Path file = write("port: 70000\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("port: 70000 (expected: 0-65535)");
    }

    @Test
    void namesTheKeyOfANumberOutOfRange() throws Exception {
        Path file = write("port: 99999999999\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, file, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": key 'port' has a bad value '99999999999'");
        Path nested = write("health:\n  interval-ms: 1\n  rise: 99999999999\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, nested, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(nested + ": key 'health.rise' has a bad value '99999999999'");
    }

    @Test
    void namesTheEnvironmentVariableOrOptionABadValueCameFrom() throws Exception {
        Path empty = write("");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, empty, Map.of("BATON_PORT", "abc"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BATON_PORT: key 'port' has a bad value 'abc'")
                .hasMessageNotContaining(empty.toString());
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, empty, Map.of("BATON_HEALTH__RISE", "x"), Map.of()))
                .hasMessageStartingWith("BATON_HEALTH__RISE: key 'health.rise' has a bad value 'x'");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, empty, Map.of("BATON_PORT", "70000"), Map.of()))
                .hasMessageStartingWith("BATON_PORT: port: 70000 (expected: 0-65535)");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, empty, Map.of("BATON_PORT", "1"), Map.of("port", "abc")))
                .hasMessageStartingWith("--port: key 'port' has a bad value 'abc'");
    }

    @Test
    void blamesTheFileForItsOwnBadValueWhenOtherKeysAreOverridden() throws Exception {
        Path file = write("port: eighty\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, file, Map.of("BATON_HEALTH__RISE", "2"), Map.of()))
                .hasMessageStartingWith(file + ": key 'port' has a bad value 'eighty'");
        Path overridden = write("port: eighty\n");
        assertThat(ConfigLoader.load(Sample.class, overridden, Map.of("BATON_PORT", "80"), Map.of()).port()).isEqualTo(80);
    }

    @Test
    void refusesBrokenYamlAndMissingFile() throws Exception {
        Path broken = write("port: [1,\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, broken, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        // the reason and where, on one line, not only SnakeYAML's context line
        Path unclosed = write("name: x\nlimits: {a: 1\nport: 8\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, unclosed, Map.of(), Map.of()))
                .hasMessageContaining("not valid YAML: expected ',' or '}'")
                .hasMessageMatching("(?s)[^\n]*at line \\d+, column \\d+ \\(while parsing a flow mapping from line 2, column 9\\)");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, dir.resolve("nope.yml"), Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config file not found");
        Path list = write("- 1\n- 2\n");
        assertThatThrownBy(() -> ConfigLoader.load(Sample.class, list, Map.of(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("expected a mapping");
    }

    @Test
    void ignoresEnvironmentVariablesThatNameNoKey() {
        Sample s = ConfigLoader.load(Sample.class, null,
                Map.of("BATON_PARENT_PID", "42", "BATON_TEST_PG_URL", "x", "BATON_PORT", "9"), Map.of());
        assertThat(s.port()).isEqualTo(9);
    }

    @Test
    void mapsEnvironmentNames() {
        assertThat(ConfigLoader.envOverrides(Map.of("BATON_ADMIN_TOKEN", "t", "BATON_LIMITS__MAX_CONN", "5", "PATH", "/bin")))
                .containsExactly(Map.entry("admin-token", "t"), Map.entry("limits.max-conn", "5"));
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "config", ".yml");
        Files.writeString(file, yaml);
        return file;
    }
}
