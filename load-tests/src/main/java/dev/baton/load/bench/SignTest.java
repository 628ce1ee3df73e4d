package dev.baton.load.bench;

/** The one-sided sign test: how likely a number of wins is when each trial is a fair coin toss. */
final class SignTest {
    private SignTest() {}

    /** The probability of at least {@code wins} heads in {@code trials} fair tosses; 1 when there are none. */
    static double atLeast(int wins, int trials) {
        if (wins < 0 || trials < 0 || wins > trials) {
            throw new IllegalArgumentException("wins: " + wins + " of " + trials + " (expected: 0 <= wins <= trials)");
        }
        double p = 0;
        double choose = 1; // C(trials, i), built up from C(trials, 0)
        for (int i = 0; i <= trials; i++) {
            if (i >= wins) {
                p += choose;
            }
            choose = choose * (trials - i) / (i + 1);
        }
        return p / Math.pow(2, trials);
    }
}
