/** A small wait service for demos and tests: an echo server fed by handed-off sockets. */
package dev.baton.superserver.demo;
