/**
 * What the four server models share: the model names, the {@link dev.baton.app.server.AppServer}
 * contract, streamed responses, and connection tracking for graceful drain.
 */
package dev.baton.app.server;
