package dev.baton.common.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The runtime classpath of a built module: its {@code target/classes} plus the dependency list that
 * the build writes to {@code target/runtime-classpath.txt}.
 */
public final class ModuleClasspath {
    private ModuleClasspath() {}

    public static String of(Path root, String module) {
        Path target = root.resolve(module).resolve("target");
        Path list = target.resolve("runtime-classpath.txt");
        Path classes = target.resolve("classes");
        if (!Files.isRegularFile(list) || !Files.isDirectory(classes)) {
            throw new LaunchException("module '" + module + "' is not built (no " + root.relativize(list)
                    + "); build with ./baton build or mvn -DskipTests package");
        }
        try {
            String deps = Files.readString(list).trim();
            // Inside the reactor, the build lists sibling modules as their target/classes or jars; both work.
            return deps.isEmpty() ? classes.toString() : classes + java.io.File.pathSeparator + deps;
        } catch (IOException e) {
            throw new LaunchException("cannot read " + list + ": " + e.getMessage());
        }
    }
}
