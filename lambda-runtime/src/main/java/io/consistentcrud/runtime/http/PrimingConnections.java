package io.consistentcrud.runtime.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The HTTP client of SnapStart priming: the shipped URL-connection client, whose connections close their socket
 * when the SDK is done with a response instead of parking it in the JDK's keep-alive cache.
 *
 * <p>Why: closing the SDK client does not close the JDK's idle keep-alive sockets, which live in a JVM-wide cache
 * and would be captured, dead, in the snapshot. {@link HttpURLConnection#disconnect()} closes the idle socket of
 * a connection, but only while its response stream is still open; so each response stream here disconnects its
 * connection when the SDK closes it.
 */
final class PrimingConnections implements AutoCloseable {
    private final AtomicInteger opened = new AtomicInteger();
    private final SdkHttpClient client;

    PrimingConnections(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        this.client = UrlConnectionHttpClient.create(uri -> {
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setConnectTimeout(millis);
                connection.setReadTimeout(millis);
                opened.incrementAndGet();
                return new ClosingConnection(connection);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    SdkHttpClient client() {
        return client;
    }

    /** How many connections priming asked for. */
    int opened() {
        return opened.get();
    }

    @Override
    public void close() {
        client.close();
    }

    /** Delegates to a JDK connection; closing its response stream disconnects it, socket included. */
    private static final class ClosingConnection extends HttpURLConnection {
        private final HttpURLConnection delegate;

        ClosingConnection(HttpURLConnection delegate) {
            super(delegate.getURL());
            this.delegate = delegate;
        }

        private InputStream disconnectingOnClose(InputStream in) {
            return in == null ? null : new FilterInputStream(in) {
                @Override
                public void close() {
                    // disconnect() closes the stream itself and then the socket it would have cached.
                    delegate.disconnect();
                }
            };
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return disconnectingOnClose(delegate.getInputStream());
        }

        @Override
        public InputStream getErrorStream() {
            return disconnectingOnClose(delegate.getErrorStream());
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return delegate.getOutputStream();
        }

        @Override
        public void connect() throws IOException {
            delegate.connect();
        }

        @Override
        public void disconnect() {
            delegate.disconnect();
        }

        @Override
        public boolean usingProxy() {
            return delegate.usingProxy();
        }

        @Override
        public void setRequestMethod(String method) throws java.net.ProtocolException {
            delegate.setRequestMethod(method);
        }

        @Override
        public String getRequestMethod() {
            return delegate.getRequestMethod();
        }

        @Override
        public void setRequestProperty(String key, String value) {
            delegate.setRequestProperty(key, value);
        }

        @Override
        public void addRequestProperty(String key, String value) {
            delegate.addRequestProperty(key, value);
        }

        @Override
        public String getRequestProperty(String key) {
            return delegate.getRequestProperty(key);
        }

        @Override
        public Map<String, List<String>> getRequestProperties() {
            return delegate.getRequestProperties();
        }

        @Override
        public int getResponseCode() throws IOException {
            return delegate.getResponseCode();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return delegate.getResponseMessage();
        }

        @Override
        public String getHeaderField(String name) {
            return delegate.getHeaderField(name);
        }

        @Override
        public String getHeaderField(int n) {
            return delegate.getHeaderField(n);
        }

        @Override
        public String getHeaderFieldKey(int n) {
            return delegate.getHeaderFieldKey(n);
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return delegate.getHeaderFields();
        }

        @Override
        public long getContentLengthLong() {
            return delegate.getContentLengthLong();
        }

        @Override
        public void setChunkedStreamingMode(int chunkLength) {
            delegate.setChunkedStreamingMode(chunkLength);
        }

        @Override
        public void setFixedLengthStreamingMode(long contentLength) {
            delegate.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            delegate.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public void setDoOutput(boolean doOutput) {
            delegate.setDoOutput(doOutput);
        }

        @Override
        public boolean getDoOutput() {
            return delegate.getDoOutput();
        }

        @Override
        public void setDoInput(boolean doInput) {
            delegate.setDoInput(doInput);
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            delegate.setInstanceFollowRedirects(followRedirects);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            delegate.setConnectTimeout(timeout);
        }

        @Override
        public int getConnectTimeout() {
            return delegate.getConnectTimeout();
        }

        @Override
        public void setReadTimeout(int timeout) {
            delegate.setReadTimeout(timeout);
        }

        @Override
        public int getReadTimeout() {
            return delegate.getReadTimeout();
        }

        @Override
        public void setUseCaches(boolean useCaches) {
            delegate.setUseCaches(useCaches);
        }
    }
}
