package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.app.server.ServerModel;
import dev.baton.common.config.ConfigException;
import dev.baton.common.config.ConfigLoader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheDocumentedOnes() {
        AppConfig c = ConfigLoader.load(AppConfig.class, null, Map.of(), Map.of());
        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.serverModel()).isEqualTo(ServerModel.EVENT_LOOP);
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.zookeeper()).isEqualTo("localhost:2181");
        assertThat(c.zookeeperSessionTimeoutMs()).isEqualTo(4000);
        assertThat(c.weight()).isEqualTo(100);
        assertThat(c.zone()).isEqualTo("local");
        assertThat(c.idFor(9001)).isEqualTo("app-9001");
        assertThat(c.dataUrls()).isEmpty();
        assertThat(c.serverSettings().maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(c.dataTierPolicy().maxConcurrent()).isEqualTo(256);
        assertThat(c.dataTierPolicy().maxConcurrentPerInstance()).isEqualTo(128);
    }

    @Test
    void eachDataTierInstancesBulkheadIsAKeyOfItsOwn() {
        AppConfig c = ConfigLoader.load(AppConfig.class, null,
                Map.of("BATON_DATA_MAX_CONCURRENT_PER_INSTANCE", "16"), Map.of());
        assertThat(c.dataTierPolicy().maxConcurrentPerInstance()).isEqualTo(16);
        assertThatThrownBy(() -> ConfigLoader.load(AppConfig.class, null, Map.of(),
                Map.of("data-max-concurrent-per-instance", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("data-max-concurrent-per-instance: 0");
    }

    @Test
    void fileThenEnvironmentThenCommandLine() throws Exception {
        Path file = dir.resolve("app.yaml");
        Files.writeString(file, "model: thread-per-connection\nport: 9100\ndata-timeout-ms: 700\n");
        AppConfig c = ConfigLoader.load(AppConfig.class, file,
                Map.of("BATON_PORT", "9200", "BATON_DATA_URL", "http://10.0.0.5:7001"), Map.of("id", "app-x"));
        assertThat(c.serverModel()).isEqualTo(ServerModel.THREAD_PER_CONNECTION);
        assertThat(c.port()).isEqualTo(9200);
        assertThat(c.id()).isEqualTo("app-x");
        assertThat(c.dataTierPolicy().timeout()).isEqualTo(Duration.ofMillis(700));
        assertThat(c.dataUrls()).containsExactly(URI.create("http://10.0.0.5:7001"));
    }

    @Test
    void badValuesAreNamedWithTheValue() {
        assertThatThrownBy(() -> ConfigLoader.load(AppConfig.class, null, Map.of(), Map.of("model", "forking")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("model").hasMessageContaining("forking");
        assertThatThrownBy(() -> ConfigLoader.load(AppConfig.class, null, Map.of(), Map.of("weight", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("weight: 0");
        assertThatThrownBy(() -> ConfigLoader.load(AppConfig.class, null, Map.of(), Map.of("data-url", "ftp://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ftp://x");
        assertThatThrownBy(() -> ConfigLoader.load(AppConfig.class, null, Map.of(), Map.of("port", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("port");
    }
}
