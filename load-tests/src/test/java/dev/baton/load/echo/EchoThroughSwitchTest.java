package dev.baton.load.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.common.config.ConfigLoader;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.fswitch.FrontSwitch;
import dev.baton.fswitch.SwitchConfig;
import dev.baton.fswitch.pool.BackendState;
import dev.baton.load.tcp.Injection;
import dev.baton.load.tcp.InjectionPlan;
import dev.baton.load.tcp.LoadResult;
import dev.baton.load.tcp.LoadRunner;
import dev.baton.load.tcp.RunOptions;
import dev.baton.load.tcp.Target;
import dev.baton.load.tcp.scenarios.EchoScenario;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** The echo scenario through the real switch (relay) to two echo backends found in a real ZooKeeper. */
class EchoThroughSwitchTest {

    @Test
    void echoLoadThroughTheSwitchReachesEveryBackendWithoutAnError() throws Exception {
        try (TestingServer zk = TestingZooKeeper.started();
             EchoBackend one = EchoBackend.start("echo-1", 0, zk.getConnectString(), "app");
             EchoBackend two = EchoBackend.start("echo-2", 0, zk.getConnectString(), "app");
             FrontSwitch fs = FrontSwitch.start(ConfigLoader.load(SwitchConfig.class, null, Map.of(), Map.of(
                     "zookeeper", zk.getConnectString(), "bind", "127.0.0.1", "port", "0", "admin-port", "0",
                     "mode", "relay", "proxy-protocol", "false", "coalesce-ms", "20")), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> fs.pool().backends().stream()
                    .filter(b -> b.state() == BackendState.UP).count() == 2);

            InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(50).during(Duration.ofSeconds(2))));
            RunOptions options = RunOptions.defaults().withLateThreshold(Duration.ofSeconds(1));
            LoadResult result = LoadRunner.of(EchoScenario.of(3, Duration.ofMillis(2)),
                    new Target("127.0.0.1", fs.port("main")), plan, options).run();

            assertThat(result.measured().errorKinds()).isEmpty();
            assertThat(result.measured().steps().get("echo line").count()).isEqualTo(3 * result.scheduled());
            // Round robin over new connections: both backends served a share of the users.
            assertThat(one.echoedBytes()).isPositive();
            assertThat(two.echoedBytes()).isPositive();
        }
    }
}
