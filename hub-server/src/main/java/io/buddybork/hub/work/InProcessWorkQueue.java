package io.buddybork.hub.work;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default work queue, without a broker: a published message is handed at once, on the
 * publisher's thread, to this process' subscriber of its topic (whose own queue decides what
 * waits); without a subscriber (the node lacks the role) it is dropped, as work of a role this
 * single node does not play. Acks are no-ops. Thread-safe.
 */
final class InProcessWorkQueue implements WorkQueue {

    private final Map<Topic, Handler> handlers = new ConcurrentHashMap<>();

    @Override
    public void publish(Topic topic, byte[] body) {
        Handler handler = handlers.get(topic);
        if (handler != null) {
            handler.handle(new LocalDelivery(body));
        }
    }

    @Override
    public void subscribe(Topic topic, int prefetch, Handler handler) {
        if (handlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("a second subscriber of " + topic);
        }
    }

    @Override
    public boolean distributed() {
        return false;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public long missedSince(long mark) {
        return 0;
    }

    @Override
    public long missedMark() {
        return 0;
    }

    private record LocalDelivery(byte[] body) implements Delivery {
        @Override
        public boolean redelivered() {
            return false;
        }

        @Override
        public void ack() {
            // nothing waits for it: the message was never stored anywhere
        }

        @Override
        public void requeue() {
            // in process, what is not done is found again by the database-driven catch-up
        }
    }
}
