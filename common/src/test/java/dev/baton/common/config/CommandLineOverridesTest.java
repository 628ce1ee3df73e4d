package dev.baton.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class CommandLineOverridesTest {
    @Command(name = "sample", mixinStandardHelpOptions = true)
    static final class Sample {
        @Option(names = "--config")
        Path config;

        @Option(names = "--port")
        Integer port;

        @Option(names = "--zookeeper-connect")
        String zookeeperConnect;

        @Option(names = "--proxy-protocol", arity = "1")
        Boolean proxyProtocol;
    }

    record Target(int port, String zookeeperConnect) {}

    @Command(name = "flagged")
    static final class Flagged {
        @Option(names = "--no-registry")
        boolean noRegistry;
    }

    @Test
    void mapsEachGivenOptionToItsKebabCaseKey() {
        Sample sample = new Sample();
        new CommandLine(sample).parseArgs("--config", "x.yaml", "--port", "8080",
                "--zookeeper-connect", "zk:2181", "--proxy-protocol", "false");

        assertThat(CommandLineOverrides.of(sample)).containsExactly(
                Map.entry("port", "8080"), Map.entry("zookeeper-connect", "zk:2181"), Map.entry("proxy-protocol", "false"));
    }

    @Test
    void leavesOutOptionsNotGivenSoTheEnvironmentAndFileStillApply() {
        Sample sample = new Sample();
        new CommandLine(sample).parseArgs("--port", "0");

        assertThat(CommandLineOverrides.of(sample)).containsExactly(Map.entry("port", "0"));
    }

    @Test
    void readsFieldsSetWithoutParsing() {
        Sample sample = new Sample();
        sample.zookeeperConnect = "zk:2181";

        assertThat(CommandLineOverrides.of(sample)).containsExactly(Map.entry("zookeeper-connect", "zk:2181"));
    }

    @Test
    void givenValuesOverrideTheEnvironmentInTheLoader() {
        Sample sample = new Sample();
        sample.port = 3000;

        Target t = ConfigLoader.load(Target.class, null,
                Map.of("BATON_PORT", "2000", "BATON_ZOOKEEPER_CONNECT", "env:2181"), CommandLineOverrides.of(sample));

        assertThat(t).isEqualTo(new Target(3000, "env:2181"));
    }

    @Test
    void refusesAPrimitiveOptionBecauseItCannotSayNotGiven() {
        assertThatThrownBy(() -> CommandLineOverrides.of(new Flagged()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--no-registry");
    }
}
