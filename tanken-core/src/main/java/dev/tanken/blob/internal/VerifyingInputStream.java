package dev.tanken.blob.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes what is read through it and, at end of stream, fails the read if the SHA-256 differs from
 * the expected one: a reader that consumes the whole blob learns of corruption instead of getting
 * silently wrong bytes. A reader that stops early gets no verdict.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final MessageDigest digest;
    private final String expectedSha256;
    private final String description;
    private boolean verified;
    private IOException failure;

    public VerifyingInputStream(InputStream in, String expectedSha256, String description) {
        super(in);
        this.expectedSha256 = expectedSha256;
        this.description = description;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            verify();
        } else {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    /** Skipped bytes must still be hashed, so skipping reads them. */
    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    /** Checks once; a mismatch is reported again by every later read, never turned into a clean EOF. */
    private void verify() throws IOException {
        if (!verified) {
            verified = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expectedSha256)) {
                failure = new IOException(description + " is corrupt: its content hashes to SHA-256 " + actual
                        + " instead of " + expectedSha256);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
