package dev.baton.fswitch;

import dev.baton.common.discovery.InstanceDetails;
import dev.baton.common.discovery.Member;
import java.util.ArrayList;
import java.util.List;

/** Members for tests. */
public final class Members {
    private Members() {}

    public static Member member(String id, int port, int weight) {
        return new Member(id, new InstanceDetails("127.0.0.1", port, port, null, "test-host", weight, "z1", "test", "0"));
    }

    public static List<Member> members(int n) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(member("app-" + i, 9001 + i, 1));
        }
        return out;
    }
}
