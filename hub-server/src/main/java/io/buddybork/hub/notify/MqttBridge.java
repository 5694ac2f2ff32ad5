package io.buddybork.hub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.away.PresenceReported;
import io.buddybork.hub.cluster.HubInstance;
import io.buddybork.hub.episode.EpisodeClock;
import io.buddybork.hub.episode.EpisodeEvent;
import io.buddybork.hub.notify.NotifyRepository.Named;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.jboss.logging.Logger;

/**
 * The hub's MQTT connection (Paho): connects when a broker is set (by the environment, which wins,
 * or by an admin; see {@link #apply(MqttSettings)}) and keeps trying with backoff while the broker
 * is unreachable; publishes the retained availability (last will {@code offline}), Home Assistant
 * discovery configs, per-device and per-tag state and episode counters, and episode start/end events; reports presence from the configured topic as
 * {@link PresenceReported}. Never blocks its callers: publishes are asynchronous and buffered while
 * disconnected; a failure is counted and logged, never thrown. Thread-safe.
 */
@ApplicationScoped
public class MqttBridge {
    private static final Logger LOG = Logger.getLogger(MqttBridge.class);
    private static final int QOS = 1;
    /** How long a goodbye (offline, removed configs, disconnect) may take before the connection is dropped. */
    private static final long GOODBYE_WAIT_MS = 5_000;
    /** How long a goodbye that revokes configs may wait for all their acknowledgements (a busy machine is slow). */
    private static final long GOODBYE_ACK_WAIT_MS = 30_000;
    /** How long a publish beyond the in-flight window waits for room before it is refused. */
    private static final long INFLIGHT_WAIT_MS = 30_000;
    /** How long one wait for a pending delivery lasts before the window is tried again. */
    private static final long INFLIGHT_POLL_MS = 1_000;
    /** The pause when Paho reports a full window but lists no delivery still pending. */
    private static final long INFLIGHT_PAUSE_MS = 5;

    private final MqttConfig config;
    private final HubInstance instance;
    private final NotifyRepository store;
    private final NotifyMetrics metrics;
    private final ObjectMapper json;
    private final Event<PresenceReported> presence;
    private final EpisodeClock clock;

    private volatile MqttSettings settings = MqttSettings.none();
    // the last settings handed to apply(): what the admin page shows at once, while the timer thread
    // may still be saying goodbye to the old broker
    private volatile MqttSettings saved;
    private volatile HomeAssistant ha;

    private final Map<String, String> publishedConfigs = new LinkedHashMap<>();
    private final Map<Long, Set<Long>> openByDevice = new ConcurrentHashMap<>();
    private final Map<Long, Long> openTagByEpisode = new ConcurrentHashMap<>();
    /** The most recently ended episodes, so that a late STARTED or EXTENDED cannot turn a state on again. */
    private final Map<Long, Boolean> ended = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    private volatile MqttAsyncClient client;
    /** Runs connects, reconfigurations and refreshes one at a time. */
    private volatile ScheduledExecutorService timer;

    private volatile String lastError;
    private volatile Long connectedSince;
    private volatile boolean stopping;
    private volatile boolean outageLogged;
    private long reconnectDelayMs;
    private boolean announced; // guarded by publishedConfigs

    MqttBridge(
            MqttConfig config,
            NotifyRepository store,
            NotifyMetrics metrics,
            ObjectMapper json,
            Event<PresenceReported> presence,
            HubInstance instance,
            EpisodeClock clock) {
        this.config = config;
        this.clock = clock;
        this.instance = instance;
        this.store = store;
        this.metrics = metrics;
        this.json = json;
        this.presence = presence;
        this.ha = new HomeAssistant(settings.topicPrefix(), settings.discoveryPrefix());
    }

