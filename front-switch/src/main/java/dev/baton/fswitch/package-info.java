/**
 * Baton's front switch: {@link dev.baton.fswitch.SwitchMain} (the process), {@link dev.baton.fswitch.FrontSwitch}
 * (everything wired together) and its configuration records.
 */
package dev.baton.fswitch;
