/** xinetd-style connection limits: access lists, instances, per-source, rate with back-off, burst-logged refusals. */
package dev.baton.superserver.limits;
