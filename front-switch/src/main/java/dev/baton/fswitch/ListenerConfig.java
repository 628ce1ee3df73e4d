package dev.baton.fswitch;

import dev.baton.common.config.Check;
import dev.baton.fswitch.policy.Policies;

/**
 * One listening port of the switch. Keys left out inherit the top-level value of the same name.
 *
 * <pre>{@code
 * listeners:
 *   - name: web
 *     port: 8080
 *     policy: maglev
 *     proxy-protocol: true
 *   - name: content
 *     port: 8090
 *     mode: auto          # relay, handoff or auto
 *     dispatch: content   # connection (default) or content (HTTP/1.1 path, LARD/R)
 *     content: { high-load: 40 }
 * }</pre>
 *
 * @param mode          relay bytes, hand the socket off to same-host backends only, or auto (handoff where possible)
 * @param proxyProtocol send a PROXY protocol v2 header to the backend before the client's bytes (relay only)
 * @param dispatch      choose by connection (the policy) or by HTTP request content (LARD/R)
 * @param content       head bounds and LARD/R thresholds of content-aware dispatch
 */
public record ListenerConfig(String name, String bind, Integer port, Mode mode, String policy,
                             Boolean proxyProtocol, Integer connectTimeoutMs, Integer retries,
                             Integer idleTimeoutMs, Dispatch dispatch, ContentConfig content) {
    public ListenerConfig {
        if (port != null) {
            Check.port("listeners.port", port);
        }
        if (policy != null) {
            Policies.check("listeners.policy", policy);
        }
        if (connectTimeoutMs != null) {
            Check.positive("listeners.connect-timeout-ms", connectTimeoutMs);
        }
        if (retries != null) {
            Check.atLeast("listeners.retries", retries, 0);
        }
        if (idleTimeoutMs != null) {
            Check.atLeast("listeners.idle-timeout-ms", idleTimeoutMs, 0);
        }
    }

    /** This listener with every missing key taken from {@code top}. */
    ListenerConfig inherit(String defaultName, String topBind, int topPort, Mode topMode, String topPolicy,
                           boolean topProxy, int topConnect, int topRetries, int topIdle, Dispatch topDispatch,
                           ContentConfig topContent) {
        return new ListenerConfig(name != null ? name : defaultName, bind != null ? bind : topBind,
                port != null ? port : topPort, mode != null ? mode : topMode, policy != null ? policy : topPolicy,
                proxyProtocol != null ? proxyProtocol : topProxy, connectTimeoutMs != null ? connectTimeoutMs : topConnect,
                retries != null ? retries : topRetries, idleTimeoutMs != null ? idleTimeoutMs : topIdle,
                dispatch != null ? dispatch : topDispatch, content != null ? content : topContent);
    }
}
