// File: common/result.hpp
//
// Result<T>: a value or an Error, with the parts of std::expected's API that Spotter uses (g++ 12 has
// <expected> only in C++23 mode).
//
//   Result<User> user = users.Find(id);
//   if (!user) return user.error();
//   Use(*user);
#pragma once

#include <utility>
#include <variant>

#include "common/error.hpp"

namespace spotter {

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool has_value() const { return state_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return Get(); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::move(Get()); }
    T& operator*() & { return std::get<0>(state_); }
    const T& operator*() const& { return std::get<0>(state_); }
    T* operator->() { return &std::get<0>(state_); }
    const T* operator->() const { return &std::get<0>(state_); }

    const Error& error() const { return std::get<1>(state_); }

    // The value, or throws ApiError with the error (for handlers, where an error ends the request).
    T& OrThrow() & { return Get(); }
    T&& OrThrow() && { return std::move(Get()); }

private:
    T& Get() {
        if (state_.index() == 1) throw ApiError(std::get<1>(state_));
        return std::get<0>(state_);
    }
    std::variant<T, Error> state_;
};

}  // namespace spotter
