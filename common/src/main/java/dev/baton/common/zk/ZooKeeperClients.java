package dev.baton.common.zk;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;

/** Builds Curator clients the same way in every process. */
public final class ZooKeeperClients {
    private ZooKeeperClients() {}

    /**
     * Starts a client and waits up to {@code connectWait} for the first connection.
     *
     * @throws IllegalStateException naming the connect string when ZooKeeper cannot be reached in time
     */
    public static CuratorFramework start(String connect, Duration sessionTimeout, Duration connectWait)
            throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) Math.min(sessionTimeout.toMillis(), 15_000))
                .retryPolicy(new ExponentialBackoffRetry(100, 5, 2_000))
                .build();
        client.start();
        if (!client.blockUntilConnected((int) connectWait.toMillis(), TimeUnit.MILLISECONDS)) {
            client.close();
            throw new IllegalStateException("cannot reach ZooKeeper at " + connect + " within " + connectWait.toSeconds() + "s");
        }
        return client;
    }
}
