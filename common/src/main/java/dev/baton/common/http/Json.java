package dev.baton.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** The one JSON mapper of Baton's HTTP APIs. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // {"amount":1,"amount":2} is ambiguous: refused, rather than the last one silently winning
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .findAndAddModules()
            .build();

    private Json() {}

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body as a JSON object, or fails with 400 naming the problem. */
    public static JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw HttpError.badRequest("expected a JSON object, but the body is empty");
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw HttpError.badRequest("expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw HttpError.badRequest("malformed JSON: " + originalMessage(e));
        }
    }

    /**
     * Jackson's reason without its internals: its messages go on to quote the parser's source description and
     * feature names ("start marker at [Source: REDACTED (`StreamReadFeature...`"), which mean nothing to a client.
     */
    static String originalMessage(IOException e) {
        String m = e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null
                ? jpe.getOriginalMessage() : String.valueOf(e.getMessage());
        for (String internals : new String[] {"\n", " (start marker", " at [Source", " (for "}) {
            int at = m.indexOf(internals);
            if (at > 0) {
                m = m.substring(0, at);
            }
        }
        m = m.length() > 120 ? m.substring(0, 120) + "..." : m;
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null && jpe.getLocation().getLineNr() > 0) {
            m += " (line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr() + ")";
        }
        return m;
    }
}
