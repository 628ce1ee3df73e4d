package dev.baton.app.data;

import dev.baton.common.discovery.Discovery;
import dev.baton.common.discovery.Member;
import dev.baton.common.discovery.Membership;
import dev.baton.common.discovery.ServiceNames;
import dev.baton.common.lifecycle.Closeables;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The data tier's instances as registered in ZooKeeper (service {@code data}); while ZooKeeper is
 * away the last known members stay in use.
 */
public final class DiscoveredEndpoints implements DataTierEndpoints {
    private final Membership membership;
    private volatile List<URI> uris = List.of();

    private DiscoveredEndpoints(Discovery discovery) throws Exception {
        this.membership = discovery.watch(ServiceNames.DATA, Duration.ofMillis(50), this::update);
        update(membership.current());
    }

    /** Starts watching the {@code data} service. */
    public static DiscoveredEndpoints watch(Discovery discovery) throws Exception {
        return new DiscoveredEndpoints(discovery);
    }

    private void update(List<Member> members) {
        uris = members.stream().map(m -> URI.create("http://" + m.address())).toList();
    }

    @Override
    public List<URI> current() {
        return uris;
    }

    @Override
    public void close() {
        Closeables.closeQuietly(membership);
    }
}
