#!/usr/bin/env python3
# Buddybork abuse harness (issue 11): reruns the slow-body, parallel-login, macro-cache and
# boundary-value cases against one running hub and prints the figures docs/benchmarks.md quotes.
# Loopback only, every loop bounded. Standard library only. GPL-3.0-or-later.
import argparse, base64, http.client, json, os, re, socket, statistics, struct, subprocess, sys, threading, time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

def wav_segment(seed, seconds=3):
    frames = 44100 * seconds
    import random
    r = random.Random(seed)
    data = struct.pack('<%dh' % frames, *[r.randint(-9000, 9000) for _ in range(frames)])
    return (b'RIFF' + struct.pack('<I', 36 + len(data)) + b'WAVE' + b'fmt ' + struct.pack('<IHHIIHH', 16, 1, 1, 44100, 88200, 2, 16)
            + b'data' + struct.pack('<I', len(data)) + data)

class Hub:
    def __init__(self, port, mport, admin_password):
        self.port, self.mport, self.auth = port, mport, 'Basic ' + base64.b64encode(('admin:' + admin_password).encode()).decode()
    def req(self, method, path, body=None, headers=None, port=None, timeout=60):
        c = http.client.HTTPConnection('127.0.0.1', port or self.port, timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()
    def admin(self, method, path, obj=None):
        h = {'Authorization': self.auth}
        body = None
        if obj is not None:
            body, h['Content-Type'] = json.dumps(obj), 'application/json'
        return self.req(method, path, body, h)
    def device(self, name):
        s, b = self.admin('POST', '/api/v1/devices', {'name': name})
        assert s == 201, (s, b)
        d = json.loads(b)
        return d['id'], d['token']
    def metric(self, name):
        s, b = self.req('GET', '/q/metrics', port=self.mport)
        m = re.search(r'^' + re.escape(name) + r'(?:\{[^}]*\})? ([0-9.eE+-]+)$', b.decode(), re.M)
        return float(m.group(1)) if m else float('nan')

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))] if xs else float('nan')

def rss_mb(pid):
    if not pid:
        return float('nan')
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    return float('nan')

def slow_bodies(hub, connections, body_bytes, uploads, pid):
    _, attacker = hub.device('abuse-attacker-%d' % time.time_ns())
    _, honest = hub.device('abuse-honest-%d' % time.time_ns())
    socks, t0 = [], time.time()
    start = (int(time.time() * 1000) - 20 * 86400_000) // 3000 * 3000
    for i in range(connections):
        s = socket.create_connection(('127.0.0.1', hub.port))
        s.sendall(('PUT /api/v1/segments/%d HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
                   'Content-Type: audio/wav\r\nContent-Length: %d\r\nX-Forwarded-For: 198.51.100.%d\r\n\r\n'
                   % (start + 3000 * i, attacker, body_bytes, 7 + i % 4)).encode() + b'\0' * 16)
        socks.append(s)
    wav = wav_segment(1)
    lat, statuses = [], {}
    rss_peak = rss_mb(pid)
    for i in range(uploads):
        t = time.perf_counter()
        st, _ = hub.req('PUT', '/api/v1/segments/%d' % (start + 3000 * i), wav,
                        {'Authorization': 'Bearer ' + honest, 'Content-Type': 'audio/wav'})
        lat.append((time.perf_counter() - t) * 1000)
        statuses[st] = statuses.get(st, 0) + 1
        rss_peak = max(rss_peak, rss_mb(pid))
    ready, _ = hub.req('GET', '/q/health/ready')
    held = hub.metric('buddybork_http_pending_bodies')
    answers = {}
    for s in socks:
        s.settimeout(60)
        try:
            first = s.recv(64).decode('latin-1')
            code = first.split(' ')[1] if first.startswith('HTTP/') else 'closed'
        except (socket.timeout, OSError):
            code = 'no answer'
        answers[code] = answers.get(code, 0) + 1
        s.close()
    return {'connections': connections, 'declared_body_bytes': body_bytes, 'held_by_hub_at_once': held,
            'attack_answers': answers, 'honest_uploads': statuses, 'honest_p50_ms': round(pct(lat, 50), 1),
            'honest_p99_ms': round(pct(lat, 99), 1), 'ready_during_attack': ready, 'rss_peak_mb': round(rss_peak)}

