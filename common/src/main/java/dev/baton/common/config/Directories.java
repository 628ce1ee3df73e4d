package dev.baton.common.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A directory a process keeps its files in (run directory, database, sockets, ZooKeeper's data), made and proven
 * writable at start, with a reason a person can read: Java's own exceptions carry only a path as their message.
 */
public final class Directories {
    private Directories() {}

    /**
     * Creates {@code dir} and its parents and writes a probe file in it (which, unlike a permission check, also
     * catches a read-only mount, and holds for root).
     *
     * @throws IOException whose message is the failing path and why, such as {@code /proc/nope: no such file or directory}
     */
    public static Path createWritable(Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ""));
            return dir;
        } catch (IOException e) {
            throw new IOException(why(e), e);
        } catch (SecurityException | UnsupportedOperationException e) {
            throw new IOException(dir + ": " + e, e);
        }
    }

    private static String why(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileAlreadyExistsException x) {
            return x.getFile() + ": exists and is not a directory";
        }
        return e instanceof FileSystemException ? e.getMessage() : e.toString();
    }
}
