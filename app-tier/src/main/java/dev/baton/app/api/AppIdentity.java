package dev.baton.app.api;

import dev.baton.app.server.ServerModel;

/**
 * Who this app server is, as {@code /whoami} and {@code /health} tell it.
 *
 * @param host advertised host (what the switch connects to)
 * @param port the port the server listens on
 */
public record AppIdentity(String id, ServerModel model, String host, int port) {}
