/**
 * The relay path, shaped like Netty's HexDumpProxy: {@link dev.baton.fswitch.relay.SwitchServer} binds a listener,
 * {@link dev.baton.fswitch.relay.SwitchInitializer} builds each client pipeline,
 * {@link dev.baton.fswitch.relay.RelayFrontendHandler} picks a backend and hands the socket off to it (same host,
 * modes handoff and auto) or connects to it (retrying others) and relays client bytes, {@link dev.baton.fswitch.relay.RelayBackendHandler} relays the backend's bytes back.
 */
package dev.baton.fswitch.relay;
