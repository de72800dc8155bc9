package io.consistentcrud.cdk.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consistentcrud.cdk.EntitySpec;
import io.consistentcrud.cdk.internal.schema.OpenApiDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import software.amazon.awscdk.Stage;
import software.constructs.Construct;

/**
 * The API's OpenAPI 3.0 document ({@link OpenApiDocument}): made once in the construct, and written into the cloud
 * assembly directory beside the templates when the app synthesizes, as {@code <construct path>.openapi.json} with
 * the path's {@code /} as {@code -}.
 */
public final class ApiDocument {
    private final String text;
    private final String fileName;

    /**
     * @param scope    the API construct; the file is written when its app synthesizes
     * @param title    the document's title
     * @param entities the entities, in declaration order
     * @param invalid  makes the construct's validation error
     */
    public ApiDocument(Construct scope, String title, List<EntitySpec> entities,
                       Function<String, RuntimeException> invalid) {
        ObjectNode doc = OpenApiDocument.of(title, entities, ProblemResponses.statuses(), invalid);
        this.text = OpenApiDocument.text(doc);
        this.fileName = scope.getNode().getPath().replace('/', '-') + ".openapi.json";
        // A validation runs during synth, after the assembly directory exists and before the CLI reads it.
        scope.getNode().addValidation(() -> {
            write(Path.of(Stage.of(scope).getOutdir()));
            return List.of();
        });
    }

    /** The document's JSON text. */
    public String text() {
        return text;
    }

    /** The file's name in the assembly directory. */
    public String fileName() {
        return fileName;
    }

    private void write(Path outdir) {
        try {
            Files.createDirectories(outdir);
            Files.writeString(outdir.resolve(fileName), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OpenAPI document " + fileName + " to " + outdir, e);
        }
    }
}
