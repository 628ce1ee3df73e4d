package dev.baton.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {
    @TempDir
    Path dir;

    @Test
    void makesTheDirectoryAndItsParentsAndLeavesNoProbeBehind() throws IOException {
        Path nested = Directories.createWritable(dir.resolve("a/b"));

        assertThat(Files.isDirectory(nested)).isTrue();
        try (var files = Files.list(nested)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aFileInTheWayIsNamedWithTheReason() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");

        assertThatThrownBy(() -> Directories.createWritable(file.resolve("sub")))
                .isInstanceOf(IOException.class)
                .hasMessage(file.resolve("sub") + ": Not a directory");
    }
}
