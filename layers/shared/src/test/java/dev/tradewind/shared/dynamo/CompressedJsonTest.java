package dev.tradewind.shared.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.dynamo.CompressedJson.Dictionary;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class CompressedJsonTest {

    private static final String REPORT = "{\"findings\":[{\"pattern\":\"REVENGE_TRADING\",\"status\":\"DETECTED\","
            + "\"summary\":\"2 entries within 45 min after a loss of 2.0% of equity or more,"
            + " at ≥ 1.25× its size\"}]}";

    @Test
    void deflate_roundTripsUnicode_andNamesItsDictionaryInTheZlibHeader() {
        byte[] body = CompressedJson.deflate(REPORT, Dictionary.BEHAVIOR_REPORTS_1).asByteArray();

        assertEquals(0x78, body[0] & 0xff, "a zlib stream");
        assertEquals(0x20, body[1] & 0x20, "with a preset dictionary (FDICT)");
        assertEquals(Dictionary.BEHAVIOR_REPORTS_1.adler32(), ByteBuffer.wrap(body, 2, 4).getInt() & 0xffffffffL);
        assertEquals(REPORT, CompressedJson.read(body));
    }

    @Test
    void deflate_withTheDictionary_isSmallerThanGzip() {
        int deflated = CompressedJson.deflate(REPORT, Dictionary.BEHAVIOR_REPORTS_1).asByteArray().length;
        int gzipped = CompressedJson.gzip(REPORT).asByteArray().length;

        assertTrue(deflated < gzipped / 2, deflated + " bytes with the dictionary, " + gzipped + " gzipped");
    }

    @Test
    void behaviorReportsOne_isFrozen() {
        // Stored bodies need every byte of it: a changed dictionary must be a new constant, not an edit of this one.
        assertEquals(0x11a75543L, Dictionary.BEHAVIOR_REPORTS_1.adler32());
    }

    @Test
    void read_gzipBodies() {
        assertEquals(REPORT, CompressedJson.read(CompressedJson.gzip(REPORT).asByteArray()));
    }

    @Test
    void read_unknownDictionary_isRefused() {
        Deflater deflater = new Deflater();
        deflater.setDictionary("another dictionary".getBytes(StandardCharsets.UTF_8));
        deflater.setInput(REPORT.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();

        var refused = assertThrows(IllegalStateException.class, () -> CompressedJson.read(out.toByteArray()));
        assertTrue(refused.getMessage().contains("unknown dictionary"), refused.getMessage());
    }

    @Test
    void read_truncatedBody_isRefused() {
        byte[] body = CompressedJson.deflate(REPORT, Dictionary.BEHAVIOR_REPORTS_1).asByteArray();

        assertThrows(IllegalStateException.class, () -> CompressedJson.read(Arrays.copyOf(body, body.length / 2)));
    }
}
