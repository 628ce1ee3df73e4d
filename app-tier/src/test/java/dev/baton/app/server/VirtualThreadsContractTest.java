package dev.baton.app.server;

/** The shared contract, run against the virtual_threads model. */
class VirtualThreadsContractTest extends AppServerContract {
    @Override
    protected ServerModel model() {
        return ServerModel.VIRTUAL_THREADS;
    }
}
