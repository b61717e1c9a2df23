package dev.tradewind.shared.dynamo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Adler32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Large JSON bodies stored compressed in a binary attribute: every byte of an item is paid for on its write.
 *
 * <p>Two formats, told apart by their first bytes, so {@link #read} needs no other attribute: gzip (magic 1f 8b), and
 * zlib deflate with a preset {@link Dictionary}, which the zlib header names by its Adler-32. A dictionary holds what
 * every body of its kind repeats (field names, enum names, sentences), so a body pays only for what is its own.
 */
public final class CompressedJson {

    /**
     * Preset dictionaries. A dictionary is never edited once bodies use it: they need every byte of it. A better one
     * is a new constant with a new resource, beside the old.
     */
    public enum Dictionary {
        /**
         * Two session reports analyze-behavior's integration tests store: 30 fills each, with revenge trading, tilt,
         * the disposition effect and FOMO detected, so most sentences and evidence shapes occur in it.
         */
        BEHAVIOR_REPORTS_1("behavior-reports-1.json");

        private final byte[] bytes;
        private final long adler32;

        Dictionary(String resource) {
            this.bytes = resource(resource);
            Adler32 checksum = new Adler32();
            checksum.update(bytes);
            this.adler32 = checksum.getValue();
        }

        /** The checksum the zlib header of every body compressed with this dictionary carries. */
        public long adler32() {
            return adler32;
        }

        private static byte[] resource(String name) {
            try (InputStream in = CompressedJson.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing from the shared layer");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private CompressedJson() {
    }

    public static SdkBytes gzip(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
        try (GZIPOutputStream zip = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SdkBytes.fromByteArrayUnsafe(out.toByteArray());
    }

    public static SdkBytes deflate(String json, Dictionary dictionary) {
        byte[] input = json.getBytes(StandardCharsets.UTF_8);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setDictionary(dictionary.bytes);
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

    /** The JSON of a body in either format; a body naming a dictionary this build does not have is refused. */
    public static String read(byte[] body) {
        return isGzip(body) ? gunzip(body) : inflate(body);
    }

    private static boolean isGzip(byte[] body) {
        return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    private static String gunzip(byte[] gzipped) {
        try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String inflate(byte[] body) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(body);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 8);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsDictionary()) {
                    inflater.setDictionary(dictionary(inflater.getAdler()).bytes);
                } else if (n == 0 && inflater.needsInput()) {
                    throw new IllegalStateException("compressed body is truncated");
                }
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (DataFormatException e) {
            throw new IllegalStateException("compressed body is neither gzip nor zlib data", e);
        } finally {
            inflater.end();
        }
    }

    private static Dictionary dictionary(long adler32) {
        for (Dictionary dictionary : Dictionary.values()) {
            if (dictionary.adler32 == adler32) {
                return dictionary;
            }
        }
        throw new IllegalStateException("compressed body names an unknown dictionary " + Long.toHexString(adler32));
    }
}
