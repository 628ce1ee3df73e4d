package dev.baton.common.handoff;

import io.netty.channel.unix.FileDescriptor;

/**
 * A connection received from the switch: the client socket's descriptor, now owned by the receiver,
 * and its header. Whoever takes it must wrap the descriptor in a channel or close it.
 */
public record HandedOff(FileDescriptor descriptor, HandoffHeader header) {}
