package dev.baton.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTierConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheDesign() {
        DataTierConfig c = ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of());
        assertThat(c.id()).isEqualTo("data-1");
        assertThat(c.port()).isEqualTo(7001);
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.zookeeper()).isEqualTo("localhost:2181");
        assertThat(c.zookeeperSessionTimeoutMs()).isEqualTo(4000);
        assertThat(c.maxValueBytes()).isEqualTo(1 << 20);
        assertThat(c.registers()).isTrue();
        assertThat(c.effectiveJdbcUrl())
                .startsWith("jdbc:h2:file:" + Path.of("run").toAbsolutePath().resolve("data").resolve("baton"))
                .contains(";WRITE_DELAY=0");
        assertThat(c.effectiveJdbcUser()).isEqualTo("sa");
    }

    @Test
    void fileEnvironmentAndOptionsOverrideInThatOrder() throws Exception {
        Path file = Files.writeString(dir.resolve("data.yaml"), "port: 7100\nid: from-file\npool-size: 3\n");
        DataTierConfig c = ConfigLoader.load(DataTierConfig.class, file,
                DataTierConfig.ownEnvironment(Map.of("BATON_PORT", "7200", "BATON_ZOOKEEPER", "none",
                        "BATON_PARENT_PID", "1", "BATON_HOST_ID", "h", "BATON_TEST_PG_URL", "jdbc:x")),
                Map.of("port", "7300"));
        assertThat(c.port()).isEqualTo(7300);
        assertThat(c.id()).isEqualTo("from-file");
        assertThat(c.poolSize()).isEqualTo(3);
        assertThat(c.registers()).isFalse();
    }

    @Test
    void badValuesNameTheKeyAndTheValue() {
        assertThatThrownBy(() -> ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of("port", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port: 70000");
        assertThatThrownBy(() -> ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of("pool-size", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("pool-size: 0");
        assertThatThrownBy(() -> ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of("jdbc-url", "postgres://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("jdbc-url: 'postgres://x'");
    }

    @Test
    void passwordStaysOutOfToString() {
        DataTierConfig c = ConfigLoader.load(DataTierConfig.class, null, Map.of(), Map.of("jdbc-password", "s3cret"));
        assertThat(c.toString()).doesNotContain("s3cret");
    }
}
