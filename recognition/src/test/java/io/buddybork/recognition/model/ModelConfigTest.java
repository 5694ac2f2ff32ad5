package io.buddybork.recognition.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.buddybork.recognition.model.ModelConfig.Normalisation;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void parseReadsTheGeneralisationKeys() {
        ModelConfig c = ModelConfig.parse(
                "default,norm=background_centre,pool=2,mixes=4,mix-snr-min=5,mix-snr-max=15,mix-gain=3");
        assertThat(c.normalisation()).isEqualTo(Normalisation.BACKGROUND_CENTRE);
        assertThat(c.poolTopK()).isEqualTo(2);
        assertThat(c.mixes()).isEqualTo(4);
        assertThat(c.mixSnrMinDb()).isEqualTo(5);
        assertThat(c.mixSnrMaxDb()).isEqualTo(15);
        assertThat(c.mixGainDb()).isEqualTo(3);
    }

    @Test
    void parseReadsTheSessionAndSpreadKeys() {
        ModelConfig c = ModelConfig.parse("default,folds=session,spread=0.9,typical-by=SESSION");
        assertThat(c.folds()).isEqualTo(ModelConfig.Grouping.SESSION);
        assertThat(c.spreadKeep()).isEqualTo(0.9);
        assertThat(c.typicalBy()).isEqualTo(ModelConfig.Grouping.SESSION);
        assertThat(c.typicality()).isEqualTo(ModelConfig.defaults().typicality());
        assertThat(ModelConfig.defaults().folds()).isEqualTo(ModelConfig.Grouping.CLIP);
        assertThat(ModelConfig.defaults().spreadKeep()).isZero();
        assertThatThrownBy(() -> ModelConfig.parse("spread=1.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spread");
    }

    @Test
    void everyKeyKeepsTheOtherComponents() {
        ModelConfig c = ModelConfig.parse("norm=BACKGROUND,mixes=3,pool=1,lambda=2,k=5,svm-c=0.5,"
                + "pca-variance=0.8,time-prior-weight=0.25,window=3,hop=1,target-precision=0.8");
        assertThat(c.normalisation()).isEqualTo(Normalisation.BACKGROUND);
        assertThat(c.mixes()).isEqualTo(3);
        assertThat(c.poolTopK()).isEqualTo(1);
        assertThat(c.lambda()).isEqualTo(2);
        assertThat(c.knnK()).isEqualTo(5);
        assertThat(c.svmC()).isEqualTo(0.5);
        assertThat(c.pcaVariance()).isEqualTo(0.8);
        assertThat(c.timePriorWeight()).isEqualTo(0.25);
        assertThat(c.windowSeconds()).isEqualTo(3);
        assertThat(c.hopSeconds()).isEqualTo(1);
        assertThat(c.targetPrecision()).isEqualTo(0.8);
        assertThat(c.withScore(ModelConfig.ScoreFunction.COSINE).mixes()).isEqualTo(3);
    }

    @Test
    void thePipelineConstructorLeavesTheGeneralisationAidsOff() {
        ModelConfig p = ModelConfig.previousDefault();
        assertThat(p.normalisation()).isEqualTo(Normalisation.TRAINING);
        assertThat(p.poolTopK()).isZero();
        assertThat(p.mixes()).isZero();
    }

    @Test
    void badValuesAreRefusedWithTheKey() {
        assertThatThrownBy(() -> ModelConfig.parse("pool=-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for pool");
        assertThatThrownBy(() -> ModelConfig.parse("mix-snr-min=30,mix-snr-max=10"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mix-snr-max");
        assertThatThrownBy(() -> ModelConfig.parse("norm=SOMETIMES"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("for norm");
    }
}