def token_share(hub, tokens, per_token, body_bytes, uploads):
    # issue 19: a handful of device tokens, each stalling its share of slow 2 MB bodies, must not
    # hold the whole body budget (honest uploads 503 while readiness said UP)
    attackers = [hub.device('abuse-share-%d-%d' % (i, time.time_ns()))[1] for i in range(tokens)]
    _, honest = hub.device('abuse-share-honest-%d' % time.time_ns())
    start = (int(time.time() * 1000) - 30 * 86400_000) // 3000 * 3000
    socks, answered = [], {}
    for t, token in enumerate(attackers):
        for i in range(per_token):
            s = socket.create_connection(('127.0.0.1', hub.port))
            s.sendall(('PUT /api/v1/segments/%d HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n'
                       'Content-Type: audio/wav\r\nContent-Length: %d\r\n\r\n'
                       % (start + 3000 * (t * per_token + i), token, body_bytes)).encode() + b'\0' * 16)
            socks.append(s)
    time.sleep(1)  # let the hub book (or refuse) every stalled body before measuring
    held = hub.metric('buddybork_http_pending_bodies')
    held_bytes = hub.metric('buddybork_http_pending_body_bytes')
    ready_public, _ = hub.req('GET', '/q/health/ready')
    wav = wav_segment(2)
    lat, statuses = [], {}
    for i in range(uploads):
        t = time.perf_counter()
        st, _ = hub.req('PUT', '/api/v1/segments/%d' % (start - 3000 * (i + 1)), wav,
                        {'Authorization': 'Bearer ' + honest, 'Content-Type': 'audio/wav'})
        lat.append((time.perf_counter() - t) * 1000)
        statuses[st] = statuses.get(st, 0) + 1
    for s in socks:
        s.settimeout(0.2)
        try:
            first = s.recv(64).decode('latin-1')
            code = first.split(' ')[1] if first.startswith('HTTP/') else 'held'
        except (socket.timeout, OSError):
            code = 'held'
        answered[code] = answered.get(code, 0) + 1
        s.close()
    return {'tokens': tokens, 'bodies_per_token': per_token, 'declared_body_bytes': body_bytes,
            'held_by_hub': held, 'held_bytes': held_bytes, 'attack_answers': answered,
            'ready_during_attack': ready_public, 'honest_uploads': statuses,
            'honest_p50_ms': round(pct(lat, 50), 1), 'honest_p99_ms': round(pct(lat, 99), 1)}

def parallel_logins(hub, guesses):
    user = 'abuse%d' % time.time_ns()
    s, b = hub.admin('POST', '/api/v1/users', {'username': user, 'password': 'right-password-1', 'role': 'viewer'})
    assert s in (200, 201), (s, b)
    def guess(i):
        a = 'Basic ' + base64.b64encode(('%s:wrong-%d' % (user, i)).encode()).decode()
        return hub.req('GET', '/api/v1/tags', headers={'Authorization': a, 'X-Forwarded-For': '203.0.113.9'})[0]
    with ThreadPoolExecutor(100) as pool:
        codes = list(pool.map(guess, range(guesses)))
    right = hub.req('GET', '/api/v1/tags', headers={'X-Forwarded-For': '203.0.113.9', 'Authorization': 'Basic '
                    + base64.b64encode(('%s:right-password-1' % user).encode()).decode()})[0]
    elsewhere = hub.req('GET', '/api/v1/tags', headers={'X-Forwarded-For': '192.0.2.44', 'Authorization': 'Basic '
                        + base64.b64encode(('%s:right-password-1' % user).encode()).decode()})[0]
    return {'parallel_guesses': guesses, 'evaluated_401': codes.count(401), 'refused_429': codes.count(429),
            'other': len(codes) - codes.count(401) - codes.count(429), 'right_password_same_client': right,
            'right_password_other_address': elsewhere}

def form_login(hub, user, password, address, device=None):
    """One login form post; (status, Retry-After, new device cookie or None)."""
    h = {'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': address}
    if device:
        h['Cookie'] = 'buddybork-device=' + device
    c = http.client.HTTPConnection('127.0.0.1', hub.port, timeout=120)
    try:
        c.request('POST', '/login', urllib.parse.urlencode({'username': user, 'password': password}), h)
        r = c.getresponse()
        r.read()
        cookie = None
        for k, v in r.getheaders():
            if k.lower() == 'set-cookie' and v.startswith('buddybork-device='):
                cookie = v.split(';')[0].split('=', 1)[1]
        ok = r.status == 302 and (r.getheader('Location') or '').endswith('/')
        return ('signed-in' if ok else str(r.status) if r.status != 302 else 'wrong'), r.getheader('Retry-After'), cookie
    finally:
        c.close()

