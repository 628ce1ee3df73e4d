package dev.baton.superserver.limits;

/** Why a connection was refused; the names appear in logs and metrics. */
public enum Refusal {
    DENIED("source address not allowed"),
    RATE("connection rate exceeded, backing off"),
    INSTANCES("too many connections to the service"),
    PER_SOURCE("too many connections from one source"),
    QUEUE_FULL("too many connections waiting for the service to start"),
    UNAVAILABLE("service could not be started");

    private final String reason;

    Refusal(String reason) {
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    public String metricName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
