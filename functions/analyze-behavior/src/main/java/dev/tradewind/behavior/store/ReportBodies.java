package dev.tradewind.behavior.store;

import dev.tradewind.shared.dynamo.Gzip;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import software.amazon.awssdk.core.SdkBytes;

/**
 * A report's stored body: zlib deflate with a preset dictionary of two typical reports, so the field names, pattern
 * names and sentences every report repeats cost a few bytes instead of being learnt anew in each body. A 45-fill
 * report of 5.4 KB is then an 0.8 KB body rather than 2.0 KB gzipped, which keeps the item under 2 KB (2 WRU).
 *
 * <p>The zlib header names its dictionary by Adler-32, so a body says how to read it: a gzip body (magic 1f 8b,
 * items written before the dictionary) is read as gzip, and a future dictionary would be a new resource with another
 * checksum beside this one. A dictionary resource is never edited: stored bodies depend on every byte of it.
 */
final class ReportBodies {

    /**
     * Two session reports this module's integration tests store: 30 fills each, with revenge trading, tilt, the
     * disposition effect and FOMO detected, so most sentences and evidence shapes occur in it.
     */
    private static final byte[] DICTIONARY_1 = resource("report-dictionary-1.json");
    static final long DICTIONARY_1_ID = adler32(DICTIONARY_1);

    private ReportBodies() {
    }

    static SdkBytes compress(String json) {
        byte[] input = json.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setDictionary(DICTIONARY_1);
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 4 + 64);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return SdkBytes.fromByteArrayUnsafe(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    static String decompress(byte[] body) {
        if (body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            return Gzip.decompress(body);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 8);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    if (inflater.getAdler() != DICTIONARY_1_ID) {
                        throw new IllegalStateException("report body compressed with an unknown dictionary "
                                + Long.toHexString(inflater.getAdler()));
                    }
                    inflater.setDictionary(DICTIONARY_1);
                } else if (n == 0 && inflater.needsInput()) {
                    throw new IllegalStateException("report body is truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("report body is not zlib data", e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ReportBodies.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the function's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long adler32(byte[] bytes) {
        Adler32 adler = new Adler32();
        adler.update(bytes);
        return adler.getValue();
    }
}
