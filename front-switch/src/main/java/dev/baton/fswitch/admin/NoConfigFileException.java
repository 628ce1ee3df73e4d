package dev.baton.fswitch.admin;

/** The switch was started without a config file, so a reload has nothing to re-read; {@code POST /reload} answers 409. */
public final class NoConfigFileException extends RuntimeException {
    public NoConfigFileException() {
        super("no config file: the switch was started without --config, so there is nothing to reload", null, false, false);
    }
}
