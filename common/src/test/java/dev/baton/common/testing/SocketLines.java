package dev.baton.common.testing;

import java.io.IOException;
import java.io.InputStream;

/** Reads a text protocol's lines byte by byte, so nothing after a line is buffered away from the next reader. */
public final class SocketLines {
    private SocketLines() {}

    /** The next line, without its LF and with any CR dropped; {@code null} at the end of the stream. */
    public static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            sb.append((char) c);
        }
        if (c == -1 && sb.isEmpty()) {
            return null;
        }
        return sb.toString().replace("\r", "");
    }
}
