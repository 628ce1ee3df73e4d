package dev.baton.superserver.registry;

import static dev.baton.common.testing.SocketLines.readLine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.superserver.Superserver;
import dev.baton.superserver.TestSupport;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry daemon over real sockets: framing, limits and bad input. */
class RegistryServerTest {
    @TempDir
    Path dir;

    private Superserver server;

    @BeforeEach
    void start() throws Exception {
        server = TestSupport.start(dir, """
                registry: {port: 0, bind: 127.0.0.1, token: sesame-sesame}
                """);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", server.registryPort());
        s.setSoTimeout(5000);
        return s;
    }

    private static void send(Socket s, String text) throws Exception {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        try (Socket s = connect()) {
            send(s, "PING\r\nREGISTER echo 1 127.0.0.1 7 sesame-sesame\r\nLOOKUP echo\nDUMP\n");
            InputStream in = s.getInputStream();
            assertThat(readLine(in)).isEqualTo("PONG");
            assertThat(readLine(in)).matches("OK \\S+ \\S+ 30");
            assertThat(readLine(in)).isEqualTo("OK 1 1");
            assertThat(readLine(in)).startsWith("echo 1 127.0.0.1 7 ");
            assertThat(readLine(in)).isEqualTo("OK 1 1");
        }
    }

    @Test
    void oversizeLineGetsAnErrorAndAClose() throws Exception {
        try (Socket s = connect()) {
            send(s, "LOOKUP " + "a".repeat(600) + "\n");
            assertThat(readLine(s.getInputStream())).isEqualTo("ERR 413 line too long");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        try (Socket s = connect()) {
            send(s, "x".repeat(100_000)); // no line end at all
            assertThat(readLine(s.getInputStream())).isEqualTo("ERR 413 line too long");
        }
    }

    @Test
    void binaryLineGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        try (Socket s = connect()) {
            send(s, "PI\u0000NG\n\u00ff\u00fe\nPING\n");
            assertThat(readLine(s.getInputStream())).startsWith("ERR 400 malformed");
            assertThat(readLine(s.getInputStream())).startsWith("ERR 400 malformed");
            assertThat(readLine(s.getInputStream())).isEqualTo("PONG");
        }
    }

    @Test
    void tooManyErrorsCloseTheConnection() throws Exception {
        try (Socket s = connect()) {
            send(s, "BAD\n".repeat(RegistryHandler.MAX_ERRORS));
            for (int i = 0; i < RegistryHandler.MAX_ERRORS; i++) {
                assertThat(readLine(s.getInputStream())).startsWith("ERR 400");
            }
            assertThat(readLine(s.getInputStream())).contains("too many errors");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void errorsThatBlameTheClientCountTowardTheCloseNotOnlyMalformedLines() throws Exception {
        // A token guesser gets 401s; before, only ERR 400 counted, so it could guess forever on one connection.
        try (Socket s = connect()) {
            send(s, "REGISTER echo 1 127.0.0.1 7 guess\n".repeat(RegistryHandler.MAX_ERRORS) + "PING\n");
            for (int i = 0; i < RegistryHandler.MAX_ERRORS; i++) {
                assertThat(readLine(s.getInputStream())).isEqualTo("ERR 401 bad token");
            }
            assertThat(readLine(s.getInputStream())).contains("too many errors");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void theLineLimitCountsTheLineEnd() throws Exception {
        String lookup = "LOOKUP ";
        for (String end : new String[] {"\n", "\r\n"}) {
            String fits = lookup + "a".repeat(512 - lookup.length() - end.length());
            try (Socket s = connect()) {
                send(s, fits + end + "PING\n");
                // the name is too long for a name, but the line is not too long for a line
                assertThat(readLine(s.getInputStream())).as("512 bytes").isEqualTo("ERR 400 bad name");
                assertThat(readLine(s.getInputStream())).isEqualTo("PONG");
            }
            try (Socket s = connect()) {
                send(s, fits + "a" + end);
                assertThat(readLine(s.getInputStream())).as("513 bytes").isEqualTo("ERR 413 line too long");
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void sixtyFourUnansweredLinesAreServedAndOneMoreIsRefusedAfterThem() throws Exception {
        try (Socket s = connect()) {
            send(s, "PING\n".repeat(RegistryHandler.MAX_UNANSWERED));
            for (int i = 0; i < RegistryHandler.MAX_UNANSWERED; i++) {
                assertThat(readLine(s.getInputStream())).isEqualTo("PONG");
            }
            send(s, "PING\n");
            assertThat(readLine(s.getInputStream())).as("still open").isEqualTo("PONG");
        }
        try (Socket s = connect()) {
            send(s, "PING\n".repeat(RegistryHandler.MAX_UNANSWERED + 5));
            for (int i = 0; i < RegistryHandler.MAX_UNANSWERED; i++) {
                assertThat(readLine(s.getInputStream())).as("reply " + i).isEqualTo("PONG");
            }
            assertThat(readLine(s.getInputStream())).startsWith("ERR 400 too many pipelined requests");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void registerWithoutTheTokenIsRefused() throws Exception {
        try (Socket s = connect()) {
            send(s, "REGISTER echo 1 127.0.0.1 7 guess\nLOOKUP echo\n");
            assertThat(readLine(s.getInputStream())).isEqualTo("ERR 401 bad token");
            assertThat(readLine(s.getInputStream())).isEqualTo("OK 0 0");
        }
    }
}
