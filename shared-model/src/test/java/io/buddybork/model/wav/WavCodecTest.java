package io.buddybork.model.wav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.model.SegmentFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WavCodecTest {

    private static short[] ramp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) ((i * 37) - 16_000);
        }
        return s;
    }

    @Test
    void encodeThenDecodeReturnsTheSameSamples() throws Exception {
        short[] samples = ramp(SegmentFormat.SEGMENT_FRAMES);
        byte[] wav = WavCodec.encode(samples, SegmentFormat.SAMPLE_RATE);

        assertThat(wav).hasSize(44 + samples.length * 2);
        PcmAudio audio = WavCodec.decodeSegment(wav);
        assertThat(audio.sampleRate()).isEqualTo(44_100);
        assertThat(audio.samples()).isEqualTo(samples);
        assertThat(audio.durationMillis()).isEqualTo(3_000);
    }

    @Test
    void encodesLittleEndianCanonicalHeader() {
        byte[] wav = WavCodec.encode(new short[] {1, -2}, 44_100);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(b.getInt(4)).isEqualTo(36 + 4);
        assertThat(b.getInt(24)).isEqualTo(44_100);
        assertThat(b.getInt(28)).isEqualTo(88_200);
        assertThat(b.getInt(40)).isEqualTo(4);
        assertThat(b.getShort(44)).isEqualTo((short) 1);
        assertThat(b.getShort(46)).isEqualTo((short) -2);
    }

    @Test
    void skipsUnknownChunksSuchAsList() throws Exception {
        byte[] plain = WavCodec.encode(ramp(100), 44_100);
        byte[] list = {'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0};
        byte[] wav = new byte[plain.length + list.length];
        System.arraycopy(plain, 0, wav, 0, 36);
        System.arraycopy(list, 0, wav, 36, list.length);
        System.arraycopy(plain, 36, wav, 36 + list.length, plain.length - 36);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, wav.length - 8);

        assertThat(WavCodec.decode(wav).samples()).isEqualTo(ramp(100));
    }

    @Test
    void refusesBodiesThatAreNotRiffWave() {
        assertFault(new byte[0], WavFault.NOT_RIFF);
        assertFault("hello world, this is text".getBytes(), WavFault.NOT_RIFF);
    }

    @Test
    void refusesTruncatedBody() {
        byte[] wav = WavCodec.encode(ramp(1000), 44_100);
        assertFault(Arrays.copyOf(wav, wav.length - 10), WavFault.TRUNCATED);
    }

    @Test
    void refusesDataChunkThatClaimsMoreThanTheBodyHolds() {
        byte[] wav = WavCodec.encode(ramp(1000), 44_100);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 5000);
        assertFault(wav, WavFault.TRUNCATED);
    }

    @Test
    void refusesTrailingBytesBeyondTheRiffSize() {
        byte[] wav = WavCodec.encode(ramp(1000), 44_100);
        assertFault(Arrays.copyOf(wav, wav.length + 6), WavFault.SIZE_MISMATCH);
    }

    @Test
    void refusesStereo() {
        byte[] wav = WavCodec.encode(ramp(1000), 44_100);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 2);
        assertFault(wav, WavFault.NOT_MONO);
    }

    @Test
    void refusesEightBitAndFloat() {
        byte[] eight = WavCodec.encode(ramp(1000), 44_100);
        ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).putShort(34, (short) 8);
        assertFault(eight, WavFault.NOT_16_BIT);

        byte[] floats = WavCodec.encode(ramp(1000), 44_100);
        ByteBuffer.wrap(floats).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 3);
        assertFault(floats, WavFault.NOT_PCM);
    }

    @Test
    void refusesInconsistentByteRate() {
        byte[] wav = WavCodec.encode(ramp(1000), 44_100);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 12345);
        assertFault(wav, WavFault.INCONSISTENT_FORMAT);
    }

    @Test
    void segmentRulesRefuseOtherRatesEmptyAndOverlong() throws Exception {
        assertThat(WavCodec.decode(WavCodec.encode(ramp(100), 16_000)).sampleRate())
                .isEqualTo(16_000);
        assertSegmentFault(WavCodec.encode(ramp(100), 16_000), WavFault.BAD_SAMPLE_RATE);
        assertSegmentFault(WavCodec.encode(new short[0], 44_100), WavFault.EMPTY);
        assertSegmentFault(WavCodec.encode(new short[441_001], 44_100), WavFault.TOO_LONG);
        assertThat(WavCodec.decodeSegment(WavCodec.encode(new short[441_000], 44_100))
                        .frames())
                .isEqualTo(441_000);
    }

    @Test
    void refusesMissingDataChunk() {
        byte[] wav = Arrays.copyOf(WavCodec.encode(new short[0], 44_100), 36);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 28);
        assertFault(wav, WavFault.MISSING_CHUNK);
    }

    @Test
    void acceptsWaveFormatExtensibleWithSixteenBitPcmMono() throws Exception {
        short[] samples = ramp(1000);
        PcmAudio audio = WavCodec.decodeSegment(extensible(samples, 16, PCM_GUID));
        assertThat(audio.samples()).isEqualTo(samples);
        assertThat(audio.sampleRate()).isEqualTo(44_100);
    }

    @Test
    void refusesWaveFormatExtensibleWithAnotherSubFormatOrOtherValidBits() {
        byte[] floatGuid = PCM_GUID.clone();
        floatGuid[0] = 3;
        assertFault(extensible(ramp(100), 16, floatGuid), WavFault.NOT_PCM);
        assertFault(extensible(ramp(100), 12, PCM_GUID), WavFault.NOT_16_BIT);
    }

    @Test
    void strayBytesAfterTheDataChunkAreAHeaderSizeMismatchWhateverTheirCount() {
        byte[] wav = WavCodec.encode(ramp(1000), 44_100);
        for (int stray : new int[] {2, 6, 8, 20}) {
            byte[] padded = Arrays.copyOf(wav, wav.length + stray);
            Arrays.fill(padded, wav.length, padded.length, (byte) 0x7f);
            // RIFF size updated to include them (as some tools do) or left alone: both are a mismatch
            assertFault(padded, WavFault.SIZE_MISMATCH);
            ByteBuffer.wrap(padded).order(ByteOrder.LITTLE_ENDIAN).putInt(4, padded.length - 8);
            assertFault(padded, WavFault.SIZE_MISMATCH);
        }
    }

    private static final byte[] PCM_GUID = {
        1, 0, 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71
    };

    /** A WAVE_FORMAT_EXTENSIBLE file (40-byte 'fmt ' chunk) as arecord and sox write it. */
    private static byte[] extensible(short[] samples, int validBits, byte[] subFormat) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 40 + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(4 + 8 + 40 + 8 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(40)
                .putShort((short) 0xFFFE)
                .putShort((short) 1)
                .putInt(44_100)
                .putInt(88_200)
                .putShort((short) 2)
                .putShort((short) 16)
                .putShort((short) 22)
                .putShort((short) validBits)
                .putInt(4)
                .put(subFormat);
        b.put("data".getBytes()).putInt(dataBytes);
        for (short v : samples) {
            b.putShort(v);
        }
        return b.array();
    }

    private static void assertFault(byte[] wav, WavFault fault) {
        assertThatThrownBy(() -> WavCodec.decode(wav))
                .isInstanceOfSatisfying(
                        WavFormatException.class, e -> assertThat(e.fault()).isEqualTo(fault));
    }

    private static void assertSegmentFault(byte[] wav, WavFault fault) {
        assertThatThrownBy(() -> WavCodec.decodeSegment(wav))
                .isInstanceOfSatisfying(
                        WavFormatException.class, e -> assertThat(e.fault()).isEqualTo(fault));
    }
}
