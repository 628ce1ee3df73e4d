/**
 * The superserver (inetd-style on-demand services: nowait handlers and programs, wait services handed
 * their connections over SCM_RIGHTS) and, in the same process, the daemon registry.
 * Entry point: {@link dev.baton.superserver.SuperserverMain}.
 */
package dev.baton.superserver;
