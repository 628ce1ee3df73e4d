package dev.baton.superserver.limits;

import dev.baton.superserver.config.LimitsConfig;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Admits or refuses a service's connections by its {@link LimitsConfig}: access lists first, then
 * instances and per-source counts, then the rate. An admitted connection must be {@link #release released}.
 * Thread-safe: a service's connections live on several event loops.
 */
public final class ConnectionLimiter {
    private final LimitsConfig limits;
    private final AccessList access;
    private final ConnectionRate rate;
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private int active;

    public ConnectionLimiter(LimitsConfig limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.access = new AccessList(limits.allow(), limits.deny());
        this.rate = new ConnectionRate(limits.connectionsPerSecond(), limits.backOffSeconds(), nanoClock);
    }

    /** Null when admitted (and counted), otherwise why not. */
    public Refusal admit(InetAddress source) {
        if (!access.permits(source)) {
            return Refusal.DENIED;
        }
        synchronized (this) {
            if (limits.instances() > 0 && active >= limits.instances()) {
                return Refusal.INSTANCES;
            }
            int fromSource = perSource.getOrDefault(source, 0);
            if (limits.perSource() > 0 && fromSource >= limits.perSource()) {
                return Refusal.PER_SOURCE;
            }
            if (!rate.tryAcquire()) {
                return Refusal.RATE;
            }
            active++;
            perSource.put(source, fromSource + 1);
            return null;
        }
    }

    /** Ends an admitted connection. */
    public synchronized void release(InetAddress source) {
        active = Math.max(0, active - 1);
        perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    public synchronized int active() {
        return active;
    }

    /** Sources with connections now; stays small because entries go when their count reaches 0. */
    public synchronized int trackedSources() {
        return perSource.size();
    }
}
