package dev.baton.app.server;

/** The shared contract, run against the single_threaded model. */
class SingleThreadedContractTest extends AppServerContract {
    @Override
    protected ServerModel model() {
        return ServerModel.SINGLE_THREADED;
    }
}
