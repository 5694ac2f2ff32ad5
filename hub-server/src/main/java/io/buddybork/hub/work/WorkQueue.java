package io.buddybork.hub.work;

/**
 * Carries work between hub nodes: segments to score and jobs to run. In process (the default) a
 * message goes straight to this process' subscriber; over a broker it is a persistent message
 * that waits in a durable queue until a node with the right role takes it, and is delivered again
 * (at least once) unless that node acknowledges it. Implementations are thread-safe.
 */
public interface WorkQueue {

    /** The kinds of work, each a queue of its own. */
    enum Topic {
        /** A stored segment to score ({@link SegmentMessage}); consumed by {@code detect} nodes. */
        SEGMENTS("segments"),
        /** A re-detect job to run (its id); consumed by {@code detect} nodes. */
        REDETECT_JOBS("jobs.redetect"),
        /** A training job to run (its id); consumed by {@code train} nodes. */
        TRAINING_JOBS("jobs.training");

        private final String key;

        Topic(String key) {
            this.key = key;
        }

        /** The routing key and the end of the queue's name. */
        public String key() {
            return key;
        }
    }

    /** One received message; exactly one of {@link #ack()} or {@link #requeue()} settles it. */
    interface Delivery {
        /** The message body. */
        byte[] body();

        /** Whether the broker delivered it before (to this or another node) without an ack. */
        boolean redelivered();

        /** Done: the broker forgets the message. Call only once its effect is committed. */
        void ack();

        /** Not done: the broker delivers it again (perhaps to another node). */
        void requeue();
    }

    /** What a subscriber does with each message. */
    @FunctionalInterface
    interface Handler {
        /** Handles {@code delivery}, settling it now or later (from any thread). */
        void handle(Delivery delivery);
    }

    /**
     * Sends {@code body} to {@code topic}'s queue. Never blocks on the broker: a message that
     * cannot be handed over is counted as missed (see {@link #missedSince(long)}).
     */
    void publish(Topic topic, byte[] body);

    /**
     * Starts handing {@code topic}'s messages to {@code handler}, at most {@code prefetch} unsettled
     * at a time (over a broker; in process every message is handed over as it comes).
     */
    void subscribe(Topic topic, int prefetch, Handler handler);

    /** Whether work travels through a broker (other nodes may take it) rather than in this process. */
    boolean distributed();

    /** Whether the broker is reachable now (always true in process). */
    boolean connected();

    /**
     * How many messages could not be handed to the broker since {@code mark} (a value of this
     * counter read earlier): work for the database-driven catch-up.
     */
    long missedSince(long mark);

    /** The counter {@link #missedSince(long)} compares with. */
    long missedMark();
}
