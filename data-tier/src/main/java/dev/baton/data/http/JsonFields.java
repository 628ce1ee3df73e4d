package dev.baton.data.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.common.http.HttpError;

/** Reads the fields of a JSON request body; a missing or mistyped field is a 400 that names it. */
final class JsonFields {
    private JsonFields() {}

    /** A non-blank string of at most {@code maxLength} characters, without NUL (PostgreSQL text cannot hold it). */
    static String text(JsonNode body, String name, int maxLength) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw HttpError.badRequest("missing field '" + name + "'");
        }
        return checkText(name, node, maxLength);
    }

    /** Like {@link #text}, or null when the field is absent or null. */
    static String optionalText(JsonNode body, String name, int maxLength) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : checkText(name, node, maxLength);
    }

    /** An integer that fits a long. */
    static long integer(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull()) {
            throw HttpError.badRequest("missing field '" + name + "'");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw HttpError.badRequest("field '" + name + "' must be an integer (a 64-bit long), but was " + node);
        }
        return node.longValue();
    }

    private static String checkText(String name, JsonNode node, int maxLength) {
        if (!node.isTextual()) {
            throw HttpError.badRequest("field '" + name + "' must be a string, but was " + node.getNodeType().name().toLowerCase());
        }
        String value = node.textValue();
        if (value.isBlank()) {
            throw HttpError.badRequest("field '" + name + "' must not be blank");
        }
        if (value.length() > maxLength) {
            throw HttpError.badRequest("field '" + name + "' is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw HttpError.badRequest("field '" + name + "' must not contain NUL");
        }
        return value;
    }
}
