/** wait services: started on the first connection, handed every connection over the handoff socket, stopped when idle. */
package dev.baton.superserver.wait;
