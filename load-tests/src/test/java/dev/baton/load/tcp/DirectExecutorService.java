package dev.baton.load.tcp;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs each task on the caller's thread, so a run on a {@link ManualClock} is deterministic. */
final class DirectExecutorService extends AbstractExecutorService {
    private Runnable firstUse = () -> {};
    private long runLeft = Long.MAX_VALUE;
    private boolean shutdown;

    DirectExecutorService() {}

    /** Runs {@code cost} before the first task only, as a real executor pays to start its first thread. */
    static DirectExecutorService withFirstUseCost(Runnable cost) {
        DirectExecutorService executor = new DirectExecutorService();
        executor.firstUse = cost;
        return executor;
    }

    /** Runs the first {@code tasks} tasks and never the rest, as users that hang past the drain timeout. */
    static DirectExecutorService runningOnly(long tasks) {
        DirectExecutorService executor = new DirectExecutorService();
        executor.runLeft = tasks;
        return executor;
    }

    @Override
    public void execute(Runnable command) {
        if (runLeft-- <= 0) {
            return;
        }
        Runnable cost = firstUse;
        firstUse = () -> {};
        cost.run();
        command.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && runLeft >= 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }
}
