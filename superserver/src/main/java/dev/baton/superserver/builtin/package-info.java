/** inetd's internal services: echo, discard, daytime, chargen. */
package dev.baton.superserver.builtin;
