package dev.baton.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The one JSON mapper of Baton's HTTP APIs. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();

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

    private static String originalMessage(IOException e) {
        if (e instanceof JsonProcessingException jpe && jpe.getOriginalMessage() != null) {
            return jpe.getOriginalMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
