package dev.baton.app.server;

/** The shared contract, run against the event_loop model. */
class EventLoopContractTest extends AppServerContract {
    @Override
    protected ServerModel model() {
        return ServerModel.EVENT_LOOP;
    }
}
