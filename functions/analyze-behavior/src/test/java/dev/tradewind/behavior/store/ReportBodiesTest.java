package dev.tradewind.behavior.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tradewind.shared.dynamo.Gzip;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ReportBodiesTest {

    private static final String REPORT = "{\"findings\":[{\"pattern\":\"REVENGE_TRADING\",\"status\":\"DETECTED\","
            + "\"summary\":\"2 entries within 45 min after a loss of 2.0% of equity or more, at ≥ 1.25× its size\"}]}";

    @Test
    void compress_roundTripsUnicode_andNamesTheDictionaryInTheZlibHeader() {
        byte[] body = ReportBodies.compress(REPORT).asByteArray();

        assertEquals(0x78, body[0] & 0xff, "a zlib stream");
        assertEquals(0x20, body[1] & 0x20, "with a preset dictionary (FDICT)");
        assertEquals(ReportBodies.DICTIONARY_1_ID, java.nio.ByteBuffer.wrap(body, 2, 4).getInt() & 0xffffffffL);
        assertEquals(REPORT, ReportBodies.decompress(body));
    }

    @Test
    void dictionaryOne_isFrozen() {
        // Stored bodies need every byte of it: a changed dictionary must be a new resource, not an edit of this one.
        assertEquals(0x11a75543L, ReportBodies.DICTIONARY_1_ID);
    }

    @Test
    void decompress_readsGzipBodiesWrittenBeforeTheDictionary() {
        assertEquals(REPORT, ReportBodies.decompress(Gzip.compress(REPORT).asByteArray()));
    }

    @Test
    void decompress_unknownDictionary_isRefused() {
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

        var refused = assertThrows(IllegalStateException.class, () -> ReportBodies.decompress(out.toByteArray()));
        assertTrue(refused.getMessage().contains("unknown dictionary"), refused.getMessage());
    }

    @Test
    void decompress_truncatedBody_isRefused() {
        byte[] body = ReportBodies.compress(REPORT).asByteArray();

        assertThrows(IllegalStateException.class,
                () -> ReportBodies.decompress(Arrays.copyOf(body, body.length / 2)));
    }
}
