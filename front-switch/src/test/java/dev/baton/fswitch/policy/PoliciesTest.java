package dev.baton.fswitch.policy;

import static dev.baton.fswitch.Members.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.Members;
import dev.baton.common.testing.MutableClock;
import dev.baton.fswitch.pool.Backend;
import dev.baton.fswitch.pool.BackendPool;
import dev.baton.fswitch.pool.PoolListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PoliciesTest {
    private final MutableClock clock = new MutableClock();
    private static final InetSocketAddress CLIENT = new InetSocketAddress("10.0.0.1", 40000);

    private List<Backend> backends(int... weights) {
        List<Backend> out = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            out.add(Backend.of(member("app-" + i, 9001 + i, weights[i]), clock));
        }
        return out;
    }

    private static Map<String, Integer> count(BalancingPolicy p, List<Backend> bs, int picks) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(p.pick(bs, CLIENT).id(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinTakesEachInTurn() {
        List<Backend> bs = backends(1, 1, 1);
        RoundRobin rr = new RoundRobin();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            order.add(rr.pick(bs, CLIENT).id());
        }
        assertThat(order).containsExactly("app-0", "app-1", "app-2", "app-0", "app-1", "app-2");
    }

    @Test
    void weightedRoundRobinFollowsWeightsAndSpreadsPicks() {
        List<Backend> bs = backends(5, 1, 1);
        WeightedRoundRobin wrr = new WeightedRoundRobin();
        List<String> cycle = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            cycle.add(wrr.pick(bs, CLIENT).id());
        }
        assertThat(cycle).filteredOn("app-0"::equals).hasSize(5);
        assertThat(cycle).containsExactly("app-0", "app-0", "app-1", "app-0", "app-2", "app-0", "app-0");
        assertThat(count(wrr, bs, 700)).containsEntry("app-0", 500).containsEntry("app-1", 100).containsEntry("app-2", 100);
    }

    @Test
    void leastConnectionsPicksTheLeastLoadedPerWeight() {
        BackendPool pool = new BackendPool(HealthConfig.defaults(), clock, PoolListener.NONE);
        pool.update(List.of(member("a", 1, 1), member("b", 2, 1), member("c", 3, 2)));
        Backend a = pool.find("a").orElseThrow();
        Backend b = pool.find("b").orElseThrow();
        Backend c = pool.find("c").orElseThrow();
        pool.connected(a, 1);
        pool.connected(a, 1);
        pool.connected(b, 1);
        pool.connected(c, 1);
        pool.connected(c, 1);
        // loads (active+1)/weight: a 3, b 2, c 1.5
        assertThat(new LeastConnections().pick(pool.backends(), CLIENT)).isSameAs(c);
        pool.connected(c, 1);
        pool.connected(c, 1);
        assertThat(new LeastConnections().pick(pool.backends(), CLIENT)).isSameAs(b);
    }

    @Test
    void powerOfTwoChoicesAvoidsTheBusiestBackend() {
        BackendPool pool = new BackendPool(HealthConfig.defaults(), clock, PoolListener.NONE);
        pool.update(Members.members(3));
        Backend busy = pool.find("app-0").orElseThrow();
        for (int i = 0; i < 10; i++) {
            pool.connected(busy, 1);
        }
        Map<String, Integer> counts = count(new PowerOfTwoChoices(), pool.backends(), 3000);
        assertThat(counts.getOrDefault("app-0", 0)).isZero();
        assertThat(counts.keySet()).containsExactlyInAnyOrder("app-1", "app-2");
    }

    @Test
    void maglevIsStableForAClient() {
        List<Backend> bs = backends(1, 1, 1);
        Maglev maglev = new Maglev();
        Backend first = maglev.pick(bs, CLIENT);
        for (int i = 0; i < 10; i++) {
            assertThat(maglev.pick(bs, new InetSocketAddress(CLIENT.getAddress(), 50000 + i))).isSameAs(first);
        }
    }

    @Test
    void maglevMovesAboutAQuarterOfClientsWhenAFourthBackendJoinsThree() throws Exception {
        List<Backend> four = backends(1, 1, 1, 1);
        List<Backend> three = four.subList(0, 3);
        Maglev before3 = new Maglev();
        Maglev after4 = new Maglev();
        Random random = new Random(42);
        int clients = 100_000;
        int moved = 0;
        int movedElsewhere = 0;
        Map<String, Integer> spread = new HashMap<>();
        for (int i = 0; i < clients; i++) {
            byte[] ip = new byte[4];
            random.nextBytes(ip);
            InetSocketAddress c = new InetSocketAddress(InetAddress.getByAddress(ip), 1234);
            Backend before = before3.pick(three, c);
            Backend after = after4.pick(four, c);
            spread.merge(after.id(), 1, Integer::sum);
            if (before != after) {
                moved++;
                movedElsewhere += after.id().equals("app-3") ? 0 : 1;
            }
        }
        assertThat((double) moved / clients).isLessThanOrEqualTo(0.26).isGreaterThan(0.20);
        assertThat((double) movedElsewhere / clients).isLessThanOrEqualTo(0.01);
        spread.values().forEach(n -> assertThat(n).isBetween(clients / 4 - 2500, clients / 4 + 2500));
    }

    @Test
    void maglevTableIsAPrimeAboveAHundredTimesTheBackends() {
        assertThat(Maglev.tableSize(3)).isEqualTo(65_537);
        assertThat(Maglev.tableSize(700)).isEqualTo(655_373).isGreaterThan(70_000);
        assertThat(java.math.BigInteger.valueOf(Maglev.tableSize(700)).isProbablePrime(30)).isTrue();
    }

    @Test
    void slowStartRampsANewcomersWeight() {
        HealthConfig slow = new HealthConfig(null, null, null, null, null, null, null, null, null, null, null, 10_000);
        BackendPool pool = new BackendPool(slow, clock, PoolListener.NONE);
        pool.update(List.of(member("old", 1, 100)));
        pool.update(List.of(member("old", 1, 100), member("new", 2, 100)));
        Backend newcomer = pool.find("new").orElseThrow();
        assertThat(pool.find("old").orElseThrow().effectiveWeight()).isEqualTo(100); // present at start: no ramp
        assertThat(newcomer.effectiveWeight()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(5));
        assertThat(newcomer.effectiveWeight()).isEqualTo(50);
        clock.advance(Duration.ofSeconds(5));
        assertThat(newcomer.effectiveWeight()).isEqualTo(100);
    }

    @Test
    void weightedRoundRobinHonoursSlowStart() {
        HealthConfig slow = new HealthConfig(null, null, null, null, null, null, null, null, null, null, null, 10_000);
        BackendPool pool = new BackendPool(slow, clock, PoolListener.NONE);
        pool.update(List.of(member("old", 1, 10)));
        pool.update(List.of(member("old", 1, 10), member("new", 2, 10)));
        clock.advance(Duration.ofSeconds(1));
        Map<String, Integer> counts = count(new WeightedRoundRobin(), pool.backends(), 1100);
        assertThat(counts).containsEntry("new", 100).containsEntry("old", 1000);
    }

    @Test
    void unknownPolicyIsRefusedWithItsName() {
        assertThatThrownBy(() -> Policies.create("fastest"))
                .hasMessageContaining("policy: 'fastest'").hasMessageContaining("maglev");
        assertThat(Set.copyOf(Policies.NAMES)).hasSize(5);
        Policies.NAMES.forEach(n -> assertThat(Policies.create(n)).isNotNull());
    }
}
