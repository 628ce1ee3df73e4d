package dev.baton.app.data;

import java.util.Optional;

/**
 * A data-tier answer below 500 (2xx to 4xx): those are the data tier's verdicts and pass to the app's
 * client as they are.
 *
 * @param etag            the ETag header, if any
 * @param idempotentReplay whether the data tier answered a transfer from its idempotency record
 */
public record DataResponse(int status, String contentType, Optional<String> etag, boolean idempotentReplay, byte[] body) {
    public DataResponse {
        contentType = contentType == null ? "application/octet-stream" : contentType;
        body = body == null ? new byte[0] : body;
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
