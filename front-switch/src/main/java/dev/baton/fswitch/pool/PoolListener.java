package dev.baton.fswitch.pool;

/** Hears what happens to the pool's members, for metrics and logs; called on the thread that caused it. */
public interface PoolListener {
    default void added(Backend backend) {}

    default void removed(Backend backend) {}

    default void ejected(Backend backend) {}

    PoolListener NONE = new PoolListener() {};

    /** Tells {@code first}, then {@code second}. */
    static PoolListener both(PoolListener first, PoolListener second) {
        return new PoolListener() {
            @Override
            public void added(Backend backend) {
                first.added(backend);
                second.added(backend);
            }

            @Override
            public void removed(Backend backend) {
                first.removed(backend);
                second.removed(backend);
            }

            @Override
            public void ejected(Backend backend) {
                first.ejected(backend);
                second.ejected(backend);
            }
        };
    }
}
