package dev.baton.load.tcp;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a scenario under an open-model injection plan: one scheduler thread waits for each intended arrival
 * time and starts that user on a virtual thread, however slow the earlier users are.
 *
 * <p>Each step's latency counts from its intended time: the user's arrival for the first step, and for later
 * steps the end of the previous one plus any pause. A user that fails a step skips the rest of its scenario.
 */
public final class LoadRunner {
    static final long HEAD_START_NANOS = 100_000_000L;

    private final Scenario scenario;
    private final Target target;
    private final InjectionPlan plan;
    private final RunOptions options;
    private final LoadClock clock;
    private final ExecutorService users;

    LoadRunner(Scenario scenario, Target target, InjectionPlan plan, RunOptions options, LoadClock clock,
               ExecutorService users) {
        this.scenario = scenario;
        this.target = target;
        this.plan = plan;
        this.options = options;
        this.clock = clock;
        this.users = users;
    }

    /** A runner on the system clock, each user on its own virtual thread. */
    public static LoadRunner of(Scenario scenario, Target target, InjectionPlan plan, RunOptions options) {
        return new LoadRunner(scenario, target, plan, options, LoadClock.system(),
                Executors.newVirtualThreadPerTaskExecutor());
    }

    public LoadResult run() throws InterruptedException {
        warmUp();
        // Lead time for what remains of setting up (the recorder's histograms, the scheduler's first park), so
        // the first arrivals are not late because the run has just begun; 10 ms was not enough.
        long start = clock.nanoTime() + HEAD_START_NANOS;
        LatencyRecorder recorder = new LatencyRecorder(start, options.lateThreshold().toNanos());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicLong dropped = new AtomicLong();
        AtomicLong nextId = new AtomicLong();
        try {
            plan.forEachArrival(offset -> {
                long intended = start + offset;
                clock.parkUntil(intended);
                if (inFlight.incrementAndGet() > options.maxInFlight()) {
                    inFlight.decrementAndGet();
                    dropped.incrementAndGet();
                    recorder.record("arrival", intended, clock.nanoTime(),
                            new IllegalStateException("more than " + options.maxInFlight() + " users in flight"));
                    return;
                }
                long id = nextId.getAndIncrement();
                users.execute(() -> {
                    try {
                        runUser(id, intended, recorder);
                    } finally {
                        recorder.userFinished();
                        inFlight.decrementAndGet();
                    }
                });
            });
        } finally {
            users.shutdown();
        }
        boolean drained = users.awaitTermination(options.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        LatencyRecorder.Snapshot measured = recorder.freeze();
        if (!drained) {
            users.shutdownNow();
        }
        long unfinished = nextId.get() - recorder.finishedUsers();
        return new LoadResult(scenario.name(), target, plan.users(), dropped.get(), unfinished,
                Duration.ofNanos(Math.max(0, clock.nanoTime() - start)), measured);
    }

    /**
     * Runs one user that does nothing and waits for it. The first virtual thread starts the carrier pool and
     * loads the user's classes, tens of milliseconds that would otherwise delay the first real user and count
     * as the tool's own late send.
     */
    private void warmUp() throws InterruptedException {
        try {
            users.submit(() -> new VirtualUser(target, -1, options.ioTimeout()).close()).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("warming up the user executor", e.getCause());
        }
    }

    private void runUser(long id, long arrival, LatencyRecorder recorder) {
        long intended = arrival;
        try (VirtualUser user = new VirtualUser(target, id, options.ioTimeout())) {
            for (Step step : scenario.steps()) {
                if (step instanceof Step.Pause pause) {
                    intended += pause.duration().toNanos();
                    clock.parkUntil(intended);
                } else if (step instanceof Step.Exec exec) {
                    if (!runStep(exec, user, intended, recorder)) {
                        return;
                    }
                    intended = clock.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean runStep(Step.Exec exec, VirtualUser user, long intended, LatencyRecorder recorder) {
        recorder.sendStarted(intended, clock.nanoTime());
        Throwable error = null;
        try {
            exec.action().run(user);
        } catch (Exception e) {
            error = e;
        }
        recorder.record(exec.name(), intended, clock.nanoTime(), error);
        return error == null;
    }
}
