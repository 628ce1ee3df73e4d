package dev.baton.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Command(name = "baton-sample", mixinStandardHelpOptions = true)
    static final class Sample implements Callable<Integer> {
        @Option(names = "--port", description = "a port")
        Integer port;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void anOptionThatDoesNotParseIsOneLineAndExitCodeTwoNotTheUsageText() {
        for (String[] args : new String[][] {{"--port", "abc"}, {"--bogus"}}) {
            StringWriter err = new StringWriter();
            CommandLine cl = ServiceProcess.commandLine(new Sample());
            cl.setErr(new PrintWriter(err, true));

            int code = cl.execute(args);

            assertThat(code).isEqualTo(ServiceProcess.EXIT_STARTUP_FAILED);
            assertThat(err.toString().strip().lines()).singleElement().asString()
                    .startsWith("baton-sample: ").contains(args[0]).endsWith("(see --help)");
        }
    }
}