def fair_logins(hub, tries, attackers=20):
    """Issue 19 part 4: the owner signs in while strangers guess, with and without the device cookie of an earlier sign-in."""
    user = 'owner%d' % time.time_ns()
    s, b = hub.admin('POST', '/api/v1/users', {'username': user, 'password': 'right-password-1', 'role': 'viewer'})
    assert s in (200, 201), (s, b)
    home = '192.0.2.77'
    status, _, device = form_login(hub, user, 'right-password-1', home)
    assert status == 'signed-in' and device, status
    stop, botnet, lock = threading.Event(), {}, threading.Lock()
    def attacker(k):
        n = 0
        while not stop.is_set():
            # two attackers share the owner's address (a NAT): one guesses the owner, one other names;
            # the rest guess the owner from rotating addresses
            address = home if k < 2 else '198.51.%d.%d' % ((k * 1000 + n) // 250 % 250, (k * 1000 + n) % 250 + 1)
            st = form_login(hub, 'nobody%d' % n if k == 0 else user, 'guess-%d-%d' % (k, n), address)[0]
            n += 1
            with lock:
                botnet[st] = botnet.get(st, 0) + 1
            if st == '429':
                time.sleep(0.2)  # a patient botnet: keep the pressure without flooding the loopback
    pool = [threading.Thread(target=attacker, args=(k,), daemon=True) for k in range(attackers)]
    for t in pool:
        t.start()
    time.sleep(10)  # let the guessing build up the waits
    def count(results):
        out = {}
        for r in results:
            out[r] = out.get(r, 0) + 1
        return out
    kinds = {'owner_cookie_same_address': [], 'owner_cookie_new_address': [], 'no_cookie_same_address': [],
             'no_cookie_new_address': []}
    waits = []
    for i in range(tries):
        st, _, renewed = form_login(hub, user, 'right-password-1', home, device)
        device = renewed or device
        kinds['owner_cookie_same_address'].append(st)
        st, _, renewed = form_login(hub, user, 'right-password-1', '203.0.113.%d' % (100 + i), device)
        device = renewed or device
        kinds['owner_cookie_new_address'].append(st)
        st, wait, _ = form_login(hub, user, 'right-password-1', home)
        kinds['no_cookie_same_address'].append(st)
        if wait:
            waits.append(int(wait))
        kinds['no_cookie_new_address'].append(form_login(hub, user, 'right-password-1', '203.0.114.%d' % (100 + i))[0])
        time.sleep(1)
    stop.set()
    for t in pool:
        t.join()
    result = {k: count(v) for k, v in kinds.items()}
    result.update({'attackers': attackers, 'botnet_answers': botnet,
                   'retry_after_s_without_cookie_at_home': {'max': max(waits) if waits else None,
                                                            'all': waits}})
    return result

def model_import_limits(hub, limit=256 * 1024 * 1024):
    """Issue 19 part 5: one import limit; above it a problem+json 413 at every size, below it the file is read."""
    def post(length, chunked=False, send=None):
        c = http.client.HTTPConnection('127.0.0.1', hub.port, timeout=600)
        t = time.perf_counter()
        try:
            c.putrequest('POST', '/api/v1/models/import')
            c.putheader('Authorization', hub.auth)
            c.putheader('Content-Type', 'application/octet-stream')
            if chunked:
                c.putheader('Transfer-Encoding', 'chunked')
            else:
                c.putheader('Content-Length', str(length))
            c.endheaders()
            block, sent = b'\0' * (1 << 20), 0
            try:
                while sent < (send if send is not None else length):
                    n = min(len(block), length - sent)
                    c.send(('%x\r\n' % n).encode() + block[:n] + b'\r\n' if chunked else block[:n])
                    sent += n
                if chunked:
                    c.send(b'0\r\n\r\n')
            except OSError:
                pass  # the hub answered and closed before the end
            r = c.getresponse()
            body = r.read()
            code = json.loads(body).get('code') if body.startswith(b'{') else body[:40].decode('latin-1')
            return {'status': r.status, 'code': code, 'type': r.getheader('Content-Type'),
                    'seconds': round(time.perf_counter() - t, 2), 'mib_sent': sent >> 20}
        finally:
            c.close()
    return {'declared_300_mib': post(300 << 20, send=0), 'declared_limit_plus_1': post(limit + 1, send=0),
            'sent_90_mib': post(90 << 20), 'sent_200_mib': post(200 << 20),
            'chunked_limit_plus_1_mib': post(limit + (1 << 20), chunked=True)}

def macro_flood(hub, requests, data_dir):
    dev, token = hub.device('abuse-macro-%d' % time.time_ns())
    t0 = (int(time.time() * 1000) - 25 * 86400_000) // 3000 * 3000
    for k in range(5):
        hub.req('PUT', '/api/v1/segments/%d' % (t0 + 3000 * k), wav_segment(10 + k), {'Authorization': 'Bearer ' + token, 'Content-Type': 'audio/wav'})
    statuses, peak, lat = {}, 0.0, []
    for i in range(requests):
        t = time.perf_counter()
        s, _ = hub.admin('GET', '/api/v1/macro/audio?deviceId=%d&startMs=%d' % (dev, t0 - 5000 + 7 * i))
        if s == 200:
            lat.append((time.perf_counter() - t) * 1000)
        statuses[s] = statuses.get(s, 0) + 1
        if i % 10 == 0:
            peak = max(peak, hub.metric('buddybork_macro_cache_bytes'))
    unknown = hub.admin('GET', '/api/v1/macro/audio?deviceId=987654321&startMs=%d' % t0)[0]
    tmp = os.path.join(data_dir, 'tmp', 'macro')
    disk = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp)) if os.path.isdir(tmp) else 0
    return {'requests': requests, 'statuses': statuses, 'cache_peak_bytes': int(peak), 'tmp_macro_bytes_on_disk': disk,
            'stitch_p50_ms': round(pct(lat, 50), 1), 'stitch_p99_ms': round(pct(lat, 99), 1), 'unknown_device': unknown}

