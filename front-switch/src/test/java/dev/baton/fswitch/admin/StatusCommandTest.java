package dev.baton.fswitch.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatusCommandTest {
    @Test
    void exitsOneWithAClearMessageWhenTheSwitchDoesNotAnswer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new StatusCommandAccess(out, err).run("--admin", "http://127.0.0.1:" + port);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("baton status: the switch does not answer at http://127.0.0.1:" + port);
        assertThat(out.size()).isZero();
    }
}
