package dev.baton.common.discovery;

/** The service names and base path that every Baton process agrees on (DESIGN.md). */
public final class ServiceNames {
    public static final String BASE_PATH = "/baton/services";
    public static final String APP = "app";
    public static final String DATA = "data";
    public static final String REGISTRY = "registry";

    private ServiceNames() {}
}
