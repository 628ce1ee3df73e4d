package dev.baton.app.blocking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProxyHeaderReaderTest {
    private static InputStream stream(byte[] bytes) {
        return new BufferedInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    void leavesAPlainRequestUntouched() throws Exception {
        InputStream in = stream("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ProxyHeaderReader.read(in)).isNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("GET /");
    }

    @Test
    void leavesARequestThatOnlyStartsLikeProxyUntouched() throws Exception {
        InputStream in = stream("PROPFIND / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(ProxyHeaderReader.read(in)).isNull();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).startsWith("PROPFIND /");
    }

    @Test
    void readsV1() throws Exception {
        InputStream in = stream("PROXY TCP4 192.0.2.1 192.0.2.2 1234 80\r\nGET".getBytes(StandardCharsets.US_ASCII));
        assertThat(ProxyHeaderReader.read(in)).isEqualTo(new InetSocketAddress("192.0.2.1", 1234));
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("GET");
    }

    @Test
    void readsV2Ipv4AndSkipsTlvs() throws Exception {
        byte[] header = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
                0x21, 0x11, 0x00, 0x0F, 10, 1, 2, 3, 10, 0, 0, 1, 0x04, (byte) 0xD2, 0x00, 0x50, 0x04, 0x00, 0x00, 'G'};
        InputStream in = stream(header);
        assertThat(ProxyHeaderReader.read(in)).isEqualTo(new InetSocketAddress("10.1.2.3", 1234));
        assertThat(in.read()).isEqualTo('G');
    }

    @Test
    void aLocalV2HeaderNamesNoClient() throws Exception {
        byte[] header = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00};
        assertThat(ProxyHeaderReader.read(stream(header))).isNull();
    }

    @Test
    void rejectsAMalformedV1Header() {
        assertThatThrownBy(() -> ProxyHeaderReader.read(stream("PROXY TCP4 not-an-ip 192.0.2.2 1 2\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> ProxyHeaderReader.read(stream("PROXY garbage\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(HttpParseException.class);
    }
}
