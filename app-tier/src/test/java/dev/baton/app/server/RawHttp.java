package dev.baton.app.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw socket client for what a well-behaved HTTP client will not send (bad input, PROXY headers, pipelining). */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
    }

    public RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one response (head and Content-Length body). */
    public Response read() throws IOException {
        String text = readHeadOnly();
        int status = Integer.parseInt(text.substring(9, 12));
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = socket.getInputStream().readNBytes(length);
        return new Response(status, text, new String(body, StandardCharsets.UTF_8));
    }

    /** Reads a response head only (the answer to a HEAD request has no body). */
    public String readHeadOnly() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int newlines = 0;
        int b;
        while (newlines < 2) {
            b = in.read();
            if (b < 0) {
                throw new IOException("connection closed; got so far: " + head);
            }
            head.write(b);
            if (b == '\n') {
                newlines++;
            } else if (b != '\r') {
                newlines = 0;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whether the server closed the connection (reads EOF within the socket timeout). */
    public boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** This client's address as the server should report it, e.g. {@code 127.0.0.1:54321}. */
    public String clientAddress() {
        return socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
    }

    /** Vanishes the rude way: a reset (SO_LINGER 0) instead of an orderly close. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Response(int status, String head, String body) {
        public boolean hasHeader(String name, String value) {
            return head.toLowerCase().contains((name + ": " + value).toLowerCase());
        }
    }
}
