package dev.baton.superserver.limits;

import java.net.InetAddress;
import java.util.List;

/** Allow and deny lists of address blocks: deny wins; an empty allow list allows everyone. */
public record AccessList(List<Cidr> allow, List<Cidr> deny) {
    public AccessList {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public boolean permits(InetAddress source) {
        for (Cidr c : deny) {
            if (c.contains(source)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Cidr c : allow) {
            if (c.contains(source)) {
                return true;
            }
        }
        return false;
    }
}
