package dev.baton.superserver.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.baton.common.config.Addresses;
import dev.baton.common.config.Check;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One service of the services file. Every failure message names the key as
 * {@code services.<name>.<key>} and the bad value.
 *
 * <pre>{@code
 * services:
 *   - name: echo
 *     port: 7007
 *     mode: nowait
 *     type: internal
 *     internal: echo
 *   - name: count
 *     port: 7010
 *     type: program
 *     program: [wc, -c]
 *     limits: {per-source: 2, connections-per-second: 50, back-off-seconds: 10, deny: [10.0.0.0/8]}
 *   - name: app
 *     port: 7020
 *     mode: wait
 *     type: java
 *     main-class: dev.baton.superserver.demo.WaitEchoMain
 *     idle-seconds: 60
 * }</pre>
 *
 * @param name           service name, letters, digits, {@code . _ -}
 * @param bind           listen address (default 0.0.0.0)
 * @param port           TCP port; 0 picks a free one (tests)
 * @param mode           nowait (default) or wait
 * @param type           internal, program or java
 * @param internal       the built-in service, for type internal
 * @param program        argv of the program, for type program
 * @param mainClass      main class, for type java
 * @param classpath      class path of the java service (default: the superserver's own)
 * @param jvmArgs        JVM options of the java service
 * @param args           arguments after the main class
 * @param idleSeconds    wait: stop the service after this long without connections (default 60)
 * @param startTimeoutMs wait: how long connections wait for the service to start (default 15000)
 * @param maxWaiting     wait: connections that may wait for the start; more are refused (default 256)
 * @param stopTimeoutMs  wait: SIGTERM grace before SIGKILL (default 5000)
 * @param limits         connection limits
 */
public record ServiceConfig(String name, String bind, int port, ServiceMode mode, ServiceType type,
                            InternalService internal, List<String> program, String mainClass, String classpath,
                            List<String> jvmArgs, List<String> args, int idleSeconds, int startTimeoutMs,
                            int maxWaiting, int stopTimeoutMs, LimitsConfig limits) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    public ServiceConfig {
        program = Keys.list(program);
        jvmArgs = Keys.list(jvmArgs);
        args = Keys.list(args);
    }

    @JsonCreator
    static ServiceConfig fromYaml(@JsonProperty("name") String name,
                                  @JsonProperty("bind") String bind,
                                  @JsonProperty("port") Integer port,
                                  @JsonProperty("mode") String mode,
                                  @JsonProperty("type") String type,
                                  @JsonProperty("internal") String internal,
                                  @JsonProperty("program") List<String> program,
                                  @JsonProperty("main-class") String mainClass,
                                  @JsonProperty("classpath") String classpath,
                                  @JsonProperty("jvm-args") List<String> jvmArgs,
                                  @JsonProperty("args") List<String> args,
                                  @JsonProperty("idle-seconds") Integer idleSeconds,
                                  @JsonProperty("start-timeout-ms") Integer startTimeoutMs,
                                  @JsonProperty("max-waiting") Integer maxWaiting,
                                  @JsonProperty("stop-timeout-ms") Integer stopTimeoutMs,
                                  @JsonProperty("limits") LimitsConfig.Yaml limits) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("services.name: '" + name + "' (expected: 1-64 letters, digits, '.', '_' or '-')");
        }
        String k = "services." + name + ".";
        if (port == null) {
            throw new IllegalArgumentException(k + "port: missing (expected: 0-65535)");
        }
        ServiceMode m = Keys.oneOf(k + "mode", ServiceMode.class, mode, ServiceMode.NOWAIT);
        if (type == null) {
            throw new IllegalArgumentException(k + "type: missing (expected one of: [internal, program, java])");
        }
        ServiceType t = Check.oneOf(k + "type", ServiceType.class, type);
        InternalService builtin = null;
        switch (t) {
            case INTERNAL -> {
                if (m == ServiceMode.WAIT) {
                    throw new IllegalArgumentException(k + "mode: 'wait' (expected: nowait for type internal)");
                }
                if (internal == null) {
                    throw new IllegalArgumentException(k + "internal: missing (expected one of: [echo, discard, daytime, chargen])");
                }
                builtin = Check.oneOf(k + "internal", InternalService.class, internal);
            }
            case PROGRAM -> {
                if (program == null || program.isEmpty() || program.get(0) == null || program.get(0).isBlank()) {
                    throw new IllegalArgumentException(k + "program: " + program + " (expected: a non-empty argv list)");
                }
            }
            case JAVA -> {
                if (m != ServiceMode.WAIT) {
                    throw new IllegalArgumentException(k + "mode: '" + Keys.lower(m) + "' (expected: wait for type java)");
                }
                if (mainClass == null || !CLASS_NAME.matcher(mainClass).matches()) {
                    throw new IllegalArgumentException(k + "main-class: '" + mainClass + "' (expected: a fully qualified class name)");
                }
            }
        }
        return new ServiceConfig(name,
                Addresses.bind(k + "bind", Keys.orDefault(bind, "0.0.0.0")),
                Check.port(k + "port", port), m, t, builtin, program, mainClass, classpath, jvmArgs, args,
                (int) Check.positive(k + "idle-seconds", Keys.orDefault(idleSeconds, 60)),
                (int) Check.positive(k + "start-timeout-ms", Keys.orDefault(startTimeoutMs, 15_000)),
                (int) Check.positive(k + "max-waiting", Keys.orDefault(maxWaiting, 256)),
                (int) Check.atLeast(k + "stop-timeout-ms", Keys.orDefault(stopTimeoutMs, 5_000), 0),
                LimitsConfig.of(k + "limits", limits));
    }

    /** A copy listening on another port (tests bind port 0 and learn the real one). */
    public ServiceConfig withPort(int newPort) {
        return new ServiceConfig(name, bind, Check.port("services." + name + ".port", newPort), mode, type, internal,
                program, mainClass, classpath, jvmArgs, args, idleSeconds, startTimeoutMs, maxWaiting, stopTimeoutMs, limits);
    }
}
