/** Implementation details of the store: schema migrations, SQL error classification and the insert that may meet an existing key. */
package dev.baton.data.store.internal;
