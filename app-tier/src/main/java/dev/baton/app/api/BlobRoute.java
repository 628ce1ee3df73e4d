package dev.baton.app.api;

import dev.baton.app.server.BodySource;
import dev.baton.app.server.StreamedResponse;
import dev.baton.app.server.StreamingRoute;
import dev.baton.common.http.HttpError;
import dev.baton.common.http.Request;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /blob?bytes=N}: a streamed body of N bytes (up to 1 GiB), never held in memory. The
 * bytes repeat {@code a..z}, so a client can check any range.
 */
final class BlobRoute implements StreamingRoute {
    static final long MAX_BYTES = 1L << 30;

    /** Byte {@code i} of every blob. */
    static final BodySource PATTERN = (dst, length, position) -> {
        int letter = (int) (position % 26);
        for (int i = 0; i < length; i++) {
            dst[i] = (byte) ('a' + letter);
            letter = letter == 25 ? 0 : letter + 1;
        }
    };

    @Override
    public StreamedResponse stream(Request request) {
        return new StreamedResponse(HttpResponseStatus.OK, "application/octet-stream", bytes(request.query("bytes")), PATTERN);
    }

    static long bytes(String value) {
        if (value == null) {
            throw HttpError.badRequest("query parameter bytes is required (0-" + MAX_BYTES + ")");
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0 && n <= MAX_BYTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the bad value
        }
        throw HttpError.badRequest("bytes: '" + value + "' (expected: 0-" + MAX_BYTES + ")");
    }
}
