package io.consistentcrud.runtime.observability;

import java.util.Optional;

/**
 * The parts of an X-Ray trace header ({@code Root=1-...;Parent=...;Sampled=1}) that a subsegment needs.
 *
 * @param traceId  the trace id ({@code Root})
 * @param parentId the id of the segment the subsegments hang under ({@code Parent})
 * @param sampled  whether the trace is sampled; unsampled traces get no subsegments
 */
public record TraceHeader(String traceId, String parentId, boolean sampled) {

    /**
     * Parses a trace header; empty when the text is missing or lacks a root or a parent, since then no subsegment
     * could be attached to anything.
     *
     * @param header the trace header of the invocation (Lambda's {@code _X_AMZN_TRACE_ID}), e.g. {@code
     * Root=...;Parent=...;Sampled=1}; may be null
     * @return the header's parts; empty when it cannot be attached to
     */
    public static Optional<TraceHeader> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String root = null;
        String parent = null;
        boolean sampled = false;
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (name) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> sampled = "1".equals(value);
                default -> {
                    // Other fields (Lineage, Self, ...) do not matter for a subsegment.
                }
            }
        }
        if (root == null || root.isEmpty() || parent == null || parent.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TraceHeader(root, parent, sampled));
    }
}
