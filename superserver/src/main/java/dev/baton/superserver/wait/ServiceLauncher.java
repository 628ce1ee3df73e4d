package dev.baton.superserver.wait;

import java.io.IOException;
import java.nio.file.Path;

/** Starts a wait service's process, telling it the handoff socket it must listen on. */
@FunctionalInterface
public interface ServiceLauncher {
    /** The environment variable (and {@code --handoff-socket} value) that names the socket. */
    String SOCKET_ENV = "BATON_HANDOFF_SOCKET";

    Process launch(Path handoffSocket) throws IOException;
}
