#include "store/tenants.h"

#include "core/municipality_code.h"

namespace denen::store {

Result<void> EnsureMunicipality(Database& db, const Clock& clock, const Municipality& m) {
  DENEN_TRY_VOID(ValidateMunicipalityCode(m.code));
  if (m.name.empty()) return Fail(Error::Invalid("invalid_municipality_name", "団体名が空です"));
  DENEN_TRY_VOID(
      db.Exec("INSERT INTO municipalities (municipality_code, name, created_at_ms) VALUES (?, ?, ?) "
              "ON CONFLICT (municipality_code) DO UPDATE SET name = excluded.name",
              {Text(m.code), Text(m.name), Int(clock.NowMillis())}));
  return {};
}

Result<std::vector<Municipality>> ListMunicipalities(Database& db) {
  DENEN_TRY(rows, db.Query("SELECT municipality_code, name FROM municipalities ORDER BY municipality_code"));
  std::vector<Municipality> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1)});
  return out;
}

Result<std::optional<Municipality>> FindMunicipality(Database& db, const std::string& code) {
  DENEN_TRY(row, db.QueryOne("SELECT municipality_code, name FROM municipalities WHERE municipality_code = ?",
                             {Text(code)}));
  if (!row) return std::optional<Municipality>();
  return std::optional<Municipality>(Municipality{row->Text(0), row->Text(1)});
}

}  // namespace denen::store
