package dev.baton.superserver.program;

import dev.baton.superserver.config.ServiceConfig;
import dev.baton.superserver.config.ServiceType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The argv that runs a service: the program as configured, or a JVM with the service's main class. */
public final class ServiceCommand {
    private ServiceCommand() {}

    public static List<String> argv(ServiceConfig service) {
        if (service.type() != ServiceType.JAVA) {
            return service.program();
        }
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(service.jvmArgs());
        argv.add("-cp");
        argv.add(service.classpath() != null ? service.classpath() : System.getProperty("java.class.path"));
        argv.add(service.mainClass());
        argv.addAll(service.args());
        return List.copyOf(argv);
    }

    /** A process builder for the service, its output appended to {@code log}, knowing its parent's pid. */
    public static ProcessBuilder builder(ServiceConfig service, Path log) {
        ProcessBuilder pb = new ProcessBuilder(argv(service));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("BATON_SERVICE", service.name());
        // The child's ProcessLifecycle watchdog stops it if the superserver dies without stopping it.
        pb.environment().put("BATON_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
        return pb;
    }
}
