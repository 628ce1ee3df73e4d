package dev.baton.app.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CpuBurnerTest {
    @Test
    void calibratesBlocksPerMillisecondOnTheGivenClock() {
        AtomicLong now = new AtomicLong();
        // every clock read advances 100 us: 199 blocks fit in each 20 ms round
        long perMilli = CpuBurner.calibrate(() -> now.addAndGet(100_000));
        assertThat(perMilli).isEqualTo(9);
    }

    @Test
    void theWorkIsCountedNotTimedSoEveryModelDoesTheSame() {
        CpuBurner burner = new CpuBurner(3);
        assertThat(burner.burn(2)).isEqualTo(burner.burn(2)).isNotEqualTo(burner.burn(1));
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new CpuBurner(0)).hasMessageContaining("blocksPerMilli: 0");
    }
}
