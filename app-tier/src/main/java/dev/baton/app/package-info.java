/**
 * The app server: {@link dev.baton.app.AppServerMain} wires configuration, the chosen server model,
 * the data-tier client and ZooKeeper registration together.
 */
package dev.baton.app;
