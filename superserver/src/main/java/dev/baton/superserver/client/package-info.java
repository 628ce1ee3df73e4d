/** The client library: {@link dev.baton.superserver.client.Binder} binds to a service by name through the daemon registry. */
package dev.baton.superserver.client;
