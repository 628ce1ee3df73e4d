package dev.baton.data.http;

import dev.baton.common.http.HttpError;
import dev.baton.data.store.Precondition;

/** Versions as HTTP entity tags: {@code ETag: "3"}, and the {@code If-Match} / {@code If-None-Match} preconditions. */
final class EntityTags {
    private EntityTags() {}

    static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The precondition of a write: {@code If-Match: "<version>"} (compare-and-set), {@code If-Match: *}
     * (must exist), {@code If-None-Match: *} (create only), or none. Anything else is a 400.
     */
    static Precondition precondition(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw HttpError.badRequest("send If-Match or If-None-Match, not both");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.strip().equals("*")) {
                throw HttpError.badRequest("If-None-Match: only * is supported, but was '" + ifNoneMatch + "'");
            }
            return Precondition.ABSENT;
        }
        if (ifMatch == null) {
            return Precondition.NONE;
        }
        String tag = ifMatch.strip();
        if (tag.equals("*")) {
            return Precondition.EXISTS;
        }
        return Precondition.version(version(tag));
    }

    private static long version(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            long version = Long.parseLong(t);
            if (version > 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the 400 below
        }
        throw HttpError.badRequest("If-Match: expected a version such as \"3\", but was '" + tag + "'");
    }
}
