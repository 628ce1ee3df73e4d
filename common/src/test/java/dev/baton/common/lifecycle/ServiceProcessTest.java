package dev.baton.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceProcessTest {
    @Test
    void cannotStartPrintsOneLineNamingTheCommandAndReturnsTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = ServiceProcess.cannotStart("baton-sample", "cannot listen on 0.0.0.0:7001: address already in use",
                    new IllegalStateException("detail only in the debug log"));
        } finally {
            System.setErr(oldErr);
        }

        assertThat(code).isEqualTo(ServiceProcess.EXIT_STARTUP_FAILED).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().lines()).singleElement()
                .isEqualTo("baton-sample: cannot listen on 0.0.0.0:7001: address already in use");
    }

    @Test
    void exitHookClosesTheServiceBeforeItHaltsWithExitCodeZero() {
        List<String> events = new ArrayList<>();

        Thread hook = ServiceProcess.exitHook("sample-1", () -> events.add("closed"), code -> events.add("halt " + code));
        hook.run();

        assertThat(hook.getName()).isEqualTo("sample-1-exit");
        assertThat(events).containsExactly("closed", "halt 0");
    }
}
