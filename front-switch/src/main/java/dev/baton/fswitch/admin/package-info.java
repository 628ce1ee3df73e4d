/** The switch's admin HTTP API (backends, drain, weight, reload, health, metrics) and the {@code status} command that reads it. */
package dev.baton.fswitch.admin;
