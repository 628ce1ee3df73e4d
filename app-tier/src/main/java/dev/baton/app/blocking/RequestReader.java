package dev.baton.app.blocking;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads HTTP/1.1 requests from a blocking stream with the event-loop pipeline's limits: a head over
 * 8 KiB is 431, a body over the limit 413, anything malformed 400.
 */
final class RequestReader {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final int maxHeadBytes;
    private final int maxBodyBytes;

    RequestReader(InputStream in, int maxHeadBytes, int maxBodyBytes) {
        this.in = in;
        this.maxHeadBytes = maxHeadBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Reads a head whose first byte was already read ({@code first}); see {@link #readHead}. */
    RequestHead readHead(int first) throws IOException, HttpParseException {
        byte[] head = readHeadBytes(first);
        String text = new String(head, StandardCharsets.ISO_8859_1).replaceAll("[\r\n]+$", "");
        String[] lines = text.split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw bad("malformed request line");
        }
        HttpMethod method;
        try {
            method = HttpMethod.valueOf(requestLine[0]);
        } catch (IllegalArgumentException e) {
            throw bad("malformed method");
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || Character.isWhitespace(line.charAt(0))) {
                throw bad("malformed header line");
            }
            try {
                headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw bad("malformed header: " + e.getMessage());
            }
        }
        return new RequestHead(method, requestLine[1], requestLine[2].equals("HTTP/1.1"), headers);
    }

    /** The head's bytes without the blank line that ends it. */
    private byte[] readHeadBytes(int first) throws IOException, HttpParseException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int b = first;
        int newlines = 0;
        while (true) {
            if (b < 0) {
                throw new java.io.EOFException("connection closed inside a request head");
            }
            if (b == '\n') {
                if (++newlines == 2) {
                    return head.toByteArray();
                }
            } else if (b != '\r') {
                newlines = 0;
            }
            head.write(b);
            if (head.size() > maxHeadBytes) {
                throw new HttpParseException(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request head too large");
            }
            b = in.read();
        }
    }

    /** Reads the body the head announces (Content-Length or chunked), answering 100-continue first. */
    byte[] readBody(RequestHead head, OutputStream out) throws IOException, HttpParseException {
        HttpHeaders headers = head.headers();
        String transferEncoding = headers.get("Transfer-Encoding");
        String contentLength = headers.get("Content-Length");
        if (transferEncoding != null && contentLength != null) {
            throw bad("both Content-Length and Transfer-Encoding");
        }
        if (transferEncoding != null) {
            if (!transferEncoding.trim().equalsIgnoreCase("chunked")) {
                throw new HttpParseException(HttpResponseStatus.NOT_IMPLEMENTED, "unsupported Transfer-Encoding: " + transferEncoding);
            }
            continueIfExpected(head, out);
            return readChunked();
        }
        if (contentLength == null) {
            return new byte[0];
        }
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw bad("malformed Content-Length: " + contentLength);
        }
        if (length < 0) {
            throw bad("negative Content-Length");
        }
        if (length > maxBodyBytes) {
            throw tooLarge();
        }
        continueIfExpected(head, out);
        return readExactly((int) length);
    }

    private void continueIfExpected(RequestHead head, OutputStream out) throws IOException {
        if (head.http11() && "100-continue".equalsIgnoreCase(head.headers().get("Expect", ""))) {
            out.write(CONTINUE);
            out.flush();
        }
    }

    private byte[] readChunked() throws IOException, HttpParseException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw bad("malformed chunk size");
            }
            if (size < 0 || body.size() + size > maxBodyBytes) {
                throw tooLarge();
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers are read and ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly((int) size));
            if (!readLine().isEmpty()) {
                throw bad("chunk not followed by CRLF");
            }
        }
    }

    private String readLine() throws IOException, HttpParseException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new java.io.EOFException("connection closed inside a chunked body");
            }
            if (line.length() > maxHeadBytes) {
                throw bad("chunk line too long");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new java.io.EOFException("connection closed inside a request body");
        }
        return body;
    }

    private static HttpParseException tooLarge() {
        return new HttpParseException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large");
    }

    private static HttpParseException bad(String message) {
        return new HttpParseException(HttpResponseStatus.BAD_REQUEST, message);
    }
}
