package dev.baton.common.config;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options given on a picocli command line, as config keys for {@link ConfigLoader}: {@code --jdbc-url}
 * is the key {@code jdbc-url}. Options not given (null) are left out, so the environment and the file
 * still apply to them; {@code --config}, {@code --help} and {@code --version} are not keys.
 *
 * <pre>{@code
 * ConfigLoader.load(AppConfig.class, config, System.getenv(), CommandLineOverrides.of(this));
 * }</pre>
 */
public final class CommandLineOverrides {
    /** The option that names the config file; every Baton process calls it this. */
    public static final String CONFIG_OPTION = "--config";

    private CommandLineOverrides() {}

    /**
     * Reads the {@code @Option} fields of {@code command} as they are now. Each option must be boxed or a
     * String, so that one not given is null rather than a default that would override the file.
     */
    public static Map<String, String> of(Object command) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (OptionSpec option : CommandSpec.forAnnotatedObject(command).options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals(CONFIG_OPTION)) {
                continue;
            }
            if (option.type().isPrimitive()) {
                throw new IllegalArgumentException("option " + option.longestName() + ": " + option.type()
                        + " (expected: a boxed type or String, null when not given)");
            }
            Object value = option.getValue();
            if (value != null) {
                overrides.put(option.longestName().replaceFirst("^--", ""), value.toString());
            }
        }
        return overrides;
    }
}
