package dev.baton.superserver.registry;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases and owner secrets of the registrations one daemon accepted. A lease runs for
 * {@code lease} from REGISTER or the last RENEW; time comes from an injected {@link Clock}.
 */
public final class LeaseBook {
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Lease(String secret, long expiresAtMillis) {}

    private final Clock clock;
    private final Duration lease;
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();

    public LeaseBook(Clock clock, Duration lease) {
        this.clock = clock;
        this.lease = lease;
    }

    /** A new entry id (unguessable, so ids cannot be enumerated). */
    public static String newId() {
        return HexFormat.of().formatHex(randomBytes(8));
    }

    /** Starts a lease for {@code id} and returns its new owner secret. */
    public String open(String id) {
        String secret = HexFormat.of().formatHex(randomBytes(16));
        leases.put(id, new Lease(secret, clock.millis() + lease.toMillis()));
        return secret;
    }

    /** Extends {@code id}'s lease if {@code secret} owns it. */
    public void renew(String id, String secret) throws RegistryException {
        Lease l = owned(id, secret);
        leases.replace(id, l, new Lease(l.secret(), clock.millis() + lease.toMillis()));
    }

    /** Checks ownership and forgets the lease. */
    public void close(String id, String secret) throws RegistryException {
        Lease l = owned(id, secret);
        leases.remove(id, l);
    }

    private Lease owned(String id, String secret) throws RegistryException {
        Lease l = leases.get(id);
        if (l == null || expired(l)) {
            throw new RegistryException(RegistryException.NOT_FOUND, "no registration " + id + " held by this daemon");
        }
        if (!MessageDigest.isEqual(l.secret().getBytes(StandardCharsets.US_ASCII), secret.getBytes(StandardCharsets.US_ASCII))) {
            throw new RegistryException(RegistryException.FORBIDDEN, "not the owner of " + id);
        }
        return l;
    }

    /** Seconds left on {@code id}'s lease (at least 1 while live), or -1 when this daemon holds no lease for it. */
    public long remainingSeconds(String id) {
        Lease l = leases.get(id);
        if (l == null) {
            return -1;
        }
        long ms = l.expiresAtMillis() - clock.millis();
        return ms <= 0 ? 0 : Math.max(1, ms / 1000);
    }

    public boolean live(String id) {
        Lease l = leases.get(id);
        return l != null && !expired(l);
    }

    /** Removes and returns the ids whose lease ran out. */
    public List<String> removeExpired() {
        List<String> gone = leases.entrySet().stream().filter(e -> expired(e.getValue())).map(Map.Entry::getKey).toList();
        gone.forEach(leases::remove);
        return gone;
    }

    public int size() {
        return leases.size();
    }

    public long leaseSeconds() {
        return lease.toSeconds();
    }

    private boolean expired(Lease l) {
        return clock.millis() >= l.expiresAtMillis();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
