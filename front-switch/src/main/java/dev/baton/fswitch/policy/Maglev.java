package dev.baton.fswitch.policy;

import dev.baton.fswitch.pool.Backend;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Maglev consistent hashing on the client's IP address (Eisenbud et al., NSDI 2016): a lookup table of
 * prime size, filled from each backend's own permutation, so a change of membership moves few clients.
 * The table size is the smallest of a fixed ladder of primes above 100 x backends; it stays the same while
 * backends come and go (a size change would move almost every client).
 */
public final class Maglev implements BalancingPolicy {
    private static final int[] SIZES = {65_537, 655_373, 6_553_621};

    private volatile Table table;

    @Override
    public Backend pick(List<Backend> candidates, InetSocketAddress client) {
        Table t = table;
        if (t == null || !t.serves(candidates)) {
            t = new Table(candidates);
            table = t;
        }
        long h = client == null || client.getAddress() == null ? 0 : hash(client.getAddress().getAddress(), 0x9E3779B97F4A7C15L);
        return t.slots[(int) Math.floorMod(h, (long) t.slots.length)];
    }

    static int tableSize(int backends) {
        for (int size : SIZES) {
            if (size > 100L * backends) {
                return size;
            }
        }
        throw new IllegalArgumentException("backends: " + backends + " (expected: at most " + SIZES[SIZES.length - 1] / 100 + ")");
    }

    private static final class Table {
        final List<Backend> members;
        final Backend[] slots;

        Table(List<Backend> candidates) {
            this.members = List.copyOf(candidates);
            this.slots = populate(members, tableSize(members.size()));
        }

        boolean serves(List<Backend> candidates) {
            return members.equals(candidates);
        }
    }

    static Backend[] populate(List<Backend> backends, int m) {
        int n = backends.size();
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            byte[] id = backends.get(i).id().getBytes(StandardCharsets.UTF_8);
            offset[i] = Math.floorMod(hash(id, 0xC2B2AE3D27D4EB4FL), (long) m);
            skip[i] = Math.floorMod(hash(id, 0x165667B19E3779F9L), (long) (m - 1)) + 1;
        }
        Backend[] slots = new Backend[m];
        int filled = 0;
        while (filled < m) {
            for (int i = 0; i < n && filled < m; i++) {
                int c = (int) ((offset[i] + next[i] * skip[i]) % m);
                while (slots[c] != null) {
                    next[i]++;
                    c = (int) ((offset[i] + next[i] * skip[i]) % m);
                }
                slots[c] = backends.get(i);
                next[i]++;
                filled++;
            }
        }
        return slots;
    }

    /** A 64-bit FNV-1a over the bytes, finished with MurmurHash3's fmix64 to spread the bits. */
    static long hash(byte[] bytes, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93fe53ef34fL;
        h ^= h >>> 33;
        return h;
    }
}
