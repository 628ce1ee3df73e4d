package dev.baton.load.bench;

import java.util.List;

/** One benchmark suite: starts what it needs in {@code group}, measures, returns its samples. */
public interface Suite {
    String name();

    /** The row every other row's requests/s is divided by. */
    String referenceRow();

    /** Every row the suite can run, as {@code --rows} names them. */
    List<String> rowNames();

    /** Every workload the suite can run, as {@code --workloads} names them. */
    List<String> workloadNames();

    /** Columns beyond requests/s, p50, p99 and errors. */
    List<String> extraColumns();

    /** Programs that must be installed. */
    List<String> tools();

    List<Sample> run(BenchOptions options, ProcessGroup group, java.util.function.Consumer<String> log);

    /** Text written under the table (what to read from it), or empty. */
    default String notes(ResultTable table) {
        return "";
    }
}
