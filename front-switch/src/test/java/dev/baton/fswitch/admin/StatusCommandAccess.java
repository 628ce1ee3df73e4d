package dev.baton.fswitch.admin;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs {@link StatusCommand} with captured output. */
public final class StatusCommandAccess {
    private final PrintStream out;
    private final PrintStream err;

    public StatusCommandAccess(OutputStream out, OutputStream err) {
        this.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        this.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    }

    public int run(String... args) {
        return new CommandLine(new StatusCommand(out, err)).execute(args);
    }
}
