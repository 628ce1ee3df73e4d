package dev.baton.data.http;

import dev.baton.common.http.HttpError;
import dev.baton.data.store.Precondition;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.regex.Pattern;

/** Versions as HTTP entity tags: {@code ETag: "3"}, and the {@code If-Match} / {@code If-None-Match} preconditions. */
final class EntityTags {
    private static final Pattern STRONG = Pattern.compile("\"[1-9][0-9]*\"");

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

    /**
     * The version in a strong tag {@code "<digits>"}. If-Match compares strongly (RFC 9110), so a weak tag
     * can never match: it gets the answer of a version that does not match, 409. Anything that is not one
     * quoted version (a bare number, {@code "+4"}, a list) is a 400, never a guess.
     */
    private static long version(String tag) {
        if (tag.startsWith("W/")) {
            throw new HttpError(HttpResponseStatus.CONFLICT, "If-Match: " + tag
                    + " is a weak tag, which never matches (If-Match compares strongly); send the ETag as it was given");
        }
        if (STRONG.matcher(tag).matches()) {
            try {
                return Long.parseLong(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException e) {
                // over 19 digits: falls through to the 400 below
            }
        }
        throw HttpError.badRequest("If-Match: expected one version such as \"3\" (quoted, as the ETag), but was '" + tag + "'");
    }
}
