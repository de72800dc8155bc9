package io.consistentcrud.cdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Normalization of volatile values, and the compare/update/missing behaviour of snapshot files. */
class TemplateSnapshotTest {
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private static Map<String, Object> template(String assetHash, String versionHash) {
        return Map.of(
                "Resources", Map.of(
                        "FnCurrentVersion1234ABCD" + versionHash, Map.of("Type", "AWS::Lambda::Version"),
                        "Fn", Map.of("Type", "AWS::Lambda::Function", "Properties", Map.of("Code",
                                Map.of("S3Key", assetHash + ".jar"))),
                        "CDKMetadata", Map.of("Type", "AWS::CDK::Metadata", "Properties", Map.of("Analytics", "x"))),
                "Conditions", Map.of("CDKMetadataAvailable", List.of()));
    }

    @Test
    void assetHashesVersionHashesAndCdkMetadata_areNormalizedAway() {
        String a = TemplateSnapshot.of(template(HASH_A, "0123456789abcdef0123456789abcdef")).json();
        String b = TemplateSnapshot.of(template(HASH_B, "fedcba9876543210fedcba9876543210")).json();
        assertThat(a).isEqualTo(b).contains("<asset-hash>.jar", "FnCurrentVersion1234ABCD<version-hash>")
                .doesNotContain("CDK::Metadata", "CDKMetadataAvailable");
    }

    @Test
    void aRealChange_isNotNormalizedAway() {
        Map<String, Object> changed = Map.of("Resources", Map.of("Fn", Map.of("Type", "AWS::Lambda::Function",
                "Properties", Map.of("MemorySize", 512))));
        Map<String, Object> original = Map.of("Resources", Map.of("Fn", Map.of("Type", "AWS::Lambda::Function",
                "Properties", Map.of("MemorySize", 1024))));
        assertThat(TemplateSnapshot.of(changed).json()).isNotEqualTo(TemplateSnapshot.of(original).json());
    }

    @Test
    void aMissingSnapshot_fails(@TempDir Path dir) {
        TemplateSnapshot snapshot = TemplateSnapshot.of(template(HASH_A, "0".repeat(32)));
        assertThatThrownBy(() -> snapshot.assertMatches(dir.resolve("s.json"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void aDifferentSnapshot_failsWithAUnifiedDiff_andExpectedAndActualForTheIde(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        TemplateSnapshot snapshot = TemplateSnapshot.of(template(HASH_A, "0".repeat(32)));
        Files.writeString(file, snapshot.json());
        snapshot.assertMatches(file);
        String stale = snapshot.json().replace("AWS::Lambda::Function", "AWS::Lambda::Other");
        Files.writeString(file, stale);
        assertThatThrownBy(() -> snapshot.assertMatches(file))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("--- " + file + "\n+++ synthesized\n@@ -")
                .hasMessageContaining("\n-      \"Type\" : \"AWS::Lambda::Other\"\n")
                .hasMessageContaining("\n+      \"Type\" : \"AWS::Lambda::Function\"\n")
                .satisfies(e -> {
                    AssertionFailedError failure = (AssertionFailedError) e;
                    assertThat(failure.getExpected().getValue()).isEqualTo(stale);
                    assertThat(failure.getActual().getValue()).isEqualTo(snapshot.json());
                });
    }

    @Test
    void theDiff_showsContextAroundTheFirstDifferingLines_only() {
        String expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\n";
        String actual = "a\nb\nc\nd\nE\nf\ng\nh\ni\n";
        assertThat(TemplateSnapshot.unifiedDiff(expected, actual, "old", "new")).isEqualTo(
                "--- old\n+++ new\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
    }

    private static String lines(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void diff_twoDistantChanges_showAsTwoHunks_bothVisible() {
        String expected = lines(2000);
        String actual = expected.replace("line 10\n", "line ten\n").replace("line 1900\n", "line 1900\nadded\n");
        String diff = TemplateSnapshot.unifiedDiff(expected, actual, "old", "new");
        assertThat(diff).isEqualTo("--- old\n+++ new\n"
                + "@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n"
                + "@@ -1898,6 +1898,7 @@\n line 1898\n line 1899\n line 1900\n+added\n line 1901\n line 1902\n"
                + " line 1903\n");
    }

    @Test
    void diff_isCapped_withACountOfTheHunksAndLinesLeftOut() {
        String expected = lines(5000);
        String actual = expected;
        for (int i = 100; i <= 5000; i += 100) {
            actual = actual.replace("line " + i + "\n", "changed " + i + "\n");
        }
        String diff = TemplateSnapshot.unifiedDiff(expected, actual, "old", "new");
        assertThat(diff.lines().count()).isLessThan(TemplateSnapshot.MAX_DIFF_LINES + 5);
        assertThat(diff).contains("-line 100\n+changed 100\n")
                .doesNotContain("changed 5000")
                .containsPattern("\\.\\.\\. \\d+ more hunks? \\(\\d+ lines removed, \\d+ added\\) not shown\n$");
        long shownHunks = diff.lines().filter(l -> l.startsWith("@@")).count();
        String tail = diff.substring(diff.lastIndexOf("... ") + 4);
        assertThat(shownHunks + Long.parseLong(tail.substring(0, tail.indexOf(' ')))).isEqualTo(50);
    }

    @Test
    void theUpdateProperty_rewritesTheSnapshot(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/s.json");
        TemplateSnapshot snapshot = TemplateSnapshot.of(template(HASH_A, "0".repeat(32)));
        String before = System.getProperty(TemplateSnapshot.UPDATE_PROPERTY);
        System.setProperty(TemplateSnapshot.UPDATE_PROPERTY, "true");
        try {
            snapshot.assertMatches(file);
        } finally {
            if (before == null) {
                System.clearProperty(TemplateSnapshot.UPDATE_PROPERTY);
            } else {
                System.setProperty(TemplateSnapshot.UPDATE_PROPERTY, before);
            }
        }
        assertThat(Files.readString(file)).isEqualTo(snapshot.json());
    }
}
