// Demo data for the KPI report: two years of rows in every module's tables
// (care cases and AI checks, online classes, ICT use and surveys, library
// links and loans, facility / event / shelter visits, smart-lock
// reservations and openings) ending in the clock's month, plus baselines and
// targets, with some deliberately small months so that suppression shows.
// Written straight into the tables (ids start with "kpidemo-"); idempotent:
// a second run changes nothing.
#pragma once

#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace denen::kpi {

inline constexpr int kDemoMonths = 24;

// Returns false when the demo was already loaded.
Result<bool> LoadKpiDemo(store::Database& db, const Clock& clock, const std::string& municipality_code);

}  // namespace denen::kpi
