package dev.baton.load.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the reference balancers with generated configs: HAProxy ({@code mode tcp}, round robin, one thread)
 * and nginx's stream module (one worker), each in the foreground as one process so its CPU can be read.
 */
public final class Balancers {
    private Balancers() {}

    static String haproxyConfig(int port, List<Integer> backends) {
        StringBuilder cfg = new StringBuilder("""
                global
                    nbthread 1
                    maxconn 8000
                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 60s
                    timeout server 60s
                frontend bench
                    bind 127.0.0.1:%d
                    default_backend apps
                backend apps
                    balance roundrobin
                """.formatted(port));
        for (int i = 0; i < backends.size(); i++) {
            cfg.append("    server app").append(i + 1).append(" 127.0.0.1:").append(backends.get(i)).append('\n');
        }
        return cfg.toString();
    }

    static String nginxConfig(Path dir, int port, List<Integer> backends, Path streamModule) {
        StringBuilder cfg = new StringBuilder();
        if (streamModule != null) {
            cfg.append("load_module ").append(streamModule).append(";\n");
        }
        cfg.append("""
                daemon off;
                master_process off;
                worker_processes 1;
                worker_rlimit_nofile 20000;
                pid %s/nginx.pid;
                error_log %s/nginx-error.log warn;
                events { worker_connections 10000; }
                stream {
                    upstream apps {
                """.formatted(dir, dir));
        for (int backend : backends) {
            cfg.append("        server 127.0.0.1:").append(backend).append(";\n");
        }
        cfg.append("""
                    }
                    server {
                        listen 127.0.0.1:%d;
                        proxy_pass apps;
                    }
                }
                """.formatted(port));
        return cfg.toString();
    }

    /** Starts HAProxy on {@code port} in front of {@code backends}. */
    public static BenchProcess haproxy(ProcessGroup group, int port, List<Integer> backends) {
        Path cfg = write(group.workDir().resolve("haproxy.cfg"), haproxyConfig(port, backends));
        return group.start("haproxy", List.of(Tools.find("haproxy").toString(), "-db", "-f", cfg.toString()));
    }

    /** Starts nginx (stream) on {@code port} in front of {@code backends}. */
    public static BenchProcess nginx(ProcessGroup group, int port, List<Integer> backends) {
        Path dir = group.workDir();
        Path cfg = write(dir.resolve("nginx.conf"), nginxConfig(dir, port, backends, Tools.nginxStreamModule()));
        return group.start("nginx", List.of(Tools.find("nginx").toString(), "-p", dir.toString(), "-e",
                dir.resolve("nginx-error.log").toString(), "-c", cfg.toString()));
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
