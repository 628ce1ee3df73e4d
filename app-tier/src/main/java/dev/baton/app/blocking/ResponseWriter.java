package dev.baton.app.blocking;

import dev.baton.app.server.StreamedResponse;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes responses to a blocking stream; streamed bodies go out a chunk at a time. */
final class ResponseWriter {
    static final int CHUNK = 64 * 1024;

    private final OutputStream out;
    private byte[] scratch;

    ResponseWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes and releases {@code response}; {@code head} omits the body (a HEAD request). */
    void write(FullHttpResponse response, boolean close, boolean head) throws IOException {
        try {
            response.headers().set("Connection", close ? "close" : "keep-alive");
            writeHead(response.status(), response.headers());
            ByteBuf content = response.content();
            if (!head && content.isReadable()) {
                content.readBytes(out, content.readableBytes());
            }
            out.flush();
        } finally {
            response.release();
        }
    }

    void write(StreamedResponse response, boolean close, boolean head) throws IOException {
        HttpHeaders headers = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .set("Content-Type", response.contentType())
                .set("Content-Length", response.length())
                .set("Connection", close ? "close" : "keep-alive");
        writeHead(response.status(), headers);
        if (!head) {
            if (scratch == null) {
                scratch = new byte[CHUNK];
            }
            for (long position = 0; position < response.length(); ) {
                int n = (int) Math.min(CHUNK, response.length() - position);
                response.source().fill(scratch, n, position);
                out.write(scratch, 0, n);
                position += n;
            }
        }
        out.flush();
    }

    private void writeHead(HttpResponseStatus status, HttpHeaders headers) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status.code()).append(' ').append(status.reasonPhrase()).append("\r\n");
        for (Map.Entry<String, String> header : headers) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
