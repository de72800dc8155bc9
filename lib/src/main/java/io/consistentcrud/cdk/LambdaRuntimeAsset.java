package io.consistentcrud.cdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The Lambda runtime jar that ships inside this library, as a CDK code asset.
 *
 * <p>The jar is staged once per user, in the user's own cache directory ({@code $XDG_CACHE_HOME/consistentcrud},
 * else {@code ~/.cache/consistentcrud}, created owner-only), under a name that is its SHA-256: no other user's
 * file can take its place, and the asset path and hash are stable across synths and builds. A file found there is
 * reused only when its content has that digest. Where the home directory is not writable, a fresh private
 * temporary directory of this JVM is used instead.
 */
public final class LambdaRuntimeAsset {
    private static final String RESOURCE = "/io/consistentcrud/cdk/lambda-runtime.jar";
    private static Path extracted;

    private LambdaRuntimeAsset() {
    }

    /**
     * The embedded runtime jar as Lambda code.
     *
     * @return the embedded runtime jar as Lambda code
     */
    public static Code code() {
        return Code.fromAsset(jarPath().toString());
    }

    /**
     * The path of the staged runtime jar.
     *
     * @return the path of the staged runtime jar
     */
    public static synchronized Path jarPath() {
        if (extracted != null && Files.isRegularFile(extracted)) {
            return extracted;
        }
        byte[] bytes = embeddedJar();
        String digest = sha256(bytes);
        String fileName = "lambda-runtime-" + digest.substring(0, 32) + ".jar";
        Path jar;
        try {
            jar = stage(userCacheDirectory(), fileName, bytes, digest);
        } catch (IOException | UnsupportedOperationException | SecurityException notWritable) {
            try {
                jar = stage(Files.createTempDirectory("consistentcrud-runtime-"), fileName, bytes, digest);
            } catch (IOException e) {
                e.addSuppressed(notWritable);
                throw new UncheckedIOException("cannot stage the embedded runtime jar", e);
            }
        }
        extracted = jar;
        return jar;
    }

    private static byte[] embeddedJar() {
        try (InputStream in = LambdaRuntimeAsset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the runtime jar " + RESOURCE + " is missing from this library's "
                        + "artifact; build with `mvn package` so that lib embeds lambda-runtime");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded runtime jar", e);
        }
    }

    private static Path userCacheDirectory() throws IOException {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        Path dir = base.resolve("consistentcrud");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(base);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable");
        }
        return dir;
    }

    /** Writes the jar unless a file with the same digest is already there; a partial write is never visible. */
    private static Path stage(Path dir, String fileName, byte[] bytes, String digest) throws IOException {
        Path jar = dir.resolve(fileName);
        if (Files.isRegularFile(jar) && Files.size(jar) == bytes.length
                && Arrays.equals(Files.readAllBytes(jar), bytes)) {
            return jar;
        }
        Path tmp = Files.createTempFile(dir, "lambda-runtime-" + digest.substring(0, 8), ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return jar;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
