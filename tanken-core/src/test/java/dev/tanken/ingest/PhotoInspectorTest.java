package dev.tanken.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import dev.tanken.InvalidInputException;
import dev.tanken.InvalidPhotoException;
import dev.tanken.ingest.PhotoFixtures.Fixture;
import dev.tanken.model.GeoPoint;
import dev.tanken.model.TakenAt;
import dev.tanken.testing.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.GpsTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PhotoInspectorTest {
    private static final double COORDINATE_TOLERANCE = 1e-6;

    private final PhotoInspector inspector = new PhotoInspector(IngestLimits.DEFAULT);

    static List<Fixture> validFixtures() {
        return PhotoFixtures.valid();
    }

    static List<Fixture> rejectedFixtures() {
        return PhotoFixtures.rejected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void readsWhatTheFixtureScriptWrote(Fixture expected) throws Exception {
        Photo photo = inspector.read(expected.path());
        PhotoMetadata m = photo.metadata();

        assertThat(m.format()).isEqualTo(expected.format());
        assertThat(m.width()).isEqualTo(expected.width());
        assertThat(m.height()).isEqualTo(expected.height());
        assertThat(m.orientation()).isEqualTo(expected.orientation());
        if (expected.latitude() == null) {
            assertThat(m.location()).as("location").isNull();
        } else {
            assertThat(m.location()).as("location").isNotNull();
            assertThat(m.location().latitude()).isCloseTo(expected.latitude(), within(COORDINATE_TOLERANCE));
            assertThat(m.location().longitude()).isCloseTo(expected.longitude(), within(COORDINATE_TOLERANCE));
            if (expected.altitude() == null) {
                assertThat(m.location().altitude()).as("altitude").isNull();
            } else {
                assertThat(m.location().altitude()).as("altitude")
                        .isCloseTo(expected.altitude(), within(COORDINATE_TOLERANCE));
            }
        }
        if (expected.takenLocal() == null) {
            assertThat(m.takenAt()).as("takenAt").isNull();
        } else {
            assertThat(m.takenAt()).isEqualTo(new TakenAt(expected.takenLocal(), expected.takenOffset()));
        }

        byte[] fileBytes = Files.readAllBytes(expected.path());
        assertThat(photo.bytes()).isEqualTo(fileBytes);
        assertThat(photo.sha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(fileBytes)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedFixtures")
    void rejectsBrokenAndForeignFilesNamingTheProblem(Fixture expected) {
        Throwable thrown = catchThrowable(() -> inspector.read(expected.path()));

        assertThat(thrown).isInstanceOf(InvalidPhotoException.class);
        for (String fragment : expected.errorFragments()) {
            assertThat(thrown.getMessage()).contains(fragment);
        }
    }

    @Test
    void manifestDescribesEveryFixtureAndCoversTheRequiredCases() throws IOException {
        Set<String> files;
        try (Stream<Path> list = Files.list(PhotoFixtures.directory())) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals("manifest.csv"))
                    .collect(Collectors.toSet());
        }
        List<Fixture> all = PhotoFixtures.all();
        assertThat(all).extracting(Fixture::file).containsExactlyInAnyOrderElementsOf(files);

        List<Fixture> valid = PhotoFixtures.valid();
        assertThat(valid.stream().filter(f -> f.latitude() != null).map(Fixture::format)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ImageFormat.class))))
                .as("every format has a geotagged fixture").containsExactlyInAnyOrder(ImageFormat.values());
        assertThat(valid.stream().filter(f -> f.latitude() != null)
                .map(f -> (f.latitude() > 0 ? "N" : "S") + (f.longitude() > 0 ? "E" : "W")).collect(Collectors.toSet()))
                .as("every hemisphere pair").containsExactlyInAnyOrder("NE", "NW", "SE", "SW");
        assertThat(valid).anyMatch(f -> f.altitude() != null && f.altitude() > 0)
                .anyMatch(f -> f.altitude() != null && f.altitude() < 0)
                .anyMatch(f -> f.takenOffset() != null)
                .anyMatch(f -> f.takenLocal() != null && f.takenOffset() == null)
                .anyMatch(f -> f.orientation() != 1)
                .anyMatch(f -> f.latitude() == null);
        assertThat(PhotoFixtures.rejected()).isNotEmpty().allMatch(f -> !f.errorFragments().isEmpty());
    }

    @Test
    void formatComesFromTheBytesNotTheName() {
        Photo photo = inspector.read(PhotoFixtures.named("really-a-png.jpg").path());

        assertThat(photo.metadata().format()).isEqualTo(ImageFormat.PNG);
        assertThat(photo.metadata().format().mediaType()).isEqualTo("image/png");
    }

    @Test
    void inspectingBytesGivesTheSameResultAsReadingTheFile() throws IOException {
        for (Fixture fixture : PhotoFixtures.valid()) {
            Photo fromFile = inspector.read(fixture.path());
            Photo fromBytes = inspector.inspect(Files.readAllBytes(fixture.path()));
            assertThat(fromBytes.sha256()).isEqualTo(fromFile.sha256());
            assertThat(fromBytes.metadata()).as(fixture.file()).isEqualTo(fromFile.metadata());
        }
    }

    @Test
    void inspectKeepsTheCallersArray() {
        byte[] bytes = TestPhotos.jpeg(35.0, 139.0, 1);
        assertThat(inspector.inspect(bytes).bytes()).isSameAs(bytes);
    }

    @Test
    void fileOverTheSizeLimitIsRejectedWithSizeAndLimitInMebibytes() throws IOException {
        Path file = PhotoFixtures.named("jpeg-tokyo-station.jpg").path();
        long size = Files.size(file);
        PhotoInspector small = new PhotoInspector(new IngestLimits(size - 1, IngestLimits.DEFAULT.maxPixels()));

        assertThatThrownBy(() -> small.read(file)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("file is too large")
                .hasMessageContaining(size + " bytes")
                .hasMessageContaining((size - 1) + " bytes")
                .hasMessageContaining("MiB");
        assertThatThrownBy(() -> small.inspect(Files.readAllBytes(file))).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("file is too large");
        assertThat(new PhotoInspector(new IngestLimits(size, IngestLimits.DEFAULT.maxPixels())).read(file)
                .metadata().format()).isEqualTo(ImageFormat.JPEG);
    }

    @Test
    void hugeFileIsRejectedFromItsSizeAlone(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.jpg");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(60L * 1024 * 1024); // sparse: no need to write 60 MiB to prove the point
        }

        assertThatThrownBy(() -> inspector.read(file)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("file is too large: 60 MiB")
                .hasMessageContaining("the limit is 50 MiB");
    }

    @Test
    void pixelLimitIsCheckedAgainstTheHeaderDimensions() {
        Path file = PhotoFixtures.named("jpeg-tokyo-station.jpg").path();
        PhotoInspector exact = new PhotoInspector(new IngestLimits(IngestLimits.DEFAULT.maxFileBytes(), 160 * 120));
        PhotoInspector tooSmall = new PhotoInspector(new IngestLimits(IngestLimits.DEFAULT.maxFileBytes(),
                160 * 120 - 1));

        assertThat(exact.read(file).metadata().pixelCount()).isEqualTo(160 * 120);
        assertThatThrownBy(() -> tooSmall.read(file)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("image is too large: 160x120 pixels")
                .hasMessageContaining("MP");
    }

    @Test
    void pixelLimitWinsOverTruncationForAHeaderOnlyJpeg() {
        byte[] sofOnly = {
            (byte) 0xFF, (byte) 0xD8,
            (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0x4E, 0x20, 0x4E, 0x20, 1, 1, 0x11, 0,
        };

        assertThatThrownBy(() -> inspector.inspect(sofOnly)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("image is too large: 20000x20000 pixels (400 MP); the limit is 100 MP");
    }

    @Test
    void pngDeclaringHugeDimensionsIsRejectedBeforeItsMetadataIsRead() throws IOException {
        byte[] png = Files.readAllBytes(PhotoFixtures.named("png-sydney-harbour.png").path());
        // IHDR data starts at 16: width, height, then the chunk's CRC at 29.
        writeInt(png, 16, 20000);
        writeInt(png, 20, 20000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        writeInt(png, 29, (int) crc.getValue());

        assertThatThrownBy(() -> inspector.inspect(png)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageContaining("image is too large: 20000x20000");
    }

    @Test
    void pngWhoseCompressedTextWouldInflateToGigabytesIsRejected() throws IOException {
        byte[] png = Files.readAllBytes(PhotoFixtures.named("png-sydney-harbour.png").path());
        byte[] bomb = deflate(new byte[20 * 1024 * 1024]);
        byte[] harmless = deflate("a short comment".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> inspector.inspect(withChunkAfterHeader(png, "zTXt", ztxt(bomb))))
                .isInstanceOf(InvalidPhotoException.class)
                .hasMessageStartingWith("malformed or truncated PNG: compressed metadata chunks ('zTXt') inflate to more than");
        assertThat(inspector.inspect(withChunkAfterHeader(png, "zTXt", ztxt(harmless))).metadata())
                .isEqualTo(inspector.inspect(png).metadata());
    }

    private static byte[] ztxt(byte[] deflated) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes("Comment".getBytes(StandardCharsets.ISO_8859_1));
        data.write(0); // keyword terminator
        data.write(0); // compression method: deflate
        data.writeBytes(deflated);
        return data.toByteArray();
    }

    private static byte[] deflate(byte[] input) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Inserts a chunk (with its CRC) right after the 8-byte signature and the 25-byte IHDR chunk. */
    private static byte[] withChunkAfterHeader(byte[] png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        byte[] chunk = new byte[12 + data.length];
        writeInt(chunk, 0, data.length);
        System.arraycopy(typeBytes, 0, chunk, 4, 4);
        System.arraycopy(data, 0, chunk, 8, data.length);
        writeInt(chunk, 8 + data.length, (int) crc.getValue());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33);
        out.writeBytes(chunk);
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    @Test
    void everyStrictPrefixOfAValidFixtureIsRejectedAsInvalid() throws IOException {
        for (Fixture fixture : PhotoFixtures.valid()) {
            byte[] bytes = Files.readAllBytes(fixture.path());
            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                int cut = length;
                assertThatThrownBy(() -> inspector.inspect(prefix))
                        .as("%s cut to %d of %d bytes", fixture.file(), cut, bytes.length)
                        .isInstanceOf(InvalidPhotoException.class);
            }
        }
    }

    @Test
    void corruptedBytesGiveAPhotoOrAnInvalidPhotoExceptionNeverAnythingElse() throws IOException {
        Random random = new Random(20240501);
        for (Fixture fixture : PhotoFixtures.valid()) {
            byte[] original = Files.readAllBytes(fixture.path());
            for (int round = 0; round < 300; round++) {
                byte[] corrupted = original.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
                }
                Throwable thrown = catchThrowable(() -> inspector.inspect(corrupted));
                if (thrown != null) {
                    assertThat(thrown).as("%s round %d", fixture.file(), round)
                            .isInstanceOf(InvalidPhotoException.class);
                    assertThat(thrown.getMessage()).isNotBlank();
                }
            }
        }
    }

    @Test
    void paddingAfterTheEndMarkerIsAllowed() throws IOException {
        for (String name : List.of("jpeg-tokyo-station.jpg", "png-sydney-harbour.png")) {
            byte[] bytes = Files.readAllBytes(PhotoFixtures.named(name).path());
            byte[] padded = Arrays.copyOf(bytes, bytes.length + 64);

            assertThat(inspector.inspect(padded).metadata()).as(name)
                    .isEqualTo(inspector.inspect(bytes).metadata());
        }
    }

    @Test
    void jpegWithoutAnEndMarkerIsTruncated() throws IOException {
        byte[] bytes = Files.readAllBytes(PhotoFixtures.named("jpeg-tokyo-station.jpg").path());
        byte[] withoutEoi = Arrays.copyOf(bytes, bytes.length - 2);

        assertThatThrownBy(() -> inspector.inspect(withoutEoi)).isInstanceOf(InvalidPhotoException.class)
                .hasMessage("malformed or truncated JPEG: file ends before the EOI marker");
    }

    @Test
    void webpWhoseRiffSizeDisagreesWithItsChunksIsMalformed() throws IOException {
        byte[] bytes = Files.readAllBytes(PhotoFixtures.named("webp-buenos-aires.webp").path());
        byte[] zeroPadded = Arrays.copyOf(bytes, bytes.length + 8);
        setRiffSize(zeroPadded, zeroPadded.length - 8);
        byte[] shortRiff = bytes.clone();
        setRiffSize(shortRiff, bytes.length - 8 - 2);

        assertThatThrownBy(() -> inspector.inspect(zeroPadded)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageStartingWith("malformed or truncated WebP: invalid chunk type");
        assertThatThrownBy(() -> inspector.inspect(shortRiff)).isInstanceOf(InvalidPhotoException.class)
                .hasMessageStartingWith("malformed or truncated WebP: chunk");
    }

    private static void setRiffSize(byte[] webp, int size) {
        webp[4] = (byte) size;
        webp[5] = (byte) (size >> 8);
        webp[6] = (byte) (size >> 16);
        webp[7] = (byte) (size >> 24);
    }

    @Test
    void gpsWithAZeroDenominatorIsNoLocation() throws Exception {
        byte[] jpeg = jpegWithGps(gps -> {
            gps.add(GpsTagConstants.GPS_TAG_GPS_LATITUDE_REF, "N");
            gps.add(GpsTagConstants.GPS_TAG_GPS_LATITUDE, new RationalNumber(35, 1), new RationalNumber(1, 0),
                    new RationalNumber(0, 1));
            gps.add(GpsTagConstants.GPS_TAG_GPS_LONGITUDE_REF, "E");
            gps.add(GpsTagConstants.GPS_TAG_GPS_LONGITUDE, new RationalNumber(139, 1), new RationalNumber(0, 1),
                    new RationalNumber(0, 1));
        });

        assertThat(inspector.inspect(jpeg).metadata().location()).isNull();
    }

    @Test
    void gpsWithoutHemisphereReferencesIsNoLocation() throws Exception {
        byte[] jpeg = jpegWithGps(gps -> {
            gps.add(GpsTagConstants.GPS_TAG_GPS_LATITUDE, new RationalNumber(35, 1), new RationalNumber(30, 1),
                    new RationalNumber(0, 1));
            gps.add(GpsTagConstants.GPS_TAG_GPS_LONGITUDE, new RationalNumber(139, 1), new RationalNumber(0, 1),
                    new RationalNumber(0, 1));
        });

        assertThat(inspector.inspect(jpeg).metadata().location()).isNull();
    }

    @Test
    void testPhotosAreDistinctAndCarryTheirPositionAndTime() {
        TakenAt takenAt = new TakenAt(LocalDateTime.of(2024, 5, 1, 10, 15, 30), ZoneOffset.ofHours(9));
        Photo a = inspector.inspect(TestPhotos.jpeg(-33.856784, 151.215297, 1, takenAt));
        Photo b = inspector.inspect(TestPhotos.jpeg(-33.856784, 151.215297, 2));
        Photo c = inspector.inspect(TestPhotos.jpegWithoutLocation(3, TakenAt.local(LocalDateTime.of(2020, 1, 2, 3,
                4, 5))));

        assertThat(a.sha256()).isNotEqualTo(b.sha256());
        assertThat(TestPhotos.jpeg(-33.856784, 151.215297, 2)).isEqualTo(b.bytes());
        assertThat(a.metadata().location().latitude()).isCloseTo(-33.856784, within(COORDINATE_TOLERANCE));
        assertThat(a.metadata().location().longitude()).isCloseTo(151.215297, within(COORDINATE_TOLERANCE));
        assertThat(a.metadata().takenAt()).isEqualTo(takenAt);
        assertThat(b.metadata().takenAt()).isNull();
        assertThat(a.metadata().width()).isEqualTo(TestPhotos.WIDTH);
        assertThat(c.metadata().location()).isNull();
        assertThat(c.metadata().takenAt()).isEqualTo(TakenAt.local(LocalDateTime.of(2020, 1, 2, 3, 4, 5)));
    }

    @Test
    void degreesMinutesAndSecondsGiveTheCoordinateTheyWrite() {
        // exiftool wrote 35.659482, 139.700553 as degrees, minutes and seconds rationals.
        GeoPoint location = inspector.read(Path.of("../samples/shibuya-scramble-crossing.jpg")).metadata().location();
        assertThat(location.latitude()).isEqualTo(35.659482);
        assertThat(location.longitude()).isEqualTo(139.700553);
    }

    @Test
    void writeJpegWritesAReadablePhoto(@TempDir Path dir) {
        Path file = TestPhotos.writeJpeg(dir.resolve("sub"), "x.jpg", 40.748817, -73.985428, 7);

        GeoPoint location = inspector.read(file).metadata().location();
        assertThat(location.latitude()).isCloseTo(40.748817, within(COORDINATE_TOLERANCE));
        assertThat(location.longitude()).isCloseTo(-73.985428, within(COORDINATE_TOLERANCE));
    }

    @Test
    void missingFileAndDirectoryAreCallerErrorsNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.jpg");

        assertThatThrownBy(() -> inspector.read(missing)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> inspector.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void limitsAreValidated() {
        assertThat(IngestLimits.DEFAULT.maxFileBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(IngestLimits.DEFAULT.maxPixels()).isEqualTo(100_000_000L);
        assertThatThrownBy(() -> new IngestLimits(0, 1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new IngestLimits(1, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new IngestLimits(IngestLimits.MAX_FILE_BYTES + 1, 1))
                .isInstanceOf(InvalidInputException.class);
    }

    private interface GpsWriter {
        void write(TiffOutputDirectory gps) throws Exception;
    }

    private static byte[] jpegWithGps(GpsWriter writer) throws Exception {
        TiffOutputSet exif = new TiffOutputSet();
        writer.write(exif.getOrCreateGpsDirectory());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(TestPhotos.jpegWithoutLocation(99, null), out, exif);
        return out.toByteArray();
    }

    private static void writeInt(byte[] b, int offset, int value) {
        b[offset] = (byte) (value >>> 24);
        b[offset + 1] = (byte) (value >>> 16);
        b[offset + 2] = (byte) (value >>> 8);
        b[offset + 3] = (byte) value;
    }
}
