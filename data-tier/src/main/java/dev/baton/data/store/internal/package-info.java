/** Implementation details of the store: schema migrations and SQL error classification. */
package dev.baton.data.store.internal;
