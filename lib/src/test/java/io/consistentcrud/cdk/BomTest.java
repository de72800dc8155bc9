package io.consistentcrud.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The BOM pins the versions the build tests with: the same properties as the root pom, and the same version. */
class BomTest {
    private static final List<String> PINNED = List.of("aws-cdk-lib.version", "constructs.version",
            "aws-sdk.version", "jackson.version", "aws-lambda-java-core.version", "crac.version", "cdknag.version");

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static String version(String pom) {
        Matcher m = Pattern.compile("</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void theBomPinsWhatTheBuildTestsWith() throws Exception {
        String root = Files.readString(Path.of("../pom.xml"));
        String bom = Files.readString(Path.of("../bom/pom.xml"));
        for (String name : PINNED) {
            assertThat(property(bom, name)).as(name).isEqualTo(property(root, name));
        }
        assertThat(version(bom)).isEqualTo(version(root));
    }

    /** The test kit and the DynamoDB Local it was tested with are pinned like the rest. */
    @Test
    void kit_theBomManagesTheTestKitAndDynamoDbLocal() throws Exception {
        String root = Files.readString(Path.of("../pom.xml"));
        String bom = Files.readString(Path.of("../bom/pom.xml"));
        assertThat(bom).contains("<artifactId>consistentcrud-testing</artifactId>")
                .contains("<artifactId>DynamoDBLocal</artifactId>");
        assertThat(property(bom, "dynamodb-local.version")).isEqualTo(property(root, "dynamodb-local.version"));
    }
}
