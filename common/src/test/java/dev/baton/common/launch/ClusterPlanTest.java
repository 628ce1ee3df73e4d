package dev.baton.common.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code ./baton up} starts: every process on the bind address, admin writes behind a token. */
class ClusterPlanTest {
    private final ClusterPlan plan = ClusterPlan.builder().apps(2).runDir(Path.of("/tmp/run")).superserver(true).build();

    @Test
    void everyProcessListensOnLoopbackByDefault() {
        assertThat(plan.bind()).isEqualTo("127.0.0.1");
        assertThat(plan.processes()).hasSize(6).allSatisfy(spec -> {
            if (spec.role() == ProcessSpec.Role.SUPERSERVER) {
                assertThat(spec.args()).containsExactly("--config", plan.superserverConfig().toString());
            } else {
                int at = spec.args().indexOf("--bind");
                assertThat(at).as(spec.name() + " " + spec.args()).isNotNegative();
                assertThat(spec.args().get(at + 1)).isEqualTo("127.0.0.1");
            }
        });
    }

    @Test
    void theSuperserverFileBindsItsAdminItsRegistryAndEveryServiceToo() {
        String file = plan.superserverServices("cp");
        long ports = file.lines().filter(l -> l.contains("port: ") || l.contains("port: \"")).count();
        long binds = file.lines().filter(l -> l.contains("bind: \"127.0.0.1\"")).count();
        assertThat(file).contains("admin-bind: \"127.0.0.1\"").contains("--bind, \"127.0.0.1\"");
        assertThat(binds).as(file).isEqualTo(ports); // admin, registry, five services, the on-demand app
        assertThat(ports).isEqualTo(8);
    }

    @Test
    void theSwitchGetsTheDevelopmentAdminTokenUnlessTheOperatorSetOne() {
        ProcessSpec fswitch = plan.processes().stream().filter(s -> s.role() == ProcessSpec.Role.SWITCH).findFirst()
                .orElseThrow();
        if (!ClusterPlan.operatorAdminToken()) {
            assertThat(fswitch.env()).containsEntry("BATON_ADMIN_TOKEN", ClusterPlan.DEV_ADMIN_TOKEN);
        } else {
            assertThat(fswitch.env()).doesNotContainKey("BATON_ADMIN_TOKEN"); // inherited as the operator set it
        }
    }

    @Test
    void aBadBindAddressIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> ClusterPlan.builder().bind("not an address").build())
                .isInstanceOf(LaunchException.class).hasMessageStartingWith("--bind: 'not an address'");
    }

    @Test
    void processesOnEveryAddressAreReachedOnLoopback() {
        assertThat(List.of("0.0.0.0", "::", "127.0.0.2").stream().map(ClusterLauncher::reachableAt))
                .containsExactly("127.0.0.1", "127.0.0.1", "127.0.0.2");
    }
}
