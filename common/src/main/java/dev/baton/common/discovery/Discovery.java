package dev.baton.common.discovery;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.ServiceInstance;
import org.apache.curator.x.discovery.ServiceType;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;

/**
 * Baton's view of Curator service discovery under {@link ServiceNames#BASE_PATH}: register an
 * instance, or watch a service's members.
 *
 * <pre>{@code
 * try (Discovery discovery = Discovery.start(curator);
 *      Registration r = discovery.register("app", "app-1", details)) { ... }
 * }</pre>
 */
public final class Discovery implements AutoCloseable {
    private final ServiceDiscovery<InstanceDetails> serviceDiscovery;

    private Discovery(ServiceDiscovery<InstanceDetails> serviceDiscovery) {
        this.serviceDiscovery = serviceDiscovery;
    }

    /** Starts discovery on a started Curator client. */
    public static Discovery start(CuratorFramework client) throws Exception {
        ServiceDiscovery<InstanceDetails> sd = ServiceDiscoveryBuilder.builder(InstanceDetails.class)
                .client(client)
                .basePath(ServiceNames.BASE_PATH)
                .serializer(new JsonInstanceSerializer<>(InstanceDetails.class))
                .watchInstances(true)
                .build();
        sd.start();
        return new Discovery(sd);
    }

    /**
     * Registers an ephemeral instance. Curator re-registers it after a session loss
     * ({@code RECONNECTED}); closing the returned registration deregisters it.
     */
    public Registration register(String service, String id, InstanceDetails details) throws Exception {
        ServiceInstance<InstanceDetails> instance = ServiceInstance.<InstanceDetails>builder()
                .name(service)
                .id(id)
                .address(details.host())
                .port(details.port())
                .payload(details)
                .serviceType(ServiceType.DYNAMIC)
                .build();
        serviceDiscovery.registerService(instance);
        return new Registration(serviceDiscovery, instance);
    }

    /**
     * Watches a service's members. The listener gets an immutable snapshot at most once per
     * {@code coalesce} window, and never an empty one caused by losing ZooKeeper.
     */
    public Membership watch(String service, Duration coalesce, Consumer<List<Member>> listener) throws Exception {
        Membership membership = new Membership(serviceDiscovery, service, coalesce, listener);
        membership.start();
        return membership;
    }

    public ServiceDiscovery<InstanceDetails> serviceDiscovery() {
        return serviceDiscovery;
    }

    @Override
    public void close() throws Exception {
        serviceDiscovery.close();
    }
}
