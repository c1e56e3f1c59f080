-- Synthetic year of one municipality for bench/tenants_scale.sh, made inside
-- PostgreSQL with INSERT ... SELECT into the tables of src/store/migrations.
--
--   SELECT bench.fill('062090', 1.0, END_MS);
--
-- fills one municipality (already added with `denen tenant add`) with the year
-- that ends at END_MS (epoch ms), for a town of about 30,000 people at scale
-- 1.0: 8,000 enrolled residents with cards and consents, 30 places with a kiosk
-- each, 150 events, 60,000 check-ins (and their kiosk taps), one shelter drill
-- with households, a library system with 3,000 card links and 30,000 loans as
-- the ILS's monthly statistics, 6 lock facilities with 18 doors, 3,000
-- reservations with their unlock rights and door events, 1,200 care cases with
-- their survey forms, checks and findings. Counts that are data scale with the
-- factor; the town's fixed things (places, facilities, doors) do not.
-- Formats follow what the code writes: ULID ids (core/random.h NewId: 48-bit
-- milliseconds, then 80 bits), epoch-ms instants, 'YYYY-MM-DD' Japanese dates.
-- Not made: audit rows (a hash chain; reads append their own), door access-list
-- entries, event tickets, school records.

CREATE SCHEMA IF NOT EXISTS bench;