    /**
     * The MQTT client id: {@code configured} when set, else {@code buddybork-<topic prefix>-<hub
     * instance id>}, so that several hubs on one broker never push each other off (a broker
     * drops the older of two connections with one client id).
     */
    static String clientId(java.util.Optional<String> configured, String topicPrefix, String instanceId) {
        return configured
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElseGet(() -> "buddybork-" + HubInstance.sanitised(topicPrefix) + "-" + instanceId);
    }

    /** Whether the environment sets the broker ({@code BUDDYBORK_MQTT_URL}): then admins cannot change it. */
    public boolean fromEnvironment() {
        return config.url().filter(u -> !u.isBlank()).isPresent();
    }

    /** The broker settings in effect (with the password: never show them as they are). */
    public MqttSettings settings() {
        MqttSettings s = saved;
        return s != null ? s : settings;
    }

    /** Topic names and discovery configs of this hub. */
    public HomeAssistant topics() {
        return ha;
    }

    /** Whether a broker is configured. */
    public boolean configured() {
        return settings.configured();
    }

    /** The connection as health and the admin page show it. */
    public MqttStatus status() {
        MqttAsyncClient c = client;
        MqttSettings s = settings;
        return new MqttStatus(
                s.configured(),
                s.configured() ? SecretMask.url(s.url()) : null,
                c != null && c.isConnected(),
                s.topicPrefix(),
                s.discoveryEnabled(),
                s.discoveryPrefix(),
                config.presenceTopic().orElse(null),
                lastError,
                connectedSince);
    }

