/**
 * The app server's HTTP API (issue 5), model-agnostic: routes return completion stages, so the event
 * loop never blocks on them and the blocking models simply wait for them.
 */
package dev.baton.app.api;
