package dev.baton.common.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads an immutable config record from YAML, then applies overrides, in this order:
 * defaults (the record's own), the file, {@code BATON_...} environment variables, command-line values.
 *
 * <p>Keys are kebab-case ({@code zookeeper-connect}). An environment variable names a key by
 * upper-casing it with {@code _} for {@code -} and {@code __} between nesting levels:
 * {@code BATON_ZOOKEEPER_CONNECT} sets {@code zookeeper-connect}, {@code BATON_HEALTH__INTERVAL_MS}
 * sets {@code health.interval-ms}.
 *
 * <p>An error names where the bad value came from: the file, the environment variable, or the command-line
 * option ({@code --registry-port} for the key {@code registry.port}).
 *
 * <pre>{@code
 * SwitchConfig c = ConfigLoader.load(SwitchConfig.class, file, System.getenv(), Map.of("port", "8080"));
 * }</pre>
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "BATON_";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .findAndRegisterModules();

    private ConfigLoader() {}

    /**
     * Reads {@code file} (may be null: defaults only), applies environment and command-line overrides
     * (dotted kebab-case keys), and binds the result to {@code type}.
     */
    public static <T> T load(Class<T> type, Path file, Map<String, String> env, Map<String, String> overrides) {
        ObjectNode tree = readTree(file);
        // Where each overridden key's value came from; a key not in here has the file's value (or none).
        Map<String, String> origins = new HashMap<>();
        // Only variables that name a key of this config count: BATON_PARENT_PID or another process's
        // BATON_... setting in a shared environment must not make the config invalid.
        java.util.Set<String> known = topLevelKeys(type);
        Map<String, String> variables = envVariables(env);
        envOverrides(env).forEach((key, value) -> {
            if (known.contains(key.split("\\.", 2)[0])) {
                put(tree, key, value);
                origins.put(key, variables.get(key));
            }
        });
        overrides.forEach((key, value) -> {
            if (value != null) {
                put(tree, key, value);
                origins.put(key, "--" + key.replace('.', '-'));
            }
        });
        return bind(type, tree, new Sources(file == null ? "configuration" : file.toString(), origins));
    }

    /** The kebab-case names of a record's components (for other types: accept every key). */
    static java.util.Set<String> topLevelKeys(Class<?> type) {
        if (!type.isRecord()) {
            return new java.util.AbstractSet<>() {
                @Override public boolean contains(Object o) { return true; }
                @Override public java.util.Iterator<String> iterator() { return java.util.Collections.emptyIterator(); }
                @Override public int size() { return 0; }
            };
        }
        PropertyNamingStrategies.KebabCaseStrategy kebab = new PropertyNamingStrategies.KebabCaseStrategy();
        return java.util.Arrays.stream(type.getRecordComponents())
                .map(c -> kebab.translate(c.getName()))
                .collect(Collectors.toSet());
    }

    static ObjectNode readTree(Path file) {
        if (file == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = YAML.readTree(Files.readAllBytes(file));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(file + ": expected a mapping of keys to values at the top level, but was " + node.getNodeType());
            }
            return (ObjectNode) node;
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid YAML: " + yamlProblem(e), e);
        }
    }

    /**
     * SnakeYAML's reason and where, on one line: "expected ',' or '}', but got <stream end> at line 3,
     * column 1 (while parsing a flow mapping from line 1, column 7)". Its own message puts the context first
     * and the reason on a later line, with source excerpts between.
     */
    private static String yamlProblem(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m && m.getProblem() != null) {
                String where = m.getProblemMark() == null ? ""
                        : " at line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1);
                String context = m.getContext() == null ? "" : " (" + m.getContext()
                        + (m.getContextMark() == null ? "" : " from line " + (m.getContextMark().getLine() + 1)
                        + ", column " + (m.getContextMark().getColumn() + 1)) + ")";
                return m.getProblem() + where + context;
            }
        }
        return firstLine(e.getMessage());
    }

    /** Maps {@code BATON_A_B__C_D=v} to {@code a-b.c-d=v}. */
    static Map<String, String> envOverrides(Map<String, String> env) {
        return env.entrySet().stream()
                .filter(e -> isBatonVariable(e.getKey()))
                .collect(Collectors.toMap(e -> envKey(e.getKey()), Map.Entry::getValue, (a, b) -> b, TreeMap::new));
    }

    /** Maps the key {@code a-b.c-d} back to the variable {@code BATON_A_B__C_D} that set it. */
    private static Map<String, String> envVariables(Map<String, String> env) {
        return env.keySet().stream()
                .filter(ConfigLoader::isBatonVariable)
                .collect(Collectors.toMap(ConfigLoader::envKey, name -> name, (a, b) -> b));
    }

    private static boolean isBatonVariable(String name) {
        return name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length();
    }

    private static String envKey(String name) {
        return name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace("__", ".").replace('_', '-');
    }

    private static void put(ObjectNode tree, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    private static <T> T bind(Class<T> type, ObjectNode tree, Sources sources) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(sources.of(path(e)) + ": unknown key '" + path(e) + "' (known keys: "
                    + e.getKnownPropertyIds() + ")");
        } catch (InvalidFormatException e) {
            throw new ConfigException(sources.of(path(e)) + ": key '" + path(e) + "' has a bad value '" + e.getValue()
                    + "' (expected " + e.getTargetType().getSimpleName() + ")");
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigException(sources.ofCheck(cause.getMessage()) + ": " + cause.getMessage(), cause);
        } catch (MismatchedInputException e) {
            throw new ConfigException(sources.of(path(e)) + ": key '" + path(e) + "': "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonMappingException e) {
            // A number too large for its field: the parser's InputCoercionException, wrapped with the path but
            // not the value, which the tree still has.
            if (e.getCause() instanceof InputCoercionException number) {
                throw new ConfigException(sources.of(path(e)) + ": key '" + path(e) + "' has a bad value '"
                        + tree.at(pointer(e.getPath())).asText() + "' (expected "
                        + number.getTargetType().getSimpleName() + ")");
            }
            throw new ConfigException(sources.file() + ": " + firstLine(e.getMessage()), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(sources.file() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static JsonPointer pointer(List<JsonMappingException.Reference> path) {
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference ref : path) {
            pointer = ref.getFieldName() != null ? pointer.appendProperty(ref.getFieldName())
                    : pointer.appendIndex(ref.getIndex());
        }
        return pointer;
    }

    /** The file's name, and for each key an environment variable or option set, that variable or option. */
    private record Sources(String file, Map<String, String> origins) {
        String of(String key) {
            return origins.getOrDefault(key, file);
        }

        /** A record's own check names no path, but its message starts with the key ({@link Check}). */
        String ofCheck(String message) {
            return origins.entrySet().stream()
                    .filter(e -> message != null && message.startsWith(e.getKey() + ": "))
                    .map(Map.Entry::getValue)
                    .findFirst().orElse(file);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
