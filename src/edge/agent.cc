#include "edge/agent.h"

#include <algorithm>

#include "core/base64.h"
#include "core/random.h"

namespace denen::edge {
namespace {

using nlohmann::json;
using store::Int;
using store::Text;

json CardJson(const card::Bytes& certificate) { return {{"certificate", Base64Encode(certificate)}}; }

}  // namespace

Result<void> EdgeAgent::Init() {
  if (options_.role != "kiosk" && options_.role != "counter" && options_.role != "door" && options_.role != "desk") {
    return Fail(Error::Invalid("invalid_role", "役割 (role) は kiosk, counter, door, desk のいずれかです"));
  }
  if ((options_.role == "kiosk" || options_.role == "counter") && server_ == nullptr) {
    return Fail(Error::Invalid("missing_server", "kiosk と counter にはサーバーの設定が必要です"));
  }
  if (options_.role == "door" && !options_.door_tap) {
    return Fail(Error::Invalid("missing_door", "door には扉の設定が必要です"));
  }
  DENEN_TRY_VOID(queue_.ExecScript(
      "CREATE TABLE IF NOT EXISTS checkin_queue (id TEXT PRIMARY KEY, item TEXT NOT NULL, "
      "queued_at_ms BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '');"
      "CREATE TABLE IF NOT EXISTS kiosk_info (id INTEGER PRIMARY KEY, info TEXT NOT NULL)"));
  // A kiosk that restarts while the network is down still shows its place and mode.
  DENEN_TRY(info, queue_.QueryOne("SELECT info FROM kiosk_info WHERE id = 1"));
  if (info) {
    json kept = json::parse(info->Text(0), nullptr, false);
    if (kept.is_object()) kiosk_info_ = std::move(kept);
  }
  return {};
}

void EdgeAgent::SetOnline(bool online) {
  if (online_.exchange(online) != online) feed_.Wake();
}

json EdgeAgent::HandleTap() {
  Result<card::Bytes> certificate = [&] {
    std::lock_guard lock(reader_mutex_);
    return reader_.ReadCertificate();
  }();
  if (!certificate) {
    json event = {{"kind", "tap"},
                  {"outcome", "error"},
                  {"message", "カードを読み取れませんでした。もう一度かざしてください"},
                  {"refusal_code", certificate.error().code},
                  {"at_ms", clock_.NowMillis()}};
    if (options_.role == "counter") event = {{"at_ms", clock_.NowMillis()}, {"result", {{"status", "error"}, {"message", event["message"]}}}};
    feed_.Publish(event);
    return event;
  }
  if (options_.role == "kiosk") return KioskTap(*certificate);
  if (options_.role == "counter") return CounterTap(*certificate);
  if (options_.role == "door") {
    json event = options_.door_tap(*certificate);
    event["at_ms"] = clock_.NowMillis();
    feed_.Publish(event);
    return event;
  }
  return json::object();  // desk: taps are for the staff page, not for the agent
}

json EdgeAgent::CounterTap(const card::Bytes& certificate) {
  json event = {{"at_ms", clock_.NowMillis()}};
  auto result = server_->Post("/api/v1/library/counter/tap", {{"card", CardJson(certificate)}});
  SetOnline(result.has_value() || result.error().kind != ErrorKind::kUnavailable);
  if (result) {
    event["result"] = *result;
  } else {
    event["result"] = {{"status", "error"}, {"code", result.error().code}, {"message", result.error().message}};
  }
  feed_.Publish(event);
  return event;
}

Result<void> EdgeAgent::Enqueue(const json& item) {
  DENEN_TRY_VOID(queue_.Exec("INSERT INTO checkin_queue (id, item, queued_at_ms) VALUES (?, ?, ?)",
                             {Text(item["id"].get<std::string>()), Text(item.dump()), Int(clock_.NowMillis())}));
  return {};
}

json EdgeAgent::KioskEvent(const std::string& kind, const json& item, const json* result) {
  json event = {{"kind", kind}, {"id", item["id"]}, {"at_ms", clock_.NowMillis()}};
  if (result != nullptr) {
    event["outcome"] = result->value("outcome", "error");
    event["message"] = result->value("message", "");
    event["name_kana"] = result->value("name_kana", "");
    if (result->contains("refusal_code")) event["refusal_code"] = (*result)["refusal_code"];
    if (result->contains("household_id")) event["household_id"] = (*result)["household_id"];
    event["queued"] = false;
  } else {
    // Offline: the visit is kept here and counted when the server is back.
    event["outcome"] = "checked_in";
    event["message"] = "受付しました";  // the page adds that it is sent later (queued)
    event["name_kana"] = item.contains("walk_in") ? item["walk_in"].value("name_kana", "") : "";
    event["queued"] = true;
  }
  return event;
}

json EdgeAgent::KioskTap(const card::Bytes& certificate) {
  const json item = {{"id", NewId(clock_)}, {"tapped_at_ms", clock_.NowMillis()}, {"card", CardJson(certificate)}};
  if (auto queued = Enqueue(item); !queued) {
    json event = {{"kind", "tap"},
                  {"outcome", "error"},
                  {"message", "受付を記録できませんでした。係員にお知らせください"},
                  {"refusal_code", queued.error().code}};
    feed_.Publish(event);
    return event;
  }
  auto sent = Send({item});
  json event;
  if (sent && sent->contains(item["id"].get<std::string>())) {
    event = KioskEvent("tap", item, &sent->at(item["id"].get<std::string>()));
  } else {
    event = OfflineCardEvent(item, certificate);
  }
  feed_.Publish(event);
  return event;
}

json EdgeAgent::OfflineCardEvent(const json& item, const card::Bytes& certificate) {
  json event = KioskEvent("tap", item, nullptr);
  if (options_.card_check == nullptr) return event;
  auto refuse = [&](const std::string& code, const std::string& message) {
    // The server would refuse it too: it leaves the queue now.
    (void)queue_.Exec("DELETE FROM checkin_queue WHERE id = ?", {Text(item["id"].get<std::string>())});
    event["outcome"] = "refused";
    event["refusal_code"] = code;
    event["message"] = message;
    event["queued"] = false;
    return event;
  };
  auto key = options_.card_check->IdentityKeyOf(certificate);
  if (!key) return refuse(key.error().code, "このカードは使えません。係員にお知らせください");
  if (options_.kiosk_cache == nullptr) return event;
  auto cached = options_.kiosk_cache->Lookup(*key);
  if (!cached || !cached->has_value()) return event;  // unknown here: the server decides later
  if (!(*cached)->active) return refuse("identity_not_active", "このカードでは受付できません。係員にお知らせください");
  event["name_kana"] = (*cached)->name_kana;
  return event;
}

Result<json> EdgeAgent::HandleWalkIn(const json& body) {
  if (options_.role != "kiosk") return Fail(Error::Invalid("not_a_kiosk", "この端末は受付端末ではありません"));
  if (!body.is_object() || !body.contains("name_kana") || !body["name_kana"].is_string() ||
      body["name_kana"].get<std::string>().empty()) {
    return Fail(Error::Invalid("missing_name_kana", "氏名(カナ)を入力してください"));
  }
  json walk_in = {{"name_kana", body["name_kana"]},
                  {"district", body.value("district", "")},
                  {"age_band", body.value("age_band", "unknown")}};
  json item = {{"id", NewId(clock_)}, {"tapped_at_ms", clock_.NowMillis()}, {"walk_in", walk_in}};
  for (const char* optional : {"event_id", "household_id", "care"}) {
    if (body.contains(optional)) item[optional] = body[optional];
  }
  if (item.dump().size() > 8192) return Fail(Error::Invalid("walk_in_too_large", "入力が長すぎます"));
  DENEN_TRY_VOID(Enqueue(item));
  auto sent = Send({item});
  json event;
  if (sent && sent->contains(item["id"].get<std::string>())) {
    event = KioskEvent("walk_in", item, &sent->at(item["id"].get<std::string>()));
  } else {
    event = KioskEvent("walk_in", item, nullptr);
  }
  feed_.Publish(event);
  return event;
}

Result<std::map<std::string, json>> EdgeAgent::Send(const std::vector<json>& items) {
  std::lock_guard lock(upload_mutex_);
  // Only items still queued are sent: a concurrent upload may have sent them.
  std::vector<json> pending;
  for (const auto& item : items) {
    DENEN_TRY(row, queue_.QueryOne("SELECT 1 FROM checkin_queue WHERE id = ?", {Text(item["id"].get<std::string>())}));
    if (row) pending.push_back(item);
  }
  std::map<std::string, json> answered;
  if (pending.empty()) return answered;
  auto response = server_->Post("/api/v1/reception/checkins", {{"checkins", pending}});
  SetOnline(response.has_value() || response.error().kind != ErrorKind::kUnavailable);
  // One transaction per batch: a commit per item made an offline kiosk with a
  // long queue spend most of each upload attempt waiting for the disk.
  if (!response) {
    DENEN_TRY_VOID(queue_.Transact([&](store::Database& tx) -> Result<void> {
      for (const auto& item : pending) {
        DENEN_TRY_VOID(tx.Exec("UPDATE checkin_queue SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                               {Text(response.error().code), Text(item["id"].get<std::string>())}));
      }
      return {};
    }));
    return Fail(response.error());
  }
  const json& results = (*response)["results"];
  if (!results.is_array()) return Fail(Error::Unavailable("server_unreachable", "サーバーの応答が読めません"));
  DENEN_TRY_VOID(queue_.Transact([&](store::Database& tx) -> Result<void> {
    for (const auto& result : results) {
      if (!result.is_object() || !result.contains("id") || !result["id"].is_string()) continue;
      const std::string id = result["id"];
      // Kept for another try only when the server says so.
      if (result.value("outcome", "") == "error" && result.value("retry", false)) continue;
      DENEN_TRY_VOID(tx.Exec("DELETE FROM checkin_queue WHERE id = ?", {Text(id)}));
      answered[id] = result;
    }
    return {};
  }));
  return answered;
}

Result<int> EdgeAgent::UploadQueue() {
  if (options_.role != "kiosk") return 0;
  int done = 0;
  while (true) {
    DENEN_TRY(rows, queue_.Query("SELECT item FROM checkin_queue ORDER BY queued_at_ms, id LIMIT ?",
                                 {Int(options_.upload_batch)}));
    if (rows.empty()) return done;
    std::vector<json> items;
    for (const auto& row : rows) {
      json item = json::parse(row.Text(0), nullptr, false);
      if (!item.is_discarded()) items.push_back(std::move(item));
    }
    DENEN_TRY(answered, Send(items));
    if (answered.empty()) return done;  // nothing moved: try again later
    done += static_cast<int>(answered.size());
  }
}

Result<int64_t> EdgeAgent::QueuedCount() {
  DENEN_TRY(row, queue_.QueryOne("SELECT COUNT(*) FROM checkin_queue"));
  return row ? row->Int(0) : 0;
}

Result<void> EdgeAgent::ReportStatus() {
  if (server_ == nullptr || options_.role == "desk") return {};
  json body = {{"queued", 0}};
  if (options_.role == "kiosk") {
    DENEN_TRY(row, queue_.QueryOne("SELECT COUNT(*), MIN(queued_at_ms) FROM checkin_queue"));
    if (row && row->Int(0) > 0) {
      body["queued"] = row->Int(0);
      body["oldest_queued_seconds"] = std::max<int64_t>(0, clock_.NowMillis() - row->Int(1)) / 1000;
    }
  }
  auto sent = server_->Post("/api/v1/edge/status", body);
  SetOnline(sent.has_value() || sent.error().kind != ErrorKind::kUnavailable);
  if (!sent) return Fail(sent.error());
  return {};
}

Result<json> EdgeAgent::ReadCard() {
  std::lock_guard lock(reader_mutex_);
  DENEN_TRY(certificate, reader_.ReadCertificate());
  return json{{"card", CardJson(certificate)}};
}

Result<json> EdgeAgent::PinEvidence(const std::string& challenge_base64, const std::string& pin,
                                    bool last_try_confirmed) {
  DENEN_TRY(challenge, Base64Decode(challenge_base64, 64, "challenge"));
  if (pin.size() != 4 || pin.find_first_not_of("0123456789") != std::string::npos) {
    return Fail(Error::Invalid("invalid_pin_format", "暗証番号は数字4桁です"));
  }
  std::lock_guard lock(reader_mutex_);
  DENEN_TRY(evidence, reader_.CollectPinEvidence(pin, challenge, last_try_confirmed));
  return json{{"card",
               {{"certificate", Base64Encode(evidence.certificate)},
                {"challenge", Base64Encode(evidence.challenge)},
                {"signature", Base64Encode(evidence.signature)}}}};
}

Result<json> EdgeAgent::CardStatus() {
  std::lock_guard lock(reader_mutex_);
  DENEN_TRY(pin, reader_.QueryPin());
  return json{{"reader", reader_.Name()}, {"pin_tries_left", pin.tries_left}, {"pin_blocked", pin.blocked}};
}

Result<void> EdgeAgent::RefreshKioskInfo() {
  if (options_.role != "kiosk") return {};
  auto info = server_->Get("/api/v1/reception/kiosk");
  SetOnline(info.has_value() || info.error().kind != ErrorKind::kUnavailable);
  if (!info) return Fail(info.error());
  json events = json::array();
  if (info->contains("events") && (*info)["events"].is_array()) {
    for (const auto& e : (*info)["events"]) events.push_back({{"id", e.value("id", "")}, {"name", e.value("name", "")}});
  }
  const bool shelter = info->contains("shelter") && !(*info)["shelter"].is_null();
  std::string place_name;
  if (info->contains("place") && (*info)["place"].is_object()) place_name = (*info)["place"].value("name", "");
  json info_now = {{"place_name", place_name}, {"mode", shelter ? "shelter" : "facility"}, {"events", events}};
  std::lock_guard lock(info_mutex_);
  if (info_now == kiosk_info_) return {};
  kiosk_info_ = std::move(info_now);
  feed_.Wake();
  DENEN_TRY_VOID(
      queue_.Exec("INSERT INTO kiosk_info (id, info) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET info = excluded.info",
                  {Text(kiosk_info_.dump())}));
  return {};
}

json EdgeAgent::Status() {
  auto queued = QueuedCount();
  json status;
  {
    std::lock_guard lock(info_mutex_);
    status = kiosk_info_;
  }
  status["role"] = options_.role;
  status["online"] = online_.load();
  status["queued"] = queued ? *queued : -1;
  status["reader"] = "ready";  // the agent does not start without its reader
  status["reader_name"] = reader_.Name();
  if (!status.contains("event")) status["event"] = nullptr;
  if (!status.contains("events")) status["events"] = json::array();
  return status;
}

}  // namespace denen::edge
