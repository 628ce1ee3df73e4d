package dev.baton.fswitch;

import dev.baton.common.config.Check;

/**
 * Content-aware dispatch ({@code dispatch: content}): bounds on reading the request head and the LARD/R
 * thresholds (Pai et al., ASPLOS 1998). Loads are active connections per backend.
 *
 * <pre>{@code
 * content: { head-max-bytes: 8192, head-timeout-ms: 2000, low-load: 25, high-load: 65, idle-ms: 20000 }
 * }</pre>
 *
 * @param headMaxBytes  largest request head read before choosing; larger gets 400; default 8192
 * @param headTimeoutMs longest wait for the whole head; slower gets 408; default 2000
 * @param lowLoad       T_low: a backend below it is lightly loaded; default 25
 * @param highLoad      T_high: a target's server set grows when its least loaded member is above it (and some
 *                      backend is below T_low), or at twice it in any case; default 65
 * @param idleMs        a server set that has not changed for this long gives up its most loaded member; default 20000
 * @param maxTargets    targets remembered (least recently used are forgotten); default 10000
 */
public record ContentConfig(Integer headMaxBytes, Integer headTimeoutMs, Integer lowLoad, Integer highLoad,
                            Integer idleMs, Integer maxTargets) {
    public ContentConfig {
        headMaxBytes = (int) Check.positive("content.head-max-bytes", HealthConfig.orElse(headMaxBytes, 8192));
        if (headMaxBytes > 60 * 1024) {
            throw new IllegalArgumentException("content.head-max-bytes: " + headMaxBytes + " (expected: at most 61440)");
        }
        headTimeoutMs = (int) Check.positive("content.head-timeout-ms", HealthConfig.orElse(headTimeoutMs, 2000));
        lowLoad = (int) Check.atLeast("content.low-load", HealthConfig.orElse(lowLoad, 25), 0);
        highLoad = (int) Check.positive("content.high-load", HealthConfig.orElse(highLoad, 65));
        if (highLoad < lowLoad) {
            throw new IllegalArgumentException("content.high-load: " + highLoad + " (expected: at least low-load " + lowLoad + ")");
        }
        idleMs = (int) Check.positive("content.idle-ms", HealthConfig.orElse(idleMs, 20_000));
        maxTargets = (int) Check.positive("content.max-targets", HealthConfig.orElse(maxTargets, 10_000));
    }

    public static ContentConfig defaults() {
        return new ContentConfig(null, null, null, null, null, null);
    }
}
