package dev.baton.load.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the external programs a suite needs (HAProxy, nginx with the stream module, wrk). */
public final class Tools {
    static final String INSTALL = "apt-get install -y haproxy nginx libnginx-mod-stream wrk";

    private Tools() {}

    /** The absolute path of {@code program} on PATH (or /usr/sbin), or null. */
    public static Path find(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The nginx stream module's shared object when it must be loaded, or null when nginx has it built in. */
    public static Path nginxStreamModule() {
        for (String dir : List.of("/usr/lib/nginx/modules", "/usr/share/nginx/modules", "/usr/lib64/nginx/modules")) {
            Path module = Path.of(dir, "ngx_stream_module.so");
            if (Files.isRegularFile(module)) {
                return module;
            }
        }
        return null;
    }

    /** Fails with how to install them when any of {@code programs} is missing. */
    public static void require(List<String> programs) {
        List<String> missing = new ArrayList<>();
        for (String program : programs) {
            if (find(program) == null) {
                missing.add(program);
            }
        }
        if (programs.contains("nginx") && find("nginx") != null && nginxStreamModule() == null && !nginxHasStream()) {
            missing.add("nginx stream module (libnginx-mod-stream)");
        }
        if (!missing.isEmpty()) {
            throw new BenchException("missing: " + String.join(", ", missing) + "; install with: " + INSTALL);
        }
    }

    private static boolean nginxHasStream() {
        try {
            Process p = new ProcessBuilder(find("nginx").toString(), "-V").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.contains("--with-stream") && !out.contains("--with-stream=dynamic");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
