package dev.baton.common.launch;

import java.util.List;
import java.util.Map;

/**
 * One process of the cluster: what to run and how to tell it is ready.
 *
 * @param name      short name, also the log file's name ({@code run/logs/<name>.log})
 * @param role      what it is (zookeeper, data, app, switch, superserver), for stop order and printing
 * @param module    the Maven module whose classpath it runs with
 * @param mainClass its main class
 * @param args      its arguments
 * @param env       extra environment variables
 * @param ports     ports it will listen on (checked free before anything starts)
 * @param ready     how to tell it is serving
 * @param endpoint  what to print as its address
 * @param wrapper   a command the java command runs under, e.g. {@code ip netns exec host1}; empty for none
 */
public record ProcessSpec(String name, Role role, String module, String mainClass, List<String> args,
                          Map<String, String> env, List<Integer> ports, ReadinessProbe ready, String endpoint,
                          List<String> wrapper) {

    public ProcessSpec(String name, Role role, String module, String mainClass, List<String> args,
                       Map<String, String> env, List<Integer> ports, ReadinessProbe ready, String endpoint) {
        this(name, role, module, mainClass, args, env, ports, ready, endpoint, List.of());
    }

    /** The same process, run under {@code wrapper} (for example in another network namespace). */
    public ProcessSpec wrappedIn(List<String> wrapper) {
        return new ProcessSpec(name, role, module, mainClass, args, env, ports, ready, endpoint, List.copyOf(wrapper));
    }

    /** Roles in start order; stop order is apps first, then the rest in reverse start order. */
    public enum Role { ZOOKEEPER, DATA, APP, SWITCH, SUPERSERVER }
}
