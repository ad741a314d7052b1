package dev.gateway.common.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Reads configuration: an optional YAML file (flat, with the same keys as the environment variables),
 * then environment variables, which win. Unknown keys in the file and invalid values stop start-up.
 */
public final class SettingsLoader {
    /** Path of the YAML file; without it {@code config/<service>.yaml} is read when it exists. */
    public static final String CONFIG_FILE_KEY = "GATEWAY_CONFIG";

    private SettingsLoader() {
    }

    /** Loads the settings of {@code service} from the process environment and its YAML file. */
    public static Settings load(String service) {
        Map<String, String> values = new HashMap<>();
        String file = System.getenv(CONFIG_FILE_KEY);
        Path path = Path.of(file != null ? file : "config/" + service + ".yaml");
        if (file != null || Files.isRegularFile(path)) {
            values.putAll(readYaml(path));
        }
        for (String key : SettingsParser.KEYS) {
            String env = System.getenv(key);
            if (env != null) {
                values.put(key, env);
            }
        }
        values.putIfAbsent("INSTANCE_ID", service + "-" + hostName() + "-" + UUID.randomUUID().toString().substring(0, 8));
        return SettingsParser.parse(values);
    }

    static Map<String, String> readYaml(Path path) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        } catch (IOException e) {
            throw new ConfigException(CONFIG_FILE_KEY + ": cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return values;
        }
        if (!root.isObject()) {
            throw new ConfigException(CONFIG_FILE_KEY + ": " + path + " must be a mapping of KEY: value");
        }
        Set<String> unknown = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!SettingsParser.KEYS.contains(entry.getKey())) {
                unknown.add(entry.getKey());
            } else if (!entry.getValue().isNull()) {
                JsonNode value = entry.getValue();
                values.put(entry.getKey(), value.isValueNode() ? value.asText() : joined(value));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown configuration key(s) in " + path + ": " + String.join(", ", unknown));
        }
        return values;
    }

    private static String joined(JsonNode list) {
        StringBuilder joined = new StringBuilder();
        list.forEach(item -> joined.append(joined.isEmpty() ? "" : ",").append(item.asText()));
        return joined.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "host";
        }
    }
}
