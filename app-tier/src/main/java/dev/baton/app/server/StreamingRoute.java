package dev.baton.app.server;

import dev.baton.common.http.HttpError;
import dev.baton.common.http.Request;
import dev.baton.common.http.Route;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletionStage;

/**
 * A route whose answer is streamed. The app's servers recognise it after routing and call
 * {@link #stream}; it is registered in a common {@link dev.baton.common.http.Router} like any route.
 */
public interface StreamingRoute extends Route {
    /** Validates the request (throwing {@link HttpError} for bad input) and describes the stream. */
    StreamedResponse stream(Request request);

    /** Servers that cannot stream (common's aggregating handler) get a clear 501, not a huge buffer. */
    @Override
    default CompletionStage<FullHttpResponse> handle(Request request) {
        throw new HttpError(HttpResponseStatus.NOT_IMPLEMENTED, "this server cannot stream " + request.path());
    }
}
