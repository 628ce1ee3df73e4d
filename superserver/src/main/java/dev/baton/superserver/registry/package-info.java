/** The daemon registry: a line protocol on port 7111 over an in-memory or ZooKeeper endpoint table (docs/registry-protocol.md). */
package dev.baton.superserver.registry;
