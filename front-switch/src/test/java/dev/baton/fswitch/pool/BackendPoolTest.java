package dev.baton.fswitch.pool;

import static dev.baton.fswitch.Members.member;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.Members;
import dev.baton.common.testing.MutableClock;
import dev.baton.fswitch.policy.RoundRobin;
import dev.baton.fswitch.relay.SwitchMetrics;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BackendPoolTest {
    private final MutableClock clock = new MutableClock();
    private final InetSocketAddress client = new InetSocketAddress("10.0.0.9", 1000);
    private final List<String> ejected = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final MetricRegistry registry = new MetricRegistry();
    private final BackendPool pool = new BackendPool(HealthConfig.defaults(), clock,
            PoolListener.both(new SwitchMetrics(registry), new PoolListener() {
                @Override
                public void added(Backend backend) {
                    events.add("added " + backend.id());
                }

                @Override
                public void left(Backend backend) {
                    events.add("left " + backend.id());
                }

                @Override
                public void removed(Backend backend) {
                    events.add("removed " + backend.id());
                }

                @Override
                public void ejected(Backend backend) {
                    ejected.add(backend.id());
                }
            }));

    private Backend chooseOnce(Set<Backend> exclude) {
        return pool.choose(new RoundRobin(), client, exclude);
    }

    /** The backends {@code picks} choices offer, each choice kept as a connection. */
    private Set<String> reachable(int picks) {
        return picked(picks, b -> pool.connected(b, 1));
    }

    /** The backends {@code picks} choices offer, each choice given back at once. */
    private Set<String> chosen(int picks) {
        return picked(picks, pool::abandoned);
    }

    private Set<String> picked(int picks, Consumer<Backend> then) {
        RoundRobin rr = new RoundRobin();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < picks; i++) {
            Backend b = pool.choose(rr, client, Set.of());
            if (b != null) {
                ids.add(b.id());
                then.accept(b);
            }
        }
        return ids;
    }

    /** Backend {@code id} of {@code members}, ejected by a refused connect whose first backoff (1 s) has just passed. */
    private Backend ejectedAndDueForAProbe(int members, String id) {
        pool.update(Members.members(members));
        Backend b = pool.find(id).orElseThrow();
        pool.connectFailed(b, 1000, new ConnectException("refused"));
        clock.advance(Duration.ofMillis(1001));
        return b;
    }

    @Test
    void refusedConnectEjectsAtOnce() {
        pool.update(Members.members(3));
        Backend b = pool.find("app-1").orElseThrow();
        pool.connectFailed(b, 1000, new ConnectException("Connection refused"));
        assertThat(b.state()).isEqualTo(BackendState.EJECTED);
        assertThat(b.ejections()).isEqualTo(1);
        assertThat(ejected).containsExactly("app-1");
        assertThat(reachable(30)).containsExactlyInAnyOrder("app-0", "app-2");
    }

    @Test
    void ejectedBackendIsProbedAfterBackoffAndBackOnSuccess() {
        Backend b = ejectedAndDueForAProbe(3, "app-1");
        assertThat(reachable(3)).contains("app-1");
        assertThat(b.state()).isEqualTo(BackendState.UP);
    }

    @Test
    void repeatedEjectionsBackOffLonger() {
        Backend b = ejectedAndDueForAProbe(3, "app-1");
        Backend probe = probe(b);
        pool.connectFailed(probe, 1000, new ConnectException("refused again"));
        assertThat(b.state()).isEqualTo(BackendState.EJECTED);
        assertThat(b.ejections()).isEqualTo(2);
        clock.advance(Duration.ofMillis(1500));
        assertThat(reachable(10)).doesNotContain("app-1"); // second backoff is 2 s
        clock.advance(Duration.ofMillis(600));
        assertThat(probe(b)).isSameAs(b);
    }

    private Backend probe(Backend b) {
        RoundRobin rr = new RoundRobin();
        for (int i = 0; i < 10; i++) {
            Backend x = pool.choose(rr, client, Set.of());
            if (x == b) {
                return x;
            }
        }
        throw new AssertionError(b + " was not offered");
    }

    @Test
    void halfOpenBackendTakesOneProbeAtATime() {
        Backend b = ejectedAndDueForAProbe(2, "app-0");
        Backend other = pool.find("app-1").orElseThrow();
        assertThat(chooseOnce(Set.of(other))).isSameAs(b); // the probe
        assertThat(chooseOnce(Set.of(other))).isNull();     // no second probe while the first is out
        pool.connected(b, 1000);
        assertThat(chooseOnce(Set.of(other))).isSameAs(b);
    }

    @Test
    void neverEjectsMoreThanTheMaximumShare() {
        pool.update(Members.members(4)); // 50% of 4: at most 2 ejected
        for (int i = 0; i < 4; i++) {
            pool.connectFailed(pool.find("app-" + i).orElseThrow(), 1, new ConnectException("refused"));
        }
        assertThat(pool.backends().stream().filter(b -> b.state() == BackendState.EJECTED)).hasSize(2);
    }

    @Test
    void panicsAndUsesAllBackendsWhenFewerThanHalfAreHealthy() {
        pool.update(Members.members(3));
        pool.checked(pool.find("app-0").orElseThrow(), true);
        assertThat(reachable(30)).containsExactlyInAnyOrder("app-1", "app-2");
        pool.checked(pool.find("app-1").orElseThrow(), true);
        assertThat(reachable(30)).containsExactlyInAnyOrder("app-0", "app-1", "app-2");
    }

    @Test
    void activeCheckUpEndsAPassiveEjection() {
        pool.update(Members.members(3));
        Backend b = pool.find("app-2").orElseThrow();
        pool.checked(b, true);
        pool.connectFailed(b, 1, new ConnectException("refused"));
        assertThat(b.state()).isEqualTo(BackendState.DOWN);
        pool.checked(b, false);
        assertThat(b.state()).isEqualTo(BackendState.UP);
    }

    @Test
    void timeoutsEjectOnlyWhenTheyAreFrequent() {
        pool.update(Members.members(3));
        Backend b = pool.find("app-0").orElseThrow();
        for (int i = 0; i < 4; i++) {
            pool.connectFailed(b, 1, new ConnectTimeoutException("timed out"));
        }
        assertThat(b.state()).isEqualTo(BackendState.UP); // fewer than the minimum of 5 calls
        pool.connectFailed(b, 1, new ConnectTimeoutException("timed out"));
        assertThat(b.state()).isEqualTo(BackendState.EJECTED);
    }

    @Test
    void drainingBackendGetsNoNewConnectionsButKeepsItsOwn() {
        pool.update(Members.members(2));
        Backend b = pool.find("app-0").orElseThrow();
        pool.connected(b, 1);
        assertThat(pool.drain("app-0", true)).isTrue();
        assertThat(b.state()).isEqualTo(BackendState.DRAINING);
        assertThat(reachable(10)).containsExactly("app-1");
        assertThat(b.activeConnections()).isEqualTo(1);
        pool.drain("app-0", false);
        assertThat(reachable(10)).containsExactlyInAnyOrder("app-0", "app-1");
        assertThat(pool.drain("nope", true)).isFalse();
    }

    @Test
    void weightZeroTakesNoNewConnections() {
        pool.update(Members.members(2));
        pool.weight("app-1", 0);
        assertThat(reachable(10)).containsExactly("app-0");
    }

    @Test
    void membershipUpdateKeepsStateOfMembersThatStay() {
        pool.update(Members.members(2));
        Backend b = pool.find("app-0").orElseThrow();
        pool.connected(b, 1);
        pool.drain("app-0", true);
        pool.update(List.of(member("app-0", 9001, 1), member("app-9", 9009, 1)));
        assertThat(pool.find("app-0").orElseThrow()).isSameAs(b);
        assertThat(b.draining()).isTrue();
        assertThat(pool.find("app-1")).isEmpty();
        assertThat(pool.backends()).extracting(Backend::id).containsExactly("app-0", "app-9");
    }

    @Test
    void backendMaxConnectionsSkipsFullBackends() {
        pool.update(Members.members(2));
        pool.reconfigure(HealthConfig.defaults(), 1);
        pool.connected(pool.find("app-0").orElseThrow(), 1);
        assertThat(reachable(1)).containsExactly("app-1");
        assertThat(chooseOnce(Set.of())).isNull();
    }

    /** Load reports as a handoff client gives them: a count and the time it arrived. */
    private static final class Reports implements LoadReports {
        volatile int active = -1;
        volatile long at;

        void report(int n) {
            active = n;
            at++;
        }

        @Override
        public int reportedActive() {
            return active;
        }

        @Override
        public long lastReportNanos() {
            return at;
        }
    }

    @Test
    void handedOffBackendsLoadIsItsReportPlusHandoffsSince() {
        pool.update(Members.members(1));
        Backend b = pool.find("app-0").orElseThrow();
        Reports reports = new Reports();
        b.loadReports(reports);
        pool.handedOff(b, 1);
        pool.handedOff(b, 1);
        assertThat(b.activeConnections()).isEqualTo(2); // no report yet: the switch counts its handoffs
        reports.report(10);
        assertThat(b.activeConnections()).isEqualTo(10); // the report covers the handoffs before it
        pool.handedOff(b, 1);
        assertThat(b.activeConnections()).isEqualTo(11);
        reports.report(3);
        assertThat(b.activeConnections()).isEqualTo(3);
        pool.connected(b, 1);
        pool.connected(b, 1);
        pool.connected(b, 1);
        pool.connected(b, 1);
        assertThat(b.activeConnections()).isEqualTo(4); // relayed ones the report does not know of yet
        assertThat(b.handoffs()).isEqualTo(3);
    }

    @Test
    void failedHandoffCountsAsAFailedConnect() {
        pool.update(Members.members(3));
        Backend b = pool.find("app-1").orElseThrow();
        pool.handoffFailed(b, 1, new dev.baton.common.handoff.HandoffException("cannot connect",
                new ConnectException("refused")));
        assertThat(b.handoffFailures()).isEqualTo(1);
        assertThat(b.state()).isEqualTo(BackendState.EJECTED);
    }

    @Test
    void choosesOnlyEligibleBackends() {
        pool.update(Members.members(3));
        for (int i = 0; i < 6; i++) {
            assertThat(pool.choose(new RoundRobin(), client, Set.of(), b -> b.id().equals("app-2")).id()).isEqualTo("app-2");
        }
        assertThat(pool.choose(new RoundRobin(), client, Set.of(), b -> false)).isNull();
    }

    @Test
    void aChangedHandoffSocketMakesANewBackend() {
        pool.update(Members.members(1));
        Backend before = pool.find("app-0").orElseThrow();
        var d = before.details();
        pool.update(List.of(new dev.baton.common.discovery.Member("app-0", new dev.baton.common.discovery.InstanceDetails(
                d.host(), d.port(), d.adminPort(), "/run/app-0/handoff.sock", d.hostId(), 1, "z1", "test", "0"))));
        assertThat(pool.find("app-0").orElseThrow()).isNotSameAs(before);
    }

    private List<String> listedIds() {
        return pool.listed().stream().map(Backend::id).toList();
    }

    /** Members app-0 and app-1; app-0 gets a connection, then leaves the membership. */
    private Backend app0LeavesWithAConnectionOpen() {
        pool.update(Members.members(2));
        Backend b = pool.find("app-0").orElseThrow();
        pool.connected(b, 1);
        pool.update(List.of(member("app-1", 9002, 1)));
        return b;
    }

    /** The value of a per-backend gauge, or null when it is not registered. */
    private Object gauge(String name) {
        var g = registry.getGauges().get(name);
        return g == null ? null : g.getValue();
    }

    @Test
    void memberLeavingWithAnOpenConnectionIsListedAsLeavingUntilItEnds() {
        Backend b = app0LeavesWithAConnectionOpen();

        assertThat(pool.backends()).extracting(Backend::id).containsExactly("app-1");
        assertThat(listedIds()).containsExactly("app-0", "app-1");
        assertThat(pool.find("app-0")).containsSame(b);
        assertThat(b.state()).isEqualTo(BackendState.LEAVING);
        assertThat(b.state().label()).isEqualTo("leaving");
        assertThat(b.activeConnections()).isEqualTo(1);
        assertThat(gauge("backends.app-0.active")).isEqualTo(1);
        assertThat(reachable(10)).containsExactly("app-1");

        pool.released(b);
        assertThat(listedIds()).containsExactly("app-1");
        assertThat(pool.find("app-0")).isEmpty();
        assertThat(gauge("backends.app-0.active")).isNull();
        assertThat(events).containsSubsequence("left app-0", "removed app-0").containsOnlyOnce("removed app-0");
    }

    @Test
    void leavingBackendIsNeverChosenEvenWhenItIsAllThatIsLeft() {
        Backend b = app0LeavesWithAConnectionOpen();
        pool.checked(pool.find("app-1").orElseThrow(), true); // the only member down: panic, and still not app-0
        assertThat(chosen(10)).containsExactly("app-1");
        pool.connectFailed(pool.find("app-1").orElseThrow(), 1, new ConnectException("refused"));
        assertThat(chosen(10)).doesNotContain("app-0"); // ejected as well: nothing, or it on probation

        pool.update(List.of());
        assertThat(chooseOnce(Set.of())).isNull();
        assertThat(pool.saturated(Set.of(), x -> true)).isFalse(); // nothing to queue for either
        assertThat(pool.retake(b)).isFalse(); // no relay fallback to it after a failed handoff
        assertThat(b.reservedConnections()).isZero();
        assertThat(listedIds()).containsExactly("app-0");
    }

    @Test
    void leavingBackendsDoNotCountTowardsTheEjectionCap() {
        pool.update(Members.members(4));
        for (String id : List.of("app-0", "app-1")) {
            pool.connected(pool.find(id).orElseThrow(), 1);
        }
        pool.update(List.of(member("app-2", 9003, 1), member("app-3", 9004, 1))); // 50% of 2: one ejected at most
        pool.connectFailed(pool.find("app-2").orElseThrow(), 1, new ConnectException("refused"));
        pool.connectFailed(pool.find("app-3").orElseThrow(), 1, new ConnectException("refused"));
        assertThat(pool.backends()).filteredOn(b -> b.state() == BackendState.EJECTED).hasSize(1);
        assertThat(pool.listed()).filteredOn(b -> b.state() == BackendState.LEAVING).hasSize(2);
    }

    @Test
    void memberLeavingWithNoConnectionVanishesAtOnce() {
        pool.update(Members.members(2));
        pool.update(List.of(member("app-1", 9002, 1)));
        assertThat(listedIds()).containsExactly("app-1");
        assertThat(pool.find("app-0")).isEmpty();
        assertThat(gauge("backends.app-0.active")).isNull();
        assertThat(events).containsSubsequence("left app-0", "removed app-0");
    }

    @Test
    void memberRegisteringAgainWhileLeavingIsAMemberAgainWithItsConnectionsCountedOnce() {
        pool.update(Members.members(2));
        Backend old = pool.find("app-0").orElseThrow();
        pool.connected(old, 1);
        pool.drain("app-0", true);
        pool.update(List.of(member("app-1", 9002, 1)));
        pool.update(List.of(member("app-0", 9001, 5), member("app-1", 9002, 1)));

        Backend back = pool.find("app-0").orElseThrow();
        assertThat(back).isNotSameAs(old);
        assertThat(back.state()).isEqualTo(BackendState.UP); // a new incarnation: from its health, not the old drain
        assertThat(back.weight()).isEqualTo(5);
        assertThat(back.activeConnections()).isEqualTo(1); // the old incarnation's connection, once
        assertThat(listedIds()).containsExactly("app-0", "app-1");
        assertThat(gauge("backends.app-0.active")).isEqualTo(1);
        assertThat(chooseOnce(Set.of(pool.find("app-1").orElseThrow()))).isSameAs(back);
        pool.abandoned(back);

        pool.released(old); // the connection opened to the old incarnation ends
        assertThat(back.activeConnections()).isZero();
        assertThat(back.state()).isEqualTo(BackendState.UP);
        assertThat(pool.find("app-0")).containsSame(back);
        assertThat(gauge("backends.app-0.active")).as("the new incarnation's gauges").isEqualTo(0);
        assertThat(events).containsSubsequence("left app-0", "removed app-0", "added app-0").containsOnlyOnce("removed app-0");
    }

    @Test
    void leavingBackendGoesWhenAnEarlierIncarnationsLastConnectionEnds() {
        pool.update(Members.members(1));
        Backend old = pool.find("app-0").orElseThrow();
        pool.connected(old, 1);
        pool.update(List.of());
        pool.update(Members.members(1));
        Backend back = pool.find("app-0").orElseThrow();
        pool.update(List.of()); // leaves again while the first incarnation's connection is still open

        assertThat(pool.listed()).containsExactly(back);
        assertThat(back.state()).isEqualTo(BackendState.LEAVING);
        pool.released(old);
        assertThat(pool.listed()).isEmpty();
        assertThat(gauge("backends.app-0.active")).isNull();
    }

    @Test
    void changedEndpointsMakeANewBackendThatKeepsTheOldOnesConnectionsAndItsOwnGauges() {
        pool.update(Members.members(1));
        Backend before = pool.find("app-0").orElseThrow();
        pool.connected(before, 1);
        pool.update(List.of(member("app-0", 9100, 1)));
        Backend after = pool.find("app-0").orElseThrow();
        assertThat(after).isNotSameAs(before);
        assertThat(pool.listed()).containsExactly(after);
        assertThat(after.activeConnections()).isEqualTo(1);
        pool.connected(after, 1);
        assertThat(gauge("backends.app-0.active")).isEqualTo(2);
        assertThat(gauge("backends.app-0.connections")).as("the new backend's own count").isEqualTo(1L);
        pool.released(before);
        assertThat(after.activeConnections()).isEqualTo(1);
    }

    @Test
    void connectionBeingSetUpWhenTheMemberLeavesKeepsItListedUntilItEnds() {
        pool.update(Members.members(1));
        Backend b = chooseOnce(Set.of());
        pool.update(List.of());
        assertThat(pool.listed()).containsExactly(b); // the switch still holds the client it chose b for
        pool.connected(b, 1);
        assertThat(b.activeConnections()).isEqualTo(1);
        pool.released(b);
        assertThat(pool.listed()).isEmpty();

        pool.update(Members.members(1));
        Backend c = chooseOnce(Set.of());
        pool.update(List.of());
        pool.connectFailed(c, 1, new ConnectException("refused")); // a stopping server refuses
        assertThat(pool.listed()).isEmpty();
        assertThat(c.ejections()).as("its health no longer matters").isZero();
    }

    @Test
    void onlyRelayedConnectionsKeepALeavingHandoffBackendListed() {
        pool.update(Members.members(2));
        Backend relayed = pool.find("app-0").orElseThrow();
        Backend handedOff = pool.find("app-1").orElseThrow();
        for (Backend b : List.of(relayed, handedOff)) {
            Reports reports = new Reports();
            b.loadReports(reports);
            pool.handedOff(b, 1);
            reports.report(10);
        }
        pool.connected(relayed, 1);
        pool.update(List.of());

        assertThat(pool.listed()).containsExactly(relayed); // handed-off connections are the backend's own
        assertThat(relayed.activeConnections()).as("its relayed connection, not its last report").isEqualTo(1);
        assertThat(relayed.loadReports()).isNull();
        pool.released(relayed);
        assertThat(pool.listed()).isEmpty();
    }

    @Test
    void aBackendThatGoesTakesAllItsGaugesAndNoneOfAnotherWhoseIdItPrefixes() {
        pool.update(List.of(member("a", 9001, 1), member("a.b", 9002, 1)));
        var gaugesOfAB = registry.getGauges((name, metric) -> name.startsWith("backends.a.b.")).keySet();
        assertThat(gaugesOfAB).hasSize(5);

        pool.update(List.of(member("a.b", 9002, 1)));

        assertThat(registry.getGauges((name, metric) -> name.startsWith("backends.")).keySet())
                .containsExactlyInAnyOrderElementsOf(gaugesOfAB);
    }
}
