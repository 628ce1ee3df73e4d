package dev.baton.common.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Identifies this network host: the kernel's boot id plus this process's network namespace. Two
 * processes may hand sockets to each other only when both are equal (same kernel, same network stack).
 */
public final class HostIdentity {
    private HostIdentity() {}

    /** {@code BATON_HOST_ID} if set, otherwise boot id and network namespace, otherwise the host name. */
    public static String current() {
        String configured = System.getenv("BATON_HOST_ID");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String netns = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
            return boot + "/" + netns;
        } catch (IOException | UnsupportedOperationException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException ex) {
                return "unknown-host";
            }
        }
    }
}
