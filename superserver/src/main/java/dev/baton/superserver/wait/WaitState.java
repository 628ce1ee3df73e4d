package dev.baton.superserver.wait;

/** Where a wait service is in its life; it cycles STOPPED, STARTING, RUNNING, STOPPING, STOPPED. */
public enum WaitState {
    STOPPED, STARTING, RUNNING, STOPPING, CLOSED
}
