package dev.baton.common.handoff;

import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The SO_PEERCRED rule: descriptors move only between processes of the expected user. */
final class PeerCheck {
    private PeerCheck() {}

    /** This process's user id. */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot tell this process's user id: " + e, e);
        }
    }

    /** Null when the peer is {@code expectedUid}, else why not. */
    static String verify(EpollDomainSocketChannel channel, int expectedUid) {
        try {
            PeerCredentials creds = channel.peerCredentials();
            return creds.uid() == expectedUid ? null
                    : "peer pid " + creds.pid() + " runs as uid " + creds.uid() + ", expected uid " + expectedUid;
        } catch (IOException e) {
            return "cannot read peer credentials: " + e.getMessage();
        }
    }
}
