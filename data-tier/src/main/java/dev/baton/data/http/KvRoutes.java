package dev.baton.data.http;

import dev.baton.common.http.HttpError;
import dev.baton.common.http.Request;
import dev.baton.common.http.Responses;
import dev.baton.data.store.KvStore;
import dev.baton.data.store.StoredValue;
import dev.baton.data.store.WriteResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET/PUT/DELETE /kv/{key}}: raw value bytes in and out, the version as the ETag, compare-and-set
 * with {@code If-Match}, create-only with {@code If-None-Match: *}.
 */
final class KvRoutes {
    /** The longest key, in UTF-8 bytes after percent-decoding. */
    static final int MAX_KEY_BYTES = 512;
    static final String OCTET_STREAM = "application/octet-stream";

    private final KvStore store;
    private final int maxValueBytes;

    KvRoutes(KvStore store, int maxValueBytes) {
        this.store = store;
        this.maxValueBytes = maxValueBytes;
    }

    FullHttpResponse get(Request request) {
        String key = key(request);
        StoredValue value = store.get(key).orElseThrow(() -> HttpError.notFound("no such key: " + key));
        FullHttpResponse response = Responses.bytes(HttpResponseStatus.OK, value.value(), OCTET_STREAM);
        response.headers().set(HttpHeaderNames.ETAG, EntityTags.of(value.version()));
        return response;
    }

    FullHttpResponse put(Request request) {
        String key = key(request);
        if (request.body().length > maxValueBytes) {
            throw new HttpError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "value is " + request.body().length + " bytes, the limit is " + maxValueBytes);
        }
        WriteResult result = store.put(key, request.body(), EntityTags.precondition(
                request.header(HttpHeaderNames.IF_MATCH), request.header(HttpHeaderNames.IF_NONE_MATCH)));
        long version = written(key, result);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("version", version);
        FullHttpResponse response = Responses.ok(body);
        response.headers().set(HttpHeaderNames.ETAG, EntityTags.of(version));
        return response;
    }

    FullHttpResponse delete(Request request) {
        String key = key(request);
        WriteResult result = store.delete(key, EntityTags.precondition(
                request.header(HttpHeaderNames.IF_MATCH), request.header(HttpHeaderNames.IF_NONE_MATCH)));
        written(key, result);
        return Responses.empty(HttpResponseStatus.NO_CONTENT);
    }

    private static long written(String key, WriteResult result) {
        return switch (result) {
            case WriteResult.Written w -> w.version();
            case WriteResult.Conflict c -> throw new HttpError(HttpResponseStatus.CONFLICT, "precondition failed for key " + key + ": " + c.reason());
            case WriteResult.Missing m -> throw HttpError.notFound("no such key: " + key);
        };
    }

    /** The decoded key; 400 if it is too long or holds NUL (PostgreSQL text cannot store it). */
    static String key(Request request) {
        String key = request.param("key");
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw HttpError.badRequest("key is " + bytes + " bytes, the limit is " + MAX_KEY_BYTES);
        }
        if (key.indexOf('\0') >= 0) {
            throw HttpError.badRequest("key must not contain NUL");
        }
        return key;
    }
}
