package dev.baton.app.data;

import java.net.URI;
import java.util.List;

/** Where the data tier is: the base URIs of its instances, balanced round robin by the client. */
public interface DataTierEndpoints extends AutoCloseable {
    /** The current instances' base URIs ({@code http://host:port}); empty when none is known. */
    List<URI> current();

    /** Fixed endpoints, e.g. from {@code --data-url} or a test. */
    static DataTierEndpoints of(List<URI> uris) {
        List<URI> copy = List.copyOf(uris);
        return new DataTierEndpoints() {
            @Override
            public List<URI> current() {
                return copy;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    void close();
}
