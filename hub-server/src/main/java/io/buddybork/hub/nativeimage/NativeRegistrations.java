package io.buddybork.hub.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for reflection and Java serialisation what a native image cannot discover by static
 * analysis: the model file manifest ({@code recognition.model.ModelCodec}) and the backup manifest
 * are read by Jackson into records; Smile's LDA and Platt scaling have private parameters the
 * model export reads reflectively; and the one-off conversion of old Java-serialised model files
 * reads the exact classes of that format (the {@code legacy} stand-ins and Smile's classifiers).
 * Qute templates, Flyway migrations and the web bundle are registered by their Quarkus extensions;
 * {@code application.properties} lists the extra resources.
 */
@RegisterForReflection(
        serialization = true,
        classNames = {
            // model file format 2: manifest records (Jackson)
            "io.buddybork.recognition.model.ModelCodec$Manifest",
            "io.buddybork.recognition.model.ModelCodec$Core",
            "io.buddybork.recognition.model.ModelCodec$Classifier",
            "io.buddybork.recognition.model.ModelCodec$TimeModel",
            "io.buddybork.recognition.model.ModelCodec$ArrayEntry",
            "io.buddybork.recognition.model.ModelConfig",
            "io.buddybork.recognition.model.TagThreshold",
            "io.buddybork.recognition.model.PrCurve",
            "io.buddybork.recognition.model.TagCalibration",
            "io.buddybork.recognition.model.TrainingSummary",
            "io.buddybork.recognition.model.ModelMetadata",
            "io.buddybork.recognition.feature.FeatureConfig",
            // private parameters read by the model export
            "smile.classification.LDA",
            "smile.classification.PlattScaling",
            // model file format 1, read once to convert
            "io.buddybork.recognition.model.legacy.OpenSetModel",
            "io.buddybork.recognition.model.legacy.ScoringCore",
            "io.buddybork.recognition.model.legacy.LinearSvmOvr",
            "io.buddybork.recognition.model.legacy.TimeOfDayModel",
            "io.buddybork.recognition.model.legacy.HashMap",
            "io.buddybork.recognition.model.legacy.LinkedHashMap",
            "io.buddybork.recognition.model.legacy.CollSer",
            "smile.classification.AbstractClassifier",
            "smile.classification.LogisticRegression",
            "smile.classification.LogisticRegression$Binomial",
            "smile.classification.LogisticRegression$Multinomial",
            "smile.classification.LinearSVM",
            "smile.model.svm.LinearKernelMachine",
            "smile.tensor.DenseMatrix",
            "smile.tensor.DenseMatrix64",
            "smile.tensor.Vector",
            "smile.tensor.Vector64",
            "smile.util.IntSet",
            "java.time.Instant",
            // the hub's own JSON records (Jackson reads and writes them reflectively)
            "io.buddybork.hub.backup.BackupManifest",
            "io.buddybork.hub.backup.BackupManifest$FileEntry",
            "io.buddybork.hub.backup.DatabaseDump$Table",
            "io.buddybork.hub.backup.DatabaseDump$Sequence",
            "io.buddybork.hub.backup.BackupStatus",
            "io.buddybork.hub.retention.StorageOverview",
            "io.buddybork.hub.retention.StorageOverview$Deleted",
        })
public final class NativeRegistrations {
    private NativeRegistrations() {}
}
