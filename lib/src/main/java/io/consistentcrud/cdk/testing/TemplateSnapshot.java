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
 * Snapshot testing for synthesized templates, with the values that change when nothing you wrote changed
 * normalized away: asset hashes (in S3 keys, parameters and metadata), the code hash in the logical ids of Lambda
 * versions ({@code FunctionCurrentVersion1234ABCD<32 hex>}, which follows the asset), and the CDK metadata.
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
    private static final Pattern VERSION_HASH = Pattern.compile("(CurrentVersion[0-9A-F]{8})[0-9a-f]{32}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final String normalized;

    private TemplateSnapshot(String normalized) {
        this.normalized = normalized;
    }

    /**
     * The stack's template, normalized.
     *
     * @param stack the stack; its app is synthesized to read the template
     * @return the snapshot
     */
    public static TemplateSnapshot of(Stack stack) {
        return of(Template.fromStack(stack).toJSON());
    }

    /**
     * A template document (as parsed from a {@code cdk.out} file or {@link Template#toJSON()}), normalized.
     *
     * @param template the template's top-level members
     * @return the snapshot
     */
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

    private static String normalizeText(String s) {
        String assets = ASSET_HASH.matcher(s).replaceAll("<asset-hash>");
        return VERSION_HASH.matcher(assets).replaceAll("$1<version-hash>");
    }

    /**
     * The normalized template as pretty-printed JSON with sorted keys.
     *
     * @return the normalized template as pretty-printed JSON with sorted keys
     */
    public String json() {
        return normalized;
    }

    /**
     * Compares with the snapshot file, or writes it when {@value #UPDATE_PROPERTY} is {@code true}.
     *
     * @param snapshotFile the snapshot's JSON file, e.g. under {@code src/test/resources}
     * @throws AssertionError when the snapshot differs (with a unified diff of every change, capped in size; an
     *                        opentest4j {@code AssertionFailedError} carrying expected and actual when opentest4j is
     *                        on the classpath) or is missing
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
                throw mismatch("template differs from snapshot " + snapshotFile + "; if the change is intended, "
                        + "rerun with -D" + UPDATE_PROPERTY + "=true and review the diff\n"
                        + unifiedDiff(expected, normalized, snapshotFile.toString(), "synthesized"), expected,
                        normalized);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of context around each change. */
    private static final int CONTEXT = 3;
    /** The most lines of hunks a failure message shows; the rest are counted. */
    static final int MAX_DIFF_LINES = 200;

    /**
     * A unified diff of the texts: every differing region as its own hunk with {@value #CONTEXT} lines of context,
     * at most {@value #MAX_DIFF_LINES} lines, then a count of the hunks and lines left out.
     */
    static String unifiedDiff(String expected, String actual, String expectedName, String actualName) {
        String[] x = expected.split("\n", -1);
        String[] y = actual.split("\n", -1);
        return "--- " + expectedName + "\n+++ " + actualName + "\n"
                + LineDiff.unified(LineDiff.script(x, y), CONTEXT, MAX_DIFF_LINES);
    }

    /**
     * opentest4j's AssertionFailedError when the test classpath has it (JUnit 5 brings it), so that IDEs show
     * expected and actual side by side; a plain AssertionError otherwise. opentest4j is an optional dependency of
     * this library: never part of a consumer's app.
     */
    private static AssertionError mismatch(String message, String expected, String actual) {
        if (OPENTEST4J) {
            return OpenTest4j.failure(message, expected, actual);
        }
        return new AssertionError(message);
    }

    private static final boolean OPENTEST4J = isPresent("org.opentest4j.AssertionFailedError");

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, TemplateSnapshot.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    /** Loaded only when opentest4j is present. */
    private static final class OpenTest4j {
        static AssertionError failure(String message, String expected, String actual) {
            return new org.opentest4j.AssertionFailedError(message, expected, actual);
        }
    }
}
