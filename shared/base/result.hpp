// shared/base/result.hpp — errors as values.
// Every failure in Jiebang is an Error with a stable dotted code ("uscc.check_character", "store.disk_full"),
// the id of the field / key / file it concerns, and named arguments for the message templates in
// assets/strings (error.<code>). Nothing throws across a module boundary or through the frame loop:
// functions that can fail return Result<T> (or Status for Result<void>).
// Invariants (tests cite them as "result.hpp invariant N"):
//  1. `code` values are part of the public contract (CLI output, protocol, tests); never rename one.
//  2. A Result holds exactly one of a value and an Error; value() of a failed Result and error() of a
//     successful one are programming errors (asserted in debug builds).
//  3. JIEBANG_TRY / JIEBANG_TRY_ASSIGN evaluate their expression once and return its Error unchanged
//     (code, field, detail and arguments) from the enclosing function.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace jiebang {

struct Error {
    std::string code;    // stable dotted code, e.g. "field.too_long"
    std::string field;   // form field id, config/profile key, or file path; empty when not applicable
    std::string detail;  // English technical detail for developers and logs; never personal data
    std::vector<std::pair<std::string, std::string>> arguments;  // placeholders for the message template

    Error() = default;
    Error(std::string error_code, std::string field_id, std::string technical_detail = {})
        : code(std::move(error_code)), field(std::move(field_id)), detail(std::move(technical_detail)) {}

    Error& with(std::string name, std::string value) {
        arguments.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    // The value of a named argument, or empty.
    const std::string& argument(const std::string& name) const {
        static const std::string empty;
        for (const auto& [key, value] : arguments) {
            if (key == name)
                return value;
        }
        return empty;
    }
};

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(state_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(state_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(state_));
    }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(state_);
    }

  private:
    std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return error_; }

  private:
    Error error_;
    bool failed_ = false;
};

using Status = Result<void>;

inline Status ok_status() {
    return Status{};
}

}  // namespace jiebang

// JIEBANG_TRY(expression): evaluates a Result or Status once; when it failed, returns its Error from the
// enclosing function (which returns some Result or Status). Replaces the pair
//     auto x = f(); if (!x) return x.error();
// when the value is not needed (or the expression is a Status).
#define JIEBANG_TRY(...) JIEBANG_TRY_WITH(JIEBANG_TRY_NAME(jiebang_try_result_, __COUNTER__), __VA_ARGS__)

// JIEBANG_TRY_ASSIGN(target, expression): the same for a Result<T> whose value is wanted; on success the
// value is moved into `target`, which is a declaration ("auto rows") or an existing variable ("count").
#define JIEBANG_TRY_ASSIGN(target, ...) \
    JIEBANG_TRY_ASSIGN_WITH(JIEBANG_TRY_NAME(jiebang_try_value_, __COUNTER__), target, __VA_ARGS__)

// Details: each use gets its own temporary (__COUNTER__), so uses nest (a row reader inside a query inside
// a JIEBANG_TRY) without one name shadowing another.
#define JIEBANG_TRY_WITH(temporary, ...)  \
    do {                                  \
        auto&& temporary = (__VA_ARGS__); \
        if (!temporary.ok())              \
            return temporary.error();     \
    } while (false)
#define JIEBANG_TRY_ASSIGN_WITH(temporary, target, ...) \
    auto temporary = (__VA_ARGS__);                     \
    if (!temporary.ok())                                \
        return temporary.error();                       \
    target = std::move(temporary).value()
#define JIEBANG_TRY_NAME(prefix, number) JIEBANG_TRY_NAME_JOIN(prefix, number)
#define JIEBANG_TRY_NAME_JOIN(prefix, number) prefix##number
