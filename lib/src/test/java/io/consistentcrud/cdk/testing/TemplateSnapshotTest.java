package io.consistentcrud.cdk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aMissingSnapshot_fails_andADifferentOne_failsNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.json");
        TemplateSnapshot snapshot = TemplateSnapshot.of(template(HASH_A, "0".repeat(32)));
        assertThatThrownBy(() -> snapshot.assertMatches(file)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("does not exist");
        Files.writeString(file, snapshot.json());
        snapshot.assertMatches(file);
        Files.writeString(file, snapshot.json().replace("AWS::Lambda::Function", "AWS::Lambda::Other"));
        assertThatThrownBy(() -> snapshot.assertMatches(file)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("at line");
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
