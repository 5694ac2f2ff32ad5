-- The MQTT broker an admin sets in the web app (package notify). One row at most. Ignored while
-- the environment sets the broker (BUDDYBORK_MQTT_URL): headless installs keep their contract.
-- password is a secret: the API only ever shows it masked.
create table notify_mqtt (
    id                boolean     primary key default true check (id),
    -- tcp://host:port or ssl://host:port; null: no MQTT
    url               text        check (url is null or url ~* '^(tcp|ssl)://'),
    username          text,
    password          text,
    topic_prefix      text        not null default 'buddybork',
    discovery_enabled boolean     not null default true,
    discovery_prefix  text        not null default 'homeassistant',
    updated           timestamptz not null default now()
);
