// Logical dumps of municipalities: every row of every table whose key starts
// with municipality_code, in a text format both engines read and write, so one
// municipality moves between deployments (SQLite <-> PostgreSQL) and a whole
// database is backed up while it serves.
//
// Format (UTF-8, one JSON value per line):
//   {"denen_dump":1,"schema_version":N,"source_engine":"sqlite","exported_at":"…","municipalities":[…]}
//   {"table":"staff_users","columns":["municipality_code",…]}
//   ["062090",…]                      one line per row, values typed by the column
//   …                                  the next table header, its rows …
//   {"end":true,"tables":T,"rows":R,"sha256":"…"}   hash of every line above, with newlines
// Tables come in the order the migrations create them, so references point
// backwards; rows in each table are sorted bytewise by all columns, so two
// databases with the same content give the same lines on either engine.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace denen::tenant {

struct DumpSummary {
  std::vector<std::string> municipalities;  // codes, sorted
  int64_t tables = 0;
  int64_t rows = 0;
};

// The tables of the schema in creation order (read from the migrations).
std::vector<std::string> SchemaTables();

// Writes the rows of the given municipalities (all of them when `codes` is
// empty) from one consistent snapshot. Unknown codes are an error.
// `exported_at` is written into the header as given.
Result<DumpSummary> WriteDump(store::Database& db, const std::vector<std::string>& codes, const std::string& exported_at,
                              std::ostream& out);

// Loads a dump into `db` (migrated to the dump's schema version) in one
// transaction: nothing is written unless the whole dump is intact (hash,
// counts, every value's type) and none of its municipalities exists in `db`.
Result<DumpSummary> ReadDump(store::Database& db, std::istream& in);

}  // namespace denen::tenant
