package dev.baton.load.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SignTestTest {
    @Test
    void winningEveryTossIsOneChanceInTwoToTheTosses() {
        assertThat(SignTest.atLeast(5, 5)).isEqualTo(1.0 / 32);
    }

    @Test
    void atLeastNoWinsIsCertain() {
        assertThat(SignTest.atLeast(0, 7)).isEqualTo(1.0, within(1e-12));
        assertThat(SignTest.atLeast(0, 0)).isEqualTo(1.0);
    }

    @Test
    void fifteenOfTwentyIsUnlikelyByChance() {
        // (C(20,15) + C(20,16) + ... + C(20,20)) / 2^20 = 21700 / 1048576
        assertThat(SignTest.atLeast(15, 20)).isEqualTo(21700.0 / 1048576, within(1e-12));
    }

    @Test
    void moreWinsThanTossesIsRefused() {
        assertThatThrownBy(() -> SignTest.atLeast(6, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("wins: 6 of 5 (expected: 0 <= wins <= trials)");
    }
}
