/** nowait programs: one process per connection, the connection as its stdin and stdout. */
package dev.baton.superserver.program;
