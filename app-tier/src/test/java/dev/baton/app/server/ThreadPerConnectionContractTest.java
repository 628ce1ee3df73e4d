package dev.baton.app.server;

/** The shared contract, run against the thread_per_connection model. */
class ThreadPerConnectionContractTest extends AppServerContract {
    @Override
    protected ServerModel model() {
        return ServerModel.THREAD_PER_CONNECTION;
    }
}