CREATE OR REPLACE FUNCTION bench.b32(v bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', (v & 31)::int + 1, 1)
$$;

-- A ULID for instant ms; seed makes the 80 "random" bits (unique per seed).
CREATE OR REPLACE FUNCTION bench.ulid(ms bigint, seed text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT bench.b32(ms >> 45) || bench.b32(ms >> 40) || bench.b32(ms >> 35) || bench.b32(ms >> 30) ||
         bench.b32(ms >> 25) || bench.b32(ms >> 20) || bench.b32(ms >> 15) || bench.b32(ms >> 10) ||
         bench.b32(ms >> 5) || bench.b32(ms) ||
         bench.b32(h >> 35) || bench.b32(h >> 30) || bench.b32(h >> 25) || bench.b32(h >> 20) ||
         bench.b32(h >> 15) || bench.b32(h >> 10) || bench.b32(h >> 5) || bench.b32(h) ||
         bench.b32(l >> 35) || bench.b32(l >> 30) || bench.b32(l >> 25) || bench.b32(l >> 20) ||
         bench.b32(l >> 15) || bench.b32(l >> 10) || bench.b32(l >> 5) || bench.b32(l)
  FROM (SELECT ('x' || substr(d, 1, 16))::bit(64)::bigint AS h, ('x' || substr(d, 17, 16))::bit(64)::bigint AS l
        FROM (SELECT md5(seed) AS d) m) r
$$;

-- The Japanese calendar date (JST, no daylight saving) of an instant.
CREATE OR REPLACE FUNCTION bench.jst_date(ms bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_char(date '1970-01-01' + ((ms + 32400000) / 86400000)::int, 'YYYY-MM-DD')
$$;

-- The instant of a JST date plus minutes.
CREATE OR REPLACE FUNCTION bench.jst_instant(d text, minute int) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT (d::date - date '1970-01-01')::bigint * 86400000 - 32400000 + minute * 60000::bigint
$$;

CREATE OR REPLACE FUNCTION bench.age_band(birth_year int, on_date text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a < 0 OR a > 130 THEN 'unknown' WHEN a >= 80 THEN '80+'
              ELSE (a / 10 * 10)::text || '-' || (a / 10 * 10 + 9)::text END
  FROM (SELECT substr(on_date, 1, 4)::int - birth_year AS a) x
$$;

CREATE OR REPLACE FUNCTION bench.pick(a text[], i bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT a[(abs(i) % array_length(a, 1)) + 1]
$$;

CREATE OR REPLACE FUNCTION bench.fill(code text, scale double precision, end_ms bigint) RETURNS void
LANGUAGE plpgsql AS $fill$
DECLARE
  day constant bigint := 86400000;
  -- JST midnight of the first day of the year that ends with the day of end_ms.
  first_day_ms bigint := ((end_ms + 32400000) / 86400000 - 364) * 86400000 - 32400000;
  n_residents int := greatest(round(8000 * scale)::int, 20);
  n_events int := greatest(round(150 * scale)::int, 2);
  n_visits int := round(60000 * scale)::int;
  n_evacuees int := greatest(round(160 * scale)::int, 3);
  n_links int := round(3000 * scale)::int;
  n_loans bigint := round(30000 * scale)::bigint;
  n_reservations int := round(3000 * scale)::int;
  n_cases int := greatest(round(1200 * scale)::int, 2);
  surnames text[] := ARRAY['サトウ','スズキ','タカハシ','タナカ','ワタナベ','イトウ','ヤマモト','ナカムラ','コバヤシ',
                           'カトウ','ヨシダ','ヤマダ','ササキ','ヤマグチ','マツモト','イノウエ','キムラ','ハヤシ',
                           'サイトウ','シミズ','エンドウ','ワタベ','カンノ','ムラカミ'];
  surnames_kanji text[] := ARRAY['佐藤','鈴木','高橋','田中','渡辺','伊藤','山本','中村','小林','加藤','吉田','山田',
                                 '佐々木','山口','松本','井上','木村','林','斎藤','清水','遠藤','渡部','菅野','村上'];
  given text[] := ARRAY['タロウ','ハナコ','イチロウ','ユウコ','ケンジ','ミホ','ヒロシ','アキコ','マコト','サチコ','ソウタ',
                        'ユイ','ハルト','メイ','ツバサ'];
  given_kanji text[] := ARRAY['太郎','花子','一郎','優子','健二','美穂','博','明子','誠','幸子','颯太','結衣','陽翔',
                              '芽衣','翼'];
  districts text[] := ARRAY['本町','栄町','中央','高野町','ままの上','五十川','今泉','成田','豊田','平山','伊佐沢',
                            '致芳'];
  form_sample text := '{"answers":{"1-1":[2,4],"1-7":2,"2-1":2,"2-4":1,"6-5":2},"notes":{"1-1":"右上肢と右下肢に麻痺がある。","2-1":"ベッドから車いすに移る時は妻が体を支えている。夜間も同様。"},"tokki":"(1-7) 屋内は壁や家具につかまって歩いている。"}';
  finding_samples text[] := ARRAY[
    '{"code":"","evidence":[{"begin":0,"end":3,"item":"1-1","text":"右上肢"},{"begin":4,"end":7,"item":"1-1","text":"右下肢"}],"items":["1-1"],"kind":"note_contradiction","message":"1-1 麻痺等の有無: 特記事項の「右上肢」は 「3.右上肢」・「5.右下肢」 にあたり、選択された 「2.左上肢」・「4.左下肢」 と合わない","severity":"high","suggested":[3,5]}',
    '{"code":"","evidence":[{"begin":15,"end":22,"item":"2-1","text":"体を支えている"}],"items":["2-1"],"kind":"note_contradiction","message":"2-1 移乗: 特記事項の「体を支えている」は 「3.一部介助」 にあたり、選択された 「2.見守り等」 と合わない","severity":"high","suggested":[3]}',
    '{"code":"R06","evidence":[],"items":["6-5"],"kind":"missing_note","message":"6-5 酸素療法: 特別な医療が「ある」ときは実施頻度・継続性、実施者、理由の特記事項が必要です（テキストp.147）","severity":"high","suggested":[]}'];
  finding_kinds text[] := ARRAY['note_contradiction','note_contradiction','missing_note'];
  finding_keys text[] := ARRAY['item 1-1','item 2-1','R06'];
  library_profile text := '{"bar_height_px":160,"check_digit":"none","description":"Code 39、8桁、チェックデジットなし","length":8,"module_px":3,"quiet_zone_modules":12,"symbology":"code39","wide_ratio":3,"zero_pad":true}';
  today text := bench.jst_date(end_ms);
BEGIN
  PERFORM setseed(0.5 + (code::int % 1000) / 4000.0);

  -- ---- residents, their cards and consents ----
  CREATE TEMP TABLE r ON COMMIT DROP AS
  SELECT i, bench.ulid(t, code || ':resident:' || i) AS id, t AS created_ms,
         bench.pick(surnames, s) || ' ' || bench.pick(given, g) AS kana,
         bench.pick(surnames_kanji, s) || ' ' || bench.pick(given_kanji, g) AS kanji,
         bench.pick(districts, (random() * 1000)::int) AS district, 1935 + (random() * 85)::int AS birth_year
  FROM (SELECT i, first_day_ms + (random() * 364 * day)::bigint AS t, (random() * 1000)::int AS s,
               (random() * 1000)::int AS g
        FROM generate_series(1, n_residents) i) x;
  CREATE INDEX ON r (i);
  INSERT INTO residents (municipality_code, id, name_kana, name_kanji, district, birth_year, contact, status,
                         created_at_ms, created_by, updated_at_ms)
  SELECT code, id, kana, kanji, district, birth_year, '', 'active', created_ms, 'bench', created_ms FROM r;
  INSERT INTO card_identities (municipality_code, identity_key, resident_id, cert_serial, cert_issuer,
                               cert_not_after_ms, linked_at_ms, linked_by, pin_verified_at_ms, revision)
  SELECT code, encode(sha256(convert_to(code || ':card:' || i, 'UTF8')), 'hex'), id,
         upper(substr(md5(code || ':serial:' || i), 1, 16)), 'CN=Japan Agency for Local Authority Information Systems',
         created_ms + 5 * 365 * day, created_ms, 'bench', created_ms, i
  FROM r;
  INSERT INTO card_identity_revisions (municipality_code, last_revision) VALUES (code, n_residents)
  ON CONFLICT (municipality_code) DO UPDATE SET last_revision = excluded.last_revision;
  INSERT INTO resident_consents (municipality_code, resident_id, service, granted, changed_at_ms, changed_by)
  SELECT code, id, s, 1, created_ms, 'bench' FROM r CROSS JOIN unnest(ARRAY['reception','library','lock']) s;

  -- ---- reception: places with a kiosk each, events, visits, taps ----
  CREATE TEMP TABLE p ON COMMIT DROP AS
  SELECT i, bench.ulid(first_day_ms, code || ':place:' || i) AS id,
         bench.pick(ARRAY['公民館','体育館','図書館','コミュニティセンター','文化会館','交流センター'], i) || ' ' || i AS name,
         bench.ulid(first_day_ms, code || ':kiosk:' || i) AS kiosk
  FROM generate_series(1, 30) i;
  INSERT INTO reception_places (municipality_code, id, source_id, name, name_kana, category, address, latitude,
                                longitude, shelter_capacity, created_at_ms, updated_at_ms)
  SELECT code, id, 'F' || lpad(i::text, 4, '0'), name, 'シセツ' || i, split_part(name, ' ', 1), '本町' || i || '-1',
         38.1 + i / 1000.0, 140.0 + i / 1000.0, CASE WHEN i <= 5 THEN 200 ELSE 0 END, first_day_ms, first_day_ms
  FROM p;
  INSERT INTO edge_devices (municipality_code, id, name, role, place_id, credential_hash, created_at_ms, created_by,
                            last_seen_ms)
  SELECT code, kiosk, '受付機 ' || i, 'kiosk', id, encode(sha256(convert_to(code || ':credential:' || i, 'UTF8')), 'hex'),
         first_day_ms, 'bench', end_ms
  FROM p;

  CREATE TEMP TABLE e ON COMMIT DROP AS
  SELECT i, bench.ulid(first_day_ms, code || ':event:' || i) AS id, 1 + (random() * 29)::int AS place_i,
         bench.jst_date(first_day_ms + (random() * 364)::int * day) AS on_date
  FROM generate_series(1, n_events) i;
  INSERT INTO reception_events (municipality_code, id, source_id, name, place_id, place_name, start_date, end_date,
                                start_time, end_time, capacity, preregistration, created_at_ms, updated_at_ms)
  SELECT code, e.id, 'E' || lpad(e.i::text, 4, '0'),
         bench.pick(ARRAY['市民健康講座','おはなし会','親子体操','防災講習会','将棋教室','写真展'], e.i) || ' 第' || e.i || '回',
         p.id, p.name, e.on_date, e.on_date, '10:00', '12:00', CASE WHEN e.i % 3 = 0 THEN 50 ELSE 0 END, 0,
         first_day_ms, first_day_ms
  FROM e JOIN p ON p.i = e.place_i;

  -- A quarter are event check-ins, a fifth walk-ins entered by staff.
  CREATE TEMP TABLE v ON COMMIT DROP AS
  SELECT x.i, bench.ulid(x.at_ms, code || ':visit:' || x.i) AS id, x.kind, x.place_i, x.event_id, x.at_ms,
         bench.jst_date(x.at_ms) AS on_date, x.card, x.resident_i
  FROM (SELECT g.n AS i, CASE WHEN g.n % 4 = 0 THEN 'event' ELSE 'facility' END AS kind,
               CASE WHEN g.n % 4 = 0 THEN e.place_i ELSE 1 + (random() * 29)::int END AS place_i,
               CASE WHEN g.n % 4 = 0 THEN e.id ELSE '' END AS event_id,
               CASE WHEN g.n % 4 = 0 THEN bench.jst_instant(e.on_date, 600 + (random() * 30)::int)
                    ELSE first_day_ms + (random() * 364)::int * day + (9 * 60 + (random() * 720)::int) * 60000::bigint
               END AS at_ms,
               g.n % 5 <> 0 AS card, 1 + (random() * (n_residents - 1))::int AS resident_i
        FROM generate_series(1, n_visits) g (n)
        LEFT JOIN e ON g.n % 4 = 0 AND e.i = 1 + (g.n / 4) % n_events) x
  WHERE x.at_ms <= end_ms;
  INSERT INTO reception_visits (municipality_code, id, kind, place_id, event_id, opening_id, visit_date, resident_id,
                                source, name_kana, district, age_band, checked_in_at_ms, checked_out_at_ms, device_id,
                                created_by, received_at_ms)
  SELECT code, v.id, v.kind, p.id, v.event_id, '', v.on_date, CASE WHEN v.card THEN r.id END,
         CASE WHEN v.card THEN 'card' ELSE 'walk_in' END, CASE WHEN v.card THEN r.kana ELSE 'ライジョウシャ' END,
         CASE WHEN v.card THEN r.district ELSE bench.pick(districts, v.i) END,
         CASE WHEN v.card THEN bench.age_band(r.birth_year, v.on_date) ELSE 'unknown' END, v.at_ms,
         CASE WHEN v.kind = 'facility' AND v.card THEN least(v.at_ms + (60 + v.i % 120) * 60000::bigint, end_ms) END,
         CASE WHEN v.card THEN p.kiosk ELSE '' END, CASE WHEN v.card THEN 'device:' || p.kiosk ELSE 'bench' END,
         v.at_ms + 400
  FROM v JOIN p ON p.i = v.place_i JOIN r ON r.i = v.resident_i
  ON CONFLICT DO NOTHING;
  -- Every card check-in (and check-out) arrived as a kiosk tap; the check-in tap's id is the visit's.
  INSERT INTO reception_taps (municipality_code, id, visit_id, outcome, refusal_code, household_id, tapped_at_ms,
                              device_id, received_at_ms)
  SELECT code, id, id, 'checked_in', '', '', checked_in_at_ms, device_id, received_at_ms
  FROM reception_visits WHERE municipality_code = code AND source = 'card';
  INSERT INTO reception_taps (municipality_code, id, visit_id, outcome, refusal_code, household_id, tapped_at_ms,
                              device_id, received_at_ms)
  SELECT code, bench.ulid(checked_out_at_ms, code || ':out:' || id), id, 'checked_out', '', '', checked_out_at_ms,
         device_id, checked_out_at_ms + 400
  FROM reception_visits WHERE municipality_code = code AND source = 'card' AND checked_out_at_ms IS NOT NULL;

  -- One shelter drill (防災訓練) at place 1, closed the same day, households of two or three.
  DECLARE
    opened bigint := bench.jst_instant(bench.jst_date(first_day_ms + 280 * day), 9 * 60);
    opening text := bench.ulid(opened, code || ':opening');
  BEGIN
    INSERT INTO reception_shelter_openings (municipality_code, id, place_id, capacity, opened_at_ms, opened_by,
                                            closed_at_ms, closed_by)
    SELECT code, opening, p.id, 200, opened, 'bench', opened + 4 * 3600000, 'bench' FROM p WHERE p.i = 1;
    CREATE TEMP TABLE s ON COMMIT DROP AS
    SELECT g.n AS i, bench.ulid(opened + g.n * 20000, code || ':evacuee:' || g.n) AS visit_id,
           bench.ulid(opened + (g.n - g.n % 3) * 20000, code || ':household:' || (g.n / 3)) AS household_id,
           g.n % 3 = 0 AS head, r.id AS resident_id, r.kana, r.district, r.birth_year, opened + g.n * 20000 AS at_ms
    FROM generate_series(0, n_evacuees - 1) g (n) JOIN r ON r.i = 1 + (g.n * 7) % n_residents;
    INSERT INTO reception_households (municipality_code, id, opening_id, head_visit_id, created_at_ms)
    SELECT code, household_id, opening, visit_id, at_ms FROM s WHERE head;
    INSERT INTO reception_visits (municipality_code, id, kind, place_id, event_id, opening_id, visit_date,
                                  resident_id, source, name_kana, district, age_band, checked_in_at_ms,
                                  checked_out_at_ms, device_id, created_by, received_at_ms)
    SELECT code, s.visit_id, 'shelter', p.id, '', opening, bench.jst_date(s.at_ms), s.resident_id, 'card', s.kana,
           s.district, bench.age_band(s.birth_year, bench.jst_date(s.at_ms)), s.at_ms, opened + 4 * 3600000, p.kiosk,
           'device:' || p.kiosk, s.at_ms + 400
    FROM s JOIN p ON p.i = 1
    ON CONFLICT DO NOTHING;
    INSERT INTO reception_evacuees (municipality_code, visit_id, household_id, opening_id, needs_care, allergy, pets,
                                    care_note, care_consent)
    SELECT code, visit_id, household_id, opening, CASE WHEN i % 20 = 0 THEN 1 ELSE 0 END,
           CASE WHEN i % 25 = 0 THEN '卵' ELSE '' END, CASE WHEN i % 30 = 0 THEN 1 ELSE 0 END, '', 1
    FROM s;
  END;

  -- ---- library: one system, card links, monthly loans of three branches ----
  DECLARE
    sys text := bench.ulid(first_day_ms, code || ':library');
  BEGIN
    INSERT INTO library_systems (municipality_code, id, name, profile_json, clear_after_seconds, created_at_ms,
                                 updated_at_ms, updated_by)
    VALUES (code, sys, '市立図書館', library_profile, 30, first_day_ms, first_day_ms, 'bench');
    INSERT INTO library_card_links (municipality_code, id, library_system_id, resident_id, card_number, linked_at_ms,
                                    linked_by)
    SELECT code, bench.ulid(greatest(r.created_ms, first_day_ms + r.i * 1000), code || ':link:' || r.i), sys, r.id,
           lpad(r.i::text, 8, '0'), greatest(r.created_ms, first_day_ms + r.i * 1000), 'bench'
    FROM r WHERE r.i <= n_links;
    INSERT INTO library_loan_stats (municipality_code, library_system_id, month, branch, loans, imported_at_ms,
                                    imported_by)
    SELECT code, sys, to_char(m, 'YYYY-MM'), b, greatest(round(n_loans / 36.0 * (0.8 + random() * 0.4)), 0),
           end_ms, 'bench'
    FROM generate_series(date_trunc('month', to_timestamp(first_day_ms / 1000.0) AT TIME ZONE 'Asia/Tokyo'),
                         date_trunc('month', to_timestamp(end_ms / 1000.0) AT TIME ZONE 'Asia/Tokyo')
                           - interval '1 month', interval '1 month') m
    CROSS JOIN unnest(ARRAY['本館','西分館','移動図書館']) b;
  END;

  -- ---- locks: 6 facilities, 2 rooms each, a door per facility and room ----
  CREATE TEMP TABLE f ON COMMIT DROP AS
  SELECT i, bench.ulid(first_day_ms, code || ':facility:' || i) AS id,
         bench.ulid(first_day_ms, code || ':entrance:' || i) AS entrance
  FROM generate_series(1, 6) i;
  CREATE TEMP TABLE rm ON COMMIT DROP AS
  SELECT f.i AS fi, k, bench.ulid(first_day_ms, code || ':room:' || f.i || ':' || k) AS id,
         bench.ulid(first_day_ms, code || ':roomdoor:' || f.i || ':' || k) AS door
  FROM f CROSS JOIN generate_series(1, 2) k;
  INSERT INTO lock_facilities (municipality_code, id, name, kind, shelter, created_at_ms)
  SELECT code, id, bench.pick(ARRAY['地区公民館','学校体育館','コミュニティセンター'], i) || ' ' || i,
         bench.pick(ARRAY['community_centre','school_gym','community_centre'], i), CASE WHEN i % 3 = 2 THEN 1 ELSE 0 END,
         first_day_ms
  FROM f;
  INSERT INTO lock_rooms (municipality_code, id, facility_id, name, created_at_ms)
  SELECT code, rm.id, f.id, CASE rm.k WHEN 1 THEN '会議室' ELSE '多目的室' END, first_day_ms FROM rm JOIN f ON f.i = rm.fi;
  INSERT INTO lock_doors (municipality_code, id, facility_id, room_id, name, version, acked_version, delta_floor,
                          refreshed_identity_revision, refreshed_rights_revision, refreshed_at_ms, last_sync_ms,
                          lock_state, battery_percent, created_at_ms)
  SELECT code, entrance, id, NULL, '正面玄関', 1, 1, 1, n_residents, 0, end_ms, end_ms, 'locked', 80, first_day_ms FROM f
  UNION ALL
  SELECT code, rm.door, f.id, rm.id, '室内扉', 1, 1, 1, n_residents, 0, end_ms, end_ms, 'locked', 80, first_day_ms
  FROM rm JOIN f ON f.i = rm.fi;

  CREATE TEMP TABLE res ON COMMIT DROP AS
  SELECT x.*, bench.ulid(x.created_ms, code || ':reservation:' || x.i) AS id,
         CASE WHEN x.i % 15 = 0 THEN 'cancelled' WHEN x.i % 33 = 0 THEN 'pending' ELSE 'approved' END AS status,
         CASE WHEN x.i % 4 = 0 THEN 0 ELSE 600 * (1 + x.i % 3) END AS fee,
         CASE WHEN x.i % 4 = 0 THEN 'waived' WHEN x.i % 17 = 0 THEN 'unpaid' ELSE 'paid' END AS payment
  FROM (SELECT i, 1 + (random() * 5)::int AS fi, 1 + (random() * 2)::int AS k, d,
               bench.jst_date(first_day_ms + d * day) AS on_date, 540 + 60 * (i % 11) AS start_minute,
               first_day_ms + greatest(d - 7, 0) * day + 3600000 AS created_ms, 1 + (random() * (n_residents - 1))::int AS resident_i
        FROM (SELECT i, (random() * 364)::int AS d FROM generate_series(1, n_reservations) i) y) x;
  INSERT INTO lock_reservations (municipality_code, id, external_ref, resident_id, facility_id, room_id, reserved_on,
                                 start_minute, end_minute, purpose, fee_yen, payment, status, created_at_ms,
                                 created_by, updated_at_ms)
  SELECT code, res.id, 'R' || lpad(res.i::text, 7, '0'), r.id, f.id, CASE WHEN res.k = 3 THEN NULL ELSE rm.id END,
         res.on_date, res.start_minute, res.start_minute + 120,
         bench.pick(ARRAY['卓球 練習','自治会の会議','子ども会','書道教室','ヨガ'], res.i), res.fee, res.payment,
         res.status, res.created_ms, 'bench', res.created_ms
  FROM res JOIN r ON r.i = res.resident_i JOIN f ON f.i = res.fi LEFT JOIN rm ON rm.fi = res.fi AND rm.k = res.k;
  -- The unlock right of every approved and paid (or free) reservation.
  CREATE TEMP TABLE rt ON COMMIT DROP AS
  SELECT row_number() OVER (ORDER BY res.i) AS revision, res.i, res.id AS reservation_id,
         bench.ulid(res.created_ms, code || ':right:' || res.i) AS id, r.id AS resident_id, r.i AS resident_i,
         f.id AS facility_id, f.entrance, CASE WHEN res.k = 3 THEN NULL ELSE rm.id END AS room_id,
         bench.jst_instant(res.on_date, res.start_minute - 15) AS from_ms,
         bench.jst_instant(res.on_date, res.start_minute + 120 + 15) AS until_ms, res.created_ms
  FROM res JOIN r ON r.i = res.resident_i JOIN f ON f.i = res.fi LEFT JOIN rm ON rm.fi = res.fi AND rm.k = res.k
  WHERE res.status = 'approved' AND res.payment <> 'unpaid';
  INSERT INTO lock_rights (municipality_code, id, resident_id, facility_id, room_id, kind, from_ms, until_ms,
                           reservation_id, note, created_at_ms, created_by, revision)
  SELECT code, id, resident_id, facility_id, room_id, 'window', from_ms, until_ms, reservation_id, '', created_ms,
         'bench', revision
  FROM rt;
  INSERT INTO lock_rights_revisions (municipality_code, last_revision)
  VALUES (code, (SELECT count(*) FROM rt))
  ON CONFLICT (municipality_code) DO UPDATE SET last_revision = excluded.last_revision;
  -- Most holders open the entrance within their window; a few taps are refused.
  INSERT INTO lock_access_events (municipality_code, event_id, door_id, at_ms, identity_key, outcome, reason,
                                  received_at_ms)
  SELECT code, bench.ulid(rt.from_ms + 600000, code || ':door:' || rt.i), rt.entrance, rt.from_ms + 600000,
         encode(sha256(convert_to(code || ':card:' || rt.resident_i, 'UTF8')), 'hex'),
         CASE WHEN rt.i % 29 = 0 THEN 'refused' ELSE 'granted' END,
         CASE WHEN rt.i % 29 = 0 THEN 'outside_window' ELSE 'window' END, rt.from_ms + 660000
  FROM rt WHERE rt.i % 7 <> 0 AND rt.from_ms + 600000 <= end_ms;

  -- ---- care: certification cases with milestones, forms, checks, findings ----
  CREATE TEMP TABLE c ON COMMIT DROP AS
  SELECT i, bench.ulid(bench.jst_instant(applied, 540), code || ':case:' || i) AS id, applied,
         'K' || lpad(i::text, 6, '0') AS case_no, code || '-' || lpad(i::text, 6, '0') AS form_id,
         bench.pick(ARRAY['new','renewal','renewal','change','new'], i) AS type,
         bench.jst_instant(applied, 540) AS applied_ms
  FROM (SELECT i, bench.jst_date(first_day_ms + (random() * 364)::int * day) AS applied
        FROM generate_series(1, n_cases) i) x;
  INSERT INTO care_cases (municipality_code, id, case_no, insured_ref, insured_number, application_type, applied_on,
                          surveyed_on, opinion_requested_on, opinion_received_on, primary_judged_on, board_on,
                          certified_on, notified_on, form_id, created_by, created_at_ms, updated_by, updated_at_ms)
  SELECT code, id, case_no, substr(md5(code || ':insured:' || i), 1, 12), NULL, type, applied,
         CASE WHEN d_survey <= today THEN d_survey END, CASE WHEN d_request <= today THEN d_request END,
         CASE WHEN d_received <= today THEN d_received END, CASE WHEN d_primary <= today THEN d_primary END,
         CASE WHEN d_board <= today THEN d_board END, CASE WHEN d_certified <= today THEN d_certified END,
         CASE WHEN d_notified <= today THEN d_notified END, form_id, 'bench', applied_ms, 'bench', applied_ms
  FROM (SELECT c.*, to_char(applied::date + 7 + i % 5, 'YYYY-MM-DD') AS d_survey,
               to_char(applied::date + 2, 'YYYY-MM-DD') AS d_request,
               to_char(applied::date + 14 + i % 9, 'YYYY-MM-DD') AS d_received,
               to_char(applied::date + 24 + i % 9, 'YYYY-MM-DD') AS d_primary,
               to_char(applied::date + 28 + i % 10, 'YYYY-MM-DD') AS d_board,
               to_char(applied::date + 29 + i % 10, 'YYYY-MM-DD') AS d_certified,
               to_char(applied::date + 32 + i % 10, 'YYYY-MM-DD') AS d_notified
        FROM c) x;
  -- The survey form arrives with the survey; one in ten is corrected once.
  INSERT INTO care_case_forms (municipality_code, form_id, version, form_json, imported_by, imported_at_ms)
  SELECT code, c.form_id, v, '{"form_id":"' || c.form_id || '",' || substr(form_sample, 2), 'bench',
         c.applied_ms + (7 + c.i % 5 + v) * day
  FROM c CROSS JOIN generate_series(1, 2) v
  WHERE (v = 1 OR c.i % 10 = 0) AND c.applied_ms + (7 + c.i % 5 + v) * day <= end_ms;
  INSERT INTO care_checks (municipality_code, id, form_id, version, form_json, parsed_json, rules_version,
                           finding_count, checked_by, checked_at_ms, case_form_version)
  SELECT code, bench.ulid(imported_at_ms + 3600000, code || ':check:' || form_id || ':' || version), form_id,
         version, form_json, form_json, '2026.11.2', 3, 'bench', imported_at_ms + 3600000, version
  FROM care_case_forms WHERE municipality_code = code;
  INSERT INTO care_findings (municipality_code, id, check_id, seq, kind, rule_key, finding_json, decision,
                             decision_comment, decided_by, decided_at_ms)
  SELECT code, bench.ulid(k.checked_at_ms, code || ':finding:' || k.id || ':' || n), k.id, n, finding_kinds[n],
         finding_keys[n], finding_samples[n],
         CASE WHEN k.checked_at_ms < end_ms - 14 * day THEN CASE WHEN n = 3 THEN 'dismiss' ELSE 'adopt' END END,
         CASE WHEN k.checked_at_ms < end_ms - 14 * day THEN '' END,
         CASE WHEN k.checked_at_ms < end_ms - 14 * day THEN 'bench' END,
         CASE WHEN k.checked_at_ms < end_ms - 14 * day THEN k.checked_at_ms + 2 * day END
  FROM care_checks k CROSS JOIN generate_series(1, 3) n WHERE k.municipality_code = code;
END;
$fill$;
