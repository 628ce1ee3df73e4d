package dev.baton.load.tcp.scenarios;

import dev.baton.load.tcp.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Connection churn: a new connection per user, one HTTP/1.1 exchange ({@code GET path} with
 * {@code Connection: close}), read to the server's close, check the status is 200.
 */
public final class ChurnScenario {
    private ChurnScenario() {}

    public static Scenario of(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: starting with /)");
        }
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return Scenario.scenario("churn")
                .exec("connect+GET+close", user -> {
                    user.connect();
                    user.send(request);
                    String response = new String(user.readToEnd(), StandardCharsets.ISO_8859_1);
                    if (!response.startsWith("HTTP/1.1 200") && !response.startsWith("HTTP/1.0 200")) {
                        int eol = response.indexOf('\r');
                        throw new IOException("expected 200, got '"
                                + (eol < 0 ? response : response.substring(0, eol)) + "'");
                    }
                    user.close();
                });
    }
}
