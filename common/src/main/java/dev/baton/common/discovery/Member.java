package dev.baton.common.discovery;

/** One registered instance as watchers see it: the Curator instance id and its details. */
public record Member(String id, InstanceDetails details) {
    public String address() {
        return details.host() + ":" + details.port();
    }
}
