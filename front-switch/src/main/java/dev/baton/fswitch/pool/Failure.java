package dev.baton.fswitch.pool;

import dev.baton.common.handoff.HandoffException;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;

/** Kinds of backend failure that passive health counts. */
public enum Failure {
    /** The backend refused the connect: nothing listens there any more; ejected at once. */
    REFUSED,
    /** The connect did not complete in time. */
    TIMEOUT,
    /** An established connection was reset, or another I/O error. */
    RESET;

    public static Failure of(Throwable cause) {
        // A failed handoff wraps what went wrong: a refused Unix socket connect is a refusal like any other.
        if (cause instanceof HandoffException && cause.getCause() != null) {
            return of(cause.getCause());
        }
        // Netty's ConnectTimeoutException is a ConnectException too, so it is tested first.
        if (cause instanceof ConnectTimeoutException) {
            return TIMEOUT;
        }
        if (cause instanceof ConnectException) {
            return REFUSED;
        }
        return cause instanceof IOException ? RESET : RESET;
    }
}
