// shared/base/result.hpp — errors as values.
// Every failure in Jiebang is an Error with a stable dotted code ("uscc.check_character", "store.disk_full"),
// the id of the field / key / file it concerns, and named arguments for the message templates in
// assets/strings (error.<code>). Nothing throws across a module boundary or through the frame loop:
// functions that can fail return Result<T> (or Status for Result<void>).
// Invariant: `code` values are part of the public contract (CLI output, protocol, tests); never rename one.
#pragma once

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

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(state_); }

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
