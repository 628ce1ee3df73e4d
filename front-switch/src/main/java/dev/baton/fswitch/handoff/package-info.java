/**
 * The switch's side of TCP handoff (issue 4): {@link dev.baton.fswitch.handoff.HandoffClients} keeps one
 * handoff client per same-host backend and turns its load reports into the backend's load;
 * {@link dev.baton.fswitch.handoff.HttpHeadReader} reads a bounded HTTP/1.1 request head for content-aware
 * dispatch. The frontend handler in {@code relay} decides per backend whether to hand off or relay.
 */
package dev.baton.fswitch.handoff;