def boundaries(hub):
    s, b = hub.admin('GET', '/q/openapi?format=json')
    doc = json.loads(b)
    values = ['-1', '0', '-5000', '-9223372036854775808', '9223372036854775807', '9223372036854775808', 'abc']
    controls = ['\x00', 'a\x01b', '\x1b[2J', 'x\x7f']  # every parameter; expected: 400 invalid-characters
    probes, fives, control_probes, control_not_400 = 0, [], 0, []
    for path, ops in doc['paths'].items():
        if not path.startswith('/api/'):
            continue
        for method, op in ops.items():
            if method not in ('get', 'delete'):
                continue  # state-changing bodies are covered by BoundaryValueTest
            params = op.get('parameters', []) + ops.get('parameters', [])
            for p in params:
                numeric = p.get('schema', {}).get('type') in ('integer', 'number')
                for v in (values if numeric else []) + controls:
                    q, concrete = {}, path
                    for o in params:
                        val = v if o is p else ('2026-01-01' if o['name'] in ('day', 'from', 'to') else '987654321')
                        if o['in'] == 'path':
                            concrete = concrete.replace('{%s}' % o['name'], urllib.parse.quote(val))
                        elif o['in'] == 'query':
                            q[o['name']] = val
                    url = concrete + ('?' + urllib.parse.urlencode(q) if q else '')
                    st, body = hub.admin(method.upper(), url)
                    probes += 1
                    if st >= 500 or b'SQL' in body or b'ERROR:' in body:
                        fives.append('%s %s -> %d' % (method.upper(), url, st))
                    if v in controls:
                        control_probes += 1
                        if st != 400 or b'invalid-characters' not in body:
                            control_not_400.append('%s %s -> %d' % (method.upper(), url, st))
    return {'probes': probes, 'five_xx_or_sql': len(fives), 'examples': fives[:5],
            'control_character_probes': control_probes, 'control_not_400_invalid_characters': len(control_not_400),
            'control_examples': control_not_400[:5]}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--management-port', type=int, required=True)
    ap.add_argument('--admin-password', required=True)
    ap.add_argument('--data-dir', required=True)
    ap.add_argument('--pid', type=int, default=0)
    ap.add_argument('--connections', type=int, default=300)
    ap.add_argument('--body-bytes', type=int, default=2_000_000)
    ap.add_argument('--uploads', type=int, default=200)
    ap.add_argument('--guesses', type=int, default=100)
    ap.add_argument('--macro-requests', type=int, default=1000)
    ap.add_argument('--owner-tries', type=int, default=12)
    ap.add_argument('--share-tokens', type=int, default=6)
    ap.add_argument('--cases', default='slow_bodies,token_share,logins,fair_logins,model_import,macro,boundaries')
    a = ap.parse_args()
    cases = set(a.cases.split(','))
    hub = Hub(a.port, a.management_port, a.admin_password)
    def report(name, fn):
        t = time.time()
        try:
            result = fn()
        except Exception as e:  # one failed case must not hide the others' figures
            result = {'error': repr(e)}
        print(json.dumps({name: result, 'seconds': round(time.time() - t), 'load': os.getloadavg()}), flush=True)
    print(json.dumps({'load_before': os.getloadavg(), 'rss_idle_mb': round(rss_mb(a.pid))}), flush=True)
    if 'slow_bodies' in cases:
        report('slow_bodies', lambda: slow_bodies(hub, a.connections, a.body_bytes, a.uploads, a.pid))
    if 'token_share' in cases:
        report('token_share', lambda: token_share(hub, a.share_tokens, 8, 2 * 1024 * 1024, 50))
    if 'logins' in cases:
        report('logins', lambda: parallel_logins(hub, a.guesses))
    if 'fair_logins' in cases:
        report('fair_logins', lambda: fair_logins(hub, a.owner_tries))
    if 'model_import' in cases:
        report('model_import', lambda: model_import_limits(hub))
    if 'macro' in cases:
        report('macro', lambda: macro_flood(hub, a.macro_requests, a.data_dir))
    if 'boundaries' in cases:
        report('boundaries', lambda: boundaries(hub))

if __name__ == '__main__':
    main()
