package dev.baton.load.echo;

import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.lifecycle.ProcessLifecycle;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The echo backend as a process: serves until SIGTERM, deregistering from ZooKeeper first. */
@Command(name = "echo-backend", mixinStandardHelpOptions = true,
        description = "A TCP echo server on 127.0.0.1 that registers in ZooKeeper, for load through the switch.")
public final class EchoBackendMain implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "instance id in ZooKeeper")
    String id;
    @Option(names = "--port", description = "port on 127.0.0.1; 0 picks one (default: 0)")
    int port;
    @Option(names = "--zookeeper", description = "ZooKeeper connect string (default: 127.0.0.1:2181)")
    String zookeeper = "127.0.0.1:2181";
    // The switch balances over the instances of "app"; only a ZooKeeper of its own makes echo servers its app.
    @Option(names = "--service", description = "service to register as (default: app, the service the switch watches)")
    String service = ServiceNames.APP;

    public static void main(String[] args) {
        int code = new CommandLine(new EchoBackendMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        ProcessLifecycle life = ProcessLifecycle.install(id);
        EchoBackend echo = life.add(EchoBackend.start(id, port, zookeeper, service));
        System.out.printf("%s: echo on 127.0.0.1:%d, registered as '%s' in ZooKeeper %s%n", id, echo.port(), service,
                zookeeper);
        life.awaitShutdown();
        return 0;
    }
}
