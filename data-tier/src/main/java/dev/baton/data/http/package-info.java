/**
 * The data tier's HTTP API (the contract with the app tier): routes over the stores, their request
 * validation and error mapping, per-route metrics, and the health answer. JDBC work runs on the JDBC
 * executor; nothing here blocks an event loop.
 */
package dev.baton.data.http;
