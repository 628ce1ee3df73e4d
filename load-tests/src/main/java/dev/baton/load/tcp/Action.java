package dev.baton.load.tcp;

/** One timed step of a scenario, run by a virtual user; throwing marks the step (and the user) failed. */
@FunctionalInterface
public interface Action {
    void run(VirtualUser user) throws Exception;
}
