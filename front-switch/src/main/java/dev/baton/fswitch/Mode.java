package dev.baton.fswitch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.baton.common.config.Check;

/** How a listener passes connections on: relay bytes, hand the socket off (issue 4), or choose per backend. */
public enum Mode {
    RELAY, HANDOFF, AUTO;

    @JsonCreator
    public static Mode of(String value) {
        return Check.oneOf("mode", Mode.class, Check.notBlank("mode", value));
    }

    @JsonValue
    public String label() {
        return Check.label(this);
    }
}
