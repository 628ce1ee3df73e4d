package dev.baton.common.lifecycle;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes things in reverse order of creation, quietly, collecting what failed (as Curator does). */
public final class Closeables {
    private static final Logger log = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {}

    /** Closes each non-null item, last first; logs and returns the first failure instead of throwing. */
    public static Exception closeAllReversed(List<? extends AutoCloseable> items) {
        Exception first = null;
        for (int i = items.size() - 1; i >= 0; i--) {
            Exception e = closeQuietly(items.get(i));
            if (first == null) {
                first = e;
            }
        }
        return first;
    }

    public static Exception closeQuietly(AutoCloseable item) {
        if (item == null) {
            return null;
        }
        try {
            item.close();
            return null;
        } catch (Exception e) {
            log.warn("closing {} failed: {}", item, e.toString());
            return e;
        }
    }
}
