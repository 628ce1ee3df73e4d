package dev.baton.load.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EchoSwitchArgsTest {

    @Test
    void refusesBadLoadArgumentsBeforeStartingAnything(@TempDir Path root) {
        int code = new CommandLine(new EchoSwitchMain()).execute("--root", root.toString(), "--", "--duration", "0");

        assertThat(code).isEqualTo(2);
        assertThat(Files.exists(root.resolve("run/echo-switch"))).as("no run directory, so nothing started").isFalse();
    }
}
