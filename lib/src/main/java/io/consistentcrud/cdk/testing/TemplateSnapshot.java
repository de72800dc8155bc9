package io.consistentcrud.cdk.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/**
 * Snapshot testing for synthesized templates, with the values that change on every build normalized away:
 * asset hashes (in S3 keys, parameters and metadata), the code hash in the logical id of a function's current
 * version, and the CDK version metadata.
 *
 * <pre>{@code
 * TemplateSnapshot.of(stack).assertMatches(Path.of("src/test/resources/MyStack.template.json"));
 * }</pre>
 *
 * <p>Set the system property {@value #UPDATE_PROPERTY} to {@code true} to (re)write snapshot files instead of
 * comparing; a missing snapshot file fails the test unless the property is set, so CI never passes vacuously.
 */
public final class TemplateSnapshot {
    /** System property that rewrites snapshots instead of comparing them. */
    public static final String UPDATE_PROPERTY = "snapshot.update";

    private static final Pattern ASSET_HASH = Pattern.compile("[0-9a-f]{64}");
    /** {@code Function.currentVersion}'s logical id ends in a hash of the function's code and configuration. */
    private static final Pattern VERSION_HASH = Pattern.compile("(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final String normalized;

    private TemplateSnapshot(String normalized) {
        this.normalized = normalized;
    }

    /** The stack's template, normalized. */
    public static TemplateSnapshot of(Stack stack) {
        return of(Template.fromStack(stack).toJSON());
    }

    /** A template document (as parsed from a {@code cdk.out} file or {@link Template#toJSON()}), normalized. */
    public static TemplateSnapshot of(Map<String, Object> template) {
        Map<String, Object> copy = new TreeMap<>(template);
        Object resources = copy.get("Resources");
        if (resources instanceof Map<?, ?> map) {
            Map<String, Object> kept = new TreeMap<>();
            map.forEach((k, v) -> {
                if (!(v instanceof Map<?, ?> r && "AWS::CDK::Metadata".equals(r.get("Type")))) {
                    kept.put((String) k, v);
                }
            });
            copy.put("Resources", kept);
        }
        copy.remove("Conditions");
        try {
            return new TemplateSnapshot(JSON.writeValueAsString(normalize(copy)) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("template is not serializable", e);
        }
    }

    private static Object normalize(Object value) {
        if (value instanceof String s) {
            return normalizeText(s);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(normalizeText(String.valueOf(k)), normalize(v)));
            return out;
        } else if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        return value;
    }

    private static String normalizeText(String text) {
        String withoutAssets = ASSET_HASH.matcher(text).replaceAll("<asset-hash>");
        return VERSION_HASH.matcher(withoutAssets).replaceAll("$1<version-hash>");
    }

    /** The normalized template as pretty-printed JSON with sorted keys. */
    public String json() {
        return normalized;
    }

    /**
     * Compares with the snapshot file, or writes it when {@value #UPDATE_PROPERTY} is {@code true}.
     *
     * @throws AssertionError when the snapshot differs or is missing
     */
    public void assertMatches(Path snapshotFile) {
        try {
            if (Boolean.getBoolean(UPDATE_PROPERTY)) {
                Files.createDirectories(snapshotFile.toAbsolutePath().getParent());
                Files.writeString(snapshotFile, normalized, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(snapshotFile)) {
                throw new AssertionError("snapshot " + snapshotFile + " does not exist; run once with -D"
                        + UPDATE_PROPERTY + "=true and commit it");
            }
            String expected = Files.readString(snapshotFile, StandardCharsets.UTF_8);
            if (!expected.equals(normalized)) {
                throw new AssertionError("template differs from snapshot " + snapshotFile + " at line "
                        + firstDifferentLine(expected, normalized) + "; if the change is intended, rerun with -D"
                        + UPDATE_PROPERTY + "=true and review the diff");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int firstDifferentLine(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (!x[i].equals(y[i])) {
                return i + 1;
            }
        }
        return Math.min(x.length, y.length) + 1;
    }
}
