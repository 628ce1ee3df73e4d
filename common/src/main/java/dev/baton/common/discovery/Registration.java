package dev.baton.common.discovery;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A registered instance; {@link #close()} deregisters it, which tells balancers to stop choosing it. */
public final class Registration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private final ServiceDiscovery<InstanceDetails> serviceDiscovery;
    private final ServiceInstance<InstanceDetails> instance;
    private final AtomicBoolean closed = new AtomicBoolean();

    Registration(ServiceDiscovery<InstanceDetails> serviceDiscovery, ServiceInstance<InstanceDetails> instance) {
        this.serviceDiscovery = serviceDiscovery;
        this.instance = instance;
    }

    public String id() {
        return instance.getId();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            serviceDiscovery.unregisterService(instance);
            log.info("deregistered {}/{}", instance.getName(), instance.getId());
        } catch (Exception e) {
            // The node is ephemeral: if ZooKeeper is away it disappears with the session anyway.
            log.warn("deregistering {}/{} failed: {}", instance.getName(), instance.getId(), e.toString());
        }
    }
}
