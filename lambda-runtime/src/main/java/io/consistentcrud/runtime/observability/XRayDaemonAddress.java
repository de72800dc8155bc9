package io.consistentcrud.runtime.observability;

import java.net.InetSocketAddress;

/**
 * Parses {@code AWS_XRAY_DAEMON_ADDRESS}: either {@code host:port} or the two-protocol form
 * {@code tcp:host:port udp:host:port}, of which segments use the UDP part.
 */
public final class XRayDaemonAddress {
    /** The daemon's documented default address. */
    public static final String DEFAULT = "127.0.0.1:2000";

    private XRayDaemonAddress() {
    }

    /**
     * The UDP address of the daemon; the default when {@code value} is null or blank.
     *
     * @param value the {@code AWS_XRAY_DAEMON_ADDRESS} text, {@code host:port} or {@code udp:host:port tcp:host:port};
     *              may be null
     * @return the UDP address
     * @throws IllegalArgumentException when the text is not {@code host:port} or has only a {@code tcp:} address
     */
    public static InetSocketAddress parse(String value) {
        String text = value == null || value.isBlank() ? DEFAULT : value.trim();
        for (String part : text.split("\\s+")) {
            if (part.startsWith("udp:")) {
                return hostPort(part.substring(4), value);
            }
        }
        if (text.startsWith("tcp:")) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS '" + value + "' has no udp: address");
        }
        return hostPort(text, value);
    }

    private static InetSocketAddress hostPort(String text, String original) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS '" + original + "' is not host:port");
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            return new InetSocketAddress(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("AWS_XRAY_DAEMON_ADDRESS '" + original + "' has no numeric port", e);
        }
    }
}
