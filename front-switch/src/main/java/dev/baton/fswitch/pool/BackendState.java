package dev.baton.fswitch.pool;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.baton.common.config.Check;

/** What the pool makes of a backend now, as the admin API shows it. */
public enum BackendState {
    /** Chosen for new connections. */
    UP,
    /** Failed its active health checks. */
    DOWN,
    /** Takes no new connections; existing ones finish. */
    DRAINING,
    /** Ejected by passive health (its circuit breaker is open) until its backoff ends. */
    EJECTED,
    /**
     * Left the membership (deregistered, as an app server does on SIGTERM) while relayed connections to it are
     * still open: takes no new connections and is listed until the last one ends. Apart from {@link #DRAINING}
     * because the operator cannot undo it (undrain does not bring it back) and it goes by itself.
     */
    LEAVING;

    @JsonValue
    public String label() {
        return Check.label(this);
    }
}
