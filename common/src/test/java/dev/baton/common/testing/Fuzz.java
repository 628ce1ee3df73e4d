package dev.baton.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;

/** Random input for a server's ports, for tests that check it stays up and leaks nothing. */
public final class Fuzz {
    private Fuzz() {}

    /**
     * One connection to 127.0.0.1:{@code port}: random bytes (sometimes long, sometimes line-shaped), then a close
     * or a reset. A {@code connectTimeoutMillis} of 0 waits for the connect as long as the kernel does.
     */
    public static void blast(int port, Random random, int connectTimeoutMillis) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), connectTimeoutMillis);
            byte[] bytes = new byte[random.nextInt(random.nextInt(10) == 0 ? 4096 : 600) + 1];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                bytes[bytes.length - 1] = '\n';
            }
            s.getOutputStream().write(bytes);
            if (random.nextInt(4) == 0) {
                s.setSoLinger(true, 0); // RST instead of FIN
            }
        } catch (IOException ignored) {
            // a refused or reset connection is a fine outcome here
        }
    }
}
