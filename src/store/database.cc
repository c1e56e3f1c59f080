#include "store/database.h"

#include <charconv>

#include "store/engines.h"

namespace denen::store {

int64_t Row::Int(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

double Row::Real(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = cells_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

std::optional<std::string> Row::OptionalText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

Result<std::optional<Row>> Database::QueryOne(std::string_view sql, const Params& params) {
  DENEN_TRY(rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, int pool_size) {
  if (url.starts_with("sqlite:")) return detail::OpenSqlite(url.substr(7), pool_size);
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return detail::OpenPostgres(url, pool_size);
  }
  return Fail(Error::Invalid("invalid_database_url", "データベースURLは sqlite:PATH か postgresql://... です: " + url));
}

}  // namespace denen::store
