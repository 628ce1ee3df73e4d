/** The services file: immutable, validated records whose errors name the key and the bad value. */
package dev.baton.superserver.config;
