package io.consistentcrud.e2e.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process and its descendants listen on, read from Linux's {@code /proc} (no tool needed): the
 * process's socket inodes from {@code /proc/<pid>/fd}, matched against the LISTEN entries of {@code /proc/net/tcp}
 * and {@code /proc/net/tcp6}.
 */
final class ListeningSockets {
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    /** True where this can be read. */
    static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** The local addresses the process tree of {@code pid} listens on. */
    static List<InetSocketAddress> of(long pid) {
        Set<String> inodes = new HashSet<>();
        for (long p : processTree(pid)) {
            inodes.addAll(socketInodes(p));
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            for (String line : lines(path).subList(1, lines(path).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
                    out.add(address(f[1]));
                }
            }
        }
        return out;
    }

    private static Set<Long> processTree(long pid) {
        Set<Long> tree = new LinkedHashSet<>();
        List<Long> todo = new ArrayList<>(List.of(pid));
        while (!todo.isEmpty()) {
            long p = todo.remove(0);
            if (!tree.add(p)) {
                continue;
            }
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p), "task"))) {
                for (Path task : tasks.toList()) {
                    Path children = task.resolve("children");
                    if (Files.isReadable(children)) {
                        for (String child : Files.readString(children).trim().split("\\s+")) {
                            if (!child.isEmpty()) {
                                todo.add(Long.parseLong(child));
                            }
                        }
                    }
                }
            } catch (IOException gone) {
                // The process ended meanwhile: it listens on nothing.
            }
        }
        return tree;
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // A file descriptor closed while listing: not a listener.
                }
            }
        } catch (IOException gone) {
            // The process ended meanwhile.
        }
        return inodes;
    }

    /** {@code 0100007F:1F90} (IPv4) or 32 hex digits (IPv6), each 32-bit word in host (little-endian) order. */
    static InetSocketAddress address(String hex) {
        String[] parts = hex.split(":");
        String a = parts[0];
        byte[] bytes = new byte[a.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(a.substring(at, at + 2), 16);
            }
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(parts[1], 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + hex, e);
        }
    }

    private static List<String> lines(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
