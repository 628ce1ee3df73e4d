package dev.baton.fswitch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.baton.common.config.Check;

/**
 * How a listener chooses the backend: by {@code connection} (the listener's policy, before reading a byte), or
 * by {@code content} (reads the HTTP/1.1 request head and chooses by its path with LARD/R; issue 4).
 */
public enum Dispatch {
    CONNECTION, CONTENT;

    @JsonCreator
    public static Dispatch of(String value) {
        return Check.oneOf("dispatch", Dispatch.class, Check.notBlank("dispatch", value));
    }

    @JsonValue
    public String label() {
        return Check.label(this);
    }
}
