/** Active health checks of the pool's backends (TCP connect or HTTP GET) with rise and fall counts. */
package dev.baton.fswitch.health;
