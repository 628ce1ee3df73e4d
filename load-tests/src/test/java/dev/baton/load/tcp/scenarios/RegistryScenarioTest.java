package dev.baton.load.tcp.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Registration;
import dev.baton.common.net.Transport;
import dev.baton.common.testing.TestingZooKeeper;
import dev.baton.common.zk.ZooKeeperClients;
import dev.baton.load.tcp.Injection;
import dev.baton.load.tcp.InjectionPlan;
import dev.baton.load.tcp.LatencyRecorder;
import dev.baton.load.tcp.LoadResult;
import dev.baton.load.tcp.LoadRunner;
import dev.baton.load.tcp.RunOptions;
import dev.baton.load.tcp.Scenario;
import dev.baton.load.tcp.Target;
import dev.baton.superserver.config.RegistryConfig;
import dev.baton.superserver.registry.InMemoryRegistryTable;
import dev.baton.superserver.registry.RegistryServer;
import dev.baton.superserver.registry.RegistryTable;
import dev.baton.superserver.registry.ZooKeeperRegistryTable;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry scenario against the real daemon registry, in-process, with its in-memory and ZooKeeper tables. */
class RegistryScenarioTest {
    private static final String TOKEN = "sesame-sesame";

    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.newGroup(1, "registry-test");
    private TestingServer zk;
    private CuratorFramework curator;
    private Discovery discovery;
    private RegistryServer registry;

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (discovery != null) {
            discovery.close();
            curator.close();
            zk.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void registersLooksUpRenewsAndUnregistersWithoutAWrongAnswer() throws Exception {
        start(new InMemoryRegistryTable(Clock.systemUTC(), Duration.ofSeconds(30), 10_000));

        LoadResult result = run(RegistryScenario.of("echo", 3, Duration.ofMillis(2), TOKEN));

        LatencyRecorder.Snapshot m = result.measured();
        assertThat(m.errorKinds()).isEmpty();
        assertThat(m.steps()).containsKeys("REGISTER", "LOOKUP own", "LOOKUP echo", "RENEW", "UNREGISTER", "LOOKUP gone");
        assertThat(m.steps().get("LOOKUP own").count()).isEqualTo(3 * m.steps().get("REGISTER").count());
        assertThat(registry.table().dump()).isEmpty();
    }

    @Test
    void seesTheTiersOwnRegistrationsAndItsOwnThroughZooKeeper() throws Exception {
        zk = TestingZooKeeper.started();
        curator = ZooKeeperClients.start(zk.getConnectString(), Duration.ofSeconds(5), Duration.ofSeconds(10));
        discovery = Discovery.start(curator);
        start(new ZooKeeperRegistryTable(discovery, Clock.systemUTC(), Duration.ofSeconds(30), 10_000));

        try (Registration app = discovery.register("app", "app-1",
                new InstanceDetails("127.0.0.1", 9001, 9001, null, "host", 1, null, "fsm", "0.1.0"))) {
            LoadResult result = run(RegistryScenario.of("app", 2, Duration.ofMillis(2), TOKEN));

            assertThat(result.measured().errorKinds()).isEmpty();
            assertThat(result.measured().steps().get("UNREGISTER").count()).isPositive();
            assertThat(registry.table().lookup("app", null)).hasSize(1);
        }
    }

    @Test
    void aRefusedRegistrationCountsAsAnError() throws Exception {
        start(new InMemoryRegistryTable(Clock.systemUTC(), Duration.ofSeconds(30), 10_000));

        LoadResult result = run(RegistryScenario.of("echo", 1, Duration.ZERO, "not-the-token"));

        LatencyRecorder.Stats register = result.measured().steps().get("REGISTER");
        assertThat(register.errors()).isEqualTo(register.count()).isPositive();
        assertThat(result.measured().errorKinds().keySet()).singleElement().asString()
                .startsWith("REGISTER: IOException: REGISTER answered 'ERR N bad token'");
        assertThat(result.measured().steps()).doesNotContainKey("LOOKUP own");
    }

    @Test
    void withoutATokenOnlyLooksUp() throws Exception {
        start(new InMemoryRegistryTable(Clock.systemUTC(), Duration.ofSeconds(30), 10_000));

        LoadResult result = run(RegistryScenario.of("app", 2, Duration.ZERO));

        assertThat(result.measured().errorKinds()).isEmpty();
        assertThat(result.measured().steps()).containsOnlyKeys("connect", "PING", "LOOKUP app");
    }

    private void start(RegistryTable table) throws InterruptedException {
        RegistryConfig config = new RegistryConfig(true, "127.0.0.1", 0, TOKEN, 30, 512, 16_384, 10_000);
        registry = RegistryServer.start(config, table, group, transport.serverChannel(), new MetricRegistry());
    }

    private LoadResult run(Scenario scenario) throws InterruptedException {
        InjectionPlan plan = InjectionPlan.of(List.of(Injection.constantUsersPerSec(40).during(Duration.ofSeconds(1))));
        // A loaded test machine may start a send late; this test is about answers, not timing.
        RunOptions options = RunOptions.defaults().withLateThreshold(Duration.ofSeconds(1));
        return LoadRunner.of(scenario, new Target("127.0.0.1", registry.port()), plan, options).run();
    }
}
