package io.consistentcrud.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Packs a set of dependency jars into one jar with the same filters as the runtime's shade configuration
 * (signatures, Maven metadata, module descriptors and the SDK's {@code codegen-resources} left out; service files
 * merged), so that the floor's and the peer's sizes compare with our shaded jar like for like.
 */
final class JarPacker {
    private JarPacker() {
    }

    static boolean excluded(String name) {
        return name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)") || name.startsWith("META-INF/maven/")
                || name.equals("META-INF/versions/9/module-info.class") || name.equals("module-info.class")
                || name.startsWith("codegen-resources/") || name.equals("META-INF/MANIFEST.MF");
    }

    static Path pack(List<Path> jars, Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Set<String> seen = new HashSet<>();
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        try (OutputStream file = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(file)) {
            for (Path jar : jars) {
                try (InputStream in = Files.newInputStream(jar); ZipInputStream zip = new ZipInputStream(in)) {
                    for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                        String name = e.getName();
                        if (excluded(name)) {
                            continue;
                        }
                        if (name.startsWith("META-INF/services/") && !e.isDirectory()) {
                            ByteArrayOutputStream merged =
                                    services.computeIfAbsent(name, k -> new ByteArrayOutputStream());
                            zip.transferTo(merged);
                            merged.write('\n');
                            continue;
                        }
                        if (!seen.add(name)) {
                            continue;
                        }
                        out.putNextEntry(new ZipEntry(name));
                        zip.transferTo(out);
                        out.closeEntry();
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> s : services.entrySet()) {
                out.putNextEntry(new ZipEntry(s.getKey()));
                s.getValue().writeTo(out);
                out.closeEntry();
            }
        }
        return target;
    }
}
