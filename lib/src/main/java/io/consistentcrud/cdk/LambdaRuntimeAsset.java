package io.consistentcrud.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The Lambda runtime jar that ships inside this library, as a CDK code asset.
 *
 * <p>The jar is extracted once to a directory named after its SHA-256, so the asset path and hash are stable across
 * synths and builds.
 */
public final class LambdaRuntimeAsset {
    private static final String RESOURCE = "/io/consistentcrud/cdk/lambda-runtime.jar";
    private static Path extracted;

    private LambdaRuntimeAsset() {
    }

    /** The embedded runtime jar as Lambda code. */
    public static Code code() {
        return Code.fromAsset(jarPath().toString());
    }

    /** The path of the extracted runtime jar. */
    public static synchronized Path jarPath() {
        if (extracted != null && Files.isRegularFile(extracted)) {
            return extracted;
        }
        byte[] bytes;
        try (InputStream in = LambdaRuntimeAsset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the runtime jar " + RESOURCE + " is missing from this library's "
                        + "artifact; build with `mvn package` so that lib embeds lambda-runtime");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded runtime jar", e);
        }
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "consistentcrud-runtime-" + digest.substring(0, 16));
            Path jar = dir.resolve("lambda-runtime.jar");
            if (!Files.isRegularFile(jar) || Files.size(jar) != bytes.length) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "lambda-runtime", ".part");
                Files.write(tmp, bytes);
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            extracted = jar;
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedded runtime jar", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
