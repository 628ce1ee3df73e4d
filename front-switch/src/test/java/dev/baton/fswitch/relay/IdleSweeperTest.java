package dev.baton.fswitch.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleSweeperTest {
    private final AtomicLong now = new AtomicLong();
    private final IdleSweeper sweeper = new IdleSweeper(Duration.ofMillis(100), now::get);
    private final EmbeddedChannel quiet = new EmbeddedChannel();
    private final EmbeddedChannel busy = new EmbeddedChannel();

    @Test
    void closesOnlyAConnectionThatStayedQuietForItsTimeout() {
        sweeper.watch(quiet, 300);
        IdleSweeper.Watch b = sweeper.watch(busy, 300);

        pass(200);
        assertThat(quiet.isOpen()).isTrue();
        b.touch();
        pass(200); // quiet: 400 ms since it began; busy: 200 ms since its last bytes
        assertThat(quiet.isOpen()).isFalse();
        assertThat(busy.isOpen()).isTrue();
        pass(100);
        assertThat(busy.isOpen()).isFalse();
    }

    @Test
    void anUnwatchedConnectionIsLeftAlone() {
        IdleSweeper.Watch b = sweeper.watch(busy, 300);
        sweeper.unwatch(b);
        pass(1000);
        assertThat(busy.isOpen()).isTrue();
    }

    /** {@code ms} pass on the sweeper's clock and on the channels' loops, whose due sweeps run. */
    private void pass(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        for (EmbeddedChannel ch : List.of(quiet, busy)) {
            ch.advanceTimeBy(ms, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
        }
    }
}
