package dev.baton.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./baton load} ({@code load.sh}) refuses a bad value in one line with exit 2 before it starts Maven and
 * Gatling, which would otherwise crash on it under some ninety lines of their own output.
 */
class LoadScriptTest {
    private static final Path SCRIPT = Path.of("load.sh"); // surefire runs in the module's directory

    @ParameterizedTest
    @ValueSource(strings = {"--duration 0", "--duration -5s", "--duration 5h", "--rate 0", "--rate -1", "--rate x",
            "--p99-ms 0", "--max-error-pct 101", "--keys 0", "--url ftp://host", "--url http://host"})
    void aBadValueIsOneLineAndExit2(String option) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "writes"));
        command.addAll(List.of(option.split(" ")));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines()).as(out).hasSize(1).first().asString()
                .startsWith("load.sh: " + option.split(" ")[0] + ": '" + option.split(" ")[1] + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nosuch", "--help"})
    void anUnknownSimulationOrHelpIsExit2WithoutMaven(String first) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), first).redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
    }
}
