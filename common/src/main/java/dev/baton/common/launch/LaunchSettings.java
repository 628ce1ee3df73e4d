package dev.baton.common.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how cluster processes run: the source root (for module classpaths), the runtime
 * directory, the java binary and its options.
 */
public record LaunchSettings(Path root, Path runDir, String java, List<String> jvmOptions, String setsid) {

    /** Settings that run children on the launcher's own JVM. */
    public static LaunchSettings defaults(Path root, Path runDir) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> options = new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                // The blocking app models wrap a handed-off descriptor in a JDK SocketChannel, which has no public API.
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            // Netty's native transport and its Unsafe use would print warnings on every start otherwise.
            options.add("--enable-native-access=ALL-UNNAMED");
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        String setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : null;
        return new LaunchSettings(root.toAbsolutePath().normalize(), runDir.toAbsolutePath().normalize(), java,
                List.copyOf(options), setsid);
    }
}
