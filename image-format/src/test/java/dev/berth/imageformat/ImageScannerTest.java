package dev.berth.imageformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.berth.imageformat.testing.TestArchive;

class ImageScannerTest {
    private final ImageScanner scanner = new ImageScanner(UnpackLimits.DEFAULT.withMaxUnpackedBytes(4 << 20));

    @ParameterizedTest
    @EnumSource(Compression.class)
    void shouldReadMetadataWhenTheUnifiedImageUsesAnySupportedCompression(Compression compression)
            throws IOException {
        // Given
        byte[] image = TestArchive.unified().compression(compression).bytes();

        // When
        ScanResult result = scanner.scanUnified(new ByteArrayInputStream(image));

        // Then
        assertThat(result.tar().compression()).isEqualTo(compression);
        assertThat(result.metadata().architecture()).isEqualTo("x86_64");
        assertThat(result.metadata().creationDate()).isEqualTo(1_700_000_000L);
        assertThat(result.metadata().properties()).containsEntry("os", "testos").containsEntry("release", "1");
    }

    @Test
    void shouldAcceptSplitHalvesWhenEachIsValid() throws IOException {
        // Given
        byte[] meta = TestArchive.splitMetadata().compression(Compression.XZ).bytes();
        byte[] rootfs = TestArchive.splitRootfs().compression(Compression.ZSTD).bytes();

        // When
        ScanResult metaResult = scanner.scanMetadata(new ByteArrayInputStream(meta));
        ScanResult rootfsResult = scanner.scanRootfs(new ByteArrayInputStream(rootfs));

        // Then
        assertThat(metaResult.metadata().architecture()).isEqualTo("x86_64");
        assertThat(rootfsResult.tar().entries()).isGreaterThan(3);
    }

    @Test
    void shouldRefuseWhenAnEntryClimbsOutWithDotDot() {
        refused(TestArchive.unified().file("rootfs/../../etc/cron.d/evil", 0644, "x"), "contains '..'");
    }

    @Test
    void shouldRefuseWhenAnEntryIsAnAbsolutePath() {
        refused(TestArchive.unified().file("/etc/passwd", 0644, "x"), "absolute path");
    }

    @Test
    void shouldRefuseWhenASymlinkPointsOutsideTheRootfs() {
        refused(TestArchive.unified().symlink("rootfs/bin/evil", "../../../etc/shadow"), "points outside rootfs/");
    }

    @Test
    void shouldRefuseWhenAHardlinkPointsOutsideTheRootfs() {
        refused(TestArchive.unified().hardlink("rootfs/meta", "metadata.yaml"), "points outside rootfs/");
        refused(TestArchive.unified().hardlink("rootfs/shadow", "../etc/shadow"), "contains '..'");
        refused(TestArchive.unified().hardlink("rootfs/nothing", "rootfs/not-there"), "not an earlier file");
    }

    @Test
    void shouldRefuseWhenAnEntryLiesBelowASymlink() {
        refused(TestArchive.unified().symlink("rootfs/lib", "/lib").file("rootfs/lib/evil.so", 0644, "x"),
                "below the symlink");
    }

    @Test
    void shouldRefuseWhenTheImageHoldsADeviceNode() {
        refused(TestArchive.unified().charDevice("rootfs/dev/mem"), "device node");
    }

    @Test
    void shouldAcceptAFifoWhenTheImageIsUnprivileged() throws IOException {
        // Given
        byte[] image = TestArchive.unified().fifo("rootfs/run/initctl").bytes();

        // When / Then
        assertThat(scanner.scanUnified(new ByteArrayInputStream(image)).tar().entries()).isPositive();
    }

    @Test
    void shouldRefuseWhenTheImageDecompressesBeyondTheLimit() {
        refused(TestArchive.unified().file("rootfs/zeros", 0644, new byte[8 << 20]), "decompression bomb");
    }

    @Test
    void shouldRefuseWhenTheCompressedStreamIsCutShort() {
        for (Compression c : Compression.values()) {
            byte[] cut = TestArchive.unified().file("rootfs/data", 0644, random(200_000)).compression(c)
                    .truncated(0.6);
            assertThatThrownBy(() -> scanner.scanUnified(new ByteArrayInputStream(cut)))
                    .as("compression %s", c).isInstanceOf(ImageFormatException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void shouldRefuseWhenTheTarEndsWithoutItsEndMarker() {
        refused(TestArchive.unified().withoutEndMarker().compression(Compression.NONE), "end-of-archive");
        refused(TestArchive.unified().withoutEndMarker(), "end-of-archive");
    }

    @Test
    void shouldRefuseWhenMetadataYamlIsMissing() {
        refused(TestArchive.empty().dir("rootfs/", 0755), "no metadata.yaml");
    }

    @Test
    void shouldRefuseWhenMetadataYamlIsInvalid() {
        refused(TestArchive.empty().file("metadata.yaml", 0644, "creation_date: 1700000000\n").dir("rootfs/", 0755),
                "architecture is missing");
        refused(TestArchive.empty().file("metadata.yaml", 0644, "architecture: x86_64\ncreation_date: soon\n")
                .dir("rootfs/", 0755), "creation_date must be a unix timestamp");
        refused(TestArchive.empty().file("metadata.yaml", 0644, "architecture: [\n").dir("rootfs/", 0755),
                "Invalid metadata.yaml");
    }

    @Test
    void shouldRefuseWhenTheUnifiedImageHasNoRootfs() {
        refused(TestArchive.empty().file("metadata.yaml", 0644, TestArchive.METADATA), "no rootfs/");
    }

    private void refused(TestArchive archive, String why) {
        byte[] image = archive.bytes();
        assertThatThrownBy(() -> scanner.scanUnified(new ByteArrayInputStream(image)))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining(why);
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new java.util.Random(42).nextBytes(b);
        return b;
    }
}
