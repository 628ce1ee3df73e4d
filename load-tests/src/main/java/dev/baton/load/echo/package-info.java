/**
 * Echo through the switch: a small echo server that registers in ZooKeeper ({@link dev.baton.load.echo.EchoBackend}),
 * and {@code ./baton echo-switch}, which starts ZooKeeper, two of them and a relaying switch as processes so
 * {@code ./baton tcp-load echo} can run through the real switch.
 */
package dev.baton.load.echo;
