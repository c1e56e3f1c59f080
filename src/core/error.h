// Error values for Denen's core: every fallible function returns Result<T>.
// An Error carries a stable machine code (snake_case, used in API bodies) and
// a human message (Japanese where staff read it). Exceptions never cross this.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace denen {

// Coarse classes of failure; the HTTP layer maps them to status codes.
enum class ErrorKind {
  kInvalidInput,     // 400: the caller sent something wrong
  kUnauthenticated,  // 401
  kForbidden,        // 403
  kNotFound,         // 404
  kConflict,         // 409: uniqueness or state conflict
  kTooManyRequests,  // 429: throttled
  kUnavailable,      // 503: a dependency (database, reader) is not reachable
  kInternal,         // 500: a bug or an unexpected failure
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     // stable identifier, e.g. "invalid_municipality_code"
  std::string message;  // explanation naming what is wrong

  static Error Invalid(std::string code, std::string message) {
    return {ErrorKind::kInvalidInput, std::move(code), std::move(message)};
  }
  static Error NotFound(std::string code, std::string message) {
    return {ErrorKind::kNotFound, std::move(code), std::move(message)};
  }
  static Error Conflict(std::string code, std::string message) {
    return {ErrorKind::kConflict, std::move(code), std::move(message)};
  }
  static Error Internal(std::string code, std::string message) {
    return {ErrorKind::kInternal, std::move(code), std::move(message)};
  }
  static Error Unavailable(std::string code, std::string message) {
    return {ErrorKind::kUnavailable, std::move(code), std::move(message)};
  }
};

template <typename T>
using Result = std::expected<T, Error>;

// Shorthand for returning an error from a function returning Result<T>.
inline std::unexpected<Error> Fail(Error e) { return std::unexpected(std::move(e)); }

// Propagates the error of a Result expression, or yields its value.
#define DENEN_TRY(var, expr)                                                  \
  auto var##_result = (expr);                                                 \
  if (!var##_result) return std::unexpected(std::move(var##_result.error())); \
  auto var = std::move(*var##_result)

#define DENEN_TRY_VOID(expr)                                                                      \
  do {                                                                                            \
    auto denen_try_void_result = (expr);                                                          \
    if (!denen_try_void_result) return std::unexpected(std::move(denen_try_void_result.error())); \
  } while (0)

}  // namespace denen
