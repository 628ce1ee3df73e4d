package dev.baton.load.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedRoundsTest {
    @Test
    void countsTheRoundsWhereARowBeatTheReferenceAndLeavesOutTies() {
        List<Sample> samples = List.of(
                sample("relay", 1, 110, 9.0), sample("haproxy", 1, 100, 10.0),
                sample("relay", 2, 90, 12.0), sample("haproxy", 2, 100, 11.0),
                sample("relay", 3, 120, 10.0), sample("haproxy", 3, 100, 10.0));

        PairedRounds.Comparison c = PairedRounds.of(samples, "haproxy").comparisons().get(0);

        assertThat(c).isEqualTo(new PairedRounds.Comparison("new-conn", "relay", 3, 2, 1, 1, 1));
        assertThat(c.fasterByChance()).isEqualTo(0.5); // 2 or 3 of 3 tosses
        assertThat(c.lowerP99ByChance()).isEqualTo(0.75); // 1 or 2 of 2
    }

    @Test
    void aRoundWhereEitherRunFailedIsNotCompared() {
        List<Sample> samples = List.of(
                sample("relay", 1, 110, 9.0), sample("haproxy", 1, 100, 10.0),
                Sample.failed("relay", "new-conn", 2, "wrk: connection refused"), sample("haproxy", 2, 100, 10.0));

        PairedRounds.Comparison c = PairedRounds.of(samples, "haproxy").comparisons().get(0);

        assertThat(c.rounds()).isEqualTo(1);
        assertThat(c.faster()).isEqualTo(1);
    }

    @Test
    void theSectionNamesEachRowsWinsOutOfTheRoundsThatDiffered() {
        List<Sample> samples = List.of(
                sample("relay", 1, 110, 9.0), sample("haproxy", 1, 100, 10.0),
                sample("relay", 2, 120, 8.0), sample("haproxy", 2, 100, 10.0));

        String md = PairedRounds.of(samples, "haproxy").markdown();

        assertThat(md).contains("| new-conn | relay | 2 | 2 of 2 | 0.250 | 2 of 2 | 0.250 |");
    }

    @Test
    void aChanceBelowATenthOfAPercentIsNotPrintedAsNil() {
        List<Sample> samples = new ArrayList<>();
        for (int round = 1; round <= 12; round++) {
            samples.add(sample("relay", round, 110, 9.0));
            samples.add(sample("haproxy", round, 100, 10.0));
        }

        assertThat(PairedRounds.of(samples, "haproxy").markdown())
                .contains("| new-conn | relay | 12 | 12 of 12 | < 0.001 | 12 of 12 | < 0.001 |");
    }

    @Test
    void withoutTheReferenceThereIsNoSection() {
        assertThat(PairedRounds.of(List.of(sample("relay", 1, 110, 9.0)), "haproxy").markdown()).isEmpty();
    }

    @Test
    void everyRunIsOneLineInRoundOrderWithAFailureLeftBlank() {
        List<Sample> samples = List.of(sample("relay", 1, 110, 9.0), sample("relay", 2, 90, 12.0),
                Sample.failed("haproxy", "new-conn", 1, "gone"), sample("haproxy", 2, 100, 10.0));

        String csv = PairedRounds.csv(samples, List.of("CPU us/req"));

        assertThat(csv.lines()).containsExactly(
                "round,workload,row,requests_per_sec,p50_ms,p99_ms,errors,CPU_us_req,failure",
                "1,new-conn,relay,110.0,1.000,9.000,0,85.00,",
                "1,new-conn,haproxy,,,,,,\"gone\"",
                "2,new-conn,relay,90.0,1.000,12.000,0,85.00,",
                "2,new-conn,haproxy,100.0,1.000,10.000,0,85.00,");
    }

    private static Sample sample(String row, int round, double requestsPerSec, double p99Ms) {
        return new Sample(row, "new-conn", round, requestsPerSec, 1, p99Ms, 0, Map.of("CPU us/req", 85.0), null);
    }
}
