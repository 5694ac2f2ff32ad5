package io.buddybork.hub.model;

/** What a running training reports to and asks of its job: progress, and whether to stop. */
public interface JobControl {

    /** The job is at {@code stage} with overall progress {@code fraction} (0..1). */
    void progress(String stage, double fraction);

    /** Whether cancellation was asked for; the training stops at its next check. */
    boolean cancelled();

    /** Throws {@link TrainingCancelled} when cancellation was asked for. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new TrainingCancelled();
        }
    }

    /** Thrown inside a training to unwind it after a cancel request. */
    final class TrainingCancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public TrainingCancelled() {
            super("training cancelled", null, false, false);
        }
    }
}
