package dev.baton.load.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class TcpLoadMainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "echo --port 8080 --duration 0                | duration: '0'",
            "echo --port 8080 --duration -5s              | duration: '-5s'",
            "echo --port 8080 --rate -5                   | rate: -5.0",
            "echo --port 0                                | port: 0",
            "echo --port 70000                            | port: 70000",
            "echo --port 8080 --exchanges 0               | exchanges: 0",
            "echo --port 8080 --pause-ms -5               | --pause-ms: -5",
            "echo --port 8080 --host 8.8.8.8              | host: '8.8.8.8'",
            "registry --port 8080 --service a_b!          | service: 'a_b!'",
            "echo --port 8080 --rate 0 --duration 2s      | no users",
            "echo --port 8080 --rate 1 --duration 500ms   | no users",
            "echo --port 8080 --ramp-from 0 --rate 0      | no users",
    })
    void refusesABadValueWithOneLineAndExitTwo(String line, String expected) {
        String[] args = line.split(" +");
        StringWriter err = new StringWriter();
        CommandLine cl = TcpLoadMain.commandLine();
        cl.setErr(new PrintWriter(err, true));

        int code = cl.execute(args);

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("tcp-load: ").contains(expected).doesNotContain("\n");
    }

    @ParameterizedTest
    @CsvSource({"--duration,0", "--rate,-5", "--port,70000"})
    void checksArgumentsWithoutRunning(String option, String value) {
        assertThat(TcpLoadMain.check("echo", "--port", "8080", option, value)).isEqualTo(2);
    }

    @Test
    void acceptsArgumentsThatDescribeARun() {
        assertThat(TcpLoadMain.check("echo", "--port", "8080", "--rate", "5", "--duration", "3s")).isZero();
    }
}
