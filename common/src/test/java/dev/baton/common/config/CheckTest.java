package dev.baton.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CheckTest {
    enum Sample { IO_URING, INFO }

    @Test
    void labelsAreKebabCaseAndReadBack() {
        assertThat(Check.label(Sample.IO_URING)).isEqualTo("io-uring");
        assertThat(Check.oneOf("transport", Sample.class, "io-uring")).isEqualTo(Sample.IO_URING);
        assertThat(Check.oneOf("transport", Sample.class, "IO_URING")).isEqualTo(Sample.IO_URING);
    }

    @Test
    void anUnknownValueIsNamedWithTheChoices() {
        assertThatThrownBy(() -> Check.oneOf("transport", Sample.class, "uring"))
                .hasMessage("transport: 'uring' (expected one of: [io-uring, info])");
    }

    @Test
    void aValueOutsideTheRangeIsNamedWithTheRange() {
        assertThat(Check.between("port", 1, 1, 65535)).isEqualTo(1);
        assertThat(Check.between("port", 65535, 1, 65535)).isEqualTo(65535);
        assertThatThrownBy(() -> Check.between("port", 70000, 1, 65535)).hasMessage("port: 70000 (expected: 1-65535)");
        assertThatThrownBy(() -> Check.between("port", 0, 1, 65535)).hasMessage("port: 0 (expected: 1-65535)");
    }

    @Test
    void labelsDoNotDependOnTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "INFO".toLowerCase() is "ınfo"
        try {
            assertThat(Check.label(Sample.INFO)).isEqualTo("info");
        } finally {
            Locale.setDefault(before);
        }
    }
}
