package dev.baton.superserver.config;

/** The built-in services of inetd (RFC 862, 863, 867, 864). */
public enum InternalService {
    ECHO, DISCARD, DAYTIME, CHARGEN
}
