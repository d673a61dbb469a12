package dev.berth.image.rest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.service.UploadPart;

/**
 * A streaming {@code multipart/form-data} parser (RFC 7578): each part's body is read straight from the request
 * until the next delimiter, so a multi-GiB rootfs part never sits in memory. Only a 64 KiB window is buffered.
 */
final class MultipartReader implements UploadPart.Source {
    private static final int WINDOW = 1 << 16;
    private static final int MAX_HEADERS = 16 * 1024;
    private static final Pattern PARAM = Pattern.compile(";\\s*([A-Za-z0-9*_-]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;]*)");

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf;
    private int start;
    private int end;
    private boolean eof;
    private boolean finished;
    private PartBody current;
    /** Window positions before this one are known not to start a delimiter. */
    private int scanned;

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buf = new byte[WINDOW + delimiter.length];
        // A virtual CRLF lets the first delimiter, at the very start of the body, match like the others.
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** The boundary parameter of a {@code multipart/form-data} content type. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                return b.startsWith("\"") && b.endsWith("\"") && b.length() > 1 ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new InvalidRequestException("Invalid multipart image: no boundary in the Content-Type");
    }

    @Override
    public UploadPart next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.transferTo(java.io.OutputStream.nullOutputStream()); // skip what the caller left of the previous part
        } else {
            skipToDelimiter(); // the preamble
        }
        if (afterDelimiterIsClose()) {
            finished = true;
            return null;
        }
        Map<String, String> disposition = parameters(readDisposition());
        current = new PartBody();
        return new UploadPart(disposition.get("name"), disposition.get("filename"), current);
    }

    private void skipToDelimiter() throws IOException {
        PartBody preamble = new PartBody();
        preamble.transferTo(java.io.OutputStream.nullOutputStream());
    }

    /** After a delimiter: {@code --} closes the body, otherwise (optional whitespace and) CRLF starts a part. */
    private boolean afterDelimiterIsClose() throws IOException {
        if (!fill(2)) {
            throw truncated();
        }
        if (buf[start] == '-' && buf[start + 1] == '-') {
            start += 2;
            return true;
        }
        String line = readLine();
        if (!line.isBlank()) {
            throw new InvalidRequestException("Invalid multipart image: garbage after a boundary");
        }
        return false;
    }

    private String readDisposition() throws IOException {
        int total = 0;
        String disposition = null;
        for (String line; !(line = readLine()).isEmpty();) {
            total += line.length();
            if (total > MAX_HEADERS) {
                throw new InvalidRequestException("Invalid multipart image: part headers too long");
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                disposition = line.substring(colon + 1).trim();
            }
        }
        if (disposition == null) {
            throw new InvalidRequestException("Invalid multipart image: a part has no Content-Disposition");
        }
        return disposition;
    }

    /** The parameters of {@code form-data; name="metadata"; filename="meta.tar.xz"}, keys lower-cased. */
    static Map<String, String> parameters(String disposition) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(disposition);
        while (m.find()) {
            String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2).trim();
            out.put(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return out;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!fill(1)) {
                throw truncated();
            }
            byte b = buf[start++];
            if (b == '\n') {
                int len = line.length();
                return len > 0 && line.charAt(len - 1) == '\r' ? line.substring(0, len - 1) : line.toString();
            }
            line.append((char) (b & 0xff));
            if (line.length() > MAX_HEADERS) {
                throw new InvalidRequestException("Invalid multipart image: header line too long");
            }
        }
    }

    /** Makes at least {@code n} bytes available in the window; false at the end of the stream. */
    private boolean fill(int n) throws IOException {
        while (end - start < n && !eof) {
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                scanned = Math.max(0, scanned - start);
                start = 0;
            }
            int read = in.read(buf, end, buf.length - end);
            if (read < 0) {
                eof = true;
            } else {
                end += read;
            }
        }
        return end - start >= n;
    }

    private int indexOfDelimiter() {
        int last = end - delimiter.length;
        outer : for (int i = Math.max(start, scanned); i <= last; i++) {
            for (int k = 0; k < delimiter.length; k++) {
                if (buf[i + k] != delimiter[k]) {
                    continue outer;
                }
            }
            scanned = i;
            return i;
        }
        scanned = Math.max(start, last + 1);
        return -1;
    }

    private static InvalidRequestException truncated() {
        return new InvalidRequestException("Invalid multipart image: the body ends before its closing boundary");
    }

    /** One part's bytes: everything up to the next delimiter, which it consumes when it reaches it. */
    private final class PartBody extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            fill(delimiter.length);
            int at = indexOfDelimiter();
            int available = at >= 0 ? at - start : Math.max(0, end - start - (delimiter.length - 1));
            if (at == start) {
                start += delimiter.length;
                scanned = start;
                done = true;
                return -1;
            }
            if (available == 0) {
                if (eof) {
                    throw truncated();
                }
                // Not enough to decide yet: pull more (fill compacts the window).
                fill(end - start + 1);
                return read(b, off, len);
            }
            int n = Math.min(len, available);
            System.arraycopy(buf, start, b, off, n);
            start += n;
            return n;
        }

        @Override
        public void close() {
            // the reader owns the request body
        }
    }

}
