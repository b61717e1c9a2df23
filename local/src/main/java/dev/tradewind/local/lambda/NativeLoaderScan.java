package dev.tradewind.local.lambda;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the jars whose classes load native libraries, by reading each class file's constant pool for a method
 * reference to {@code System} or {@code Runtime}'s {@code load} or {@code loadLibrary}: no class is loaded or run.
 */
final class NativeLoaderScan {

    private static final Set<String> LOADER_CLASSES = Set.of("java/lang/System", "java/lang/Runtime");
    private static final Set<String> LOADER_METHODS = Set.of("load", "loadLibrary");

    private NativeLoaderScan() {
    }

    static boolean loadsNativeLibraries(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        if (callsNativeLoader(in.readAllBytes())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    /** Whether a class file's constant pool references one of the loader methods (JVMS 4.4). */
    static boolean callsNativeLoader(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) {
            return false;
        }
        in.readInt(); // minor and major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] first = new int[count];
        int[] second = new int[count];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            tags[i] = in.readUnsignedByte();
            switch (tags[i]) {
                case 1 -> utf8[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // a long or double takes two entries
                }
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tags[i]);
            }
        }
        for (int i = 1; i < count; i++) {
            if (tags[i] == 10 && tags[first[i]] == 7 && LOADER_CLASSES.contains(utf8[first[first[i]]])
                    && tags[second[i]] == 12 && LOADER_METHODS.contains(utf8[first[second[i]]])) {
                return true;
            }
        }
        return false;
    }
}
