package dev.baton.fswitch.pool;

/**
 * Hears what happens to the pool's members, for metrics and logs; called on the thread that caused it (a
 * membership update, or the close of a leaving backend's last connection). A backend is {@link #added}, then
 * at most once {@link #left} and {@link #removed}, in that order; removed may come later than left, when the
 * last connection the switch holds to it ends.
 */
public interface PoolListener {
    default void added(Backend backend) {}

    /** It left the membership and takes no new connections; the pool may still list it while it holds some. */
    default void left(Backend backend) {}

    /** The pool no longer lists it. */
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
            public void left(Backend backend) {
                first.left(backend);
                second.left(backend);
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
