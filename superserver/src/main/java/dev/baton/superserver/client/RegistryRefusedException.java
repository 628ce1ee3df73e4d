package dev.baton.superserver.client;

import java.io.IOException;

/** The registry answered with an error line ({@code ERR code message}). */
public final class RegistryRefusedException extends IOException {
    public RegistryRefusedException(String reply) {
        super("registry refused: " + reply);
    }

    /** The error code, or 0 when the reply was not an ERR line. */
    public int code() {
        String[] w = getMessage().substring("registry refused: ".length()).split(" ");
        try {
            return w.length > 1 && w[0].equals("ERR") ? Integer.parseInt(w[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
