package dev.baton.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class MetricsSetupTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void aDirectBufferCountsOnceInTheDirectMemoryGauge() {
        long before = MetricsSetup.directMemoryUsed();
        ByteBuf buf = UnpooledByteBufAllocator.DEFAULT.directBuffer(16 * MIB);
        try {
            long grown = MetricsSetup.directMemoryUsed() - before;
            // Other threads of the test JVM may allocate a little meanwhile; twice the buffer may not show.
            assertThat(grown).isBetween(16L * MIB, 24L * MIB);
        } finally {
            buf.release();
        }
    }
}
