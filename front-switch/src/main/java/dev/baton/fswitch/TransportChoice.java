package dev.baton.fswitch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.baton.common.config.Check;
import dev.baton.common.net.Transport;

/**
 * The switch's {@code transport} key. {@code auto} takes io_uring when every listener relays and the kernel
 * allows it (a relay opens a backend connection per client, and io_uring batches that connection's socket calls),
 * otherwise epoll, which TCP handoff needs, otherwise NIO. A transport named outright must work here.
 */
public enum TransportChoice {
    AUTO, IO_URING, EPOLL, NIO;

    @JsonCreator
    public static TransportChoice of(String value) {
        return Check.oneOf("transport", TransportChoice.class, Check.notBlank("transport", value));
    }

    @JsonValue
    public String label() {
        return Check.label(this);
    }

    /**
     * The transport to run on.
     *
     * @param handsOff whether a listener may hand connections off (mode handoff or auto)
     * @throws IllegalStateException when the named transport does not work here
     */
    public Transport resolve(boolean handsOff) {
        if (this == AUTO) {
            if (!handsOff && Transport.IO_URING.isAvailable()) {
                return Transport.IO_URING;
            }
            return Transport.best();
        }
        Transport t = named();
        if (!t.isAvailable()) {
            throw new IllegalStateException("transport: '" + label() + "' does not work here (" + t.unavailableReason() + ")");
        }
        return t;
    }

    /** The transport this choice names, or null for {@code auto}. */
    public Transport named() {
        return this == AUTO ? null : Transport.valueOf(name());
    }
}
