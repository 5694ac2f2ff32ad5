package io.buddybork.hub.model;

import io.buddybork.recognition.feature.FeatureConfig;
import io.buddybork.recognition.model.ModelConfig;
import io.buddybork.recognition.model.ModelStore;
import io.buddybork.recognition.model.OpenSetModel;
import io.buddybork.recognition.model.TrainingSet;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/** Model files for import tests: trained in-process on Gaussian vectors, or hand-made hostile ones. */
final class ImportableModels {

    private ImportableModels() {}

    /** The file bytes of a small model of the hub's feature configuration with these tags. */
    static byte[] model(List<String> tags) {
        FeatureConfig fc = FeatureConfig.defaults();
        int d = fc.vectorLength();
        Random random = new Random(tags.hashCode());
        int perTag = 3;
        int n = tags.size() * perTag + 4;
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i < tags.size() * perTag ? i / perTag : TrainingSet.BACKGROUND;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) ((y[i] + 2) * 0.7 + random.nextGaussian());
            }
        }
        OpenSetModel model =
                OpenSetModel.train(TrainingSet.of(tags, x, y), fc, ModelConfig.defaults(), 1, ZoneOffset.UTC);
        return ModelStore.toBytes(model);
    }

    /** An old-format (1) file around a Java serialisation stream, with a valid header and checksum. */
    static byte[] legacyFile(byte[] body) throws Exception {
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(raw)) {
            out.write("BBRKMODL".getBytes(StandardCharsets.US_ASCII));
            out.writeInt(1);
            out.writeInt(FeatureConfig.CURRENT_VERSION);
            out.writeUTF("fp");
            out.writeInt(body.length);
            out.write(body);
            out.writeLong(crc.getValue());
        }
        return raw.toByteArray();
    }

    static byte[] serialise(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    /** A current-format file with {@code manifest} and {@code data}, a valid header and checksum. */
    static byte[] assemble(byte[] manifest, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(28 + manifest.length + data.length + 4);
        b.put("BBRKMODL".getBytes(StandardCharsets.US_ASCII));
        b.putInt(ModelStore.FORMAT_VERSION).putInt(FeatureConfig.CURRENT_VERSION);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(manifest.length).putLong(data.length);
        b.put(manifest).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