    void start(@Observes StartupEvent ev) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "buddybork-mqtt");
            t.setDaemon(true);
            return t;
        });
        MqttSettings initial;
        try {
            initial = fromEnvironment()
                    ? MqttSettings.of(config)
                    : store.mqttSettings().orElse(MqttSettings.none());
        } catch (RuntimeException e) {
            LOG.errorf(e, "MQTT settings unreadable; MQTT off until an admin saves them");
            initial = MqttSettings.none();
        }
        MqttSettings first = initial;
        timer.execute(() -> switchTo(first));
        long refresh = Math.max(200, config.discoveryRefresh().toMillis());
        timer.scheduleWithFixedDelay(this::refreshQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
    }

    /**
     * Uses {@code next} from now on, without a restart: says goodbye on the old broker (offline, and
     * the discovery configs removed unless broker and prefixes stay the same), disconnects cleanly and connects with the new settings, which
     * republishes availability and discovery under the new prefixes. Returns at once.
     */
    public void apply(MqttSettings next) {
        saved = next;
        ScheduledExecutorService t = timer;
        if (t == null) {
            settings = next; // not started yet: start() reads the store
            return;
        }
        t.execute(() -> switchTo(next));
    }

    /** On the timer thread only. */
    private void switchTo(MqttSettings next) {
        if (stopping) {
            return;
        }
        MqttSettings old = settings;
        // same broker and topics (e.g. a new password): keep the entities, Home Assistant would lose their
        // customisations
        boolean sameEntities = next.discoveryEnabled()
                && Objects.equals(old.url(), next.url())
                && old.topicPrefix().equals(next.topicPrefix())
                && old.discoveryPrefix().equals(next.discoveryPrefix());
        goodbye(!sameEntities);
        settings = next;
        ha = new HomeAssistant(next.topicPrefix(), next.discoveryPrefix());
        lastError = null;
        connectedSince = null;
        outageLogged = false;
        metrics.connected(false);
        if (!next.configured()) {
            return;
        }
        try {
            String clientId = clientId(config.clientId(), next.topicPrefix(), instance.id());
            MqttAsyncClient c = new MqttAsyncClient(next.url().trim(), clientId, new MemoryPersistence());
            c.setCallback(new Callback(c));
            DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(5000);
            buffer.setDeleteOldestMessages(true);
            buffer.setPersistBuffer(false);
            c.setBufferOpts(buffer);
            client = c;
        } catch (MqttException | IllegalArgumentException e) {
            lastError = "invalid MQTT configuration: " + e.getMessage();
            LOG.errorf("MQTT off: %s", lastError);
            return;
        }
        reconnectDelayMs = config.reconnectDelay().toMillis();
        connect();
    }

    /**
     * Leaves the current broker: offline (the will is not sent on a normal disconnect), and when
     * {@code revokeDiscovery} the discovery configs removed so Home Assistant does not keep entities
     * under prefixes no longer used.
     */
    private void goodbye(boolean revokeDiscovery) {
        MqttAsyncClient c = client;
        client = null;
        if (c == null) {
            return;
        }
        HomeAssistant old = ha;
        if (c.isConnected()) {
            // offline first: it must not depend on how many configs are revoked after it
            List<IMqttDeliveryToken> goodbyes = new ArrayList<>();
            goodbyes.add(publish(c, old.availabilityTopic(), HomeAssistant.OFFLINE, true));
            if (revokeDiscovery) {
                synchronized (publishedConfigs) {
                    for (String topic : publishedConfigs.keySet()) {
                        goodbyes.add(publish(c, topic, "", true));
                    }
                }
            }
            // every revocation acknowledged before the disconnect: a disconnect drops what is still in
            // flight, and a lost empty config leaves Home Assistant a stale entity under the old prefix
            long deadline = System.nanoTime()
                    + TimeUnit.MILLISECONDS.toNanos(revokeDiscovery ? GOODBYE_ACK_WAIT_MS : GOODBYE_WAIT_MS);
            for (IMqttDeliveryToken token : goodbyes) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (token == null || left <= 0) {
                    continue;
                }
                try {
                    token.waitForCompletion(left);
                } catch (MqttException e) {
                    LOG.debugf("MQTT goodbye: %s", e.getMessage());
                }
            }
            try {
                // the quiesce time lets a goodbye still in flight on a busy machine complete first
                c.disconnect(GOODBYE_WAIT_MS).waitForCompletion(2 * GOODBYE_WAIT_MS);
            } catch (MqttException e) {
                LOG.debugf("MQTT disconnect: %s", e.getMessage());
                try {
                    // a dropped connection without DISCONNECT makes the broker publish the will
                    // ("offline", retained), so subscribers never keep a stale "online"
                    c.disconnectForcibly(0, GOODBYE_WAIT_MS);
                } catch (MqttException again) {
                    LOG.debugf("MQTT forced disconnect: %s", again.getMessage());
                }
            }
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debugf("MQTT close: %s", e.getMessage());
        }
        synchronized (publishedConfigs) {
            publishedConfigs.clear();
            announced = false;
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        stopping = true;
        ScheduledExecutorService t = timer;
        if (t != null) {
            t.shutdownNow();
            try {
                // a reconfiguration in progress ends before the last goodbye
                t.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        goodbye(false);
    }

    /**
     * Tries {@code s} with a throwaway client (connect, then disconnect) without touching the
     * hub's connection; blocks up to about {@code timeoutSeconds}. Returns null when the broker
     * accepted the connection, else why not.
     */
    public String probe(MqttSettings s, int timeoutSeconds) {
        if (!s.configured()) {
            return "no broker URL";
        }
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(
                    s.url().trim(), "buddybork-probe-" + Long.toHexString(System.nanoTime()), new MemoryPersistence());
            MqttConnectOptions o = options(s);
            o.setAutomaticReconnect(false);
            o.setConnectionTimeout(timeoutSeconds);
            c.connect(o).waitForCompletion(timeoutSeconds * 1000L + 1000);
            c.disconnect(1000).waitForCompletion(2000);
            return null;
        } catch (Exception e) {
            return describe(e);
        } finally {
            if (c != null) {
                try {
                    c.close(true);
                } catch (MqttException e) {
                    LOG.debugf("MQTT probe close: %s", e.getMessage());
                }
            }
        }
    }

    private MqttConnectOptions options() throws Exception {
        MqttConnectOptions o = options(settings);
        o.setWill(ha.availabilityTopic(), bytes(HomeAssistant.OFFLINE), QOS, true);
        return o;
    }

    private MqttConnectOptions options(MqttSettings s) throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay((int) Math.max(1000, config.maxReconnectDelay().toMillis()));
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(Math.max(1, config.maxInflight()));
        if (s.username() != null && !s.username().isBlank()) {
            o.setUserName(s.username());
        }
        if (s.password() != null) {
            o.setPassword(s.password().toCharArray());
        }
        if (config.truststore().isPresent()) {
            KeyStore ks = KeyStore.getInstance(
                    config.truststore().get().toFile(),
                    config.truststorePassword().orElse("").toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            o.setSocketFactory(ssl.getSocketFactory());
        }
        return o;
    }

    /** The first connection; Paho's automatic reconnect takes over once it succeeded. */
    private void connect() {
        MqttAsyncClient c = client;
        if (stopping || c == null) {
            return;
        }
        try {
            c.connect(options(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete announces and publishes
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryConnect(c, e);
                }
            });
        } catch (Exception e) {
            retryConnect(c, e);
        }
    }

    private void retryConnect(MqttAsyncClient c, Throwable e) {
        if (c != client) {
            return; // replaced by new settings meanwhile
        }
        lastError = describe(e);
        metrics.failed(NotifyMetrics.MQTT);
        // one warning per outage, not one per attempt
        if (!outageLogged) {
            outageLogged = true;
            LOG.warnf(
                    "MQTT broker %s unreachable (%s); retrying with backoff up to %s",
                    status().url(), lastError, config.maxReconnectDelay());
        } else {
            LOG.debugf("MQTT broker still unreachable (%s); next attempt in %d ms", lastError, reconnectDelayMs);
        }
        if (stopping) {
            return;
        }
        timer.schedule(
                () -> {
                    if (c == client) {
                        connect();
                    }
                },
                reconnectDelayMs,
                TimeUnit.MILLISECONDS);
        reconnectDelayMs =
                Math.min(reconnectDelayMs * 2, config.maxReconnectDelay().toMillis());
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            msg += " (" + root.getMessage() + ")";
        }
        return msg;
    }

    /** Paho's callbacks: (re)connected, lost, and presence messages. */
    private final class Callback implements MqttCallbackExtended {
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (owner != client) {
                return;
            }
            connectedSince = System.currentTimeMillis();
            lastError = null;
            reconnectDelayMs = config.reconnectDelay().toMillis();
            outageLogged = false;
            metrics.connected(true);
            LOG.infof("MQTT connected to %s%s", SecretMask.url(serverUri), reconnect ? " again" : "");
            timer.execute(() -> {
                if (owner == client) {
                    announce();
                }
            });
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (owner != client) {
                return;
            }
            connectedSince = null;
            lastError = "connection lost: " + describe(cause);
            metrics.connected(false);
            LOG.warnf("MQTT %s; reconnecting", lastError);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String payload = new String(message.getPayload(), StandardCharsets.UTF_8)
                    .trim()
                    .toLowerCase(Locale.ROOT);
            if (!config.presenceTopic().map(topic::equals).orElse(false)) {
                return;
            }
            Boolean away = config.presenceAway().stream().anyMatch(p -> p.equalsIgnoreCase(payload))
                    ? Boolean.TRUE
                    : config.presenceHome().stream().anyMatch(p -> p.equalsIgnoreCase(payload)) ? Boolean.FALSE : null;
            if (away == null) {
                LOG.debugf("MQTT presence %s: payload %s is neither away nor home", topic, payload);
                return;
            }
            presence.fireAsync(new PresenceReported(away, "mqtt:" + topic)).exceptionally(e -> {
                LOG.warnf(e, "presence report from %s failed", topic);
                return null;
            });
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // counted when the publish was handed over
        }
    }

    /** After every (re)connect: online, discovery, counters and states (a broker may have lost its retained messages). */
    private void announce() {
        publish(ha.availabilityTopic(), HomeAssistant.ONLINE, true);
        synchronized (publishedConfigs) {
            publishedConfigs.clear();
            announced = false;
        }
        refreshQuietly();
        MqttAsyncClient c = client;
        config.presenceTopic().filter(t -> !t.isBlank() && c != null).ifPresent(t -> {
            try {
                c.subscribe(t, QOS);
            } catch (MqttException e) {
                lastError = "presence subscription failed: " + e.getMessage();
                LOG.warnf("MQTT %s", lastError);
            }
        });
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf(e, "MQTT discovery refresh failed");
        }
    }

    /** Publishes the configs, states and counters of new devices and tags, and removes those of gone ones. */
    void refresh() {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return;
        }
        List<Named> devices = store.devices();
        List<Named> tags = store.tags();
        Map<String, String> wanted = new LinkedHashMap<>();
        if (settings.discoveryEnabled()) {
            ha.configs(devices, tags).forEach((topic, body) -> wanted.put(topic, toJson(body)));
        }
        synchronized (publishedConfigs) {
            boolean first = !announced;
            for (var e : wanted.entrySet()) {
                if (!e.getValue().equals(publishedConfigs.get(e.getKey()))) {
                    publish(e.getKey(), e.getValue(), true);
                }
            }
            for (String gone : publishedConfigs.keySet()) {
                if (!wanted.containsKey(gone)) {
                    publish(gone, "", true); // an empty retained config removes the entity
                }
            }
            boolean newEntities = !publishedConfigs.keySet().containsAll(wanted.keySet());
            publishedConfigs.clear();
            publishedConfigs.putAll(wanted);
            announced = true;
            if (first || newEntities) {
                // states and counters of new entities, so Home Assistant shows 0 / off rather than unknown
                publishStates(devices, tags);
            }
        }
    }

    private void publishStates(List<Named> devices, List<Named> tags) {
        Map<Long, Map<Long, Long>> counts = new HashMap<>();
        for (NotifyRepository.Count n : store.counts()) {
            counts.computeIfAbsent(n.deviceId(), k -> new HashMap<>()).put(n.tagId(), n.episodes());
        }
        for (Named d : devices) {
            Map<Long, Long> perTag = counts.getOrDefault(d.id(), Map.of());
            Set<Long> open = openByDevice.getOrDefault(d.id(), Set.of());
            publish(ha.stateTopic(d.id(), null), open.isEmpty() ? HomeAssistant.OFF : HomeAssistant.ON, true);
            publish(
                    ha.countTopic(d.id(), null),
                    Long.toString(
                            perTag.values().stream().mapToLong(Long::longValue).sum()),
                    true);
            for (Named t : tags) {
                boolean on = open.stream().anyMatch(ep -> Long.valueOf(t.id()).equals(openTagByEpisode.get(ep)));
                publish(ha.stateTopic(d.id(), t.id()), on ? HomeAssistant.ON : HomeAssistant.OFF, true);
                publish(ha.countTopic(d.id(), t.id()), Long.toString(perTag.getOrDefault(t.id(), 0L)), true);
            }
        }
    }

    /**
     * Publishes what an episode event changes: its state (on while it goes on, unless it is late,
     * {@link EpisodePayloads#LATE_MS}), its counters, and the start/end event.
     */
    void episode(EpisodeEvent e, boolean newlyCounted, boolean away) {
        if (client == null) {
            return;
        }
        switch (e.kind()) {
            case STARTED, EXTENDED -> {
                boolean over;
                synchronized (ended) {
                    over = ended.containsKey(e.episodeId());
                }
                if (over) {
                    break; // asynchronous events may overtake each other: an ended episode stays off
                }
                if (EpisodePayloads.late(e.endMs(), clock.nowMs())) {
                    // a bout heard long ago (an edge's spool after an outage, a hub catching up) is
                    // history: announced and counted, but the state says what is heard now, and an
                    // automation on it must not fire for it; a later sound extending it turns it on
                    break;
                }
                Set<Long> open = openByDevice.computeIfAbsent(e.deviceId(), k -> ConcurrentHashMap.newKeySet());
                openTagByEpisode.put(e.episodeId(), e.tagId());
                boolean wasOpen = !open.add(e.episodeId());
                if (!wasOpen) {
                    publish(ha.stateTopic(e.deviceId(), e.tagId()), HomeAssistant.ON, true);
                    publish(ha.stateTopic(e.deviceId(), null), HomeAssistant.ON, true);
                }
            }
            case ENDED -> {
                synchronized (ended) {
                    ended.put(e.episodeId(), Boolean.TRUE);
                }
                Set<Long> open = openByDevice.computeIfAbsent(e.deviceId(), k -> ConcurrentHashMap.newKeySet());
                open.remove(e.episodeId());
                openTagByEpisode.remove(e.episodeId());
                boolean tagStillOpen =
                        open.stream().anyMatch(ep -> Long.valueOf(e.tagId()).equals(openTagByEpisode.get(ep)));
                if (!tagStillOpen) {
                    publish(ha.stateTopic(e.deviceId(), e.tagId()), HomeAssistant.OFF, true);
                }
                if (open.isEmpty()) {
                    publish(ha.stateTopic(e.deviceId(), null), HomeAssistant.OFF, true);
                }
            }
        }
        if (newlyCounted) {
            publish(
                    ha.countTopic(e.deviceId(), e.tagId()),
                    Long.toString(store.episodes(e.deviceId(), e.tagId())),
                    true);
            publish(ha.countTopic(e.deviceId(), null), Long.toString(store.episodes(e.deviceId())), true);
        }
        if (e.kind() != EpisodeEvent.Kind.EXTENDED) {
            publish(ha.episodeTopic(), toJson(EpisodePayloads.event(e, away)), false);
        }
    }

    /** Hands a message to Paho (buffered while disconnected); false when it was refused. */
    boolean publish(String topic, String payload, boolean retained) {
        MqttAsyncClient c = client;
        return c != null && publish(c, topic, payload, retained) != null;
    }

    /**
     * Hands one QoS 1 message to {@code c}; when {@code buddybork.mqtt.max-inflight} messages await
     * their acknowledgement, waits up to {@link #INFLIGHT_WAIT_MS} for room instead of dropping this
     * one (Paho refuses a publish beyond the window). Returns the delivery token, or null when the
     * message was refused.
     */
    private IMqttDeliveryToken publish(MqttAsyncClient c, String topic, String payload, boolean retained) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INFLIGHT_WAIT_MS);
        while (true) {
            try {
                IMqttDeliveryToken token = c.publish(topic, bytes(payload), QOS, retained);
                metrics.sent(NotifyMetrics.MQTT);
                return token;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() - deadline >= 0) {
                    return refused(topic, e);
                }
                awaitRoom(c);
            } catch (RuntimeException e) {
                return refused(topic, e);
            }
        }
    }

    /**
     * Waits for one of {@code c}'s pending deliveries, or pauses briefly when Paho lists none: its
     * window count and its list of pending tokens change at different moments, and a retry loop
     * that did not wait then used up its attempts within milliseconds and dropped the message (a
     * revocation lost that way left a stale Home Assistant entity under an old prefix).
     */
    private static void awaitRoom(MqttAsyncClient c) {
        for (IMqttDeliveryToken pending : c.getPendingDeliveryTokens()) {
            if (!pending.isComplete()) {
                try {
                    pending.waitForCompletion(INFLIGHT_POLL_MS);
                } catch (MqttException ignored) {
                    // gone or timed out: the caller tries the window again
                }
                return;
            }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INFLIGHT_PAUSE_MS));
    }

    private IMqttDeliveryToken refused(String topic, Exception e) {
        metrics.failed(NotifyMetrics.MQTT);
        LOG.debugf("MQTT publish to %s refused: %s", topic, e.getMessage());
        return null;
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
