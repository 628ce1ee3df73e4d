/**
 * TCP handoff over a Unix domain socket: the switch passes an accepted client socket (SCM_RIGHTS) to
 * an app server on the same host, which then serves the client directly.
 *
 * <p>Wire format. A Netty domain channel reads either bytes or descriptors, never both, so a sender
 * opens a <em>pair</em> of connections to the receiver, a session: a control connection that carries
 * framed bytes, and a descriptor connection that, after a one-time hello, carries only descriptors.
 * Every handoff is one {@code HEADER} frame on the control connection and one descriptor on the other,
 * both written from the session's single event loop, so the receiver pairs them first-in first-out.
 * Any error closes the whole session, and the receiver closes every descriptor it could not pair.
 *
 * <pre>
 * frame   = u32 length, u8 type, payload            (length counts type and payload)
 * HELLO   = u8 role (1 control, 2 descriptors), u64 session-hi, u64 session-lo
 * ACK     = (empty)                                 receiver: hello accepted
 * HEADER  = u64 connection-id, u8 family (4|6), address, u16 port, u32 n, n prefix bytes
 * LOAD    = u32 active connections, u64 handoffs received        receiver, every 50 ms
 * </pre>
 *
 * <p>Both ends check the peer's user id (SO_PEERCRED) before they pass or accept a descriptor.
 */
package dev.baton.common.handoff;
