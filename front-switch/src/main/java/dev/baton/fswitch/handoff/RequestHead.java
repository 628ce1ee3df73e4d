package dev.baton.fswitch.handoff;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * An HTTP/1.x request head read by content-aware dispatch: the path it asks for, and every byte read so far
 * (head and whatever followed it), which the chosen backend must process first. Owns {@code bytes}.
 */
public record RequestHead(String path, ByteBuf bytes) {
    private static final Pattern REQUEST_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ (\\S+) HTTP/1\\.[01]");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\\x00-\\x08\\x0a-\\x1f\\x7f]*");

    /** Index just past the blank line ending the head in {@code buf}, or -1 while it is incomplete. */
    static int endOfHead(ByteBuf buf) {
        int to = buf.writerIndex();
        for (int i = buf.readerIndex(); i < to; i++) {
            if (buf.getByte(i) != '\n') {
                continue;
            }
            if (i + 1 < to && buf.getByte(i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < to && buf.getByte(i + 1) == '\r' && buf.getByte(i + 2) == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    /**
     * The path of the head in {@code buf} up to {@code end}; throws {@link IllegalArgumentException} saying what
     * is malformed. Query and fragment are not part of the target; absolute-form targets give their path.
     */
    static String parsePath(ByteBuf buf, int end) {
        String head = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        var m = REQUEST_LINE.matcher(lines.length == 0 ? "" : lines[0]);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed request line");
        }
        for (int i = 1; i < lines.length; i++) {
            if (!HEADER.matcher(lines[i]).matches()) {
                throw new IllegalArgumentException("malformed header line " + i);
            }
        }
        return path(m.group(1));
    }

    private static String path(String target) {
        String t = target;
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int slash = t.indexOf('/', t.indexOf("//") + 2);
            t = slash < 0 ? "/" : t.substring(slash);
        } else if (!t.startsWith("/") && !t.equals("*")) {
            throw new IllegalArgumentException("request target '" + t + "'");
        }
        int cut = t.length();
        for (char c : new char[] {'?', '#'}) {
            int i = t.indexOf(c);
            cut = i >= 0 ? Math.min(cut, i) : cut;
        }
        return t.substring(0, cut);
    }
}
