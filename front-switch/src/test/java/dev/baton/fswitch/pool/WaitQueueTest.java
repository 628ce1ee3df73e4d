package dev.baton.fswitch.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.fswitch.HealthConfig;
import dev.baton.fswitch.Members;
import dev.baton.common.testing.MutableClock;
import dev.baton.fswitch.policy.RoundRobin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitQueueTest {

    @Test
    void holdsAtMostItsSizeAndWakesTheOldestFirst() {
        WaitQueue q = new WaitQueue(2, 100);
        List<String> woken = new ArrayList<>();
        Runnable a = () -> woken.add("a");
        Runnable b = () -> woken.add("b");
        assertThat(q.offer(a)).isTrue();
        assertThat(q.offer(b)).isTrue();
        assertThat(q.offer(() -> woken.add("c"))).isFalse();
        assertThat(q.depth()).isEqualTo(2);
        q.wakeOne();
        assertThat(woken).containsExactly("a");
        q.requeue(a); // woken but found no slot: back to the head
        q.wakeOne();
        assertThat(woken).containsExactly("a", "a");
        assertThat(q.remove(b)).isTrue();
        assertThat(q.remove(b)).isFalse();
        assertThat(q.depth()).isZero();
        assertThatThrownBy(() -> q.configure(1, 0)).hasMessageContaining("timeout 0");
    }

    @Test
    void aFreedSlotWakesAWaiterAndTheLimitCountsConnectionsBeingSetUp() {
        BackendPool pool = new BackendPool(HealthConfig.defaults(), new MutableClock(), PoolListener.NONE);
        pool.update(List.of(Members.member("app-0", 9001, 1)));
        pool.reconfigure(HealthConfig.defaults(), 1, 10, 1000);
        Backend b = pool.choose(new RoundRobin(), null, List.of());
        assertThat(b).isNotNull();
        assertThat(pool.choose(new RoundRobin(), null, List.of())).isNull(); // reserved, though not yet connected
        assertThat(pool.saturated(List.of(), x -> true)).isTrue();
        List<String> woken = new ArrayList<>();
        pool.queue().offer(() -> woken.add("w"));
        pool.connected(b, 1);
        assertThat(pool.choose(new RoundRobin(), null, List.of())).isNull();
        assertThat(woken).isEmpty();
        pool.released(b);
        assertThat(woken).containsExactly("w");
        assertThat(pool.choose(new RoundRobin(), null, List.of())).isSameAs(b);
    }
}
