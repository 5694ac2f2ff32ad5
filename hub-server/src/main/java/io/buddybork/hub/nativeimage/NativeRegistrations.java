package io.buddybork.hub.nativeimage;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Registers for reflection and Java serialisation what a native image cannot discover by static
 * analysis: the model files ({@code recognition.model.ModelStore}) are Java-serialised
 * {@code OpenSetModel} graphs holding Smile classifiers and projections, and the backup manifest is
 * read by Jackson into records. Qute templates, Flyway migrations and the web bundle are registered
 * by their Quarkus extensions; {@code application.properties} lists the extra resources.
 */
@RegisterForReflection(
        serialization = true,
        classNames = {
            "io.buddybork.recognition.model.OpenSetModel",
            "io.buddybork.recognition.model.ScoringCore",
            "io.buddybork.recognition.model.LinearSvmOvr",
            "io.buddybork.recognition.model.ModelConfig",
            "io.buddybork.recognition.model.TagThreshold",
            "io.buddybork.recognition.model.PrCurve",
            "io.buddybork.recognition.model.TrainingSummary",
            "io.buddybork.recognition.feature.FeatureConfig",
            "io.buddybork.recognition.time.TimeOfDayModel",
            "smile.classification.LogisticRegression",
            "smile.classification.LogisticRegression$Binomial",
            "smile.classification.LogisticRegression$Multinomial",
            "smile.classification.LDA",
            "smile.classification.FLD",
            "smile.classification.KNN",
            "smile.classification.SVM",
            "smile.classification.LinearSVM",
            "smile.classification.PlattScaling",
            "smile.classification.OneVersusRest",
            "smile.feature.extraction.PCA",
            "smile.feature.extraction.Projection",
            "smile.tensor.DenseMatrix",
            "smile.tensor.Vector",
            "smile.util.IntSet",
            "java.util.ArrayList",
            "java.util.LinkedHashMap",
            "java.util.HashMap",
            "java.time.Instant",
            // JSON records (Jackson reads and writes them reflectively)
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
