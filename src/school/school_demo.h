// Demo data for the Schools module: a few schools of the demo city and one
// partner school, their classes (incl. special-needs classes), a handful of
// joint sessions and ICT records, and the demo teacher `gakko` linked to the
// first school. Idempotent: does nothing when the municipality has schools.
#pragma once

#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace denen::school {

// Called by the demo loader (app/demo.cc) after the demo staff exist.
Result<void> LoadSchoolDemo(store::Database& db, const Clock& clock, const std::string& municipality_code);

}  // namespace denen::school
